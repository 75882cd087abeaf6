// A KRaft controller: one voter of the metadata quorum (KIP-595), as an actor.
//
// Roles follow KRaft's QuorumState: Unattached, Prospective (KIP-996 pre-vote, when
// config.preVote), Candidate, Leader, Follower and Resigned. Elections, replication by follower
// Fetch (KRaft is pull-based: the leader learns each follower's end offset from its fetches),
// divergence truncation and the commit rule live here and in the small modules beside it.
//
// Plain code rather than an xstate machine: every transition is guarded by data (epochs, votes,
// log comparisons) and carries per-role data (vote tallies, replica progress, parked fetches);
// written as a machine it would be a thin shell around the same functions, with a second clock
// to bridge. Timers are kernel timers (TimerSlots), so everything runs on the simulation clock.
//
// Durable across crashes: the log and the election record (the quorum-state file: epoch, leader,
// vote). Everything else, lingering proposals included, is lost; a restart replays the committed
// log to the listener from offset 0 (there are no snapshots).
import type { Actor, ActorContext, NodeId } from '../../kernel/types.ts';
import { invalidArgument } from '../../kernel/errors.ts';
import { resolveQuorumConfig, type QuorumConfig } from './config.ts';
import type { ElectionRecord, QuorumRole } from './election.ts';
import type { QuorumEvent } from './events.ts';
import { LeaderState } from './leader-state.ts';
import { MetadataLog, type MetadataLogView } from './metadata-log.ts';
import { QuorumFailure } from './errors.ts';
import { controllerNode, isQuorumMessage, NO_LEADER, type FetchRequest, type QuorumErrorName, type QuorumRequest, type QuorumResponse } from './messages.ts';
import type { MetadataRecord, MetadataRecordBody } from './records.ts';
import { CommittedRecords } from './replica-fetch.ts';
import type {
  ControllerCore,
  ControllerDescription,
  ControllerNodeOptions,
  FetchBody,
  LeaderAndEpoch,
  ProposeResult,
  QuorumDescription,
  QuorumListener,
} from './controller-types.ts';
import { RequestManager } from './request-manager.ts';
import { TimerSlots } from './timer-slots.ts';
import { ElectionDriver } from './election-driver.ts';
import { LeaderDriver } from './leader-driver.ts';
import { FollowerDriver } from './follower-driver.ts';
import { bound } from '../../snapshot/bound.ts';

export class ControllerNode implements Actor, ControllerCore {
  readonly id: NodeId;
  readonly nodeId: number;
  readonly voters: readonly number[];
  readonly config: QuorumConfig;
  readonly log: MetadataLog;
  readonly committed: CommittedRecords;
  readonly timers = new TimerSlots('quorum-timer');
  readonly requests: RequestManager;
  private currentRole: QuorumRole = 'unattached';
  private durable: ElectionRecord = { epoch: 0, leaderId: null, votedFor: null };
  private lastAnnounced: LeaderAndEpoch = { leaderId: null, epoch: 0 };
  private context: ActorContext | null = null;
  private incarnations = 0;
  private readonly listener: QuorumListener | null;
  private readonly electionDriver: ElectionDriver;
  private readonly leaderDriver: LeaderDriver;
  private readonly followerDriver: FollowerDriver;

  constructor(options: ControllerNodeOptions) {
    const voters = [...options.voters];
    if (voters.length === 0 || new Set(voters).size !== voters.length || !voters.every((v) => Number.isSafeInteger(v) && v >= 0)) {
      throw invalidArgument(`controller voters must be distinct non-negative integers, got [${voters.join(', ')}]`);
    }
    if (!voters.includes(options.nodeId)) {
      throw invalidArgument(`controller ${options.nodeId} is not one of the voters [${voters.join(', ')}]`);
    }
    this.nodeId = options.nodeId;
    this.id = controllerNode(options.nodeId);
    this.voters = voters.sort((a, b) => a - b);
    this.config = resolveQuorumConfig(options.config);
    this.listener = options.listener ?? null;
    this.log = new MetadataLog(this.id, this.config.maxLogRecords);
    this.committed = new CommittedRecords(this.id, this.log, bound<(records: readonly MetadataRecord[]) => void>(this, 'deliver'));
    this.requests = new RequestManager(this.timers, this.config.requestTimeoutMs);
    this.electionDriver = new ElectionDriver(this);
    this.leaderDriver = new LeaderDriver(this);
    this.followerDriver = new FollowerDriver(this);
  }

