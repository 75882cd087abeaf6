// The active controller: the leader of the quorum's epoch (KafkaRaftClient.onBecomeLeader,
// pollLeader, handleFetchRequest). It writes a LeaderChange record first, appends proposals after
// controller.quorum.append.linger.ms, serves the followers' and observers' fetches (parking those
// that find nothing new for up to their maxWaitMs), advances the high watermark as fetches report
// progress, writes a NoOp every metadata.max.idle.interval.ms, re-sends BeginQuorumEpoch to
// voters that do not fetch, and resigns when a majority stops fetching (check-quorum).
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { ControllerCore } from './controller-types.ts';
import type { LeaderState } from './leader-state.ts';
import { controllerNode, type FetchRequest, type FetchResponse } from './messages.ts';
import type { MetadataRecord, MetadataRecordBody } from './records.ts';
import { QuorumFailure } from './errors.ts';

const FETCH_WAIT_PREFIX = 'fetch-wait:';

type FetchQuery = Pick<FetchRequest, 'correlationId' | 'replicaId' | 'currentLeaderEpoch' | 'fetchOffset' | 'lastFetchedEpoch'>;

export class LeaderDriver {
  private state: LeaderState | null = null;

  constructor(private readonly core: ControllerCore) {}

  /** The leader's view, for snapshots; null when not leading. */
  get leaderState(): LeaderState | null {
    return this.state;
  }

  forget(): void {
    this.state = null;
  }

  begin(ctx: ActorContext, state: LeaderState): void {
    const core = this.core;
    this.state = state;
    // The high watermark can only move once a record of the new epoch is replicated, so the
    // leader writes one at once: the LeaderChange control record (KIP-595).
    this.append(ctx, [{ type: 'LeaderChange', leaderId: core.nodeId, voters: [...core.voters], grantingVoters: [...state.grantingVoters] }]);
    this.sendBeginQuorumEpoch(ctx);
    if (core.voters.length > 1) core.timers.set(ctx, 'check-quorum', state.checkQuorumTimeoutMs);
    if (core.config.metadataMaxIdleIntervalMs > 0) core.timers.set(ctx, 'noop', core.config.metadataMaxIdleIntervalMs);
  }

  /** Leadership ends: lingering proposals are lost; returns what to do once the new role is set. */
  leave(ctx: ActorContext): () => void {
    const state = this.state;
    this.state = null;
    if (state === null) return () => {};
    if (state.pending.length > 0) {
      this.core.emit(ctx, { type: 'metadata-proposals-dropped', epoch: state.epoch, records: state.pending.length });
    }
    const parked = [...state.parked.values()];
    state.parked.clear();
    // Parked fetches fail with NOT_LEADER_OR_FOLLOWER, carrying the new epoch and leader.
    return () => {
      for (const fetch of parked) this.core.respondFetch(ctx, fetch.from, fetch, 'NOT_LEADER_OR_FOLLOWER', { highWatermark: -1, records: [], divergingEpoch: null });
    };
  }

  propose(ctx: ActorContext, records: readonly MetadataRecordBody[]): { baseOffset: number; lastOffset: number } {
    const state = this.requireState();
    const core = this.core;
    if (state.pending.length + records.length > core.config.maxPendingRecords) {
      throw new QuorumFailure('PENDING_FULL', `${controllerNode(core.nodeId)}: more than ${core.config.maxPendingRecords} proposals waiting for the linger`);
    }
    const baseOffset = core.log.endOffset + state.pending.length;
    state.pending.push(...records);
    if (records.length > 0 && !core.timers.isArmed('linger')) core.timers.set(ctx, 'linger', core.config.appendLingerMs);
    return { baseOffset, lastOffset: baseOffset + records.length - 1 };
  }

  onTimer(ctx: ActorContext, name: string): void {
    const state = this.requireState();
    const core = this.core;
    if (name === 'linger') {
      const bodies = state.pending.splice(0);
      if (bodies.length > 0) this.append(ctx, bodies);
    } else if (name === 'noop') {
      core.timers.set(ctx, 'noop', core.config.metadataMaxIdleIntervalMs);
      this.propose(ctx, [{ type: 'NoOp' }]);
    } else if (name === 'check-quorum') {
      if (state.checkQuorumExpired(ctx.nowMs)) core.toResigned(ctx, 'check-quorum', state.successorsByDescendingFetchOffset());
      else core.timers.set(ctx, 'check-quorum', state.checkQuorumDeadlineMs - ctx.nowMs);
    } else if (name === 'begin-quorum-epoch') {
      this.sendBeginQuorumEpoch(ctx);
    } else if (name.startsWith(FETCH_WAIT_PREFIX)) {
      const parked = state.parked.get(Number(name.slice(FETCH_WAIT_PREFIX.length)));
      if (parked === undefined) return;
      state.parked.delete(parked.id);
      this.answer(ctx, parked.from, parked);
    }
  }

