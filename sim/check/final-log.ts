// The final state of a partition, decoded once for checkHistory: every record at or above the log
// start offset with its offset, the identity its value carries, and the leader epoch of its batch;
// plus an index by identity to find duplicates and where a record went.

import { decodeRecordBatches } from '../log/index.ts';
import { digestBatches, endOffsetOf, type BatchDigest } from './batch-digest.ts';
import { CheckError } from './errors.ts';
import type { LabelParser } from './labels.ts';

/** What a run leaves behind for one partition: the log of its final leader. */
export interface FinalPartitionLog {
  topic: string;
  partition: number;
  /** Whole record batches in offset order: one chunk per segment, or all of them in one. */
  records: Uint8Array | readonly Uint8Array[];
  logStartOffset: number;
  highWatermark: number;
  /** Defaults to the offset after the last batch (logStartOffset when there is none). */
  logEndOffset?: number;
  /** cleanup.policy has compact: offsets may have no record, and that is not a loss. */
  compacted?: boolean;
  /**
   * Replicas that must agree with this log below min(HW, their LEO): the ISR members. A replica out
   * of the ISR may hold a divergent tail until it truncates (an old leader that is down), as in Kafka.
   */
  replicas?: readonly FinalReplicaLog[];
}

export interface FinalReplicaLog {
  broker: number;
  records: Uint8Array | readonly Uint8Array[];
  /** Defaults to the offset after the last batch. */
  logEndOffset?: number;
}

/** Producer index of a record without a trusted label, and of a control record. */
export const UNLABELLED = -1;
export const CONTROL = -2;

export interface PartitionContent {
  readonly topic: string;
  readonly partition: number;
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly logEndOffset: number;
  readonly compacted: boolean;
  readonly count: number;
  readonly offsets: Float64Array;
  /** Index into the parser's producer names, or UNLABELLED, or CONTROL. */
  readonly producers: Int32Array;
  readonly ids: Float64Array;
  readonly epochs: Int32Array;
  /** Indexes of labelled records, sorted by (producer, id, offset). */
  readonly byIdentity: Uint32Array;
  /** 1 for the lowest-offset copy of each identity (and for every unlabelled record). */
  readonly firstCopy: Uint8Array;
  readonly digests: BatchDigest[];
}

export function decodePartition(log: FinalPartitionLog, parser: LabelParser): PartitionContent {
  const where = `${log.topic}-${log.partition}`;
  const offsets: number[] = [];
  const producers: number[] = [];
  const ids: number[] = [];
  const epochs: number[] = [];
  let previous = -1;
  for (const chunk of log.records instanceof Uint8Array ? [log.records] : log.records) {
    for (const batch of decodeRecordBatches(chunk)) {
      for (const record of batch.records) {
        if (record.offset <= previous) {
          throw new CheckError('INVALID_LOG', `the final log of ${where} has offset ${record.offset} after offset ${previous}`);
        }
        previous = record.offset;
        if (record.offset < log.logStartOffset) continue;
        const identity = batch.isControl ? null : parser.parse(record.value);
        offsets.push(record.offset);
        producers.push(batch.isControl ? CONTROL : (identity?.producer ?? UNLABELLED));
        ids.push(identity?.id ?? -1);
        epochs.push(batch.partitionLeaderEpoch);
      }
    }
  }
  const digests = digestBatches(log.records);
  const count = offsets.length;
  const content = {
    topic: log.topic,
    partition: log.partition,
    logStartOffset: log.logStartOffset,
    highWatermark: log.highWatermark,
    logEndOffset: log.logEndOffset ?? Math.max(log.logStartOffset, endOffsetOf(digests, log.logStartOffset)),
    compacted: log.compacted === true,
    count,
    offsets: Float64Array.from(offsets),
    producers: Int32Array.from(producers),
    ids: Float64Array.from(ids),
    epochs: Int32Array.from(epochs),
    byIdentity: new Uint32Array(0),
    firstCopy: new Uint8Array(count).fill(1),
    digests,
  };
  const labelled: number[] = [];
  for (let i = 0; i < count; i++) if (content.producers[i]! >= 0) labelled.push(i);
  // Stable sort; records are already in offset order, so equal identities stay in offset order.
  labelled.sort((a, b) => content.producers[a]! - content.producers[b]! || content.ids[a]! - content.ids[b]!);
  content.byIdentity = Uint32Array.from(labelled);
  for (let k = 1; k < labelled.length; k++) {
    const a = labelled[k - 1]!;
    const b = labelled[k]!;
    if (content.producers[a] === content.producers[b] && content.ids[a] === content.ids[b]) content.firstCopy[b] = 0;
  }
  return content;
}

/** Index of the first record whose offset is ≥ offset (count when none). */
export function lowerBoundOffset(content: PartitionContent, offset: number): number {
  let lo = 0;
  let hi = content.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (content.offsets[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the record at `offset`, or -1. */
export function recordAt(content: PartitionContent, offset: number): number {
  const i = lowerBoundOffset(content, offset);
  return i < content.count && content.offsets[i] === offset ? i : -1;
}

/** Offsets holding a copy of the record, ascending. */
export function offsetsOf(content: PartitionContent, producer: number, id: number): number[] {
  const order = content.byIdentity;
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = content.producers[order[mid]!]!;
    const v = content.ids[order[mid]!]!;
    if (p < producer || (p === producer && v < id)) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let k = lo; k < order.length; k++) {
    const r = order[k]!;
    if (content.producers[r] !== producer || content.ids[r] !== id) break;
    out.push(content.offsets[r]!);
  }
  return out;
}

/** Data records (not control records) with offsets in [from, to). */
export function dataRecordsIn(content: PartitionContent, from: number, to: number): number {
  let n = 0;
  for (let i = lowerBoundOffset(content, from); i < content.count && content.offsets[i]! < to; i++) {
    if (content.producers[i] !== CONTROL) n++;
  }
  return n;
}