  /** Newly committed records, to the listener. */
  private deliver(records: readonly MetadataRecord[]): void {
    this.listener?.onCommit(records);
  }

  get hasFetchedFromLeader(): boolean {
    return this.followerDriver.hasFetchedFromLeader;
  }

  get role(): QuorumRole {
    return this.currentRole;
  }

  get election(): Readonly<ElectionRecord> {
    return this.durable;
  }

  /** The log, read-only, for snapshots and invariant checks. */
  get metadataLog(): MetadataLogView {
    return this.log;
  }

  get highWatermark(): number {
    return this.committed.highWatermark;
  }

  isActiveController(): boolean {
    return this.currentRole === 'leader';
  }

  /** The offset the next proposal's first record will get; null unless this node leads. */
  nextWriteOffset(): number | null {
    const state = this.leaderDriver.leaderState;
    if (this.currentRole !== 'leader' || state === null) return null;
    return this.log.endOffset + state.pending.length;
  }

  leaderAndEpoch(): LeaderAndEpoch {
    return { leaderId: this.durable.leaderId, epoch: this.durable.epoch };
  }

  describe(): ControllerDescription {
    return {
      id: this.nodeId,
      node: this.id,
      role: this.currentRole,
      epoch: this.durable.epoch,
      leaderId: this.durable.leaderId,
      votedFor: this.durable.votedFor,
      logEndOffset: this.log.endOffset,
      lastFetchedEpoch: this.log.lastFetchedEpoch,
      highWatermark: this.committed.highWatermark,
    };
  }

  /** The leader's view of every replica (Kafka's DescribeQuorum); null unless this node leads. */
  describeQuorum(): QuorumDescription | null {
    const state = this.leaderDriver.leaderState;
    if (state === null) return null;
    return {
      leaderId: this.nodeId,
      leaderEpoch: state.epoch,
      highWatermark: this.committed.highWatermark,
      voters: [...state.voterProgress].map(([replicaId, p]) => ({
        replicaId,
        logEndOffset: replicaId === this.nodeId ? this.log.endOffset : p.endOffset,
        lastFetchMs: replicaId === this.nodeId ? null : Number.isFinite(p.lastFetchMs) ? p.lastFetchMs : null,
      })),
      observers: [...state.observers.values()].map((o) => ({ replicaId: o.replicaId, node: o.node, logEndOffset: o.endOffset, lastFetchMs: o.lastFetchMs })),
    };
  }

  /**
   * Appends records through the quorum, if this node is the active controller. They linger for
   * controller.quorum.append.linger.ms, are appended, replicated by the followers' fetches and
   * committed once a majority has them. Call it on a running node only.
   */
  propose(records: readonly MetadataRecordBody[]): ProposeResult {
    if (this.currentRole !== 'leader' || this.context === null) {
      return { ok: false, error: 'NOT_CONTROLLER', leaderId: this.durable.leaderId, epoch: this.durable.epoch };
    }
    const { baseOffset, lastOffset } = this.leaderDriver.propose(this.context, records);
    return { ok: true, epoch: this.durable.epoch, baseOffset, lastOffset };
  }

  // --- the actor ---

