// The log of one partition replica (AK `UnifiedLog` over `LocalLog`, without tiered storage):
// an ordered list of segments, the log start offset and the log end offset (LEO). It assigns
// offsets on a leader, takes them as given on a follower, rolls segments before an append, serves
// reads by whole batches, deletes old segments by retention and truncates for replication.
// The high watermark belongs to the partition, so the calls that depend on it receive it.

import { LENGTH_OFFSET } from './batch-header.ts';
import { readInt32, writeInt32, writeInt64 } from './bytes.ts';
import { analyzeBatches, validateProducerBatch, type AppendAnalysis } from './append-validation.ts';
import { LogError } from './errors.ts';
import { LeaderEpochCache, type EpochEndOffset, type EpochEntry } from './leader-epoch-cache.ts';
import type { LogConfig } from './log-config.ts';
import { deletableSegments, sizeBreached, startOffsetBreached, timeBreached, type DeletionReason, type SegmentPredicate } from './retention.ts';
import { LocalLog } from './local-log.ts';
import { bound } from '../snapshot/bound.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type AppendInfo, type LogReadResult, type PartitionLogOptions, type SegmentDeletion } from './log-types.ts';
import type { LogSegment, RollReason, SegmentInfo, TimestampAndOffset } from './segment.ts';
import type { LogStorage } from './storage.ts';

const EMPTY = new Uint8Array(0);

export class PartitionLog {
  readonly dir: string;
  private config: LogConfig;
  private readonly local: LocalLog;
  private startOffset: number;
  /** The latest time given by a caller: the clock of operations that take none (truncation). */
  private clockMs: number;
  private readonly patchScratch = new Uint8Array(16);
  private readonly epochs: LeaderEpochCache;

  constructor(dir: string, storage: LogStorage, config: LogConfig, nowMs: number, options: PartitionLogOptions = {}) {
    this.dir = dir;
    this.config = { ...config, cleanupPolicy: [...config.cleanupPolicy] };
    this.clockMs = nowMs;
    this.epochs = new LeaderEpochCache(storage, dir);
    this.local = new LocalLog(dir, storage, bound(this, 'currentConfig'), options.random, nowMs);
    this.startOffset = this.local.segments[0]!.baseOffset;
    this.rebuildEpochs();
  }

  /** What LocalLog reads at each segment creation (bound: a captured log holds no closures). */
  private currentConfig(): LogConfig {
    return this.config;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.local.logEndOffset;
  }

  get sizeBytes(): number {
    return this.local.sizeBytes();
  }

  get logConfig(): Readonly<LogConfig> {
    return this.config;
  }

  /** Takes effect on the next append, roll or retention check, as a topic config change does in Kafka. */
  updateConfig(config: LogConfig): void {
    this.config = { ...config, cleanupPolicy: [...config.cleanupPolicy] };
  }

  /**
   * Appends one producer batch (base offset 0): checks it, rolls if needed, copies it in and
   * assigns offsets from the LEO and the leader epoch by patching the copy's header.
   */
  appendAsLeader(batchBytes: Uint8Array, leaderEpoch: number, nowMs: number): AppendInfo {
    this.clockMs = nowMs;
    const analysis = analyzeBatches(batchBytes, { maxMessageBytes: this.config.maxMessageBytes, requireZeroBaseOffset: true });
    validateProducerBatch(batchBytes, analysis, this.config.cleanupPolicy.includes('compact'));
    this.checkSegmentSize(analysis.validBytes);
    const firstOffset = this.local.logEndOffset;
    const lastOffset = firstOffset + analysis.lastOffset;
    const { segment, rollReason } = this.maybeRoll(analysis.validBytes, firstOffset, lastOffset, analysis.maxTimestamp, nowMs);
    const position = segment.append(lastOffset, analysis.maxTimestamp, lastOffset, batchBytes.subarray(0, analysis.validBytes), analysis.recordCount, 1, nowMs);
    // baseOffset, batchLength and partitionLeaderEpoch are the first 16 bytes, all outside the CRC.
    const patch = this.patchScratch;
    writeInt64(patch, 0, firstOffset);
    writeInt32(patch, 8, readInt32(batchBytes, LENGTH_OFFSET));
    writeInt32(patch, 12, leaderEpoch);
    segment.log.write(position, patch);
    this.local.logEndOffset = lastOffset + 1;
    // A negative epoch (no leader epoch) is not recorded, as recovery skips such batches too.
    if (leaderEpoch >= 0) this.epochs.assign(leaderEpoch, firstOffset);
    return this.appendInfo(firstOffset, lastOffset, analysis, segment, rollReason);
  }

