// One replica of one partition on one broker (Kafka's Partition): its log, the high watermark, the
// partition state this broker last learned from the metadata (leader, epochs, replicas, ISR) and, on
// the leader, what it knows of each follower. The rules that decide the high watermark and who is
// in sync live here; the broker does the talking (fetchers, AlterPartition, purgatory).
import type { AppendInfo, PartitionLog } from '../log/index.ts';
import type { PartitionRegistration } from '../controller/cluster-metadata.ts';
import type { TopicConfig } from '../config/topic-config.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import { FollowerState } from './follower-state.ts';
import { ProducerStateManager } from './producer-state.ts';

/** What a replica needs from the broker that hosts it. */
export interface ReplicaHost {
  readonly nowMs: number;
  /** replica.lag.time.max.ms */
  readonly replicaLagTimeMaxMs: number;
  /** KRaft (Partition.isReplicaIsrEligible): registered, not fenced, not shutting down. */
  isReplicaIsrEligible(brokerId: number): boolean;
}

/** An AlterPartition in flight (PendingExpandIsr / PendingShrinkIsr). */
export interface PendingIsrChange {
  kind: 'expand' | 'shrink';
  /** The ISR sent to the controller. */
  proposedIsr: number[];
  /**
   * KIP-497's "maximal ISR": while an expansion is in flight the new member already counts (a stricter
   * HW); while a shrink is in flight the old ISR still does (the shrink may fail).
   */
  maximalIsr: number[];
  /** The brokers added or removed. */
  changed: number[];
  /** Why, for the trace: 'caught-up' or 'lagging'. */
  reason: string;
}

