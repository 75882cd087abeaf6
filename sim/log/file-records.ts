// The `.log` file of a segment (AK `FileRecords`): whole batches one after another. Searches walk
// batch headers only; the single exception is the timestamp search, which walks the records of the
// one batch that may hold the answer.

import { BASE_OFFSET_OFFSET, LAST_OFFSET_DELTA_OFFSET, LENGTH_OFFSET, LOG_OVERHEAD, MAX_TIMESTAMP_OFFSET, PARTITION_LEADER_EPOCH_OFFSET, RECORD_BATCH_OVERHEAD } from './batch-header.ts';
import { readInt32, readInt64 } from './bytes.ts';
import { walkRecords } from './record-walk.ts';
import type { LogStorage } from './storage.ts';

/** A batch located in a file: its offsets, position and size (`FileRecords.LogOffsetPosition`). */
export interface BatchLocation {
  baseOffset: number;
  lastOffset: number;
  position: number;
  sizeBytes: number;
}

export interface TimestampAndOffset {
  timestamp: number;
  offset: number;
  /** Partition leader epoch of the batch holding the record, null if the batch has none. */
  leaderEpoch: number | null;
}

/** Bytes of consecutive whole batches from a position, and the offset after the last one. */
export interface BatchRun {
  length: number;
  nextOffset: number;
}

const EMPTY = new Uint8Array(0);

export class FileRecords {
  private size = 0;

  /** Opens `path`, creating it empty when `create`; an existing file keeps its bytes. */
  constructor(
    private readonly storage: LogStorage,
    readonly path: string,
    create: boolean,
  ) {
    if (create) storage.create(path);
    else this.size = storage.size(path);
  }

  get sizeInBytes(): number {
    return this.size;
  }

  /** Appends a copy of `bytes`; returns the position they start at. */
  append(bytes: Uint8Array): number {
    const position = this.storage.append(this.path, bytes);
    this.size += bytes.length;
    return position;
  }

  write(position: number, bytes: Uint8Array): void {
    this.storage.write(this.path, position, bytes);
  }

  /** Bytes [position, position + length), a view when they came from one append. */
  slice(position: number, length: number): Uint8Array {
    return length === 0 ? EMPTY : this.storage.read(this.path, position, length);
  }

  /** The 61-byte header of the batch at `position` (every stored batch is at least that long). */
  header(position: number): Uint8Array {
    return this.storage.read(this.path, position, RECORD_BATCH_OVERHEAD);
  }

  truncateTo(size: number): void {
    this.storage.truncate(this.path, size);
    this.size = Math.min(this.size, size);
  }

  delete(): void {
    this.storage.delete(this.path);
  }

  /** Calls `visit` with the header and position of every batch from `position` on; stops when it returns true. */
  forEachBatch(position: number, visit: (header: Uint8Array, position: number, sizeBytes: number) => boolean | void): void {
    for (let p = position; p < this.size; ) {
      const h = this.header(p);
      const sizeBytes = LOG_OVERHEAD + readInt32(h, LENGTH_OFFSET);
      if (visit(h, p, sizeBytes) === true) return;
      p += sizeBytes;
    }
  }

  /** The first batch, from `startingPosition`, whose last offset is >= `targetOffset` (`searchForOffsetWithSize`). */
  searchForOffsetWithSize(targetOffset: number, startingPosition: number): BatchLocation | null {
    let found: BatchLocation | null = null;
    this.forEachBatch(startingPosition, (h, position, sizeBytes) => {
      const baseOffset = readInt64(h, BASE_OFFSET_OFFSET);
      const lastOffset = baseOffset + readInt32(h, LAST_OFFSET_DELTA_OFFSET);
      if (lastOffset < targetOffset) return false;
      found = { baseOffset, lastOffset, position, sizeBytes };
      return true;
    });
    return found;
  }

  /**
   * Whole batches from `position` while they end before `maxOffset` and fit in `maxSize` bytes; the
   * first one even when larger if `minOneMessage` (KIP-74).
   */
  wholeBatches(position: number, maxSize: number, maxOffset: number, minOneMessage: boolean): BatchRun {
    const run: BatchRun = { length: 0, nextOffset: -1 };
    this.forEachBatch(position, (h, _p, sizeBytes) => {
      const lastOffset = readInt64(h, BASE_OFFSET_OFFSET) + readInt32(h, LAST_OFFSET_DELTA_OFFSET);
      if (lastOffset >= maxOffset) return true;
      if (run.length + sizeBytes > maxSize && !(run.length === 0 && minOneMessage)) return true;
      run.length += sizeBytes;
      run.nextOffset = lastOffset + 1;
      return false;
    });
    return run;
  }

  /** The first record with timestamp >= target and offset >= `startingOffset`, from `startingPosition` (`searchForTimestamp`). */
  searchForTimestamp(targetTimestamp: number, startingPosition: number, startingOffset: number): TimestampAndOffset | null {
    let found: TimestampAndOffset | null = null;
    this.forEachBatch(startingPosition, (h, position, sizeBytes) => {
      if (readInt64(h, MAX_TIMESTAMP_OFFSET) < targetTimestamp) return false;
      const epoch = readInt32(h, PARTITION_LEADER_EPOCH_OFFSET);
      walkRecords(this.slice(position, sizeBytes), 0, readInt64(h, BASE_OFFSET_OFFSET), (offset, timestamp) => {
        if (timestamp < targetTimestamp || offset < startingOffset) return false;
        found = { timestamp, offset, leaderEpoch: epoch >= 0 ? epoch : null };
        return true;
      });
      return found !== null;
    });
    return found;
  }
}
