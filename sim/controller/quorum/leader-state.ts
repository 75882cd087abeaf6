// What the leader of an epoch tracks (KRaft LeaderState): every voter's end offset as learnt from
// its fetches, the high watermark, the check-quorum window and the BeginQuorumEpoch schedule.
import type { NodeId } from '../../kernel/types.ts';
import type { MetadataRecordBody } from './records.ts';
import { CHECK_QUORUM_TIMEOUT_FACTOR, type QuorumConfig } from './config.ts';

interface ReplicaProgress {
  /** Null until the replica's first valid fetch in this epoch. */
  endOffset: number | null;
  lastFetchMs: number;
}

export interface ObserverProgress {
  node: NodeId;
  replicaId: number;
  endOffset: number;
  lastFetchMs: number;
}

/** A fetch the leader parks until its log grows or the fetch's maxWaitMs passes (the fetch purgatory). */
export interface ParkedFetch {
  id: number;
  from: NodeId;
  correlationId: number;
  replicaId: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  lastFetchedEpoch: number;
}

export class LeaderState {
  readonly voterProgress = new Map<number, ReplicaProgress>();
  readonly observers = new Map<NodeId, ObserverProgress>();
  /** Null until a majority has the epoch's first record (see updateHighWatermark). */
  highWatermark: number | null = null;
  /** Voters that fetched during the current check-quorum window. */
  private readonly fetchedVoters = new Set<number>();
  checkQuorumDeadlineMs: number;
  readonly checkQuorumTimeoutMs: number;
  readonly beginQuorumEpochTimeoutMs: number;
  /** Proposals waiting for controller.quorum.append.linger.ms; their offsets are already given. */
  readonly pending: MetadataRecordBody[] = [];
  readonly parked = new Map<number, ParkedFetch>();
  private nextParkId = 1;

  constructor(
    readonly epoch: number,
    readonly selfId: number,
    readonly voters: readonly number[],
    /** Offset of the epoch's LeaderChange record. */
    readonly epochStartOffset: number,
    readonly grantingVoters: readonly number[],
    config: QuorumConfig,
    nowMs: number,
  ) {
    for (const voter of voters) this.voterProgress.set(voter, { endOffset: null, lastFetchMs: -Infinity });
    this.checkQuorumTimeoutMs = Math.floor(config.fetchTimeoutMs * CHECK_QUORUM_TIMEOUT_FACTOR);
    this.beginQuorumEpochTimeoutMs = Math.floor(config.fetchTimeoutMs / 2);
    this.checkQuorumDeadlineMs = nowMs + this.checkQuorumTimeoutMs;
  }

  get majority(): number {
    return Math.floor(this.voters.length / 2) + 1;
  }

  /** The leader's own end offset moved (an append). Returns true if the high watermark advanced. */
  updateLocal(endOffset: number): boolean {
    this.voterProgress.get(this.selfId)!.endOffset = endOffset;
    return this.updateHighWatermark();
  }

  /**
   * A valid fetch from `replicaId` at `fetchOffset`: everything before it is on that replica.
   * Returns true if the high watermark advanced. Observers count for nothing but the picture.
   */
  updateReplica(node: NodeId, replicaId: number, fetchOffset: number, nowMs: number): boolean {
    const voter = this.voterProgress.get(replicaId);
    if (voter === undefined || replicaId === this.selfId) {
      this.observers.set(node, { node, replicaId, endOffset: fetchOffset, lastFetchMs: nowMs });
      return false;
    }
    voter.endOffset = fetchOffset;
    voter.lastFetchMs = nowMs;
    this.fetchedVoters.add(replicaId);
    // The leader counts itself: the window closes when the others of a majority have fetched.
    if (this.fetchedVoters.size >= this.majority - 1) {
      this.fetchedVoters.clear();
      this.checkQuorumDeadlineMs = nowMs + this.checkQuorumTimeoutMs;
    }
    return this.updateHighWatermark();
  }

  /** Check-quorum: never for a single voter, else when a majority has not fetched in time. */
  checkQuorumExpired(nowMs: number): boolean {
    return this.voters.length > 1 && nowMs >= this.checkQuorumDeadlineMs;
  }

  /** Voters that have not fetched for beginQuorumEpochTimeoutMs (LeaderState.needToSendBeginQuorumRequests). */
  votersNeedingBeginQuorumEpoch(nowMs: number): number[] {
    return this.voters.filter(
      (voter) => voter !== this.selfId && nowMs - this.voterProgress.get(voter)!.lastFetchMs >= this.beginQuorumEpochTimeoutMs,
    );
  }

  /** Other voters, furthest ahead first (LeaderState.nonLeaderVotersByDescendingFetchOffset). */
  successorsByDescendingFetchOffset(): number[] {
    return this.voters
      .filter((voter) => voter !== this.selfId)
      .map((voter) => ({ voter, progress: this.voterProgress.get(voter)! }))
      .sort(
        (a, b) =>
          (b.progress.endOffset ?? -1) - (a.progress.endOffset ?? -1) ||
          b.progress.lastFetchMs - a.progress.lastFetchMs ||
          a.voter - b.voter,
      )
      .map(({ voter }) => voter);
  }

  park(fetch: Omit<ParkedFetch, 'id'>): ParkedFetch {
    const parked = { ...fetch, id: this.nextParkId++ };
    this.parked.set(parked.id, parked);
    return parked;
  }

  /**
   * The high watermark is the largest offset a majority of voters (the leader counts) has reached,
   * and only once that includes a record of this epoch: a leader must commit one of its own
   * records before it exposes older ones (LeaderState.maybeUpdateHighWatermark). It never goes back.
   */
  private updateHighWatermark(): boolean {
    const offsets = [...this.voterProgress.values()].map((p) => p.endOffset ?? -1).sort((a, b) => b - a);
    const candidate = offsets[Math.floor(this.voters.length / 2)]!;
    if (candidate <= this.epochStartOffset) return false;
    if (this.highWatermark !== null && candidate <= this.highWatermark) return false;
    this.highWatermark = candidate;
    return true;
  }
}
