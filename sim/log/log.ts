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
import { INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, filenamePrefixFromOffset, offsetFromLogFileName } from './file-names.ts';
import type { LogConfig } from './log-config.ts';
import { deletableSegments, sizeBreached, startOffsetBreached, timeBreached, type DeletionReason, type SegmentPredicate } from './retention.ts';
import { LogSegment, type RollReason, type SegmentConfig, type SegmentInfo, type TimestampAndOffset } from './segment.ts';
import { joinPath, type LogStorage } from './storage.ts';

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
  random?: { int(n: number): number };
}

/** `ListOffsetsRequest.EARLIEST_TIMESTAMP` and `LATEST_TIMESTAMP`. */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

const EMPTY = new Uint8Array(0);

export class PartitionLog {
  readonly dir: string;
  private config: LogConfig;
  private readonly segs: LogSegment[] = [];
  private startOffset: number;
  private endOffset: number;
  /** The latest time given by a caller: the clock of operations that take none (truncation). */
  private clockMs: number;
  private readonly patchScratch = new Uint8Array(16);
  private readonly epochs: LeaderEpochCache;

  constructor(
    dir: string,
    private readonly storage: LogStorage,
    config: LogConfig,
    nowMs: number,
    private readonly options: PartitionLogOptions = {},
  ) {
    this.dir = dir;
    this.config = { ...config, cleanupPolicy: [...config.cleanupPolicy] };
    this.clockMs = nowMs;
    this.epochs = new LeaderEpochCache(storage, dir);
    this.loadSegments(nowMs);
    if (this.segs.length === 0) this.segs.push(LogSegment.create(storage, dir, 0, this.segmentConfig(), nowMs));
    this.startOffset = this.segs[0]!.baseOffset;
    this.endOffset = this.active().nextOffset;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.endOffset;
  }

