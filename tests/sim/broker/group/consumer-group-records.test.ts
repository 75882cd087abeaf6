// The KIP-848 records of __consumer_offsets in Kafka's byte layout (group-coordinator's
// ConsumerGroupMetadata, -MemberMetadata, -TargetAssignmentMetadata, -TargetAssignmentMember and
// -CurrentMemberAssignment Key/Value.json): keys are non-flexible (int16 version + int16-length
// strings), values are flexible version 0 (compact strings and arrays, tagged fields). Vectors
// worked out by hand from the JSON schemas, then round trips of arbitrary values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeConsumerGroupCurrentMemberAssignmentValue,
  decodeConsumerGroupMemberMetadataValue,
  decodeConsumerGroupMetadataValue,
  decodeConsumerGroupTargetAssignmentMemberValue,
  decodeConsumerGroupTargetAssignmentMetadataValue,
  decodeOffsetsKey,
  encodeConsumerGroupCurrentMemberAssignmentKey,
  encodeConsumerGroupCurrentMemberAssignmentValue,
  encodeConsumerGroupMemberMetadataKey,
  encodeConsumerGroupMemberMetadataValue,
  encodeConsumerGroupMetadataKey,
  encodeConsumerGroupMetadataValue,
  encodeConsumerGroupTargetAssignmentMemberKey,
  encodeConsumerGroupTargetAssignmentMemberValue,
  encodeConsumerGroupTargetAssignmentMetadataKey,
  encodeConsumerGroupTargetAssignmentMetadataValue,
  OffsetsRecordError,
  type ConsumerGroupCurrentMemberAssignmentValue,
  type ConsumerGroupMemberMetadataValue,
} from '../../../../sim/broker/group/offsets-records.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (s: string) => Buffer.from(s).toString('hex');
/** Topic 7's Uuid as the engine writes it: high 64 bits 0, low 64 bits the topic number. */
const TOPIC_7 = '0000000000000000' + '0000000000000007';

describe('KIP-848 record keys (non-flexible: int16 version, then int16-length strings)', () => {
  it('writes ConsumerGroupMetadataKey as version 3 and the group', () => {
    expect(hex(encodeConsumerGroupMetadataKey('g1'))).toBe('0003' + '0002' + text('g1'));
  });

  it('writes the member keys as their version, the group and the member id', () => {
    const rest = '0002' + text('g1') + '0004' + text('m-01');
    expect(hex(encodeConsumerGroupMemberMetadataKey('g1', 'm-01'))).toBe('0005' + rest);
    expect(hex(encodeConsumerGroupTargetAssignmentMemberKey('g1', 'm-01'))).toBe('0007' + rest);
    expect(hex(encodeConsumerGroupCurrentMemberAssignmentKey('g1', 'm-01'))).toBe('0008' + rest);
    expect(hex(encodeConsumerGroupTargetAssignmentMetadataKey('g1'))).toBe('0006' + '0002' + text('g1'));
  });

  it('reads every key type back', () => {
    expect(decodeOffsetsKey(encodeConsumerGroupMetadataKey('g'))).toEqual({ type: 'consumer-group-metadata', group: 'g' });
    expect(decodeOffsetsKey(encodeConsumerGroupMemberMetadataKey('g', 'm'))).toEqual({ type: 'consumer-group-member-metadata', group: 'g', memberId: 'm' });
    expect(decodeOffsetsKey(encodeConsumerGroupTargetAssignmentMetadataKey('g'))).toEqual({ type: 'consumer-group-target-assignment-metadata', group: 'g' });
    expect(decodeOffsetsKey(encodeConsumerGroupTargetAssignmentMemberKey('g', 'm'))).toEqual({ type: 'consumer-group-target-assignment-member', group: 'g', memberId: 'm' });
    expect(decodeOffsetsKey(encodeConsumerGroupCurrentMemberAssignmentKey('g', 'm'))).toEqual({ type: 'consumer-group-current-member-assignment', group: 'g', memberId: 'm' });
    // 4 is ConsumerGroupPartitionMetadata, which the engine does not write.
    expect(() => decodeOffsetsKey(Uint8Array.of(0, 4, 0, 1, 0x67))).toThrow(OffsetsRecordError);
  });
});

