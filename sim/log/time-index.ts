// The sparse time index of a segment (AK `TimeIndex`): 12-byte entries, timestamp int64 then
// relativeOffset int32, meaning "the largest timestamp seen before this offset is this timestamp".
// Timestamps strictly increase from entry to entry; one slot is kept free for the entry appended
// when the segment stops being active, which is why the index counts as full one entry early.

import { writeInt32, writeInt64 } from './bytes.ts';
import { NO_TIMESTAMP } from './batch-header.ts';
import { LogError } from './errors.ts';
import { maxEntriesFor } from './offset-index.ts';
import type { LogStorage } from './storage.ts';

export const TIME_INDEX_ENTRY_SIZE = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex {
  readonly maxEntries: number;
  private timestamps = new Float64Array(16);
  private relativeOffsets = new Int32Array(16);
  private count = 0;
  private readonly scratch = new Uint8Array(TIME_INDEX_ENTRY_SIZE);

  constructor(
    private readonly storage: LogStorage,
    readonly path: string,
    readonly baseOffset: number,
    maxIndexSize: number,
  ) {
    this.maxEntries = maxEntriesFor(maxIndexSize, TIME_INDEX_ENTRY_SIZE);
    if (storage.exists(path)) storage.delete(path);
    storage.create(path);
  }

  get entries(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries - 1;
  }

  /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
  lastEntry(): TimestampOffset {
    if (this.count === 0) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    return { timestamp: this.timestamps[this.count - 1]!, offset: this.baseOffset + this.relativeOffsets[this.count - 1]! };
  }

  entry(n: number): TimestampOffset {
    if (n < 0 || n >= this.count) throw new RangeError(`time index ${this.path} has no entry ${n}`);
    return { timestamp: this.timestamps[n]!, offset: this.baseOffset + this.relativeOffsets[n]! };
  }

  /**
   * Appends (timestamp, offset) only if the timestamp is larger than the last one (`TimeIndex.maybeAppend`).
   * `skipFullCheck` is for the entry written when the segment is rolled.
   */
  maybeAppend(timestamp: number, offset: number, skipFullCheck: boolean = false): void {
    if (!skipFullCheck && this.isFull()) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Attempt to append to a full time index (size = ${this.count}).`, 'IllegalArgumentException');
    }
    const last = this.lastEntry();
    if (this.count !== 0 && offset < last.offset) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Attempt to append an offset (${offset}) to slot ${this.count} no larger than the last offset appended (${last.offset}) to ${this.path}`, 'InvalidOffsetException');
    }
    if (this.count !== 0 && timestamp < last.timestamp) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Attempt to append a timestamp (${timestamp}) to slot ${this.count} no larger than the last timestamp appended (${last.timestamp}) to ${this.path}`, 'IllegalStateException');
    }
    if (timestamp <= last.timestamp) return;
    if (this.count === this.timestamps.length) this.grow();
    const relative = offset - this.baseOffset;
    this.timestamps[this.count] = timestamp;
    this.relativeOffsets[this.count] = relative;
    this.count++;
    writeInt64(this.scratch, 0, timestamp);
    writeInt32(this.scratch, 8, relative);
    this.storage.append(this.path, this.scratch);
  }

  /** Greatest entry with timestamp <= target, or (NO_TIMESTAMP, baseOffset) if there is none. */
  lookup(targetTimestamp: number): TimestampOffset {
    let lo = 0;
    let hi = this.count - 1;
    let slot = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! <= targetTimestamp) {
        slot = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (slot < 0) return { timestamp: NO_TIMESTAMP, offset: this.baseOffset };
    return { timestamp: this.timestamps[slot]!, offset: this.baseOffset + this.relativeOffsets[slot]! };
  }

  /** Removes every entry whose offset is >= `offset`; the search is on offsets, not timestamps. */
  truncateTo(offset: number): void {
    const relative = offset - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let slot = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relativeOffsets[mid]! <= relative) {
        slot = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let keep: number;
    if (slot < 0) keep = 0;
    else if (this.relativeOffsets[slot] === relative) keep = slot;
    else keep = slot + 1;
    this.truncateToEntries(keep);
  }

  reset(): void {
    this.truncateToEntries(0);
  }

  delete(): void {
    this.storage.delete(this.path);
  }

  private truncateToEntries(entries: number): void {
    if (entries >= this.count) return;
    this.count = entries;
    this.storage.truncate(this.path, entries * TIME_INDEX_ENTRY_SIZE);
  }

  private grow(): void {
    const timestamps = new Float64Array(this.timestamps.length * 2);
    timestamps.set(this.timestamps);
    this.timestamps = timestamps;
    const relativeOffsets = new Int32Array(this.relativeOffsets.length * 2);
    relativeOffsets.set(this.relativeOffsets);
    this.relativeOffsets = relativeOffsets;
  }
}