export class PartitionReplica {
  /** The partition state as this broker last applied it; -1 before the first metadata. */
  leader = -1;
  leaderEpoch = -1;
  partitionEpoch = -1;
  replicas: number[];
  /** The committed ISR (the controller's). */
  isr: number[] = [];
  highWatermark = 0;
  /** Where this broker's current leader epoch starts in its log; -1 when it is not the leader. */
  leaderEpochStartOffset = -1;
  pendingIsr: PendingIsrChange | null = null;
  /**
   * The reason of the last ISR change whose AlterPartition answer came before the metadata record
   * that carries it (both travel separately from the controller), for the trace (isr.ts).
   */
  answeredIsrChange: { partitionEpoch: number; reason: string } | null = null;
  /** On the leader: one state per other replica (Partition.remoteReplicasMap). */
  readonly followers = new Map<number, FollowerState>();
  /** The idempotent producers' state, kept in step with the log (UnifiedLog.producerStateManager). */
  readonly producerState: ProducerStateManager;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly brokerId: number,
    readonly log: PartitionLog,
    registration: PartitionRegistration,
    public config: TopicConfig,
    private readonly host: ReplicaHost,
  ) {
    this.replicas = [...registration.replicas];
    this.producerState = new ProducerStateManager(`${topic}-${partition}`);
    // A reopened log (a restarted broker) reads its producers' state back from its batches.
    this.producerState.rebuild(log);
  }

  /** A follower's append of fetched batches (UnifiedLog.appendAsFollower): their producers' state comes with them. */
  appendAsFollower(records: Uint8Array, nowMs: number): AppendInfo {
    const info = this.log.appendAsFollower(records, nowMs);
    this.producerState.updateFromRecords(records.subarray(0, info.sizeBytes));
    return info;
  }

  /** UnifiedLog.truncateTo: the producer state is rebuilt from what is left. Returns whether anything went. */
  truncateTo(targetOffset: number): boolean {
    const truncated = this.log.truncateTo(targetOffset);
    if (truncated) this.producerState.rebuild(this.log);
    return truncated;
  }

  /** UnifiedLog.truncateFullyAndStartAt: an empty log has no producer state. */
  truncateFullyAndStartAt(newOffset: number): void {
    this.log.truncateFullyAndStartAt(newOffset);
    this.producerState.clear();
  }

  get isLeader(): boolean {
    return this.leader === this.brokerId;
  }

  /** min(min.insync.replicas, replication factor): a min ISR above the replica count is not enforced beyond it. */
  get effectiveMinIsr(): number {
    return Math.min(this.config.minInsyncReplicas, this.replicas.length);
  }

  /** Partition.isUnderMinIsr, on the committed ISR. */
  get isUnderMinIsr(): boolean {
    return this.isLeader && this.isr.length < this.effectiveMinIsr;
  }

  get maximalIsr(): readonly number[] {
    return this.pendingIsr?.maximalIsr ?? this.isr;
  }

  /**
   * Partition.makeLeader. A new leader epoch starts at this log's end (recorded in the leader epoch
   * cache) and resets what the leader knows of its followers. Returns false for a stale update.
   */
  becomeLeader(registration: PartitionRegistration): boolean {
    if (registration.partitionEpoch < this.partitionEpoch) return false;
    const isNewLeader = !this.isLeader;
    const isNewLeaderEpoch = registration.leaderEpoch > this.leaderEpoch;
    this.updateAssignmentAndIsr(registration, true);
    if (isNewLeaderEpoch) {
      const startOffset = this.log.logEndOffset;
      // Cached even before anything is written in it, so that a follower holding a later epoch
      // than anything in this log still finds where to truncate (Partition.makeLeader).
      this.log.assignEpochStartOffset(registration.leaderEpoch, startOffset);
      const now = this.host.nowMs;
      for (const follower of this.followers.values()) follower.reset(now, startOffset, isNewLeader, this.isr.includes(follower.brokerId));
      this.leaderEpoch = registration.leaderEpoch;
      this.leaderEpochStartOffset = startOffset;
    }
    this.partitionEpoch = registration.partitionEpoch;
    this.leader = this.brokerId;
    return true;
  }

  /**
   * Partition.makeFollower. Returns whether the leader epoch changed (the fetcher must restart), or
   * null for a stale update.
   */
  becomeFollower(registration: PartitionRegistration): { isNewLeaderEpoch: boolean; wasLeader: boolean } | null {
    if (registration.partitionEpoch < this.partitionEpoch) return null;
    const wasLeader = this.isLeader;
    const isNewLeaderEpoch = registration.leaderEpoch > this.leaderEpoch;
    this.leader = registration.leader;
    this.leaderEpoch = registration.leaderEpoch;
    this.leaderEpochStartOffset = -1;
    this.partitionEpoch = registration.partitionEpoch;
    this.updateAssignmentAndIsr(registration, false);
    return { isNewLeaderEpoch, wasLeader };
  }

  private updateAssignmentAndIsr(registration: PartitionRegistration, isLeader: boolean): void {
    this.replicas = [...registration.replicas];
    this.isr = [...registration.isr];
    this.pendingIsr = null;
    if (!isLeader) {
      this.followers.clear();
      return;
    }
    for (const id of this.replicas) {
      if (id !== this.brokerId && !this.followers.has(id)) this.followers.set(id, new FollowerState(id));
    }
    for (const id of [...this.followers.keys()]) if (!this.replicas.includes(id)) this.followers.delete(id);
  }

  /**
   * Partition.maybeIncrementLeaderHW: the smallest LEO among the leader and the followers that are
   * in the maximal ISR, or caught up and eligible to join it (so that a catching-up follower is not
   * outrun forever). Frozen while the ISR is smaller than min(min.insync.replicas, RF) — the
   * "strict min ISR" of KAFKA-15583 — and never moves back. Returns true when it advanced.
   */
  maybeIncrementHighWatermark(): boolean {
    if (this.isUnderMinIsr) return false;
    const leaderEndOffset = this.log.logEndOffset;
    let candidate = leaderEndOffset;
    if (this.followers.size > 0) {
      const now = this.host.nowMs;
      const maximal = this.maximalIsr;
      for (const follower of this.followers.values()) {
        if (follower.logEndOffset >= candidate) continue;
        const holdsBack =
          maximal.includes(follower.brokerId) ||
          (follower.isCaughtUp(leaderEndOffset, now, this.host.replicaLagTimeMaxMs) && this.host.isReplicaIsrEligible(follower.brokerId));
        if (holdsBack) candidate = follower.logEndOffset;
      }
    }
    if (candidate <= this.highWatermark) return false;
    this.highWatermark = candidate;
    return true;
  }

  /**
   * Partition.checkEnoughReplicasReachOffset, for a produce with acks=all waiting for `requiredOffset`:
   * done once the HW reaches it; then NOT_ENOUGH_REPLICAS_AFTER_APPEND if the maximal ISR has fallen
   * below the effective min ISR meanwhile.
   */
  checkEnoughReplicasReachOffset(requiredOffset: number): { done: boolean; error: KafkaErrorName } {
    if (!this.isLeader) return { done: false, error: 'NOT_LEADER_OR_FOLLOWER' };
    if (this.highWatermark < requiredOffset) return { done: false, error: 'NONE' };
    return { done: true, error: this.effectiveMinIsr <= this.maximalIsr.length ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' };
  }

  /**
   * Partition.getOutOfSyncReplicas: ISR followers that are not caught up (see FollowerState). None
   * while an AlterPartition is in flight.
   */
  outOfSyncReplicas(): number[] {
    if (this.pendingIsr !== null) return [];
    const now = this.host.nowMs;
    const leaderEndOffset = this.log.logEndOffset;
    return this.isr.filter((id) => {
      if (id === this.brokerId) return false;
      const follower = this.followers.get(id);
      return follower === undefined || !follower.isCaughtUp(leaderEndOffset, now, this.host.replicaLagTimeMaxMs);
    });
  }

  /**
   * Partition.canAddReplicaToIsr && isFollowerInSync: an eligible follower outside the ISR joins
   * once its LEO has reached both the HW and the start of this leader's epoch (so that it cannot
   * become leader without the committed records of this epoch).
   */
  shouldExpandIsrWith(follower: FollowerState): boolean {
    return (
      this.pendingIsr === null &&
      !this.isr.includes(follower.brokerId) &&
      this.host.isReplicaIsrEligible(follower.brokerId) &&
      follower.logEndOffset >= this.highWatermark &&
      this.leaderEpochStartOffset >= 0 &&
      follower.logEndOffset >= this.leaderEpochStartOffset
    );
  }

  /**
   * A follower learns the HW from its leader's Fetch response, bounded by its own log
   * (UnifiedLog.updateHighWatermark): min(leader HW, own LEO), at least the log start offset. It may
   * move back, as a follower's HW may in Kafka. Returns true when it changed.
   */
  updateFollowerHighWatermark(leaderHighWatermark: number): boolean {
    const bounded = Math.max(this.log.logStartOffset, Math.min(leaderHighWatermark, this.log.logEndOffset));
    if (bounded === this.highWatermark) return false;
    this.highWatermark = bounded;
    return true;
  }
}