  /** A valid Fetch of the current epoch (the caller checked epoch and role). */
  onFetch(ctx: ActorContext, from: NodeId, request: FetchRequest): void {
    const state = this.requireState();
    const response = this.tryComplete(ctx, from, request);
    if (response.records.length > 0 || response.divergingEpoch !== null || request.maxWaitMs === 0) {
      this.core.respondFetch(ctx, from, request, 'NONE', response);
      return;
    }
    const parked = state.park({ from, correlationId: request.correlationId, replicaId: request.replicaId, currentLeaderEpoch: request.currentLeaderEpoch, fetchOffset: request.fetchOffset, lastFetchedEpoch: request.lastFetchedEpoch });
    this.core.timers.set(ctx, FETCH_WAIT_PREFIX + parked.id, request.maxWaitMs);
  }

  private answer(ctx: ActorContext, to: NodeId, fetch: FetchQuery): void {
    this.core.respondFetch(ctx, to, fetch, 'NONE', this.tryComplete(ctx, to, fetch));
  }

  /** Validates the fetcher's log against ours, records its progress, reads what follows (tryCompleteFetchRequest). */
  private tryComplete(ctx: ActorContext, from: NodeId, fetch: FetchQuery): Pick<FetchResponse, 'highWatermark' | 'records' | 'divergingEpoch'> {
    const state = this.requireState();
    const log = this.core.log;
    const validation = log.validateOffsetAndEpoch(fetch.fetchOffset, fetch.lastFetchedEpoch);
    if (!validation.valid) {
      return { highWatermark: state.highWatermark ?? -1, records: [], divergingEpoch: { epoch: validation.diverging.epoch, endOffset: validation.diverging.offset } };
    }
    if (state.updateReplica(from, fetch.replicaId, fetch.fetchOffset, ctx.nowMs)) this.onHighWatermark(ctx);
    const records = log.slice(fetch.fetchOffset, fetch.fetchOffset + this.core.config.maxRecordsPerFetch);
    return { highWatermark: state.highWatermark ?? -1, records, divergingEpoch: null };
  }

  private append(ctx: ActorContext, bodies: readonly MetadataRecordBody[]): void {
    const state = this.requireState();
    const core = this.core;
    const baseOffset = core.log.endOffset;
    const records = bodies.map((body, i): MetadataRecord => ({ ...body, offset: baseOffset + i, epoch: state.epoch }));
    core.log.append(records);
    core.emit(ctx, { type: 'metadata-appended', epoch: state.epoch, baseOffset, lastOffset: core.log.endOffset - 1, records: bodies.map((b) => b.type) });
    if (state.updateLocal(core.log.endOffset)) this.onHighWatermark(ctx);
    // The log grew: parked fetches that were waiting for it complete now.
    for (const parked of [...state.parked.values()]) {
      if (parked.fetchOffset >= core.log.endOffset || this.state !== state) continue;
      state.parked.delete(parked.id);
      core.timers.cancel(ctx, FETCH_WAIT_PREFIX + parked.id);
      this.answer(ctx, parked.from, parked);
    }
  }

  private onHighWatermark(ctx: ActorContext): void {
    const state = this.requireState();
    const highWatermark = state.highWatermark!;
    const committed = this.core.committed.advance(highWatermark);
    if (committed > 0) this.core.emit(ctx, { type: 'metadata-committed', epoch: state.epoch, highWatermark, records: committed });
  }

  private sendBeginQuorumEpoch(ctx: ActorContext): void {
    const state = this.requireState();
    const core = this.core;
    for (const voter of state.votersNeedingBeginQuorumEpoch(ctx.nowMs)) {
      const destination = controllerNode(voter);
      if (!core.requests.isReady(destination, ctx.nowMs)) continue;
      core.requests.send(ctx, destination, { api: 'BeginQuorumEpoch', leaderId: core.nodeId, leaderEpoch: state.epoch });
    }
    if (core.voters.length > 1) core.timers.set(ctx, 'begin-quorum-epoch', state.beginQuorumEpochTimeoutMs);
  }

  private requireState(): LeaderState {
    if (this.state === null) throw new QuorumFailure('SAFETY', `${controllerNode(this.core.nodeId)} acted as leader while not leading`);
    return this.state;
  }
}
