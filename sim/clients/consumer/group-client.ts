// The consumer's side of its group that does not depend on the rebalance protocol: finding the
// group coordinator (FindCoordinator, retried after retry.backoff.ms, looked up again after
// NOT_COORDINATOR or a lost connection), fetching committed offsets (OffsetFetch) and committing
// (OffsetCommit) — synchronously (retried until default.api.timeout.ms while the error is
// retriable, as commitSync does) or asynchronously (never retried, as commitAsync).
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import { isRetriable } from '../../protocol/errors.ts';
import type { FindCoordinatorResponse, OffsetCommitResponse, OffsetFetchResponse } from '../../protocol/group-messages.ts';
import type { EngineEvent } from '../../events.ts';
import { brokerNode } from '../../broker/node-id.ts';
import type { NetworkClient, RequestOutcome } from '../network-client.ts';
import { bound } from '../../snapshot/bound.ts';

/** reconnect.backoff.max.ms: how long a broker whose connection failed is passed over. */
const RECONNECT_BACKOFF_MAX_MS = 1000;

export interface OffsetToCommit {
  partition: number;
  offset: number;
  leaderEpoch: number;
}

/** Who commits: the group's generation (classic) or member epoch (KIP-848), or -1 outside a group. */
export interface CommitIdentity {
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface GroupClientTimer {
  kind: 'find-coordinator' | 'commit-retry';
  id?: number;
}

export type CommitOutcome = { ok: true } | { ok: false; error: KafkaErrorName };

/** What an OffsetFetch found: committed offset and leader epoch per partition, or null when it failed. */
export type CommittedOffsetsCallback = (offsets: Map<number, { offset: number; leaderEpoch: number }> | null) => void;

interface PendingCommit {
  id: number;
  offsets: OffsetToCommit[];
  identity: () => CommitIdentity | KafkaErrorName;
  sync: boolean;
  deadlineMs: number;
  done: (outcome: CommitOutcome) => void;
}

export class GroupClient {
  coordinator: NodeId | null = null;
  /** When the current coordinator was found (-Infinity before). */
  foundAtMs = -Infinity;
  private coordinatorId = -1;
  /** Brokers whose connection just failed: skipped for reconnect.backoff.max.ms (leastLoadedNode). */
  private readonly unreachableUntil = new Map<number, number>();
  private finding = false;
  private brokerIndex = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly commitsWaiting = new Map<number, PendingCommit>();
  private nextCommitId = 1;

  constructor(
    readonly groupId: string,
    private readonly consumer: string,
    private readonly topic: string,
    private readonly network: NetworkClient,
    private readonly brokers: () => number[],
    private readonly retryBackoffMs: number,
    private readonly apiTimeoutMs: number,
    /** Told when a commit was acknowledged (the checker's record of commits). */
    private readonly onCommitted: (offsets: readonly OffsetToCommit[]) => void,
  ) {}

  /** The coordinator's broker id, -1 while unknown. */
  get coordinatorBroker(): number {
    return this.coordinatorId;
  }

  /** Runs `then` once a coordinator is known, looking it up if needed (ensureCoordinatorReady). */
  withCoordinator(ctx: ActorContext, then: () => void): void {
    if (this.coordinator !== null) return then();
    this.waiting.push(then);
    this.findCoordinator(ctx);
  }

  /** markCoordinatorUnknown: the next request looks it up again. */
  markUnknown(ctx: ActorContext, error: string): void {
    if (this.coordinator === null) return;
    ctx.emit({ type: 'coordinator-lost', consumer: this.consumer, group: this.groupId, broker: this.coordinatorId, error } satisfies EngineEvent);
    const old = this.coordinator;
    this.coordinator = null;
    this.coordinatorId = -1;
    // AbstractCoordinator.markCoordinatorUnknown disconnects: requests still waiting on the old
    // coordinator (a heartbeat, a commit) fail now instead of at their timeout.
    this.network.disconnect(ctx, old);
  }

  /** Whether `error` means the coordinator moved or is gone; marks it unknown if so. */
  coordinatorError(ctx: ActorContext, error: KafkaErrorName | 'REQUEST_TIMED_OUT' | 'NETWORK_EXCEPTION'): boolean {
    if (error === 'NOT_COORDINATOR' || error === 'COORDINATOR_NOT_AVAILABLE' || error === 'REQUEST_TIMED_OUT' || error === 'NETWORK_EXCEPTION') {
      this.markUnknown(ctx, error);
      return true;
    }
    return false;
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    const broker = /^broker-(\d+)$/.exec(peer);
    if (broker) this.unreachableUntil.set(Number(broker[1]), ctx.nowMs + RECONNECT_BACKOFF_MAX_MS);
    if (peer === this.coordinator) this.markUnknown(ctx, 'NETWORK_EXCEPTION');
  }

  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    const timer = payload as Partial<GroupClientTimer>;
    if (timer?.kind === 'find-coordinator') {
      this.finding = false;
      this.findCoordinator(ctx);
      return true;
    }
    if (timer?.kind === 'commit-retry') {
      const commit = this.commitsWaiting.get(timer.id!);
      if (commit) this.sendCommit(commit, ctx);
      return true;
    }
    return false;
  }

