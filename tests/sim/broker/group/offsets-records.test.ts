// The __consumer_offsets records in Kafka's own byte layout (OffsetCommitKey/Value, GroupMetadata
// Key/Value, ConsumerProtocolSubscription/Assignment): hand-computed vectors and round trips.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeAssignment,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsKey,
  decodeSubscription,
  encodeAssignment,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  encodeSubscription,
  OffsetsRecordError,
} from '../../../../sim/broker/group/offsets-records.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('__consumer_offsets keys', () => {
  it('writes an offset commit key as version 1, group, topic, partition', () => {
    // int16 1 | int16 2 "g1" | int16 7 "pedidos" | int32 2
    expect(hex(encodeOffsetCommitKey('g1', 'pedidos', 2))).toBe('0001' + '0002' + '6731' + '0007' + Buffer.from('pedidos').toString('hex') + '00000002');
  });

  it('writes a group metadata key as version 2 and the group', () => {
    expect(hex(encodeGroupMetadataKey('g1'))).toBe('0002' + '0002' + '6731');
  });

  it('reads both kinds back, and version 0 offset keys as well', () => {
    expect(decodeOffsetsKey(encodeOffsetCommitKey('grupo-ç', 'tópico', 7))).toEqual({ type: 'offset-commit', group: 'grupo-ç', topic: 'tópico', partition: 7 });
    expect(decodeOffsetsKey(encodeGroupMetadataKey('g'))).toEqual({ type: 'group-metadata', group: 'g' });
    const v0 = encodeOffsetCommitKey('g', 't', 1);
    v0[1] = 0;
    expect(decodeOffsetsKey(v0)).toEqual({ type: 'offset-commit', group: 'g', topic: 't', partition: 1 });
  });

  it('refuses an unknown key version and a truncated key with OffsetsRecordError', () => {
    expect(() => decodeOffsetsKey(Uint8Array.of(0, 9, 0, 0))).toThrow(OffsetsRecordError);
    expect(() => decodeOffsetsKey(encodeOffsetCommitKey('g', 't', 1).subarray(0, 8))).toThrow(/truncated/);
  });
});

describe('__consumer_offsets values', () => {
  it('writes an offset commit value as version 3: offset, leader epoch, metadata, commit time', () => {
    const bytes = encodeOffsetCommitValue({ offset: 42, leaderEpoch: 3, metadata: '', commitTimestampMs: 1000 });
    expect(hex(bytes)).toBe('0003' + '000000000000002a' + '00000003' + '0000' + '00000000000003e8');
    expect(decodeOffsetCommitValue(bytes)).toEqual({ offset: 42, leaderEpoch: 3, metadata: '', commitTimestampMs: 1000 });
  });

  it('round-trips group metadata with static and dynamic members', () => {
    const value = {
      protocolType: 'consumer',
      generation: 7,
      protocol: 'cooperative-sticky',
      leader: 'c1-a',
      currentStateTimestampMs: 123_456,
      members: [
        {
          memberId: 'c1-a',
          groupInstanceId: null,
          clientId: 'c1',
          clientHost: '/consumer-c1',
          rebalanceTimeoutMs: 300_000,
          sessionTimeoutMs: 45_000,
          subscription: { topics: ['pedidos'], ownedPartitions: [{ topic: 'pedidos', partitions: [0, 2] }], generationId: 6 },
          assignment: [{ topic: 'pedidos', partitions: [0, 2] }],
        },
        {
          memberId: 'loja-1-b',
          groupInstanceId: 'loja-1',
          clientId: 'c2',
          clientHost: '/consumer-c2',
          rebalanceTimeoutMs: 300_000,
          sessionTimeoutMs: 45_000,
          subscription: { topics: ['pedidos'], ownedPartitions: [], generationId: -1 },
          assignment: [{ topic: 'pedidos', partitions: [1] }],
        },
      ],
    };
    const bytes = encodeGroupMetadataValue(value);
    expect(bytes.subarray(0, 2)).toEqual(Uint8Array.of(0, 3));
    expect(decodeGroupMetadataValue(bytes)).toEqual(value);
  });

  it('round-trips any subscription and assignment (ConsumerProtocol v2 and v0)', () => {
    const tp = fc.record({ topic: fc.string({ minLength: 1, maxLength: 20 }), partitions: fc.array(fc.nat(1000), { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }), fc.array(tp, { maxLength: 4 }), fc.integer({ min: -1, max: 1_000_000 }), (topics, owned, generationId) => {
        const subscription = { topics, ownedPartitions: owned, generationId };
        expect(decodeSubscription(encodeSubscription(subscription))).toEqual(subscription);
        expect(decodeAssignment(encodeAssignment(owned))).toEqual(owned);
      }),
      { seed: 2024, numRuns: 200 },
    );
  });

  it('reads an empty subscription or assignment as nothing', () => {
    expect(decodeSubscription(new Uint8Array(0))).toEqual({ topics: [], ownedPartitions: [], generationId: -1 });
    expect(decodeAssignment(new Uint8Array(0))).toEqual([]);
  });
});
