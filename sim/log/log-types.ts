// What PartitionLog takes and returns.

import type { RandomSource } from './local-log.ts';
import type { DeletionReason } from './retention.ts';
import type { RollReason, SegmentInfo } from './segment.ts';

export interface AppendInfo {
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  offsetOfMaxTimestamp: number;
  /** Bytes written (whole batches). */
  sizeBytes: number;
  recordCount: number;
  batchCount: number;
  /** Whether a new segment was rolled before this append, and why. */
  rolled: boolean;
  rollReason: RollReason | null;
  /** Base offset of the segment the batches went to. */
  segmentBaseOffset: number;
}

export interface LogReadResult {
  /** Whole batches, a view into the segment file (do not modify). */
  records: Uint8Array;
  /** Base offset of the first batch returned (may be below the fetch offset), or the fetch offset if none. */
  firstOffset: number;
  /** Offset after the last batch returned, or the fetch offset if none. */
  nextOffset: number;
}

export interface SegmentDeletion {
  deleted: SegmentInfo[];
  reason: DeletionReason;
}

export interface PartitionLogOptions {
  /** Draws the per-segment roll jitter; without it the jitter is 0. */
  random?: RandomSource;
}

/** `ListOffsetsRequest.EARLIEST_TIMESTAMP` and `LATEST_TIMESTAMP`. */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;
