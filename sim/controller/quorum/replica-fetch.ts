// What every fetching replica does with the leader's answers — voters as followers and brokers as
// observers alike (KafkaRaftClient.handleFetchResponse): truncate on a diverging epoch, append what
// came, learn the high watermark, and hand newly committed records to the listener in order.
import type { FetchRequest, FetchResponse } from './messages.ts';
import type { MetadataRecord } from './records.ts';
import { QuorumFailure } from './errors.ts';
import type { MetadataLog, MetadataLogView } from './metadata-log.ts';

/** Hands committed records, in offset order and each once, to a listener. */
export class CommittedRecords {
  private hw = 0;
  private delivered = 0;

  constructor(
    private readonly owner: string,
    private readonly log: MetadataLogView,
    private readonly deliver: (records: readonly MetadataRecord[]) => void,
  ) {}

  /** Everything below it is committed. 0 after a (re)start until the leader tells (Kafka: unknown). */
  get highWatermark(): number {
    return this.hw;
  }

  /** Offset of the next record the listener will get. */
  get deliveredUpTo(): number {
    return this.delivered;
  }

  /** Moves the high watermark to `highWatermark` and delivers; returns how many records became committed. */
  advance(highWatermark: number): number {
    if (highWatermark < this.hw) {
      // FollowerState.updateHighWatermark refuses this too: committed data would be uncommitted.
      throw new QuorumFailure('SAFETY', `${this.owner}: high watermark would go back from ${this.hw} to ${highWatermark}`);
    }
    if (highWatermark > this.log.endOffset) {
      throw new QuorumFailure('SAFETY', `${this.owner}: high watermark ${highWatermark} past the log end ${this.log.endOffset}`);
    }
    const advanced = highWatermark - this.hw;
    this.hw = highWatermark;
    if (this.delivered < this.hw) {
      const records = this.log.slice(this.delivered, this.hw);
      this.delivered = this.hw;
      this.deliver(records);
    }
    return advanced;
  }

  /** A restart: the high watermark is unknown again and the listener replays the log from 0. */
  restart(): void {
    this.hw = 0;
    this.delivered = 0;
  }
}

/** The fetch a replica sends: from its log end, with the epoch of its last record, to check they agree. */
export function buildFetchRequest(log: MetadataLogView, replicaId: number, epoch: number, maxWaitMs: number): Omit<FetchRequest, 'kind' | 'correlationId'> {
  return {
    api: 'Fetch',
    replicaId,
    currentLeaderEpoch: epoch,
    fetchOffset: log.endOffset,
    lastFetchedEpoch: log.lastFetchedEpoch,
    maxWaitMs,
  };
}

export type FetchOutcome =
  | { kind: 'truncated'; fromOffset: number; toOffset: number }
  | { kind: 'appended'; records: number; committed: number };

/** Applies a successful (error NONE) Fetch response of the current leader to `log`. */
export function applyFetchResponse(owner: string, log: MetadataLog, committed: CommittedRecords, response: FetchResponse): FetchOutcome {
  if (response.divergingEpoch !== null) {
    const fromOffset = log.endOffset;
    if (response.divergingEpoch.endOffset < committed.highWatermark) {
      throw new QuorumFailure('SAFETY', `${owner}: leader asked to truncate to ${response.divergingEpoch.endOffset}, below the high watermark ${committed.highWatermark}`);
    }
    const toOffset = log.truncateToEndOffset({ epoch: response.divergingEpoch.epoch, offset: response.divergingEpoch.endOffset });
    if (toOffset < committed.highWatermark) {
      throw new QuorumFailure('SAFETY', `${owner}: truncation to ${toOffset} would drop committed records (high watermark ${committed.highWatermark})`);
    }
    return { kind: 'truncated', fromOffset, toOffset };
  }
  if (response.records.length > 0) log.append(response.records);
  // The follower's high watermark: the leader's, but never past what it holds itself.
  const newlyCommitted = response.highWatermark >= 0 ? committed.advance(Math.min(log.endOffset, response.highWatermark)) : 0;
  return { kind: 'appended', records: response.records.length, committed: newlyCommitted };
}
