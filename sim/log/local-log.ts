// The segments of a partition on local storage and its log end offset (AK `LocalLog`): rolling,
// reading from one segment, truncating and removing segments, and reopening a directory. The
// offset rules (log start offset, validation, epochs, retention) are PartitionLog's, as in Kafka
// they are UnifiedLog's.

import { LogError } from './errors.ts';
import { INDEX_FILE_SUFFIX, LOG_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, filenamePrefixFromOffset, offsetFromLogFileName } from './file-names.ts';
import type { LogConfig } from './log-config.ts';
import { LogSegment, type SegmentConfig, type SegmentRead } from './segment.ts';
import { joinPath, type LogStorage } from './storage.ts';

export interface RandomSource {
  int(n: number): number;
}

export class LocalLog {
  readonly segments: LogSegment[] = [];
  /** Log end offset: the offset the next appended record gets. */
  logEndOffset: number;

  constructor(
    readonly dir: string,
    private readonly storage: LogStorage,
    /** Read at each segment creation, so config changes apply to new segments. */
    private readonly config: () => LogConfig,
    private readonly random: RandomSource | undefined,
    nowMs: number,
  ) {
    this.load(nowMs);
    if (this.segments.length === 0) this.segments.push(this.newSegment(0, nowMs));
    this.logEndOffset = this.active().nextOffset;
  }

  active(): LogSegment {
    const segment = this.segments[this.segments.length - 1];
    if (segment === undefined) throw new LogError('KAFKA_STORAGE_ERROR', `log ${this.dir} has been deleted`);
    return segment;
  }

  sizeBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  /** Index of the segment with the greatest base offset <= offset, -1 if none (`floorSegment`). */
  floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * `LocalLog.roll`: a new active segment at max(expected offset, LEO). An empty active segment at
   * that offset is recreated (KAFKA-6388: a full index can ask an empty segment to roll).
   */
  roll(expectedNextOffset: number | null, nowMs: number): LogSegment {
    const newOffset = Math.max(expectedNextOffset ?? 0, this.logEndOffset);
    const active = this.active();
    if (active.baseOffset === newOffset) {
      if (active.size !== 0) {
        throw new LogError('UNKNOWN_SERVER_ERROR', `Trying to roll a new log segment for ${this.dir} with start offset ${newOffset} while it already exists.`, 'KafkaException');
      }
      this.segments.pop()!.delete();
    } else if (newOffset < active.baseOffset) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Trying to roll a new log segment for ${this.dir} with start offset ${newOffset} lower than start offset of the active segment ${active.baseOffset}`, 'KafkaException');
    } else {
      active.onBecomeInactiveSegment();
    }
    const segment = this.newSegment(newOffset, nowMs);
    this.segments.push(segment);
    return segment;
  }

  /** From the segment holding `fetchOffset` on, the first segment that has batches at or after it. */
  read(fetchOffset: number, maxBytes: number, maxOffset: number, minOneMessage: boolean): SegmentRead | null {
    for (let i = Math.max(0, this.floorIndex(fetchOffset)); i < this.segments.length; i++) {
      const result = this.segments[i]!.read(fetchOffset, maxBytes, maxOffset, minOneMessage);
      if (result !== null) return result;
    }
    return null;
  }

  /** `LocalLog.truncateTo`: drops the segments above the target, truncates the one holding it. */
  truncateTo(targetOffset: number, nowMs: number): void {
    while (this.segments.length > 1 && this.active().baseOffset > targetOffset) this.segments.pop()!.delete();
    this.active().truncateTo(targetOffset, nowMs);
    this.logEndOffset = targetOffset;
  }

  truncateFullyAndStartAt(newOffset: number, nowMs: number): void {
    this.deleteAllSegments();
    this.segments.push(this.newSegment(newOffset, nowMs));
    this.logEndOffset = newOffset;
  }

  removeAndDeleteSegments(toDelete: readonly LogSegment[]): void {
    for (const segment of toDelete) {
      const i = this.segments.indexOf(segment);
      if (i >= 0) this.segments.splice(i, 1);
      segment.delete();
    }
  }

  deleteAllSegments(): void {
    for (const segment of this.segments) segment.delete();
    this.segments.length = 0;
  }

  private newSegment(baseOffset: number, nowMs: number): LogSegment {
    return LogSegment.create(this.storage, this.dir, baseOffset, this.segmentConfig(), nowMs);
  }

  private segmentConfig(): SegmentConfig {
    const { segmentJitterMs, segmentMs, indexIntervalBytes, segmentIndexBytes } = this.config();
    // LogConfig.randomSegmentJitter, drawn from the injected generator so runs stay reproducible.
    const bound = Math.min(segmentJitterMs, segmentMs);
    const rollJitterMs = bound > 0 && this.random !== undefined ? this.random.int(bound) : 0;
    return { indexIntervalBytes, maxIndexSize: segmentIndexBytes, rollJitterMs };
  }

  /** Reopens the segments found in the directory, rebuilding their indexes (`LogLoader` with recovery). */
  private load(nowMs: number): void {
    const names = this.storage.list(this.dir);
    const bases = names.map(offsetFromLogFileName).filter((b): b is number => b !== null);
    const prefixes = new Set(bases.map(filenamePrefixFromOffset));
    for (const name of names) {
      // Orphaned index files (no .log beside them) are deleted, as LogLoader does.
      const isIndex = name.endsWith(INDEX_FILE_SUFFIX) || name.endsWith(TIME_INDEX_FILE_SUFFIX);
      if (isIndex && !prefixes.has(name.slice(0, 20))) this.storage.delete(joinPath(this.dir, name));
    }
    bases.sort((a, b) => a - b);
    for (const [i, base] of bases.entries()) {
      const logPath = joinPath(this.dir, `${filenamePrefixFromOffset(base)}${LOG_FILE_SUFFIX}`);
      const sizeBefore = this.storage.size(logPath);
      const segment = LogSegment.recover(this.storage, this.dir, base, this.segmentConfig(), nowMs);
      this.segments.push(segment);
      if (this.storage.size(logPath) < sizeBefore) {
        // LogLoader.recoverLog: corruption in a segment means nothing after it can be trusted; the
        // later segments are deleted and the log ends where this one now ends.
        for (const later of bases.slice(i + 1)) {
          for (const suffix of [LOG_FILE_SUFFIX, INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
            const path = joinPath(this.dir, `${filenamePrefixFromOffset(later)}${suffix}`);
            if (this.storage.exists(path)) this.storage.delete(path);
          }
        }
        break;
      }
    }
  }
}