  get sizeBytes(): number {
    let total = 0;
    for (const segment of this.segs) total += segment.size;
    return total;
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
    const firstOffset = this.endOffset;
    const lastOffset = firstOffset + analysis.lastOffset;
    const { segment, rollReason } = this.maybeRoll(analysis.validBytes, firstOffset, lastOffset, analysis.maxTimestamp, nowMs);
    const position = segment.append(lastOffset, analysis.maxTimestamp, lastOffset, batchBytes.subarray(0, analysis.validBytes), analysis.recordCount, 1, nowMs);
    // baseOffset, batchLength and partitionLeaderEpoch are the first 16 bytes, all outside the CRC.
    const patch = this.patchScratch;
    writeInt64(patch, 0, firstOffset);
    writeInt32(patch, 8, readInt32(batchBytes, LENGTH_OFFSET));
    writeInt32(patch, 12, leaderEpoch);
    segment.patch(position, patch);
    this.endOffset = lastOffset + 1;
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
    if (analysis.firstOffset < this.endOffset) {
      throw new LogError(
        'UNKNOWN_SERVER_ERROR',
        `Unexpected offset in append to ${this.dir}. First offset ${analysis.firstOffset} is less than the next offset ${this.endOffset}.`,
        'UnexpectedAppendOffsetException',
      );
    }
    this.checkSegmentSize(analysis.validBytes);
    const { segment, rollReason } = this.maybeRoll(analysis.validBytes, analysis.firstOffset, analysis.lastOffset, analysis.maxTimestamp, nowMs);
    segment.append(analysis.lastOffset, analysis.maxTimestamp, analysis.offsetOfMaxTimestamp, batchBytes.subarray(0, analysis.validBytes), analysis.recordCount, analysis.batchCount, nowMs);
    this.endOffset = analysis.lastOffset + 1;
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
    if (fetchOffset > this.endOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Received request for offset ${fetchOffset} for partition ${this.dir}, but we only have log segments upto ${this.endOffset}.`);
    }
    const empty: LogReadResult = { records: EMPTY, firstOffset: fetchOffset, nextOffset: fetchOffset };
    if (fetchOffset >= maxOffset) return empty;
    for (let i = this.floorIndex(fetchOffset); i >= 0 && i < this.segs.length; i++) {
      const result = this.segs[i]!.read(fetchOffset, maxBytes, maxOffset, minOneMessage);
      if (result !== null) return result;
    }
    return empty;
  }

  /**
   * ListOffsets by timestamp (`UnifiedLog.fetchOffsetByTimestamp`): the first record with a timestamp
   * at or after `timestampMs`, searched from the first segment whose largest timestamp reaches it.
   * EARLIEST_TIMESTAMP (-2) gives the log start offset, LATEST_TIMESTAMP (-1) the LEO (the partition
   * answers consumers with the high watermark instead). Null when no record qualifies.
   */
  offsetForTimestamp(timestampMs: number): TimestampAndOffset | null {
    if (timestampMs === EARLIEST_TIMESTAMP) return { timestamp: -1, offset: this.startOffset, leaderEpoch: null };
    if (timestampMs === LATEST_TIMESTAMP) return { timestamp: -1, offset: this.endOffset, leaderEpoch: null };
    if (timestampMs < 0) return null;
    const segment = this.segs.find((s) => s.largestTimestamp() >= timestampMs);
    return segment === undefined ? null : segment.findOffsetByTimestamp(timestampMs, this.startOffset);
  }

  /** Retention (`UnifiedLog.deleteOldSegments`), whole segments only and never at or past the high watermark. */
  deleteOldSegments(nowMs: number, highWatermark: number): SegmentDeletion[] {
    this.clockMs = nowMs;
    const results: SegmentDeletion[] = [];
    const run = (reason: DeletionReason, predicate: SegmentPredicate | null): void => {
      if (predicate === null) return;
      const deletable = deletableSegments(this.segs, this.endOffset, highWatermark, predicate);
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
    if (targetOffset >= this.endOffset) {
      // Kafka trims the epoch cache even then: a new leader may have recorded an epoch it never wrote.
      this.epochs.truncateFromEnd(this.endOffset);
      return false;
    }
    if (this.segs[0]!.baseOffset > targetOffset) {
      this.truncateFullyAndStartAt(targetOffset);
      return true;
    }
    while (this.segs.length > 1 && this.active().baseOffset > targetOffset) this.segs.pop()!.delete();
    this.active().truncateTo(targetOffset, this.clockMs);
    this.endOffset = targetOffset;
    this.epochs.truncateFromEnd(targetOffset);
    this.startOffset = Math.min(targetOffset, this.startOffset);
    return true;
  }

  /** Deletes everything and restarts the log at `newOffset`, which becomes the log start offset too. */
  truncateFullyAndStartAt(newOffset: number): void {
    if (!Number.isSafeInteger(newOffset) || newOffset < 0) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Cannot start partition ${this.dir} at offset ${newOffset}.`, 'IllegalArgumentException');
    }
    for (const segment of this.segs) segment.delete();
    this.segs.length = 0;
    this.segs.push(LogSegment.create(this.storage, this.dir, newOffset, this.segmentConfig(), this.clockMs));
    this.endOffset = newOffset;
    this.startOffset = newOffset;
    this.epochs.clear();
  }

  /**
   * Moves the log start offset forward (DeleteRecords, a follower following its leader, retention).
   * Segments below it are deleted by the next deleteOldSegments. Kafka refuses to pass the high
   * watermark; without one the bound is the LEO. Returns whether it moved.
   */
  maybeIncrementLogStartOffset(newLogStartOffset: number, highWatermark: number = this.endOffset): boolean {
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
    return this.epochs.endOffsetFor(epoch, this.endOffset);
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
    return this.rollAt(null, nowMs).info(true);
  }

  segments(): SegmentInfo[] {
    const last = this.segs.length - 1;
    return this.segs.map((segment, i) => segment.info(i === last));
  }

  /** Deletes every file of the log (topic deletion); the log must not be used afterwards. */
  deleteAll(): void {
    for (const segment of this.segs) segment.delete();
    this.segs.length = 0;
    this.epochs.delete();
  }

  // ---------- internals ----------

  private active(): LogSegment {
    const segment = this.segs[this.segs.length - 1];
    if (segment === undefined) throw new LogError('KAFKA_STORAGE_ERROR', `log ${this.dir} has been deleted`);
    return segment;
  }

  /** Index of the segment with the greatest base offset <= offset, -1 if none. */
  private floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.segs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segs[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private segmentConfig(): SegmentConfig {
    const { segmentJitterMs, segmentMs } = this.config;
    const bound = Math.min(segmentJitterMs, segmentMs);
    const random = this.options.random;
    return {
      indexIntervalBytes: this.config.indexIntervalBytes,
      maxIndexSize: this.config.segmentIndexBytes,
      rollJitterMs: segmentJitterMs > 0 && bound > 0 && random !== undefined ? random.int(bound) : 0,
    };
  }

  private checkSegmentSize(sizeBytes: number): void {
    if (sizeBytes > this.config.segmentBytes) {
      throw new LogError('RECORD_LIST_TOO_LARGE', `Message batch size is ${sizeBytes} bytes in append to partition ${this.dir}, which exceeds the maximum configured segment size of ${this.config.segmentBytes}.`);
    }
  }

  /** `UnifiedLog.maybeRoll`: checked before every append, against the incoming batches. */
  private maybeRoll(messagesSize: number, firstOffset: number, lastOffset: number, maxTimestamp: number, nowMs: number): { segment: LogSegment; rollReason: RollReason | null } {
    const rollReason = this.active().rollReason({
      maxSegmentMs: this.config.segmentMs,
      maxSegmentBytes: this.config.segmentBytes,
      maxTimestampInMessages: maxTimestamp,
      maxOffsetInMessages: lastOffset,
      messagesSize,
      nowMs,
    });
    if (rollReason === null) return { segment: this.active(), rollReason };
    return { segment: this.rollAt(firstOffset, nowMs), rollReason };
  }

  /** `LocalLog.roll`: the new segment starts at max(expected offset, LEO). */
  private rollAt(expectedNextOffset: number | null, nowMs: number): LogSegment {
    const newOffset = Math.max(expectedNextOffset ?? 0, this.endOffset);
    const active = this.active();
    if (active.baseOffset === newOffset) {
      if (active.size !== 0) {
        throw new LogError('UNKNOWN_SERVER_ERROR', `Trying to roll a new log segment for ${this.dir} with start offset ${newOffset} while it already exists.`, 'KafkaException');
      }
      // KAFKA-6388: an empty active segment can ask to roll (a full index); it is recreated in place.
      this.segs.pop()!.delete();
    } else if (newOffset < active.baseOffset) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Trying to roll a new log segment for ${this.dir} with start offset ${newOffset} lower than start offset of the active segment ${active.baseOffset}`, 'KafkaException');
    } else {
      active.onBecomeInactiveSegment();
    }
    const segment = LogSegment.create(this.storage, this.dir, newOffset, this.segmentConfig(), nowMs);
    this.segs.push(segment);
    return segment;
  }

  /** `UnifiedLog.deleteSegments`: keeps at least one segment by rolling first when all would go. */
  private deleteSegments(deletable: LogSegment[], highWatermark: number, nowMs: number): SegmentInfo[] {
    const last = this.segs.length - 1;
    const infos = deletable.map((segment) => segment.info(segment === this.segs[last]));
    let toDelete = deletable;
    if (deletable.length === this.segs.length) {
      const newSegment = this.rollAt(null, nowMs);
      if (deletable[deletable.length - 1]!.baseOffset === newSegment.baseOffset) toDelete = deletable.slice(0, -1);
    }
    for (const segment of toDelete) {
      this.segs.splice(this.segs.indexOf(segment), 1);
      segment.delete();
    }
    this.maybeIncrementLogStartOffset(this.segs[0]!.baseOffset, highWatermark);
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

  /** Reopens the segments found in the directory, rebuilding their indexes (`LogLoader` with recovery). */
  private loadSegments(nowMs: number): void {
    const names = this.storage.list(this.dir);
    const bases: number[] = [];
    for (const name of names) {
      const base = offsetFromLogFileName(name);
      if (base !== null) bases.push(base);
    }
    const logPrefixes = new Set(bases.map(filenamePrefixFromOffset));
    for (const name of names) {
      // Orphaned index files (no .log beside them) are deleted, as LogLoader does.
      const isIndex = name.endsWith(INDEX_FILE_SUFFIX) || name.endsWith(TIME_INDEX_FILE_SUFFIX);
      if (isIndex && !logPrefixes.has(name.slice(0, 20))) this.storage.delete(joinPath(this.dir, name));
    }
    bases.sort((a, b) => a - b);
    for (const base of bases) this.segs.push(LogSegment.recover(this.storage, this.dir, base, this.segmentConfig(), nowMs));
    if (bases.length === 0) return;
    // The epoch history is rebuilt from the batches, as LogSegment.recover does for the cache.
    this.epochs.clear();
    for (const segment of this.segs) {
      segment.forEachBatchEpoch((epoch, baseOffset) => {
        const latest = this.epochs.latestEpoch();
        if (epoch >= 0 && (latest === null || epoch > latest)) this.epochs.assign(epoch, baseOffset);
      });
    }
  }
}
