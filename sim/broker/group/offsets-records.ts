// The records of __consumer_offsets, in Kafka's own binary schemas (group-coordinator's
// OffsetCommitKey/Value.json, GroupMetadataKey/Value.json, the clients' ConsumerProtocol
// Subscription/Assignment.json, and the KIP-848 ConsumerGroup*Key/Value.json), so that a
// downloaded segment reads like a real one:
//   key   = int16 version + fields; version 0/1 = offset commit, 2 = group metadata, and for
//           KIP-848 groups 3 = group epoch, 5 = member metadata, 6 = target assignment epoch,
//           7 = a member's target assignment, 8 = a member's current assignment
//   value = int16 version + fields; null value = tombstone (the group or offset is gone)
// Fields are big-endian; a string is int16 length + UTF-8, a nullable one has length -1; bytes
// are int32 length + content; arrays are int32 count + elements (the non-flexible versions: every
// key, and the classic values). The KIP-848 values are flexible (version 0, "flexibleVersions":
// "0+"): strings and arrays are compact (unsigned varint length + 1, 0 = null), and every struct
// ends with its tagged fields (an unsigned varint count; we write none and skip those we read).
import { readInt16, readInt32, readInt64, readInt8, writeInt16, writeInt32, writeInt64, writeInt8 } from '../../log/bytes.ts';
import type { ConsumerSubscription, TopicPartitionList } from '../../protocol/group-messages.ts';
import type { MemberState } from './consumer-group.ts';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Where a byte field could not be read: the record is not one of the coordinator's. */
export class OffsetsRecordError extends Error {}

class Writer {
  private bytes = new Uint8Array(64);
  private length = 0;

  /** Makes room for n bytes (it may replace `bytes`: read it only after) and returns where they go. */
  private reserve(n: number): number {
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  int8(v: number): this {
    const at = this.reserve(1);
    writeInt8(this.bytes, at, v);
    return this;
  }
  int16(v: number): this {
    const at = this.reserve(2);
    writeInt16(this.bytes, at, v);
    return this;
  }
  int32(v: number): this {
    const at = this.reserve(4);
    writeInt32(this.bytes, at, v);
    return this;
  }
  int64(v: number): this {
    const at = this.reserve(8);
    writeInt64(this.bytes, at, v);
    return this;
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const encoded = utf8Encoder.encode(v);
    if (encoded.length > 32_767) throw new OffsetsRecordError(`string of ${encoded.length} bytes does not fit an int16 length`);
    this.int16(encoded.length);
    const at = this.reserve(encoded.length);
    this.bytes.set(encoded, at);
    return this;
  }
  bytesField(v: Uint8Array | null): this {
    if (v === null) return this.int32(-1);
    this.int32(v.length);
    const at = this.reserve(v.length);
    this.bytes.set(v, at);
    return this;
  }
  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }
  /** Unsigned varint (ByteUtils.writeUnsignedVarint): 7 bits a byte, low first, high bit = more. */
  uvarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new OffsetsRecordError(`${v} is not an unsigned 32-bit varint`);
    let rest = v;
    while (rest >= 0x80) {
      const at = this.reserve(1);
      this.bytes[at] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    const at = this.reserve(1);
    this.bytes[at] = rest;
    return this;
  }
  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const encoded = utf8Encoder.encode(v);
    if (encoded.length > 32_767) throw new OffsetsRecordError(`string of ${encoded.length} bytes is longer than Kafka's strings`);
    this.uvarint(encoded.length + 1);
    const at = this.reserve(encoded.length);
    this.bytes.set(encoded, at);
    return this;
  }
  compactArray<T>(items: readonly T[], write: (item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) write(item);
    return this;
  }
  /** A topic's Uuid: the engine numbers its topics, so the high 64 bits are 0 and the low ones the number. */
  topicUuid(topicId: number): this {
    if (!Number.isSafeInteger(topicId) || topicId < 0) throw new OffsetsRecordError(`topic id ${topicId} is not a topic number`);
    return this.int64(0).int64(topicId);
  }
  /** The tagged fields of a flexible struct: none. */
  noTaggedFields(): this {
    return this.uvarint(0);
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

class Reader {
  private position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  private take(n: number): number {
    if (this.position + n > this.bytes.length) throw new OffsetsRecordError(`truncated record: needs ${n} bytes at ${this.position} of ${this.bytes.length}`);
    const at = this.position;
    this.position += n;
    return at;
  }
  int16(): number {
    return readInt16(this.bytes, this.take(2));
  }
  int32(): number {
    return readInt32(this.bytes, this.take(4));
  }
  int64(): number {
    return readInt64(this.bytes, this.take(8));
  }
  string(): string {
    const value = this.nullableString();
    if (value === null) throw new OffsetsRecordError('null where a string is required');
    return value;
  }
  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return utf8Decoder.decode(this.bytes.subarray(at, at + length));
  }
  nullableBytes(): Uint8Array | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.take(length);
    return this.bytes.subarray(at, at + length);
  }
  array<T>(read: () => T): T[] {
    const count = this.int32();
    if (count < 0) return [];
    if (count > this.bytes.length) throw new OffsetsRecordError(`array of ${count} elements in ${this.bytes.length} bytes`);
    return Array.from({ length: count }, read);
  }
  int8(): number {
    return readInt8(this.bytes, this.take(1));
  }
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.bytes[this.take(1)]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffff_ffff) throw new OffsetsRecordError(`varint ${value} does not fit 32 bits`);
        return value;
      }
    }
    throw new OffsetsRecordError('varint longer than 5 bytes');
  }
  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new OffsetsRecordError('null where a string is required');
    return value;
  }
  compactNullableString(): string | null {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne === 0) return null;
    const at = this.take(lengthPlusOne - 1);
    return utf8Decoder.decode(this.bytes.subarray(at, at + lengthPlusOne - 1));
  }
  compactArray<T>(read: () => T): T[] {
    const countPlusOne = this.uvarint();
    if (countPlusOne === 0) throw new OffsetsRecordError('null where an array is required');
    const count = countPlusOne - 1;
    if (count > this.bytes.length) throw new OffsetsRecordError(`array of ${count} elements in ${this.bytes.length} bytes`);
    return Array.from({ length: count }, read);
  }
  /** A topic's Uuid as the engine writes it (see Writer.topicUuid); any other Uuid is no topic of ours. */
  topicUuid(): number {
    const at = this.take(16);
    const high = readInt32(this.bytes, at) | readInt32(this.bytes, at + 4);
    const low = readInt32(this.bytes, at + 8);
    if (high !== 0 || low < 0 || low > 0x1f_ffff) throw new OffsetsRecordError('a topic Uuid the engine did not write');
    return low * 2 ** 32 + (readInt32(this.bytes, at + 12) >>> 0);
  }
  /** Skips a flexible struct's tagged fields (none of the versions we read defines one we use). */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.take(this.uvarint());
    }
  }
  /** A record value must be read to its end: bytes left over mean another schema. */
  end(what: string): void {
    if (this.remaining !== 0) throw new OffsetsRecordError(`${this.remaining} bytes after the end of ${what}`);
  }
  get remaining(): number {
    return this.bytes.length - this.position;
  }
}