  /** Appends batches fetched from the leader, keeping their offsets (`UnifiedLog.appendAsFollower`). */
  appendAsFollower(batchBytes: Uint8Array, nowMs: number): AppendInfo {
    this.clockMs = nowMs;
    const analysis = analyzeBatches(batchBytes, { maxMessageBytes: null, requireZeroBaseOffset: false });
    if (!analysis.monotonic) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Out of order offsets found in append to ${this.dir}`, 'OffsetsOutOfOrderException');
    }
    if (analysis.firstOffset < this.local.logEndOffset) {
      throw new LogError(
        'UNKNOWN_SERVER_ERROR',
        `Unexpected offset in append to ${this.dir}. First offset ${analysis.firstOffset} is less than the next offset ${this.local.logEndOffset}.`,
        'UnexpectedAppendOffsetException',
      );
    }
    this.checkSegmentSize(analysis.validBytes);
    const { segment, rollReason } = this.maybeRoll(analysis.validBytes, analysis.firstOffset, analysis.lastOffset, analysis.maxTimestamp, nowMs);
    segment.append(analysis.lastOffset, analysis.maxTimestamp, analysis.offsetOfMaxTimestamp, batchBytes.subarray(0, analysis.validBytes), analysis.recordCount, analysis.batchCount, nowMs);
    this.local.logEndOffset = analysis.lastOffset + 1;
    // The epochs stamped by the leader become this replica's epoch history too.
    for (const change of analysis.epochChanges) if (change.epoch >= 0) this.epochs.assign(change.epoch, change.startOffset);
    return this.appendInfo(analysis.firstOffset, analysis.lastOffset, analysis, segment, rollReason);
  }

  /**
   * Whole batches from the one holding `fetchOffset`, at most `maxBytes` (but at least one batch
   * when `minOneMessage`, KIP-74), only batches that end before `maxOffset` (the high watermark for
   * consumers, the LEO for followers), and from a single segment per call, as Kafka's LocalLog.read.
   */
  read(fetchOffset: number, maxBytes: number, maxOffset: number, minOneMessage: boolean = true): LogReadResult {
    if (fetchOffset < this.startOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Received request for offset ${fetchOffset} for partition ${this.dir}, but we only have log segments starting from offset: ${this.startOffset}.`);
    }
    if (fetchOffset > this.local.logEndOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Received request for offset ${fetchOffset} for partition ${this.dir}, but we only have log segments upto ${this.local.logEndOffset}.`);
    }
    const empty: LogReadResult = { records: EMPTY, firstOffset: fetchOffset, nextOffset: fetchOffset };
    if (fetchOffset >= maxOffset) return empty;
    return this.local.read(fetchOffset, maxBytes, maxOffset, minOneMessage) ?? empty;
  }

  /**
   * ListOffsets by timestamp (`UnifiedLog.fetchOffsetByTimestamp`): the first record with a timestamp
   * at or after `timestampMs`, searched from the first segment whose largest timestamp reaches it.
   * EARLIEST_TIMESTAMP (-2) gives the log start offset, LATEST_TIMESTAMP (-1) the LEO (the partition
   * answers consumers with the high watermark instead). Null when no record qualifies.
   */
  offsetForTimestamp(timestampMs: number): TimestampAndOffset | null {
    if (timestampMs === EARLIEST_TIMESTAMP) return { timestamp: -1, offset: this.startOffset, leaderEpoch: null };
    if (timestampMs === LATEST_TIMESTAMP) return { timestamp: -1, offset: this.local.logEndOffset, leaderEpoch: null };
    if (timestampMs < 0) return null;
    const segment = this.local.segments.find((s) => s.largestTimestamp() >= timestampMs);
    return segment === undefined ? null : segment.findOffsetByTimestamp(timestampMs, this.startOffset);
  }

  /** Retention (`UnifiedLog.deleteOldSegments`), whole segments only and never at or past the high watermark. */
  deleteOldSegments(nowMs: number, highWatermark: number): SegmentDeletion[] {
    this.clockMs = nowMs;
    const results: SegmentDeletion[] = [];
    const run = (reason: DeletionReason, predicate: SegmentPredicate | null): void => {
      if (predicate === null) return;
      const deletable = deletableSegments(this.local.segments, this.local.logEndOffset, highWatermark, predicate);
      if (deletable.length > 0) results.push({ deleted: this.deleteSegments(deletable, highWatermark, nowMs), reason });
    };
    run('log-start-offset', startOffsetBreached(this.startOffset));
    if (this.config.cleanupPolicy.includes('delete')) {
      run('retention-bytes', sizeBreached(this.sizeBytes, this.config.retentionBytes));
      run('retention-ms', timeBreached(nowMs, this.config.retentionMs));
    }
    return results;
  }

  /**
   * Drops every offset >= `targetOffset` (`UnifiedLog.truncateTo`). Truncation is by whole batch, so
   * a target inside a batch removes that batch too; the LEO becomes the target either way, as in Kafka.
   * Returns whether anything was truncated.
   */
  truncateTo(targetOffset: number): boolean {
    if (!Number.isSafeInteger(targetOffset) || targetOffset < 0) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Cannot truncate partition ${this.dir} to a negative offset (${targetOffset}).`, 'IllegalArgumentException');
    }
    if (targetOffset >= this.local.logEndOffset) {
      // Kafka trims the epoch cache even then: a new leader may have recorded an epoch it never wrote.
      this.epochs.truncateFromEnd(this.local.logEndOffset);
      return false;
    }
    if (this.local.segments[0]!.baseOffset > targetOffset) {
      this.truncateFullyAndStartAt(targetOffset);
      return true;
    }
    this.local.truncateTo(targetOffset, this.clockMs);
    this.epochs.truncateFromEnd(targetOffset);
    this.startOffset = Math.min(targetOffset, this.startOffset);
    return true;
  }

  /** Deletes everything and restarts the log at `newOffset`, which becomes the log start offset too. */
  truncateFullyAndStartAt(newOffset: number): void {
    if (!Number.isSafeInteger(newOffset) || newOffset < 0) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Cannot start partition ${this.dir} at offset ${newOffset}.`, 'IllegalArgumentException');
    }
    this.local.truncateFullyAndStartAt(newOffset, this.clockMs);
    this.startOffset = newOffset;
    this.epochs.clear();
  }

  /**
   * Moves the log start offset forward (DeleteRecords, a follower following its leader, retention).
   * Segments below it are deleted by the next deleteOldSegments. Kafka refuses to pass the high
   * watermark; without one the bound is the LEO. Returns whether it moved.
   */
  maybeIncrementLogStartOffset(newLogStartOffset: number, highWatermark: number = this.local.logEndOffset): boolean {
    if (newLogStartOffset > highWatermark) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Cannot increment the log start offset to ${newLogStartOffset} of partition ${this.dir} since it is larger than the high watermark ${highWatermark}`);
    }
    if (newLogStartOffset <= this.startOffset) return false;
    this.startOffset = newLogStartOffset;
    this.epochs.truncateFromStart(newLogStartOffset);
    return true;
  }

  /** Latest leader epoch recorded in this log, null if none (`UnifiedLog.latestEpoch`). */
  latestEpoch(): number | null {
    return this.epochs.latestEpoch();
  }

  /**
   * OffsetsForLeaderEpoch on this replica (`UnifiedLog.endOffsetForEpoch`): where `epoch` ends in
   * this log, and the largest epoch <= it that this log knows; (-1, -1) when it cannot tell.
   */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.epochs.endOffsetFor(epoch, this.local.logEndOffset);
  }

  /** Records that `epoch` starts at `startOffset`, as a new leader does at its LEO (`maybeAssignEpochStartOffset`). */
  assignEpochStartOffset(epoch: number, startOffset: number): void {
    this.epochs.assign(epoch, startOffset);
  }

  /** The leader-epoch-checkpoint entries, oldest first. */
  leaderEpochs(): EpochEntry[] {
    return this.epochs.list();
  }

  /** Rolls a new active segment at the LEO (`UnifiedLog.roll`); an empty active segment there is recreated. */
  roll(nowMs: number): SegmentInfo {
    this.clockMs = nowMs;
    return this.local.roll(null, nowMs).info(true);
  }

  segments(): SegmentInfo[] {
    const last = this.local.segments.length - 1;
    return this.local.segments.map((segment, i) => segment.info(i === last));
  }

  /** Deletes every file of the log (topic deletion); the log must not be used afterwards. */
  deleteAll(): void {
    this.local.deleteAllSegments();
    this.epochs.delete();
  }

  // ---------- internals ----------

  private checkSegmentSize(sizeBytes: number): void {
    if (sizeBytes > this.config.segmentBytes) {
      throw new LogError('RECORD_LIST_TOO_LARGE', `Message batch size is ${sizeBytes} bytes in append to partition ${this.dir}, which exceeds the maximum configured segment size of ${this.config.segmentBytes}.`);
    }
  }

  /** `UnifiedLog.maybeRoll`: checked before every append, against the incoming batches. */
  private maybeRoll(messagesSize: number, firstOffset: number, lastOffset: number, maxTimestamp: number, nowMs: number): { segment: LogSegment; rollReason: RollReason | null } {
    const rollReason = this.local.active().rollReason({
      maxSegmentMs: this.config.segmentMs,
      maxSegmentBytes: this.config.segmentBytes,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
      messagesSize,
      nowMs,
    });
    if (rollReason === null) return { segment: this.local.active(), rollReason };
    return { segment: this.local.roll(firstOffset, nowMs), rollReason };
  }

  /** `UnifiedLog.deleteSegments`: keeps at least one segment by rolling first when all would go. */
  private deleteSegments(deletable: LogSegment[], highWatermark: number, nowMs: number): SegmentInfo[] {
    const active = this.local.active();
    const infos = deletable.map((segment) => segment.info(segment === active));
    let toDelete = deletable;
    if (deletable.length === this.local.segments.length) {
      const newSegment = this.local.roll(null, nowMs);
      if (deletable[deletable.length - 1]!.baseOffset === newSegment.baseOffset) toDelete = deletable.slice(0, -1);
    }
    this.local.removeAndDeleteSegments(toDelete);
    this.maybeIncrementLogStartOffset(this.local.segments[0]!.baseOffset, highWatermark);
    return infos;
  }

  private appendInfo(firstOffset: number, lastOffset: number, analysis: AppendAnalysis, segment: LogSegment, rollReason: RollReason | null): AppendInfo {
    return {
      firstOffset,
      lastOffset,
      maxTimestamp: analysis.maxTimestamp,
      offsetOfMaxTimestamp: analysis.maxTimestamp < 0 ? -1 : firstOffset - analysis.firstOffset + analysis.offsetOfMaxTimestamp,
      sizeBytes: analysis.validBytes,
      recordCount: analysis.recordCount,
      batchCount: analysis.batchCount,
      rolled: rollReason !== null,
      rollReason,
      segmentBaseOffset: segment.baseOffset,
    };
  }

  /** The epoch history of the batches found on storage (none for a new log), as LogSegment.recover rebuilds it. */
  private rebuildEpochs(): void {
    this.epochs.clear();
    for (const segment of this.local.segments) {
      segment.forEachBatchEpoch((epoch, baseOffset) => {
        const latest = this.epochs.latestEpoch();
        if (epoch >= 0 && (latest === null || epoch > latest)) this.epochs.assign(epoch, baseOffset);
      });
    }
  }
}
