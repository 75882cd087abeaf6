// What a power loss takes away. Kafka does not fsync on append (log.flush.interval.messages and
// log.flush.interval.ms are off by default): appended bytes sit in the OS page cache until the
// kernel writes them back — Linux's dirty_expire_centisecs is 30 s — or until Kafka flushes a
// segment when it rolls the next one (UnifiedLog.roll flushes up to the new segment's base).
// A crash of the process loses nothing; a power loss loses what was not yet on disk.
import { PartitionLog, type AppendInfo } from '../log/index.ts';

/** Linux writes dirty pages back once they are this old (vm.dirty_expire_centisecs = 3000). */
export const DIRTY_EXPIRE_MS = 30_000;
/** Appends within this much of each other are written back together (a little later, never sooner). */
const JOURNAL_GRANULARITY_MS = 100;

/** A partition log that knows which of its offsets only live in the page cache. */
export class CachedLog extends PartitionLog {
  /** Appends not yet written back: [append time, log end offset after it], oldest first. */
  private readonly dirty: [number, number][] = [];
  /** Every offset below this is on disk. */
  private durableOffset = this.logEndOffset;

  override appendAsLeader(batchBytes: Uint8Array, leaderEpoch: number, nowMs: number): AppendInfo {
    const info = super.appendAsLeader(batchBytes, leaderEpoch, nowMs);
    this.noteAppend(info, nowMs);
    return info;
  }

  override appendAsFollower(batchBytes: Uint8Array, nowMs: number): AppendInfo {
    const info = super.appendAsFollower(batchBytes, nowMs);
    this.noteAppend(info, nowMs);
    return info;
  }

  override truncateTo(targetOffset: number): boolean {
    const truncated = super.truncateTo(targetOffset);
    this.forgetAbove(this.logEndOffset);
    return truncated;
  }

  override truncateFullyAndStartAt(newOffset: number): void {
    super.truncateFullyAndStartAt(newOffset);
    this.dirty.length = 0;
    this.durableOffset = newOffset;
  }

  /** The first offset a power loss at `nowMs` would take away (the log end offset if none). */
  durableEndOffset(nowMs: number): number {
    this.writeBack(nowMs);
    return Math.min(this.durableOffset, this.logEndOffset);
  }

  /** The power went out: what only the page cache held is gone. Returns the offsets lost. */
  losePageCache(nowMs: number): { fromOffset: number; toOffset: number } | null {
    const durable = this.durableEndOffset(nowMs);
    const end = this.logEndOffset;
    if (durable >= end) return null;
    super.truncateTo(durable);
    this.dirty.length = 0;
    this.durableOffset = this.logEndOffset;
    return { fromOffset: end, toOffset: this.logEndOffset };
  }

  private noteAppend(info: AppendInfo, nowMs: number): void {
    this.writeBack(nowMs);
    // A roll flushes everything before the new segment (UnifiedLog.roll → flushUptoOffsetExclusive).
    if (info.rolled) this.durableOffset = Math.max(this.durableOffset, info.firstOffset);
    // Appends close in time share one entry: the journal stays small at any rate.
    const last = this.dirty.at(-1);
    if (last && nowMs - last[0] < JOURNAL_GRANULARITY_MS) last[1] = this.logEndOffset;
    else this.dirty.push([nowMs, this.logEndOffset]);
  }

  private writeBack(nowMs: number): void {
    while (this.dirty.length > 0 && nowMs - this.dirty[0]![0] >= DIRTY_EXPIRE_MS) {
      this.durableOffset = Math.max(this.durableOffset, this.dirty.shift()![1]);
    }
  }

  private forgetAbove(endOffset: number): void {
    for (const entry of this.dirty) entry[1] = Math.min(entry[1], endOffset);
    this.durableOffset = Math.min(this.durableOffset, endOffset);
  }
}