// --- keys ---

export type OffsetsKey =
  | { type: 'offset-commit'; group: string; topic: string; partition: number }
  | { type: 'group-metadata'; group: string }
  | { type: 'consumer-group-metadata'; group: string }
  | { type: 'consumer-group-member-metadata'; group: string; memberId: string }
  | { type: 'consumer-group-target-assignment-metadata'; group: string }
  | { type: 'consumer-group-target-assignment-member'; group: string; memberId: string }
  | { type: 'consumer-group-current-member-assignment'; group: string; memberId: string };

/** OffsetCommitKey v1 (version 0 is the same layout, written by old brokers). */
export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Uint8Array {
  return new Writer().int16(1).string(group).string(topic).int32(partition).done();
}

/** GroupMetadataKey v2. */
export function encodeGroupMetadataKey(group: string): Uint8Array {
  return new Writer().int16(2).string(group).done();
}

/** ConsumerGroupMetadataKey v3: the group epoch's record. */
export function encodeConsumerGroupMetadataKey(group: string): Uint8Array {
  return new Writer().int16(3).string(group).done();
}

/** ConsumerGroupMemberMetadataKey v5: a member's subscription and client. */
export function encodeConsumerGroupMemberMetadataKey(group: string, memberId: string): Uint8Array {
  return new Writer().int16(5).string(group).string(memberId).done();
}

/** ConsumerGroupTargetAssignmentMetadataKey v6: the target assignment's epoch. */
export function encodeConsumerGroupTargetAssignmentMetadataKey(group: string): Uint8Array {
  return new Writer().int16(6).string(group).done();
}

/** ConsumerGroupTargetAssignmentMemberKey v7: a member's part of the target assignment. */
export function encodeConsumerGroupTargetAssignmentMemberKey(group: string, memberId: string): Uint8Array {
  return new Writer().int16(7).string(group).string(memberId).done();
}