describe('KIP-848 record values (flexible version 0)', () => {
  it('writes ConsumerGroupMetadataValue: version 0, Epoch int32, no tagged fields', () => {
    const bytes = encodeConsumerGroupMetadataValue(5);
    expect(hex(bytes)).toBe('0000' + '00000005' + '00');
    expect(decodeConsumerGroupMetadataValue(bytes)).toEqual({ epoch: 5 });
  });

  it('writes ConsumerGroupTargetAssignmentMetadataValue: version 0, AssignmentEpoch int32, no tagged fields', () => {
    const bytes = encodeConsumerGroupTargetAssignmentMetadataValue(12);
    expect(hex(bytes)).toBe('0000' + '0000000c' + '00');
    expect(decodeConsumerGroupTargetAssignmentMetadataValue(bytes)).toEqual({ assignmentEpoch: 12 });
  });

  it('writes ConsumerGroupMemberMetadataValue field by field, null strings as varint 0', () => {
    const value: ConsumerGroupMemberMetadataValue = {
      instanceId: null,
      rackId: null,
      clientId: 'c1',
      clientHost: '/x',
      subscribedTopicNames: ['t'],
      subscribedTopicRegex: null,
      rebalanceTimeoutMs: 300_000,
      serverAssignor: 'range',
    };
    const bytes = encodeConsumerGroupMemberMetadataValue(value);
    expect(hex(bytes)).toBe(
      '0000' + // version
        '00' + // InstanceId null
        '00' + // RackId null
        '03' + text('c1') + // ClientId: length 2 + 1
        '03' + text('/x') + // ClientHost
        '02' + '02' + text('t') + // SubscribedTopicNames: 1 + 1 elements, "t"
        '00' + // SubscribedTopicRegex null
        '000493e0' + // RebalanceTimeoutMs 300000
        '06' + text('range') + // ServerAssignor
        '00', // tagged fields: none (ClassicMemberMetadata, tag 0, is null)
    );
    expect(decodeConsumerGroupMemberMetadataValue(bytes)).toEqual(value);
  });

  it('writes ConsumerGroupTargetAssignmentMemberValue: TopicPartitions with a Uuid, an int32 array and tagged fields each', () => {
    const bytes = encodeConsumerGroupTargetAssignmentMemberValue([{ topicId: 7, partitions: [0, 2] }]);
    expect(hex(bytes)).toBe('0000' + '02' + TOPIC_7 + '03' + '00000000' + '00000002' + '00' + '00');
    expect(decodeConsumerGroupTargetAssignmentMemberValue(bytes)).toEqual({ topicPartitions: [{ topicId: 7, partitions: [0, 2] }] });
  });

  it('writes ConsumerGroupCurrentMemberAssignmentValue: epochs, State int8 (MemberState.value), both partition lists', () => {
    const value: ConsumerGroupCurrentMemberAssignmentValue = {
      memberEpoch: 3,
      previousMemberEpoch: 2,
      state: 'UNREVOKED_PARTITIONS',
      assignedPartitions: [{ topicId: 7, partitions: [1] }],
      partitionsPendingRevocation: [],
    };
    const bytes = encodeConsumerGroupCurrentMemberAssignmentValue(value);
    expect(hex(bytes)).toBe('0000' + '00000003' + '00000002' + '01' + '02' + TOPIC_7 + '02' + '00000001' + '00' + '01' + '00');
    expect(decodeConsumerGroupCurrentMemberAssignmentValue(bytes)).toEqual(value);
    const unknown = encodeConsumerGroupCurrentMemberAssignmentValue({ ...value, state: 'UNKNOWN' });
    expect(hex(unknown).slice(20, 22)).toBe('7f');
  });

  it('writes a compact length past 127 as a two-byte varint', () => {
    const clientId = 'c'.repeat(200);
    const bytes = encodeConsumerGroupMemberMetadataValue({ instanceId: null, rackId: null, clientId, clientHost: '/h', subscribedTopicNames: [], subscribedTopicRegex: null, rebalanceTimeoutMs: -1, serverAssignor: null });
    // 200 + 1 = 201 = 0b1_1001001: low 7 bits 0x49 with the "more" bit, then 0x01.
    expect(hex(bytes.subarray(4, 6))).toBe('c901');
    expect(decodeConsumerGroupMemberMetadataValue(bytes).clientId).toBe(clientId);
  });

  it('skips tagged fields it does not know, and refuses other versions, bytes left over and Uuids it did not write', () => {
    // ConsumerGroupMetadataValue with one unknown tagged field (tag 1, 2 bytes).
    expect(decodeConsumerGroupMetadataValue(Uint8Array.of(0, 0, 0, 0, 0, 9, 1, 1, 2, 0xab, 0xcd))).toEqual({ epoch: 9 });
    expect(() => decodeConsumerGroupMetadataValue(Uint8Array.of(0, 1, 0, 0, 0, 9, 0))).toThrow(/version 1/);
    expect(() => decodeConsumerGroupMetadataValue(Uint8Array.of(0, 0, 0, 0, 0, 9, 0, 0))).toThrow(/after the end/);
    const foreign = encodeConsumerGroupTargetAssignmentMemberValue([{ topicId: 7, partitions: [] }]);
    foreign[3] = 0x5a; // a random Uuid's high bits
    expect(() => decodeConsumerGroupTargetAssignmentMemberValue(foreign)).toThrow(OffsetsRecordError);
    expect(() => decodeConsumerGroupTargetAssignmentMemberValue(foreign.subarray(0, 10))).toThrow(/truncated/);
  });
});

