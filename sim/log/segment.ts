// One segment of a partition log (AK `LogSegment`): a `.log` file of whole batches plus its sparse
// `.index` and `.timeindex`, all named by the segment's base offset. The segment never decodes
// records except to find a timestamp inside one batch; everything else reads batch headers.

import { BASE_OFFSET_OFFSET, CRC_OFFSET, LAST_OFFSET_DELTA_OFFSET, MAX_TIMESTAMP_OFFSET, NO_TIMESTAMP, PARTITION_LEADER_EPOCH_OFFSET, RECORDS_COUNT_OFFSET, checkBatchBounds, computeBatchCrc } from './batch-header.ts';
import { readInt32, readInt64, readUint32 } from './bytes.ts';
import { LogError } from './errors.ts';
import { FileRecords, type BatchLocation, type TimestampAndOffset } from './file-records.ts';
import { INDEX_FILE_SUFFIX, LOG_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, filenamePrefixFromOffset } from './file-names.ts';
import { OffsetIndex } from './offset-index.ts';
import { joinPath, type LogStorage } from './storage.ts';
import { TimeIndex } from './time-index.ts';

export type { BatchLocation, TimestampAndOffset } from './file-records.ts';

export interface SegmentConfig {
  indexIntervalBytes: number;
  /** segment.index.bytes */
  maxIndexSize: number;
  /** Drawn once per segment in [0, min(segment.jitter.ms, segment.ms)) (`LogConfig.randomSegmentJitter`). */
  rollJitterMs: number;
}

/** `RollParams`. */
export interface RollParams {
  maxSegmentMs: number;
  maxSegmentBytes: number;
  maxTimestampInMessages: number;
  maxOffsetInMessages: number;
  messagesSize: number;
  nowMs: number;
}

export type RollReason = 'segment-bytes' | 'segment-ms' | 'offset-index-full' | 'time-index-full' | 'offset-overflow';

export interface SegmentInfo {
  baseOffset: number;
  fileName: string;
  sizeBytes: number;
  /** Offset after the last batch of the segment (its base offset when empty). */
  nextOffset: number;
  /** Max timestamp of the first append, the time `segment.ms` counts from (`rollingBasedTimestamp`); -1 if none. */
  firstTimestamp: number;
  /** Largest record timestamp, or the last modification time when no record has one (`LogSegment.largestTimestamp`). */
  largestTimestamp: number;
  offsetIndexEntries: number;
  timeIndexEntries: number;
  active: boolean;
  recordCount: number;
  batchCount: number;
}

export interface SegmentRead {
  records: Uint8Array;
  firstOffset: number;
  nextOffset: number;
}

const EMPTY = new Uint8Array(0);

export class LogSegment {
  readonly fileName: string;
  readonly log: FileRecords;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  private createdMs: number;
  private lastModifiedMs: number;
  private rollingBasedTimestamp: number | null = null;
  private maxTimestampSoFar = NO_TIMESTAMP;
  private offsetOfMaxTimestampSoFar: number;
  private bytesSinceLastIndexEntry = 0;
  private nextOffsetInData: number;
  private records = 0;
  private batches = 0;

  private constructor(storage: LogStorage, dir: string, readonly baseOffset: number, private readonly config: SegmentConfig, nowMs: number, create: boolean) {
    const prefix = filenamePrefixFromOffset(baseOffset);
    this.fileName = prefix + LOG_FILE_SUFFIX;
    this.log = new FileRecords(storage, joinPath(dir, this.fileName), create);
    this.offsetIndex = new OffsetIndex(storage, joinPath(dir, prefix + INDEX_FILE_SUFFIX), baseOffset, config.maxIndexSize);
    this.timeIndex = new TimeIndex(storage, joinPath(dir, prefix + TIME_INDEX_FILE_SUFFIX), baseOffset, config.maxIndexSize);
    this.createdMs = nowMs;
    this.lastModifiedMs = nowMs;
    this.offsetOfMaxTimestampSoFar = baseOffset;
    this.nextOffsetInData = baseOffset;
  }

  /** Creates a new, empty segment and its files. */
  static create(storage: LogStorage, dir: string, baseOffset: number, config: SegmentConfig, nowMs: number): LogSegment {
    return new LogSegment(storage, dir, baseOffset, config, nowMs, true);
  }

