// The sparse offset index of a segment (AK `OffsetIndex`): 8-byte entries, relativeOffset int32
// (offset - baseOffset) then position int32 (byte position in the .log), both increasing. A lookup
// returns the greatest entry at or below the target; the log is then scanned forward from there.
// Entries live in the `.index` file in Kafka's layout, mirrored in typed arrays for the searches.

import { writeInt32 } from './bytes.ts';
import { LogError } from './errors.ts';
import type { LogStorage } from './storage.ts';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

/** `AbstractIndex`: maxIndexSize is rounded down to whole entries. */
export function maxEntriesFor(maxIndexSize: number, entrySize: number): number {
  return Math.floor(Math.max(0, maxIndexSize) / entrySize);
}

export class OffsetIndex {
  readonly maxEntries: number;
  private relativeOffsets = new Int32Array(16);
  private positions = new Int32Array(16);
  private count = 0;
  private readonly scratch = new Uint8Array(OFFSET_INDEX_ENTRY_SIZE);

  constructor(
    private readonly storage: LogStorage,
    readonly path: string,
    readonly baseOffset: number,
    maxIndexSize: number,
  ) {
    this.maxEntries = maxEntriesFor(maxIndexSize, OFFSET_INDEX_ENTRY_SIZE);
    // Always starts empty: an existing file is rebuilt from the log by segment recovery.
    if (storage.exists(path)) storage.delete(path);
    storage.create(path);
  }

  get entries(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /** Offset of the last entry, or the base offset when empty (`OffsetIndex.lastOffset`). */
  lastOffset(): number {
    return this.count === 0 ? this.baseOffset : this.baseOffset + this.relativeOffsets[this.count - 1]!;
  }

  /** `AbstractIndex.canAppendOffset`: the offset must be expressible as a non-negative int32 relative offset. */
  canAppendOffset(offset: number): boolean {
    const relative = offset - this.baseOffset;
    return relative >= 0 && relative <= 2147483647;
  }

  entry(n: number): OffsetPosition {
    if (n < 0 || n >= this.count) throw new RangeError(`offset index ${this.path} has no entry ${n}`);
    return { offset: this.baseOffset + this.relativeOffsets[n]!, position: this.positions[n]! };
  }

  append(offset: number, position: number): void {
    if (this.isFull()) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Attempt to append to a full index (size = ${this.count}).`, 'IllegalArgumentException');
    }
    if (this.count > 0 && offset <= this.lastOffset()) {
      throw new LogError(
        'UNKNOWN_SERVER_ERROR',
        `Attempt to append an offset (${offset}) to position ${this.count} no larger than the last offset appended (${this.lastOffset()}) to ${this.path}.`,
        'InvalidOffsetException',
      );
    }
    if (!this.canAppendOffset(offset)) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `offset ${offset} overflows the relative offsets of segment ${this.baseOffset}`, 'IndexOffsetOverflowException');
    }
    if (this.count === this.relativeOffsets.length) this.grow();
    const relative = offset - this.baseOffset;
    this.relativeOffsets[this.count] = relative;
    this.positions[this.count] = position;
    this.count++;
    writeInt32(this.scratch, 0, relative);
    writeInt32(this.scratch, 4, position);
    this.storage.append(this.path, this.scratch);
  }

  /** Greatest entry with offset <= target, or (baseOffset, 0) if there is none. */
  lookup(targetOffset: number): OffsetPosition {
    const slot = this.largestLowerBoundSlot(targetOffset - this.baseOffset);
    if (slot < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.relativeOffsets[slot]!, position: this.positions[slot]! };
  }

  /** Removes every entry whose offset is >= `offset` (`OffsetIndex.truncateTo`). */
  truncateTo(offset: number): void {
    const relative = offset - this.baseOffset;
    const slot = this.largestLowerBoundSlot(relative);
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
    this.storage.truncate(this.path, entries * OFFSET_INDEX_ENTRY_SIZE);
  }

  private largestLowerBoundSlot(relativeTarget: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relativeOffsets[mid]! <= relativeTarget) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private grow(): void {
    const relativeOffsets = new Int32Array(this.relativeOffsets.length * 2);
    relativeOffsets.set(this.relativeOffsets);
    this.relativeOffsets = relativeOffsets;
    const positions = new Int32Array(this.positions.length * 2);
    positions.set(this.positions);
    this.positions = positions;
  }
}
