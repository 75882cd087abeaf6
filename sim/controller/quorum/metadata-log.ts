// One replica's copy of the metadata log: records at contiguous offsets from 0, each stamped with
// the epoch of the leader that wrote it, and the epoch history derived from them (Kafka's
// leader-epoch cache). It survives crashes: KRaft voters flush before they acknowledge (a
// follower flushes after each append, the leader before counting its own offset), so the
// simulator treats every append as durable. There are no snapshots, so the log start is always 0.
import type { MetadataRecord, OffsetAndEpoch } from './records.ts';
import { QuorumFailure } from './errors.ts';

/** What readers outside the quorum (snapshots, invariant checks) may see of a log. */
export interface MetadataLogView {
  readonly endOffset: number;
  readonly lastFetchedEpoch: number;
  recordAt(offset: number): MetadataRecord | undefined;
  /** Records in [from, to). */
  slice(from: number, to: number): readonly MetadataRecord[];
  /** (epoch, start offset) of each epoch present, oldest first. */
  epochHistory(): readonly OffsetAndEpoch[];
}

export type OffsetValidation = { valid: true } | { valid: false; diverging: OffsetAndEpoch };

export class MetadataLog implements MetadataLogView {
  private readonly records: MetadataRecord[] = [];
  /** Start offset of each epoch, in log order (the leader-epoch-checkpoint). */
  private readonly epochs: OffsetAndEpoch[] = [];

  constructor(
    private readonly owner: string,
    private readonly maxRecords: number,
  ) {}

  get endOffset(): number {
    return this.records.length;
  }

  /** Epoch of the last record, 0 for an empty log (KafkaMetadataLog.lastFetchedEpoch). */
  get lastFetchedEpoch(): number {
    return this.epochs.length === 0 ? 0 : this.epochs[this.epochs.length - 1]!.epoch;
  }

  /** (end offset, last epoch): what a Vote request carries and what "up to date" compares. */
  endOffsetAndEpoch(): OffsetAndEpoch {
    return { offset: this.endOffset, epoch: this.lastFetchedEpoch };
  }

  recordAt(offset: number): MetadataRecord | undefined {
    return this.records[offset];
  }

  slice(from: number, to: number): readonly MetadataRecord[] {
    return this.records.slice(from, to);
  }

  epochHistory(): readonly OffsetAndEpoch[] {
    return this.epochs.map((entry) => ({ ...entry }));
  }

  /** Appends records that already carry their offsets (the follower path, and the leader's). */
  append(records: readonly MetadataRecord[]): void {
    if (this.records.length + records.length > this.maxRecords) {
      throw new QuorumFailure('LOG_FULL', `metadata log of ${this.owner} would pass its limit of ${this.maxRecords} records`);
    }
    for (const record of records) {
      if (record.offset !== this.records.length) {
        throw new QuorumFailure('SAFETY', `${this.owner}: append of offset ${record.offset} at end offset ${this.records.length}`);
      }
      const last = this.epochs[this.epochs.length - 1];
      if (last === undefined || last.epoch !== record.epoch) {
        if (last !== undefined && record.epoch < last.epoch) {
          throw new QuorumFailure('SAFETY', `${this.owner}: epoch ${record.epoch} at offset ${record.offset} after epoch ${last.epoch}`);
        }
        this.epochs.push({ epoch: record.epoch, offset: record.offset });
      }
      this.records.push(record);
    }
  }

  /** Drops every record at or after `offset`. */
  truncateTo(offset: number): void {
    if (offset >= this.records.length) return;
    this.records.length = offset;
    while (this.epochs.length > 0 && this.epochs[this.epochs.length - 1]!.offset >= offset) this.epochs.pop();
  }

  /**
   * The largest epoch <= `epoch` in this log and where it ends (ReplicatedLog.endOffsetForEpoch,
   * LeaderEpochFileCache.endOffsetFor): the end offset of an older epoch is the start of the next.
   */
  endOffsetForEpoch(epoch: number): OffsetAndEpoch {
    const latest = this.epochs[this.epochs.length - 1];
    if (latest === undefined || epoch >= latest.epoch) {
      return { epoch: latest === undefined ? 0 : latest.epoch, offset: this.endOffset };
    }
    let higher = 0;
    while (this.epochs[higher]!.epoch <= epoch) higher++;
    const nextStart = this.epochs[higher]!.offset;
    if (higher === 0) return { epoch, offset: nextStart };
    return { epoch: this.epochs[higher - 1]!.epoch, offset: nextStart };
  }

  /** Is a fetcher whose log ends at (offset, epoch) a prefix of this log? (ReplicatedLog.validateOffsetAndEpoch) */
  validateOffsetAndEpoch(fetchOffset: number, lastFetchedEpoch: number): OffsetValidation {
    if (fetchOffset === 0) return { valid: true };
    const end = this.endOffsetForEpoch(lastFetchedEpoch);
    if (end.epoch !== lastFetchedEpoch || end.offset < fetchOffset) return { valid: false, diverging: end };
    return { valid: true };
  }

  /** Truncates after the leader reported a diverging epoch; returns the new end (ReplicatedLog.truncateToEndOffset). */
  truncateToEndOffset(diverging: OffsetAndEpoch): number {
    let offset: number;
    if (diverging.epoch === 0) {
      offset = Math.min(diverging.offset, this.endOffset);
    } else {
      const local = this.endOffsetForEpoch(diverging.epoch);
      offset = local.epoch === diverging.epoch ? Math.min(local.offset, diverging.offset) : local.offset;
    }
    this.truncateTo(offset);
    return offset;
  }
}
