// A replica's log reduced to what tells two replicas apart: per batch, its offsets, the leader
// epoch that wrote it and its CRC. Read from the 61-byte headers only, so the engine can produce it
// after every step without decoding a record. A follower copies the leader's batches byte for byte,
// so below the high watermark the digests of the leader and of every ISR member must be equal.
// (The CRC covers neither baseOffset nor partitionLeaderEpoch, hence both are in the digest.)

import { readBatchHeader } from '../log/index.ts';

export interface BatchDigest {
  baseOffset: number;
  lastOffset: number;
  leaderEpoch: number;
  /** Stored CRC-32C of the batch, unsigned. */
  crc: number;
}

/** One replica of a partition, its batches in offset order. */
export interface ReplicaDigest {
  broker: number;
  batches: readonly BatchDigest[];
}

/** Every replica the engine holds of one partition. */
export interface PartitionDigests {
  topic: string;
  partition: number;
  replicas: readonly ReplicaDigest[];
}

/** Digests of consecutive whole batches (a segment file, a log read), from their headers. */
export function digestBatches(chunks: Uint8Array | readonly Uint8Array[]): BatchDigest[] {
  const out: BatchDigest[] = [];
  for (const bytes of chunks instanceof Uint8Array ? [chunks] : chunks) {
    for (let position = 0; position < bytes.length; ) {
      const h = readBatchHeader(bytes, position);
      out.push({ baseOffset: h.baseOffset, lastOffset: h.lastOffset, leaderEpoch: h.partitionLeaderEpoch, crc: h.crc });
      position += h.sizeBytes;
    }
  }
  return out;
}

/** Offset after the last batch, or `fallback` when there is none. */
export function endOffsetOf(batches: readonly BatchDigest[], fallback: number): number {
  const last = batches.at(-1);
  return last ? last.lastOffset + 1 : fallback;
}

export interface Divergence {
  /** Base offset of the first batch that differs. */
  offset: number;
  leader: BatchDigest | null;
  replica: BatchDigest | null;
}

/**
 * The first batch starting below `bound` where the replica and the leader differ. Only what both
 * still hold is compared: each replica deletes old segments on its own schedule.
 */
export function firstDivergence(leader: readonly BatchDigest[], replica: readonly BatchDigest[], bound: number): Divergence | null {
  if (leader.length === 0 && replica.length === 0) return null;
  const lower = Math.max(leader[0]?.baseOffset ?? bound, replica[0]?.baseOffset ?? bound);
  let i = lowerBound(leader, lower);
  let j = lowerBound(replica, lower);
  for (;;) {
    const a = i < leader.length && leader[i]!.baseOffset < bound ? leader[i]! : null;
    const b = j < replica.length && replica[j]!.baseOffset < bound ? replica[j]! : null;
    if (a === null && b === null) return null;
    if (a === null || b === null || !sameBatch(a, b)) {
      return { offset: Math.min(a?.baseOffset ?? Infinity, b?.baseOffset ?? Infinity), leader: a, replica: b };
    }
    i++;
    j++;
  }
}

function sameBatch(a: BatchDigest, b: BatchDigest): boolean {
  return a.baseOffset === b.baseOffset && a.lastOffset === b.lastOffset && a.leaderEpoch === b.leaderEpoch && a.crc === b.crc;
}

/** Index of the first batch whose base offset is ≥ offset. */
function lowerBound(batches: readonly BatchDigest[], offset: number): number {
  let lo = 0;
  let hi = batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (batches[mid]!.baseOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "offset 12 epoch 3 crc 0x1a2b3c4d", or "no batch", for violation details. */
export function describeBatch(batch: BatchDigest | null): string {
  if (batch === null) return 'no batch';
  return `batch ${batch.baseOffset}..${batch.lastOffset} epoch ${batch.leaderEpoch} crc 0x${batch.crc.toString(16).padStart(8, '0')}`;
}