/** ConsumerGroupCurrentMemberAssignmentKey v8: a member's epochs, state and partitions now. */
export function encodeConsumerGroupCurrentMemberAssignmentKey(group: string, memberId: string): Uint8Array {
  return new Writer().int16(8).string(group).string(memberId).done();
}

export function decodeOffsetsKey(bytes: Uint8Array): OffsetsKey {
  const reader = new Reader(bytes);
  const version = reader.int16();
  let key: OffsetsKey;
  switch (version) {
    case 0:
    case 1:
      key = { type: 'offset-commit', group: reader.string(), topic: reader.string(), partition: reader.int32() };
      break;
    case 2:
      key = { type: 'group-metadata', group: reader.string() };
      break;
    case 3:
      key = { type: 'consumer-group-metadata', group: reader.string() };
      break;
    case 5:
      key = { type: 'consumer-group-member-metadata', group: reader.string(), memberId: reader.string() };
      break;
    case 6:
      key = { type: 'consumer-group-target-assignment-metadata', group: reader.string() };
      break;
    case 7:
      key = { type: 'consumer-group-target-assignment-member', group: reader.string(), memberId: reader.string() };
      break;
    case 8:
      key = { type: 'consumer-group-current-member-assignment', group: reader.string(), memberId: reader.string() };
      break;
    default:
      // 4 (ConsumerGroupPartitionMetadata, which the engine does not write) and the share and streams groups' keys.
      throw new OffsetsRecordError(`unknown __consumer_offsets key version ${version}`);
  }
  return key;
}

// --- offset commit value ---

export interface OffsetCommitValue {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
}

/** OffsetCommitValue v3 (KIP-320 added the leader epoch; v2 dropped the expire timestamp). */
export function encodeOffsetCommitValue(value: OffsetCommitValue): Uint8Array {
  return new Writer().int16(3).int64(value.offset).int32(value.leaderEpoch).string(value.metadata).int64(value.commitTimestampMs).done();
}

export function decodeOffsetCommitValue(bytes: Uint8Array): OffsetCommitValue {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version < 0 || version > 3) throw new OffsetsRecordError(`unknown OffsetCommitValue version ${version}`);
  const offset = reader.int64();
  const leaderEpoch = version >= 3 ? reader.int32() : -1;
  const metadata = reader.string();
  const commitTimestampMs = reader.int64();
  if (version === 1) reader.int64(); // expireTimestamp, ignored since KIP-211
  return { offset, leaderEpoch, metadata, commitTimestampMs };
}

// --- group metadata value ---

export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: ConsumerSubscription;
  assignment: TopicPartitionList[];
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestampMs: number;
  members: StoredMember[];
}

/** GroupMetadataValue v3 (static members since v3, KIP-345). */
export function encodeGroupMetadataValue(value: GroupMetadataValue): Uint8Array {
  const writer = new Writer().int16(3).string(value.protocolType).int32(value.generation).string(value.protocol).string(value.leader).int64(value.currentStateTimestampMs);
  writer.array(value.members, (m) => {
    writer.string(m.memberId).string(m.groupInstanceId).string(m.clientId).string(m.clientHost).int32(m.rebalanceTimeoutMs).int32(m.sessionTimeoutMs);
    writer.bytesField(encodeSubscription(m.subscription)).bytesField(encodeAssignment(m.assignment));
  });
  return writer.done();
}

export function decodeGroupMetadataValue(bytes: Uint8Array): GroupMetadataValue {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version < 0 || version > 3) throw new OffsetsRecordError(`unknown GroupMetadataValue version ${version}`);
  const protocolType = reader.string();
  const generation = reader.int32();
  const protocol = reader.nullableString();
  const leader = reader.nullableString();
  const currentStateTimestampMs = version >= 2 ? reader.int64() : -1;
  const members = reader.array((): StoredMember => {
    const memberId = reader.string();
    const groupInstanceId = version >= 3 ? reader.nullableString() : null;
    const clientId = reader.string();
    const clientHost = reader.string();
    const rebalanceTimeoutMs = version >= 1 ? reader.int32() : -1;
    const sessionTimeoutMs = reader.int32();
    const subscription = decodeSubscription(reader.nullableBytes() ?? new Uint8Array(0));
    const assignment = decodeAssignment(reader.nullableBytes() ?? new Uint8Array(0));
    return { memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs, subscription, assignment };
  });
  return { protocolType, generation, protocol, leader, currentStateTimestampMs, members };
}

// --- the consumer protocol's embedded bytes ---

function writeTopicPartitions(writer: Writer, list: readonly TopicPartitionList[]): void {
  writer.array(list, (tp) => {
    writer.string(tp.topic);
    writer.array(tp.partitions, (p) => writer.int32(p));
  });
}