  /**
   * Opens an existing `.log` file and rebuilds its indexes from the batches (`LogSegment.recover`):
   * the first invalid or partial batch and everything after it are cut off.
   */
  static recover(storage: LogStorage, dir: string, baseOffset: number, config: SegmentConfig, nowMs: number): LogSegment {
    const segment = new LogSegment(storage, dir, baseOffset, config, nowMs, false);
    const size = segment.log.sizeInBytes;
    const bytes = segment.log.slice(0, size);
    let validBytes = 0;
    let lastIndexEntry = 0;
    while (validBytes < size) {
      let batchSize: number;
      try {
        batchSize = checkBatchBounds(bytes, validBytes);
        if (computeBatchCrc(bytes, validBytes, batchSize) !== readUint32(bytes, validBytes + CRC_OFFSET)) break;
      } catch (error) {
        // Recovery stops at the first bad batch and truncates there, as Kafka does; anything else is a bug.
        if (error instanceof LogError) break;
        throw error;
      }
      const lastOffset = readInt64(bytes, validBytes + BASE_OFFSET_OFFSET) + readInt32(bytes, validBytes + LAST_OFFSET_DELTA_OFFSET);
      if (!segment.offsetIndex.canAppendOffset(lastOffset)) break;
      const maxTimestamp = readInt64(bytes, validBytes + MAX_TIMESTAMP_OFFSET);
      segment.rollingBasedTimestamp ??= maxTimestamp;
      if (maxTimestamp > segment.maxTimestampSoFar) {
        segment.maxTimestampSoFar = maxTimestamp;
        segment.offsetOfMaxTimestampSoFar = lastOffset;
      }
      // Recovery indexes per batch, unlike append (per append).
      if (validBytes - lastIndexEntry > config.indexIntervalBytes) {
        segment.offsetIndex.append(lastOffset, validBytes);
        segment.timeIndex.maybeAppend(segment.maxTimestampSoFar, segment.offsetOfMaxTimestampSoFar);
        lastIndexEntry = validBytes;
      }
      segment.nextOffsetInData = lastOffset + 1;
      segment.records += readInt32(bytes, validBytes + RECORDS_COUNT_OFFSET);
      segment.batches++;
      validBytes += batchSize;
    }
    segment.log.truncateTo(validBytes);
    segment.timeIndex.maybeAppend(segment.maxTimestampSoFar, segment.offsetOfMaxTimestampSoFar, true);
    return segment;
  }

  get size(): number {
    return this.log.sizeInBytes;
  }

  get nextOffset(): number {
    return this.nextOffsetInData;
  }

  get recordCount(): number {
    return this.records;
  }

  /** `LogSegment.largestTimestamp`. */
  largestTimestamp(): number {
    return this.maxTimestampSoFar >= 0 ? this.maxTimestampSoFar : this.lastModifiedMs;
  }

  /** `LogSegment.timeWaitedForRoll`: record time since the first append if it had a timestamp, else wall time since creation. */
  timeWaitedForRoll(nowMs: number, messageTimestamp: number): number {
    const ts = this.rollingBasedTimestamp ?? NO_TIMESTAMP;
    if (ts >= 0) return messageTimestamp - ts;
    return nowMs - this.createdMs;
  }

  /** `LogSegment.shouldRoll`, naming the first condition that holds. */
  rollReason(p: RollParams): RollReason | null {
    const size = this.size;
    const reachedRollMs = this.timeWaitedForRoll(p.nowMs, p.maxTimestampInMessages) > p.maxSegmentMs - this.config.rollJitterMs;
    if (size > p.maxSegmentBytes - p.messagesSize) return 'segment-bytes';
    if (size > 0 && reachedRollMs) return 'segment-ms';
    if (this.offsetIndex.isFull()) return 'offset-index-full';
    if (this.timeIndex.isFull()) return 'time-index-full';
    if (!this.offsetIndex.canAppendOffset(p.maxOffsetInMessages)) return 'offset-overflow';
    return null;
  }