  start(ctx: ActorContext): void {
    this.context = ctx;
    this.timers.forgetAll();
    this.requests.forget();
    this.leaderDriver.forget();
    this.electionDriver.forget();
    this.committed.restart();
    this.currentRole = 'unattached';
    this.lastAnnounced = { leaderId: null, epoch: 0 };
    if (this.incarnations++ > 0) this.listener?.onRestart?.();
    this.emit(ctx, { type: 'controller-started', controller: this.nodeId, epoch: this.durable.epoch, logEndOffset: this.log.endOffset });
    this.initialize(ctx);
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    if (!isQuorumMessage(message)) return;
    if (message.kind === 'quorum-request') {
      this.handleRequest(ctx, from, message);
    } else if (this.requests.accept(ctx, from, message)) {
      this.handleResponse(ctx, from, message);
    }
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (!this.timers.owns(payload)) return;
    const name = this.timers.take(payload);
    if (name === null) return;
    const timedOut = this.requests.timedOut(name);
    if (timedOut !== null) {
      this.requestFailed(ctx, timedOut.destination, timedOut.api);
    } else if (name.startsWith('retry:')) {
      const [, api, destination] = name.split(':') as [string, QuorumRequest['api'], NodeId];
      this.requestFailed(ctx, destination, api);
    } else if (this.currentRole === 'leader') {
      this.leaderDriver.onTimer(ctx, name);
    } else if (this.currentRole === 'follower') {
      this.followerDriver.onTimer(ctx, name);
    } else {
      this.electionDriver.onTimer(ctx, name);
    }
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    const api = this.requests.fail(ctx, peer);
    if (api === null) return;
    this.requests.backOff(peer, ctx.nowMs, this.config.retryBackoffMs);
    this.timers.set(ctx, `retry:${api}:${peer}`, this.config.retryBackoffMs);
  }

  // --- dispatch ---

  private handleRequest(ctx: ActorContext, from: NodeId, request: QuorumRequest): void {
    switch (request.api) {
      case 'Vote':
        this.electionDriver.onVoteRequest(ctx, from, request);
        break;
      case 'BeginQuorumEpoch':
        if (request.leaderEpoch < this.durable.epoch) return this.respond(ctx, from, request, 'FENCED_LEADER_EPOCH');
        this.maybeTransition(ctx, request.leaderId, request.leaderEpoch);
        this.respond(ctx, from, request, 'NONE');
        break;
      case 'EndQuorumEpoch':
        if (request.leaderEpoch < this.durable.epoch) return this.respond(ctx, from, request, 'FENCED_LEADER_EPOCH');
        this.maybeTransition(ctx, request.leaderId, request.leaderEpoch);
        if (this.currentRole === 'follower' && this.durable.leaderId === request.leaderId) {
          this.followerDriver.onEndQuorumEpoch(ctx, request.preferredSuccessors);
        }
        this.respond(ctx, from, request, 'NONE');
        break;
      case 'Fetch':
        this.handleFetch(ctx, from, request);
        break;
    }
  }

  private handleResponse(ctx: ActorContext, from: NodeId, response: QuorumResponse): void {
    switch (response.api) {
      case 'Vote':
        if (this.handleCommonResponse(ctx, response) || response.error !== 'NONE') return;
        this.electionDriver.onVoteResponse(ctx, from, response);
        break;
      case 'BeginQuorumEpoch':
        this.handleCommonResponse(ctx, response);
        break;
      case 'EndQuorumEpoch':
        if (this.handleCommonResponse(ctx, response) || response.error !== 'NONE') return;
        this.electionDriver.onEndQuorumEpochAcknowledged(from);
        break;
      case 'Fetch':
        this.followerDriver.onFetchResponse(ctx, from, response);
        break;
    }
  }

  private requestFailed(ctx: ActorContext, destination: NodeId, api: QuorumRequest['api']): void {
    if (api === 'Fetch') this.followerDriver.onFetchFailed(ctx, destination);
    else if (api === 'Vote' || api === 'EndQuorumEpoch') this.electionDriver.onRequestFailed(ctx, destination, api);
    // BeginQuorumEpoch: the leader re-sends on its own schedule.
  }

  private handleFetch(ctx: ActorContext, from: NodeId, request: FetchRequest): void {
    if (request.fetchOffset < 0 || request.lastFetchedEpoch < 0 || request.lastFetchedEpoch > request.currentLeaderEpoch || request.maxWaitMs < 0) {
      return this.respond(ctx, from, request, 'INVALID_REQUEST', { highWatermark: -1, records: [], divergingEpoch: null });
    }
    const error = this.leaderOnlyError(request.currentLeaderEpoch);
    if (error !== null) return this.respond(ctx, from, request, error, { highWatermark: -1, records: [], divergingEpoch: null });
    this.leaderDriver.onFetch(ctx, from, request);
  }

  /** KafkaRaftClient.validateLeaderOnlyRequest. */
  private leaderOnlyError(requestEpoch: number): QuorumErrorName | null {
    if (requestEpoch < this.durable.epoch) return 'FENCED_LEADER_EPOCH';
    if (requestEpoch > this.durable.epoch) return 'UNKNOWN_LEADER_EPOCH';
    if (this.currentRole !== 'leader') return 'NOT_LEADER_OR_FOLLOWER';
    return null;
  }