function readTopicPartitions(reader: Reader): TopicPartitionList[] {
  return reader.array(() => ({ topic: reader.string(), partitions: reader.array(() => reader.int32()) }));
}

/** ConsumerProtocolSubscription v2: topics, user data, owned partitions (KIP-429), generation (KIP-792). */
export function encodeSubscription(subscription: ConsumerSubscription): Uint8Array {
  const writer = new Writer().int16(2);
  writer.array(subscription.topics, (t) => writer.string(t));
  writer.bytesField(null);
  writeTopicPartitions(writer, subscription.ownedPartitions);
  writer.int32(subscription.generationId);
  return writer.done();
}

export function decodeSubscription(bytes: Uint8Array): ConsumerSubscription {
  if (bytes.length === 0) return { topics: [], ownedPartitions: [], generationId: -1 };
  const reader = new Reader(bytes);
  const version = reader.int16();
  const topics = reader.array(() => reader.string());
  reader.nullableBytes();
  const ownedPartitions = version >= 1 && reader.remaining > 0 ? readTopicPartitions(reader) : [];
  const generationId = version >= 2 && reader.remaining > 0 ? reader.int32() : -1;
  return { topics, ownedPartitions, generationId };
}

/** ConsumerProtocolAssignment v0: the assigned partitions and (empty) user data. */
export function encodeAssignment(assignment: readonly TopicPartitionList[]): Uint8Array {
  const writer = new Writer().int16(0);
  writeTopicPartitions(writer, assignment);
  writer.bytesField(null);
  return writer.done();
}

export function decodeAssignment(bytes: Uint8Array): TopicPartitionList[] {
  if (bytes.length === 0) return [];
  const reader = new Reader(bytes);
  reader.int16();
  return readTopicPartitions(reader);
}

// --- KIP-848 consumer group values (flexible version 0) ---

/** The TopicPartitions struct of the assignment values: partitions by topic id. */
export interface TopicIdPartitions {
  topicId: number;
  partitions: number[];
}

/** ConsumerGroupMemberMetadataValue v0 (ClassicMemberMetadata, tag 0, is null for consumer-protocol members). */
export interface ConsumerGroupMemberMetadataValue {
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  rebalanceTimeoutMs: number;
  serverAssignor: string | null;
}

/** ConsumerGroupCurrentMemberAssignmentValue v0. */
export interface ConsumerGroupCurrentMemberAssignmentValue {
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberState;
  assignedPartitions: TopicIdPartitions[];
  partitionsPendingRevocation: TopicIdPartitions[];
}

/** MemberState.value(): the byte the current assignment record holds. */
const MEMBER_STATE_CODES: Record<MemberState, number> = { STABLE: 0, UNREVOKED_PARTITIONS: 1, UNRELEASED_PARTITIONS: 2, UNKNOWN: 127 };

function memberStateOf(code: number): MemberState {
  const found = (Object.keys(MEMBER_STATE_CODES) as MemberState[]).find((s) => MEMBER_STATE_CODES[s] === code);
  if (!found) throw new OffsetsRecordError(`unknown member state ${code}`);
  return found;
}

function valueReader(bytes: Uint8Array, name: string): Reader {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version !== 0) throw new OffsetsRecordError(`unknown ${name} version ${version}`);
  return reader;
}

/** ConsumerGroupMetadataValue v0: Epoch int32. */
export function encodeConsumerGroupMetadataValue(epoch: number): Uint8Array {
  return new Writer().int16(0).int32(epoch).noTaggedFields().done();
}

export function decodeConsumerGroupMetadataValue(bytes: Uint8Array): { epoch: number } {
  const reader = valueReader(bytes, 'ConsumerGroupMetadataValue');
  const epoch = reader.int32();
  reader.skipTaggedFields();
  reader.end('ConsumerGroupMetadataValue');
  return { epoch };
}

/**
 * ConsumerGroupMemberMetadataValue v0: InstanceId string?, RackId string?, ClientId string,
 * ClientHost string, SubscribedTopicNames []string, SubscribedTopicRegex string?,
 * RebalanceTimeoutMs int32, ServerAssignor string?, then tagged fields.
 */
export function encodeConsumerGroupMemberMetadataValue(value: ConsumerGroupMemberMetadataValue): Uint8Array {
  const writer = new Writer().int16(0).compactString(value.instanceId).compactString(value.rackId).compactString(value.clientId).compactString(value.clientHost);
  writer.compactArray(value.subscribedTopicNames, (t) => writer.compactString(t));
  return writer.compactString(value.subscribedTopicRegex).int32(value.rebalanceTimeoutMs).compactString(value.serverAssignor).noTaggedFields().done();
}