  private findCoordinator(ctx: ActorContext): void {
    if (this.finding) return;
    const all = this.brokers();
    if (all.length === 0) return;
    const reachable = all.filter((b) => (this.unreachableUntil.get(b) ?? -Infinity) <= ctx.nowMs);
    const brokers = reachable.length > 0 ? reachable : all;
    this.finding = true;
    const broker = brokers[this.brokerIndex++ % brokers.length]!;
    this.network.send<FindCoordinatorResponse>(
      ctx,
      brokerNode(broker),
      { api: 'FindCoordinator', keyType: 0, key: this.groupId },
      bound<(outcome: RequestOutcome<FindCoordinatorResponse>) => void>(this, 'onFindCoordinatorResponse', broker, ctx),
    );
  }

  private onFindCoordinatorResponse(broker: number, ctx: ActorContext, outcome: RequestOutcome<FindCoordinatorResponse>): void {
    if (!outcome.ok || outcome.body.error !== 'NONE') {
      if (!outcome.ok) this.unreachableUntil.set(broker, ctx.nowMs + RECONNECT_BACKOFF_MAX_MS);
      ctx.setTimer(this.retryBackoffMs, { kind: 'find-coordinator' } satisfies GroupClientTimer);
      return;
    }
    this.finding = false;
    this.foundAtMs = ctx.nowMs;
    this.coordinatorId = outcome.body.nodeId;
    this.coordinator = outcome.body.node;
    ctx.emit({ type: 'coordinator-found', consumer: this.consumer, group: this.groupId, broker: outcome.body.nodeId } satisfies EngineEvent);
    for (const then of this.waiting.splice(0)) then();
  }

  /** OffsetFetch for `partitions`: the committed offsets, -1 where there is none. */
  fetchCommitted(ctx: ActorContext, partitions: readonly number[], done: CommittedOffsetsCallback): void {
    this.withCoordinator(ctx, bound(this, 'sendOffsetFetch', ctx, partitions, done));
  }

  private sendOffsetFetch(ctx: ActorContext, partitions: readonly number[], done: CommittedOffsetsCallback): void {
    const node = this.coordinator!;
    this.network.send<OffsetFetchResponse>(
      ctx,
      node,
      { api: 'OffsetFetch', groupId: this.groupId, topics: [{ name: this.topic, partitions: [...partitions] }] },
      bound<(outcome: RequestOutcome<OffsetFetchResponse>) => void>(this, 'onOffsetFetchResponse', ctx, done),
    );
  }

  private onOffsetFetchResponse(ctx: ActorContext, done: CommittedOffsetsCallback, outcome: RequestOutcome<OffsetFetchResponse>): void {
    if (!outcome.ok) {
      this.coordinatorError(ctx, outcome.error);
      return done(null);
    }
    if (outcome.body.error !== 'NONE') {
      this.coordinatorError(ctx, outcome.body.error);
      return done(null);
    }
    const offsets = new Map<number, { offset: number; leaderEpoch: number }>();
    for (const t of outcome.body.topics) for (const p of t.partitions) offsets.set(p.partition, { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch });
    done(offsets);
  }

  /**
   * OffsetCommit. `identity` is read when the request leaves (the generation may change while the
   * coordinator is looked up); it returns an error when the member may not commit now.
   */
  commit(ctx: ActorContext, offsets: OffsetToCommit[], sync: boolean, identity: () => CommitIdentity | KafkaErrorName, done: (outcome: CommitOutcome) => void): void {
    const commit: PendingCommit = { id: this.nextCommitId++, offsets, identity, sync, deadlineMs: ctx.nowMs + this.apiTimeoutMs, done };
    this.commitsWaiting.set(commit.id, commit);
    this.sendCommit(commit, ctx);
  }

  private sendCommit(commit: PendingCommit, ctx: ActorContext): void {
    this.withCoordinator(ctx, bound(this, 'sendCommitRequest', commit, ctx));
  }

  private sendCommitRequest(commit: PendingCommit, ctx: ActorContext): void {
    const who = commit.identity();
    if (typeof who === 'string') return this.finishCommit(commit, ctx, who);
    const node = this.coordinator!;
    const request = {
      api: 'OffsetCommit' as const,
      groupId: this.groupId,
      ...who,
      topics: [{ name: this.topic, partitions: commit.offsets.map((o) => ({ partition: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: '' })) }],
    };
    this.network.send<OffsetCommitResponse>(ctx, node, request, bound<(outcome: RequestOutcome<OffsetCommitResponse>) => void>(this, 'onCommitResponse', commit, ctx));
  }

  private onCommitResponse(commit: PendingCommit, ctx: ActorContext, outcome: RequestOutcome<OffsetCommitResponse>): void {
    const error: KafkaErrorName = !outcome.ok ? outcome.error : (outcome.body.topics.flatMap((t) => t.partitions).find((p) => p.error !== 'NONE')?.error ?? 'NONE');
    if (error !== 'NONE') this.coordinatorError(ctx, error);
    // commitSync retries what is retriable until default.api.timeout.ms; commitAsync never retries.
    if (error !== 'NONE' && commit.sync && isRetriable(error) && ctx.nowMs + this.retryBackoffMs < commit.deadlineMs) {
      ctx.setTimer(this.retryBackoffMs, { kind: 'commit-retry', id: commit.id } satisfies GroupClientTimer);
      return;
    }
    this.finishCommit(commit, ctx, error);
  }

  private finishCommit(commit: PendingCommit, ctx: ActorContext, error: KafkaErrorName): void {
    this.commitsWaiting.delete(commit.id);
    if (error === 'NONE') {
      this.onCommitted(commit.offsets);
      return commit.done({ ok: true });
    }
    ctx.emit({ type: 'commit-failed', consumer: this.consumer, group: this.groupId, error, offsets: commit.offsets.length } satisfies EngineEvent);
    commit.done({ ok: false, error });
  }
}
