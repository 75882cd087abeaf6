// The coordinator lookup of §6.1: Java String.hashCode, Kafka's Utils.abs and the partition of
// __consumer_offsets (or __transaction_state) that a group id (or transactional id) maps to.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  javaStringHashCode,
  kafkaUtilsAbs,
  partitionForGroup,
  partitionForTransactionalId,
} from '../../../sim/group/coordinator-partition.ts';

// Reference §6.1: [groupId, hashCode, partition of 50].
const GROUP_VECTORS: [string, number, number][] = [
  ['my-group', -1906497762, 12],
  ['test-group', 627841412, 12],
  ['group1', -1237460590, 40],
  ['console-consumer-12345', 158455506, 6],
  ['orders-service', 23943117, 17],
  ['payments', 1382682413, 13],
  ['a', 97, 47],
  ['', 0, 0],
  ['polygenelubricants', -2147483648, 0],
];

describe('coordinator partition', () => {
  it.each(GROUP_VECTORS)('group %j hashes to %i and lives on partition %i of 50', (groupId, hash, partition) => {
    expect(javaStringHashCode(groupId)).toBe(hash);
    expect(partitionForGroup(groupId)).toBe(partition);
    expect(partitionForGroup(groupId, 50)).toBe(partition);
  });

  it('maps the transactional id "my-txn-id" (hash 1405732511) to partition 11 of __transaction_state', () => {
    expect(javaStringHashCode('my-txn-id')).toBe(1405732511);
    expect(partitionForTransactionalId('my-txn-id')).toBe(11);
  });

  it('gives 0 for Integer.MIN_VALUE, as Kafka Utils.abs does (Math.abs would stay negative in Java)', () => {
    expect(kafkaUtilsAbs(-2147483648)).toBe(0);
    expect(kafkaUtilsAbs(-5)).toBe(5);
    expect(kafkaUtilsAbs(7)).toBe(7);
  });

  it('hashes UTF-16 code units, not code points', () => {
    // U+1F600 is the surrogate pair D83D DE00: 31 * 0xD83D + 0xDE00.
    expect(javaStringHashCode('\u{1F600}')).toBe(31 * 0xd83d + 0xde00);
    expect(javaStringHashCode('é')).toBe(0xe9);
  });

  it('always lands in [0, numPartitions)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (id, n) => {
        const p = partitionForGroup(id, n);
        return Number.isInteger(p) && p >= 0 && p < n;
      }),
      { seed: 6_1, numRuns: 200 },
    );
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionForGroup('g', 0)).toThrow(/positive integer/);
    expect(() => partitionForGroup('g', -3)).toThrow(/positive integer/);
    expect(() => partitionForGroup('g', 2.5)).toThrow(/positive integer/);
  });
});
