// Leader epoch -> start offset, the table a replica uses to find where its log diverges from a new
// leader's (KIP-101/KIP-279; AK `LeaderEpochFileCache`). Entries strictly increase in both epoch and
// start offset. It is kept in the partition directory as `leader-epoch-checkpoint`, in the text
// format of `LeaderEpochCheckpointFile`: a version line (0), a count line, then "epoch offset" lines.

import { LogError } from './errors.ts';
import { joinPath, type LogStorage } from './storage.ts';

export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

/** `OffsetsForLeaderEpoch` answer; UNDEFINED (-1, -1) when the epoch is unknown. */
export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

const encoder = new TextEncoder();

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];
  private readonly path: string;

  constructor(
    private readonly storage: LogStorage,
    dir: string,
  ) {
    this.path = joinPath(dir, LEADER_EPOCH_CHECKPOINT_FILE);
    // Like Kafka's CheckpointFile, the file exists from the start, empty until an epoch is known.
    if (!storage.exists(this.path)) this.flush();
  }

  list(): EpochEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  latestEpoch(): number | null {
    return this.entries.at(-1)?.epoch ?? null;
  }

  /**
   * Records that `epoch` starts at `startOffset` (`LeaderEpochFileCache.assign`): a no-op when the
   * latest entry already says so, otherwise entries that would break monotonicity are dropped first.
   */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0 || startOffset < 0) {
      throw new LogError('UNKNOWN_SERVER_ERROR', `Received invalid partition leader epoch entry EpochEntry(epoch=${epoch}, startOffset=${startOffset})`, 'IllegalArgumentException');
    }
    const latest = this.entries.at(-1);
    if (latest !== undefined && latest.epoch === epoch && startOffset >= latest.startOffset) return;
    while (this.entries.length > 0) {
      const last = this.entries.at(-1)!;
      if (last.epoch >= epoch || last.startOffset >= startOffset) this.entries.pop();
      else break;
    }
    this.entries.push({ epoch, startOffset });
    this.flush();
  }

  /**
   * `LeaderEpochFileCache.endOffsetFor`: the latest epoch ends at the LEO; an older one where the
   * next known epoch starts; an epoch older than all known ones where the first known one starts.
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const undefinedAnswer = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH) return undefinedAnswer;
    if (this.latestEpoch() === requestedEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const higher = this.entries.find((e) => e.epoch > requestedEpoch);
    if (higher === undefined) return undefinedAnswer;
    let floor: EpochEntry | undefined;
    for (const e of this.entries) if (e.epoch <= requestedEpoch) floor = e;
    return { epoch: floor === undefined ? requestedEpoch : floor.epoch, endOffset: higher.startOffset };
  }

  /** Drops entries starting at or after `endOffset` (log truncation). */
  truncateFromEnd(endOffset: number): void {
    const before = this.entries.length;
    while (this.entries.length > 0 && this.entries.at(-1)!.startOffset >= endOffset) this.entries.pop();
    if (this.entries.length !== before) this.flush();
  }

  /** Drops entries before a new log start offset, keeping the epoch in force there, moved to it. */
  truncateFromStart(startOffset: number): void {
    let removed: EpochEntry | undefined;
    while (this.entries.length > 0 && this.entries[0]!.startOffset <= startOffset) removed = this.entries.shift();
    if (removed === undefined) return;
    this.entries.unshift({ epoch: removed.epoch, startOffset });
    this.flush();
  }

  clear(): void {
    this.entries = [];
    this.flush();
  }

  /** Deletes the checkpoint file (the log is being deleted). */
  delete(): void {
    if (this.storage.exists(this.path)) this.storage.delete(this.path);
  }

  private flush(): void {
    const text = `0\n${this.entries.length}\n${this.entries.map((e) => `${e.epoch} ${e.startOffset}\n`).join('')}`;
    if (this.storage.exists(this.path)) this.storage.truncate(this.path, 0);
    else this.storage.create(this.path);
    this.storage.append(this.path, encoder.encode(text));
  }
}
