// Which segments retention may delete (`UnifiedLog.deleteOldSegments` and `LocalLog.deletableSegments`):
// walking from the oldest, a segment goes only while every one before it went, only if all its
// offsets are below the high watermark, and never the last segment when it is empty. The three
// rules run in Kafka's order: log start offset, then retention.bytes, then retention.ms.

import type { LogSegment } from './segment.ts';

export type DeletionReason = 'log-start-offset' | 'retention-bytes' | 'retention-ms';

/** A segment and the one after it (null for the last). Predicates may keep state across calls. */
export type SegmentPredicate = (segment: LogSegment, next: LogSegment | null) => boolean;

/** `LocalLog.deletableSegments` with UnifiedLog's high-watermark guard. */
export function deletableSegments(segments: readonly LogSegment[], logEndOffset: number, highWatermark: number, predicate: SegmentPredicate): LogSegment[] {
  const deletable: LogSegment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1] ?? null;
    const upperBoundOffset = next === null ? logEndOffset : next.baseOffset;
    const isLastSegmentAndEmpty = next === null && segment.size === 0;
    // Same evaluation order as Kafka: the size predicate counts a segment only once the HW allows it.
    if (highWatermark >= upperBoundOffset && predicate(segment, next) && !isLastSegmentAndEmpty) deletable.push(segment);
    else break;
  }
  return deletable;
}

/** `deleteLogStartOffsetBreachedSegments`: every offset of the segment is below the log start offset. */
export function startOffsetBreached(logStartOffset: number): SegmentPredicate {
  return (_segment, next) => next !== null && next.baseOffset <= logStartOffset;
}

/** `deleteRetentionSizeBreachedSegments`: null when the log is within retention.bytes. */
export function sizeBreached(totalSizeBytes: number, retentionBytes: number): SegmentPredicate | null {
  if (retentionBytes < 0 || totalSizeBytes < retentionBytes) return null;
  let diff = totalSizeBytes - retentionBytes;
  return (segment) => {
    if (diff - segment.size >= 0) {
      diff -= segment.size;
      return true;
    }
    return false;
  };
}

/** `deleteRetentionMsBreachedSegments`: the newest record of the segment is older than retention.ms. Null when retention.ms < 0. */
export function timeBreached(nowMs: number, retentionMs: number): SegmentPredicate | null {
  if (retentionMs < 0) return null;
  return (segment) => nowMs - segment.largestTimestamp() > retentionMs;
}