export function decodeConsumerGroupMemberMetadataValue(bytes: Uint8Array): ConsumerGroupMemberMetadataValue {
  const reader = valueReader(bytes, 'ConsumerGroupMemberMetadataValue');
  const value: ConsumerGroupMemberMetadataValue = {
    instanceId: reader.compactNullableString(),
    rackId: reader.compactNullableString(),
    clientId: reader.compactString(),
    clientHost: reader.compactString(),
    subscribedTopicNames: reader.compactArray(() => reader.compactString()),
    subscribedTopicRegex: reader.compactNullableString(),
    rebalanceTimeoutMs: reader.int32(),
    serverAssignor: reader.compactNullableString(),
  };
  reader.skipTaggedFields();
  reader.end('ConsumerGroupMemberMetadataValue');
  return value;
}

/** ConsumerGroupTargetAssignmentMetadataValue v0: AssignmentEpoch int32. */
export function encodeConsumerGroupTargetAssignmentMetadataValue(assignmentEpoch: number): Uint8Array {
  return new Writer().int16(0).int32(assignmentEpoch).noTaggedFields().done();
}

export function decodeConsumerGroupTargetAssignmentMetadataValue(bytes: Uint8Array): { assignmentEpoch: number } {
  const reader = valueReader(bytes, 'ConsumerGroupTargetAssignmentMetadataValue');
  const assignmentEpoch = reader.int32();
  reader.skipTaggedFields();
  reader.end('ConsumerGroupTargetAssignmentMetadataValue');
  return { assignmentEpoch };
}

/** ConsumerGroupTargetAssignmentMemberValue v0: TopicPartitions [](TopicId uuid, Partitions []int32). */
export function encodeConsumerGroupTargetAssignmentMemberValue(topicPartitions: readonly TopicIdPartitions[]): Uint8Array {
  const writer = new Writer().int16(0);
  writeTopicIdPartitions(writer, topicPartitions);
  return writer.noTaggedFields().done();
}

export function decodeConsumerGroupTargetAssignmentMemberValue(bytes: Uint8Array): { topicPartitions: TopicIdPartitions[] } {
  const reader = valueReader(bytes, 'ConsumerGroupTargetAssignmentMemberValue');
  const topicPartitions = readTopicIdPartitions(reader);
  reader.skipTaggedFields();
  reader.end('ConsumerGroupTargetAssignmentMemberValue');
  return { topicPartitions };
}

/**
 * ConsumerGroupCurrentMemberAssignmentValue v0: MemberEpoch int32, PreviousMemberEpoch int32,
 * State int8, AssignedPartitions []TopicPartitions, PartitionsPendingRevocation []TopicPartitions.
 */
export function encodeConsumerGroupCurrentMemberAssignmentValue(value: ConsumerGroupCurrentMemberAssignmentValue): Uint8Array {
  const writer = new Writer().int16(0).int32(value.memberEpoch).int32(value.previousMemberEpoch).int8(MEMBER_STATE_CODES[value.state]);
  writeTopicIdPartitions(writer, value.assignedPartitions);
  writeTopicIdPartitions(writer, value.partitionsPendingRevocation);
  return writer.noTaggedFields().done();
}

export function decodeConsumerGroupCurrentMemberAssignmentValue(bytes: Uint8Array): ConsumerGroupCurrentMemberAssignmentValue {
  const reader = valueReader(bytes, 'ConsumerGroupCurrentMemberAssignmentValue');
  const memberEpoch = reader.int32();
  const previousMemberEpoch = reader.int32();
  const state = memberStateOf(reader.int8());
  const assignedPartitions = readTopicIdPartitions(reader);
  const partitionsPendingRevocation = readTopicIdPartitions(reader);
  reader.skipTaggedFields();
  reader.end('ConsumerGroupCurrentMemberAssignmentValue');
  return { memberEpoch, previousMemberEpoch, state, assignedPartitions, partitionsPendingRevocation };
}

/** The TopicPartitions struct, flexible: each element ends with its own (empty) tagged fields. */
function writeTopicIdPartitions(writer: Writer, list: readonly TopicIdPartitions[]): void {
  writer.compactArray(list, (tp) => {
    writer.topicUuid(tp.topicId);
    writer.compactArray(tp.partitions, (p) => writer.int32(p));
    writer.noTaggedFields();
  });
}

function readTopicIdPartitions(reader: Reader): TopicIdPartitions[] {
  return reader.compactArray(() => {
    const topicId = reader.topicUuid();
    const partitions = reader.compactArray(() => reader.int32());
    reader.skipTaggedFields();
    return { topicId, partitions };
  });
}