  /**
   * Appends whole batches (`LogSegment.append`). The index rule is Kafka's: an entry for this append
   * only if strictly more than index.interval.bytes were appended since the last entry, counted
   * before this append, so the first append to a segment never makes one.
   */
  append(largestOffset: number, largestTimestamp: number, shallowOffsetOfMaxTimestamp: number, bytes: Uint8Array, recordCount: number, batchCount: number, nowMs: number): number {
    const physicalPosition = this.size;
    if (bytes.length === 0) return physicalPosition;
    if (physicalPosition === 0) this.rollingBasedTimestamp = largestTimestamp;
    if (!this.offsetIndex.canAppendOffset(largestOffset)) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `offset ${largestOffset} does not fit the relative offsets of segment ${this.baseOffset}`, 'LogSegmentOffsetOverflowException');
    }
    this.log.append(bytes);
    this.lastModifiedMs = nowMs;
    if (largestTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = largestTimestamp;
      this.offsetOfMaxTimestampSoFar = shallowOffsetOfMaxTimestamp;
    }
    if (this.bytesSinceLastIndexEntry > this.config.indexIntervalBytes) {
      this.offsetIndex.append(largestOffset, physicalPosition);
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += bytes.length;
    this.nextOffsetInData = largestOffset + 1;
    this.records += recordCount;
    this.batches += batchCount;
    return physicalPosition;
  }

  /** The first batch whose last offset is >= `offset`: index lookup, then a scan of headers (`LogSegment.translateOffset`). */
  translateOffset(offset: number, startingPosition: number = 0): BatchLocation | null {
    return this.log.searchForOffsetWithSize(offset, Math.max(this.offsetIndex.lookup(offset).position, startingPosition));
  }

  /**
   * Whole batches starting with the one that holds `startOffset`, at most `maxSize` bytes (at least
   * one batch when `minOneMessage`, KIP-74), and only batches that end before `maxOffset`: Kafka
   * stops at the position of the batch holding the high watermark. Null when no batch of this
   * segment reaches `startOffset`.
   */
  read(startOffset: number, maxSize: number, maxOffset: number, minOneMessage: boolean): SegmentRead | null {
    const first = this.translateOffset(startOffset);
    if (first === null) return null;
    const run = this.log.wholeBatches(first.position, maxSize, maxOffset, minOneMessage);
    if (run.length === 0) return { records: EMPTY, firstOffset: startOffset, nextOffset: startOffset };
    return { records: this.log.slice(first.position, run.length), firstOffset: first.baseOffset, nextOffset: run.nextOffset };
  }

  /**
   * The first record with timestamp >= `timestampMs` and offset >= `startingOffset`
   * (`LogSegment.findOffsetByTimestamp`): the time index gives a lower bound to start scanning from.
   */
  findOffsetByTimestamp(timestampMs: number, startingOffset: number): TimestampAndOffset | null {
    const indexed = this.timeIndex.lookup(timestampMs);
    const position = this.offsetIndex.lookup(Math.max(indexed.offset, startingOffset)).position;
    return this.log.searchForTimestamp(timestampMs, position, startingOffset);
  }

  /**
   * Removes the batch holding `offset` and everything after it, with the index entries at or above
   * it (`LogSegment.truncateTo`). Returns the number of bytes removed.
   */
  truncateTo(offset: number, nowMs: number): number {
    const mapping = this.translateOffset(offset);
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    if (mapping === null) return 0;
    const removed = this.size - mapping.position;
    this.log.truncateTo(mapping.position);
    this.lastModifiedMs = nowMs;
    if (this.size === 0) {
      this.createdMs = nowMs;
      this.rollingBasedTimestamp = null;
    }
    this.bytesSinceLastIndexEntry = 0;
    this.rescan();
    return removed;
  }

  /** Called when a newer segment takes over appends (`LogSegment.onBecomeInactiveSegment`). */
  onBecomeInactiveSegment(): void {
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
  }

  /** Calls `visit` with the partition leader epoch and base offset of every batch, in order. */
  forEachBatchEpoch(visit: (epoch: number, baseOffset: number) => void): void {
    this.log.forEachBatch(0, (h) => visit(readInt32(h, PARTITION_LEADER_EPOCH_OFFSET), readInt64(h, BASE_OFFSET_OFFSET)));
  }

  info(active: boolean): SegmentInfo {
    return {
      baseOffset: this.baseOffset,
      fileName: this.fileName,
      sizeBytes: this.size,
      nextOffset: this.nextOffsetInData,
      firstTimestamp: this.rollingBasedTimestamp ?? NO_TIMESTAMP,
      largestTimestamp: this.largestTimestamp(),
      offsetIndexEntries: this.offsetIndex.entries,
      timeIndexEntries: this.timeIndex.entries,
      active,
      recordCount: this.records,
      batchCount: this.batches,
    };
  }

  /** Deletes the segment's three files. Kafka renames them `.deleted` and removes them file.delete.delay.ms later. */
  delete(): void {
    this.log.delete();
    this.offsetIndex.delete();
    this.timeIndex.delete();
  }

  /** Recomputes what a truncation may have changed, from the remaining batch headers. */
  private rescan(): void {
    this.maxTimestampSoFar = NO_TIMESTAMP;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    this.nextOffsetInData = this.baseOffset;
    this.records = 0;
    this.batches = 0;
    this.log.forEachBatch(0, (h) => {
      const lastOffset = readInt64(h, BASE_OFFSET_OFFSET) + readInt32(h, LAST_OFFSET_DELTA_OFFSET);
      const maxTimestamp = readInt64(h, MAX_TIMESTAMP_OFFSET);
      if (maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = maxTimestamp;
        this.offsetOfMaxTimestampSoFar = lastOffset;
      }
      this.nextOffsetInData = lastOffset + 1;
      this.records += readInt32(h, RECORDS_COUNT_OFFSET);
      this.batches++;
    });
  }
}