  respond(ctx: ActorContext, to: NodeId, request: QuorumRequest, error: QuorumErrorName, extra: object = {}): void {
    const response = {
      kind: 'quorum-response',
      api: request.api,
      correlationId: request.correlationId,
      error,
      leaderId: this.durable.leaderId ?? NO_LEADER,
      leaderEpoch: this.durable.epoch,
      ...extra,
    } as QuorumResponse;
    ctx.send(to, response);
  }

  /** Fetch responses too: exposed for the drivers. */
  respondFetch(ctx: ActorContext, to: NodeId, request: Pick<FetchRequest, 'correlationId'>, error: QuorumErrorName, body: FetchBody): void {
    this.respond(ctx, to, { api: 'Fetch', correlationId: request.correlationId } as FetchRequest, error, body);
  }

  // --- common response handling and transitions ---

  handleCommonResponse(ctx: ActorContext, response: QuorumResponse): boolean {
    const epoch = this.durable.epoch;
    if (response.leaderEpoch < epoch || response.error === 'UNKNOWN_LEADER_EPOCH') return true;
    const leaderId = response.leaderId >= 0 ? response.leaderId : null;
    if (response.leaderEpoch > epoch || response.error === 'FENCED_LEADER_EPOCH' || response.error === 'NOT_LEADER_OR_FOLLOWER') {
      this.maybeTransition(ctx, leaderId, response.leaderEpoch);
      return true;
    }
    if (leaderId !== null && this.durable.leaderId === null && leaderId !== this.nodeId) {
      this.toFollower(ctx, epoch, leaderId);
      return response.error !== 'NONE';
    }
    return false;
  }

  maybeTransition(ctx: ActorContext, leaderId: number | null, epoch: number): void {
    const current = this.durable;
    if (epoch === current.epoch && leaderId !== null && current.leaderId !== null && leaderId !== current.leaderId) {
      throw new QuorumFailure('SAFETY', `${this.id}: leader ${leaderId} in epoch ${epoch}, but ${current.leaderId} leads it here`);
    }
    if (epoch > current.epoch) {
      if (leaderId !== null && leaderId !== this.nodeId) this.toFollower(ctx, epoch, leaderId);
      else this.toUnattached(ctx, epoch, null);
    } else if (epoch === current.epoch && leaderId !== null && current.leaderId === null && leaderId !== this.nodeId) {
      this.toFollower(ctx, epoch, leaderId);
    }
  }

  /** QuorumState.initialize: resume from the quorum-state file and the log. */
  private initialize(ctx: ActorContext): void {
    const stored = this.durable;
    if (stored.epoch < this.log.lastFetchedEpoch) {
      this.toUnattached(ctx, this.log.lastFetchedEpoch, null);
    } else if (stored.leaderId === this.nodeId) {
      // A leader comes back Resigned in its epoch: it must not vote in it, nor write in it again.
      this.toResigned(ctx, 'restarted-as-leader', []);
    } else if (stored.votedFor === this.nodeId && stored.leaderId === null) {
      this.toCandidate(ctx, true);
    } else if (stored.leaderId !== null) {
      this.toFollower(ctx, stored.epoch, stored.leaderId);
    } else {
      this.toUnattached(ctx, stored.epoch, null);
    }
    // A single voter elects itself at once (KafkaRaftClient.initialize).
    if (this.voters.length === 1 && this.currentRole !== 'candidate' && this.currentRole !== 'leader') {
      if (this.config.preVote) this.toProspective(ctx);
      else this.toCandidate(ctx);
    }
  }

  /** Leaves the current role: its timers and requests go; a leader's parked fetches are answered after. */
  private leave(ctx: ActorContext, to: QuorumRole): () => void {
    const from = this.currentRole;
    this.timers.cancelAll(ctx);
    this.requests.reset(ctx);
    this.electionDriver.forget();
    this.followerDriver.forget();
    const finishLeader = from === 'leader' ? this.leaderDriver.leave(ctx) : () => {};
    this.currentRole = to;
    return () => {
      finishLeader();
      if (from !== to) this.emit(ctx, { type: 'controller-state-changed', controller: this.nodeId, from, to, epoch: this.durable.epoch, leader: this.durable.leaderId });
      this.announceLeader();
    };
  }