describe('KIP-848 record values round-trip', () => {
  const name = fc.string({ maxLength: 40 });
  const nullable = fc.option(name, { nil: null });
  const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const topicPartitions = fc.array(fc.record({ topicId: fc.integer({ min: 0, max: 2 ** 40 }), partitions: fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 20 }) }), { maxLength: 6 });

  it('member metadata', () => {
    const value = fc.record({
      instanceId: nullable,
      rackId: nullable,
      clientId: name,
      clientHost: name,
      subscribedTopicNames: fc.array(name, { maxLength: 8 }),
      subscribedTopicRegex: nullable,
      rebalanceTimeoutMs: int32,
      serverAssignor: nullable,
    });
    fc.assert(fc.property(value, (v) => {
        expect(decodeConsumerGroupMemberMetadataValue(encodeConsumerGroupMemberMetadataValue(v))).toEqual(v);
      }), { seed: 848, numRuns: 200 });
  });

  it('current member assignment', () => {
    const value = fc.record({
      memberEpoch: int32,
      previousMemberEpoch: int32,
      state: fc.constantFrom('STABLE' as const, 'UNREVOKED_PARTITIONS' as const, 'UNRELEASED_PARTITIONS' as const, 'UNKNOWN' as const),
      assignedPartitions: topicPartitions,
      partitionsPendingRevocation: topicPartitions,
    });
    fc.assert(fc.property(value, (v) => {
        expect(decodeConsumerGroupCurrentMemberAssignmentValue(encodeConsumerGroupCurrentMemberAssignmentValue(v))).toEqual(v);
      }), { seed: 848, numRuns: 200 });
  });

  it('target assignment, epochs, and keys', () => {
    fc.assert(
      fc.property(topicPartitions, int32, int32, name, name, (tps, epoch, assignmentEpoch, group, member) => {
        expect(decodeConsumerGroupTargetAssignmentMemberValue(encodeConsumerGroupTargetAssignmentMemberValue(tps))).toEqual({ topicPartitions: tps });
        expect(decodeConsumerGroupMetadataValue(encodeConsumerGroupMetadataValue(epoch))).toEqual({ epoch });
        expect(decodeConsumerGroupTargetAssignmentMetadataValue(encodeConsumerGroupTargetAssignmentMetadataValue(assignmentEpoch))).toEqual({ assignmentEpoch });
        expect(decodeOffsetsKey(encodeConsumerGroupCurrentMemberAssignmentKey(group, member))).toEqual({ type: 'consumer-group-current-member-assignment', group, memberId: member });
      }),
      { seed: 848, numRuns: 200 },
    );
  });
});
