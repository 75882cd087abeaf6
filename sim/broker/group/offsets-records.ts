// The records of __consumer_offsets, in Kafka's own binary schemas (group-coordinator's
// OffsetCommitKey/Value.json, GroupMetadataKey/Value.json, and the clients' ConsumerProtocol
// Subscription/Assignment.json), so that a downloaded segment reads like a real one:
//   key   = int16 version + fields; version 0/1 = offset commit, 2 = group metadata
//   value = int16 version + fields; null value = tombstone (the group or offset is gone)
// Fields are big-endian; a string is int16 length + UTF-8, a nullable one has length -1; bytes
// are int32 length + content; arrays are int32 count + elements (the non-flexible versions).
import { readInt16, readInt32, readInt64, writeInt16, writeInt32, writeInt64 } from '../../log/bytes.ts';
import type { ConsumerSubscription, TopicPartitionList } from '../../protocol/group-messages.ts';

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
  get remaining(): number {
    return this.bytes.length - this.position;
  }
}

// --- keys ---

export type OffsetsKey =
  | { type: 'offset-commit'; group: string; topic: string; partition: number }
  | { type: 'group-metadata'; group: string };

/** OffsetCommitKey v1 (version 0 is the same layout, written by old brokers). */
export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Uint8Array {
  return new Writer().int16(1).string(group).string(topic).int32(partition).done();
}

/** GroupMetadataKey v2. */
export function encodeGroupMetadataKey(group: string): Uint8Array {
  return new Writer().int16(2).string(group).done();
}

export function decodeOffsetsKey(bytes: Uint8Array): OffsetsKey {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version === 0 || version === 1) return { type: 'offset-commit', group: reader.string(), topic: reader.string(), partition: reader.int32() };
  if (version === 2) return { type: 'group-metadata', group: reader.string() };
  throw new OffsetsRecordError(`unknown __consumer_offsets key version ${version}`);
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