  toUnattached(ctx: ActorContext, epoch: number, leaderId: number | null, electionTimeoutMs?: number): void {
    const wasLeader = this.currentRole === 'leader';
    const timeoutMs = electionTimeoutMs ?? this.electionDriver.remainingElectionMs(ctx.nowMs) ?? undefined;
    const done = this.leave(ctx, 'unattached');
    if (wasLeader) this.emit(ctx, { type: 'controller-leadership-lost', epoch: this.durable.epoch, leader: this.nodeId, newEpoch: epoch });
    const votedFor = epoch === this.durable.epoch ? this.durable.votedFor : null;
    this.durable = { epoch, leaderId, votedFor };
    this.electionDriver.armElectionTimeout(ctx, timeoutMs);
    done();
  }

  toFollower(ctx: ActorContext, epoch: number, leaderId: number): void {
    if (leaderId === this.nodeId) throw new QuorumFailure('SAFETY', `${this.id}: asked to follow itself in epoch ${epoch}`);
    const wasLeader = this.currentRole === 'leader';
    if (wasLeader && epoch === this.durable.epoch) {
      throw new QuorumFailure('SAFETY', `${this.id}: leader of epoch ${epoch} told that ${leaderId} leads it`);
    }
    const done = this.leave(ctx, 'follower');
    if (wasLeader) this.emit(ctx, { type: 'controller-leadership-lost', epoch: this.durable.epoch, leader: this.nodeId, newEpoch: epoch });
    const votedFor = epoch === this.durable.epoch ? this.durable.votedFor : null;
    this.durable = { epoch, leaderId, votedFor };
    done();
    this.followerDriver.begin(ctx);
  }

  toProspective(ctx: ActorContext): void {
    const retries = this.currentRole === 'candidate' ? this.electionDriver.retries + 1 : 1;
    const done = this.leave(ctx, 'prospective');
    done();
    this.electionDriver.beginPreVote(ctx, retries);
  }

  toCandidate(ctx: ActorContext, resume = false): void {
    let retries = 1;
    if (!resume && this.config.preVote) retries = this.currentRole === 'prospective' ? this.electionDriver.retries : 1;
    else if (!resume) retries = this.currentRole === 'candidate' ? this.electionDriver.retries + 1 : 1;
    const done = this.leave(ctx, 'candidate');
    this.durable = { epoch: resume ? this.durable.epoch : this.durable.epoch + 1, leaderId: null, votedFor: this.nodeId };
    done();
    this.electionDriver.beginElection(ctx, retries);
  }

  toLeader(ctx: ActorContext, grantingVoters: number[]): void {
    const done = this.leave(ctx, 'leader');
    this.durable = { epoch: this.durable.epoch, leaderId: this.nodeId, votedFor: this.nodeId };
    this.emit(ctx, { type: 'controller-elected', epoch: this.durable.epoch, leader: this.nodeId, votes: grantingVoters });
    done();
    this.leaderDriver.begin(ctx, new LeaderState(this.durable.epoch, this.nodeId, this.voters, this.log.endOffset, grantingVoters, this.config, ctx.nowMs));
  }

  toResigned(ctx: ActorContext, reason: 'check-quorum' | 'restarted-as-leader', successors: number[]): void {
    const done = this.leave(ctx, 'resigned');
    this.emit(ctx, { type: 'controller-resigned', epoch: this.durable.epoch, leader: this.nodeId, reason });
    done();
    this.electionDriver.beginResigned(ctx, successors);
  }

  /** A binding vote in the current epoch, written to the quorum-state file before the answer goes. */
  setVotedFor(candidate: number): void {
    this.durable = { ...this.durable, votedFor: candidate };
  }

  emit(ctx: ActorContext, event: QuorumEvent): void {
    ctx.emit(event);
  }

  private announceLeader(): void {
    const { leaderId, epoch } = this.durable;
    if (leaderId === this.lastAnnounced.leaderId && epoch === this.lastAnnounced.epoch) return;
    this.lastAnnounced = { leaderId, epoch };
    this.listener?.onLeaderChange?.({ leaderId, epoch });
  }
}
