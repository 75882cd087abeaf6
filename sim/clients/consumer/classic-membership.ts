// The classic group protocol on the consumer (Kafka's AbstractCoordinator and ConsumerCoordinator):
// JoinGroup (again with the member id after MEMBER_ID_REQUIRED), SyncGroup with the leader's
// assignment computed here by the chosen assignor, heartbeats every heartbeat.interval.ms, a
// LeaveGroup when poll() is not called within max.poll.interval.ms, eager revocation before
// joining or cooperative revocation after the assignment (and a second rebalance).
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { EngineEvent } from '../../events.ts';
import type {
  ConsumerSubscription,
  HeartbeatResponse,
  JoinGroupResponse,
  LeaveGroupResponse,
  SyncGroupResponse,
  TopicPartitionList,
} from '../../protocol/group-messages.ts';
import type { AssignorName } from '../../config/consumer-config.ts';
import { runAssignor } from '../../group/assignors/index.ts';
import type { Membership, MembershipHost } from './membership.ts';
import { MachineState } from '../../state-machine.ts';
import type { RequestOutcome } from '../network-client.ts';
import { bound } from '../../snapshot/bound.ts';
import { classicMemberMachine, type ClassicMemberEvent, type ClassicMemberState } from './member-state-machines.ts';


type Timer = { kind: 'member-heartbeat' } | { kind: 'member-rejoin' };

export class ClassicMembership implements Membership {
  readonly protocol = 'classic' as const;
  memberId = '';
  generation = -1;
  private readonly lifecycle = new MachineState<ClassicMemberState, ClassicMemberEvent>(classicMemberMachine);
  private groupProtocol: AssignorName | null = null;
  private rejoinNeeded = true;
  private rejoinReason = 'the consumer subscribed';
  private rejoinScheduled = false;
  /** onJoinPrepare is revoking (and committing) before the JoinGroup goes. */
  private preparing = false;
  /** The member fell out of its generation: its next poll() gives its partitions up as lost. */
  private partitionsLost: string | null = null;
  private heartbeatArmed = false;
  private heartbeatInFlight = false;
  private lastHeartbeatOkMs = 0;
  private lastHeartbeatSentMs = -Infinity;
  /** The assignment SyncGroup brought while the application was busy: applied at its next poll(). */
  private pendingAssignment: { partitions: number[]; generation: number } | null = null;
  /** The last assignment, which the sticky assignor keeps in its user data (StickyAssignor.memberAssignment). */
  private previousAssignment: number[] = [];
  private previousGeneration = -1;

  constructor(private readonly host: MembershipHost) {}

  /** AbstractCoordinator.MemberState. */
  get state(): ClassicMemberState {
    return this.lifecycle.value;
  }

  private get config() {
    return this.host.config;
  }

  private get cooperative(): boolean {
    return this.config.partitionAssignmentStrategy.every((s) => s === 'cooperative-sticky');
  }

  start(ctx: ActorContext): void {
    this.lastHeartbeatOkMs = ctx.nowMs;
    this.poll(ctx);
  }

  poll(ctx: ActorContext): void {
    if (this.pendingAssignment !== null) {
      const { partitions, generation } = this.pendingAssignment;
      this.pendingAssignment = null;
      this.onJoinComplete(partitions, generation, ctx);
    }
    if (this.rejoinNeeded && !this.preparing && (this.state === 'UNJOINED' || this.state === 'STABLE')) this.joinPrepare(ctx);
  }

  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    const timer = payload as Partial<Timer>;
    if (timer?.kind === 'member-heartbeat') {
      this.heartbeatArmed = false;
      this.heartbeatTick(ctx);
      return true;
    }
    if (timer?.kind === 'member-rejoin') {
      this.rejoinScheduled = false;
      if (this.host.inPoll) this.poll(ctx);
      return true;
    }
    return false;
  }

  onDisconnect(_peer: NodeId, _ctx: ActorContext): void {}

  commitIdentity() {
    // ConsumerCoordinator.sendOffsetCommitRequest: only a stable member commits with its generation;
    // during a rebalance the commit fails with RebalanceInProgressException, out of the group with
    // CommitFailedException (reported as ILLEGAL_GENERATION).
    if (this.state === 'STABLE' && this.generation >= 0) return { generationIdOrMemberEpoch: this.generation, memberId: this.memberId, groupInstanceId: this.config.groupInstanceId };
    return this.state === 'PREPARING_REBALANCE' || this.state === 'COMPLETING_REBALANCE' ? ('REBALANCE_IN_PROGRESS' as const) : ('ILLEGAL_GENERATION' as const);
  }

  onCommitFenced(ctx: ActorContext): void {
    this.resetGeneration(ctx, 'the commit was fenced: the group moved to another generation', false);
  }

  // --- joining ---

  private requestRejoin(reason: string, ctx: ActorContext): void {
    this.rejoinNeeded = true;
    this.rejoinReason = reason;
    this.scheduleRejoin(ctx, 0);
  }

  private scheduleRejoin(ctx: ActorContext, delayMs: number): void {
    if (this.rejoinScheduled) return;
    this.rejoinScheduled = true;
    ctx.setTimer(delayMs, { kind: 'member-rejoin' } satisfies Timer);
  }

  /**
   * ConsumerCoordinator.onJoinPrepare, then JoinGroup once the coordinator is known. The member
   * is still in its generation while it revokes, so what it commits then is accepted.
   */
  private joinPrepare(ctx: ActorContext): void {
    this.preparing = true;
    const owned = this.host.ownedPartitions();
    if (this.partitionsLost !== null) {
      // Out of its generation, the member cannot commit: onPartitionsLost, not onPartitionsRevoked.
      const reason = this.partitionsLost;
      this.partitionsLost = null;
      if (owned.length > 0) {
        this.host.revokePartitions(owned, 'lost', reason, ctx, bound(this, 'joinPrepared', ctx));
        return;
      }
    }
    if (!this.cooperative && owned.length > 0) {
      // Eager protocols stop the world: every partition is revoked before joining.
      this.host.revokePartitions(owned, 'revoked', 'eager rebalance', ctx, bound(this, 'joinPrepared', ctx));
      return;
    }
    this.joinPrepared(ctx);
  }

  /** onJoinPrepare is over: JoinGroup goes once the coordinator is known. */
  private joinPrepared(ctx: ActorContext): void {
    this.preparing = false;
    this.lifecycle.send({ type: 'JOIN_SENT' });
    this.host.group.withCoordinator(ctx, bound(this, 'sendJoin', ctx));
  }

  private subscription(): ConsumerSubscription {
    const list = (partitions: readonly number[]) => (partitions.length > 0 ? [{ topic: this.host.topic, partitions: [...partitions].sort((a, b) => a - b) }] : []);
    // An eager member revoked everything in joinPrepare, so it owns nothing here (Kafka's
    // ConsumerCoordinator clears the assignment first); what it had travels as the sticky userData.
    const subscription: ConsumerSubscription = {
      topics: [this.host.topic],
      ownedPartitions: list(this.host.ownedPartitions()),
      generationId: this.cooperative ? this.generation : this.previousGeneration,
    };
    if (!this.cooperative) subscription.previousAssignment = list(this.previousAssignment);
    return subscription;
  }

  private sendJoin(ctx: ActorContext): void {
    const metadata = this.subscription();
    const body = {
      api: 'JoinGroup' as const,
      groupId: this.host.group.groupId,
      sessionTimeoutMs: this.config.sessionTimeoutMs,
      rebalanceTimeoutMs: this.config.maxPollIntervalMs,
      memberId: this.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocols: this.config.partitionAssignmentStrategy.map((name) => ({ name, metadata })),
      reason: this.rejoinReason,
    };
    // The JoinGroup waits in the coordinator for the whole join phase (AbstractCoordinator:
    // max(request.timeout.ms, rebalance timeout + 5 s)).
    const timeoutMs = Math.max(this.config.requestTimeoutMs, this.config.maxPollIntervalMs + 5000);
    this.host.network.send<JoinGroupResponse>(
      ctx,
      this.host.group.coordinator!,
      body,
      bound<(outcome: RequestOutcome<JoinGroupResponse>) => void>(this, 'onJoinResponse', ctx),
      true,
      timeoutMs,
    );
  }

  private onJoinResponse(ctx: ActorContext, outcome: RequestOutcome<JoinGroupResponse>): void {
    if (this.state !== 'PREPARING_REBALANCE') return;
    if (!outcome.ok) return this.joinFailed(outcome.error, ctx);
    this.handleJoin(outcome.body, ctx);
  }

  private handleJoin(response: JoinGroupResponse, ctx: ActorContext): void {
    const error = response.error;
    if (error === 'MEMBER_ID_REQUIRED') {
      this.memberId = response.memberId;
      this.sendJoin(ctx);
      return;
    }
    if (error !== 'NONE') return this.joinFailed(error, ctx);
    this.memberId = response.memberId;
    this.generation = response.generationId;
    this.groupProtocol = response.protocolName as AssignorName;
    this.lifecycle.send({ type: 'JOINED' });
    this.lastHeartbeatOkMs = ctx.nowMs;
    this.armHeartbeat(ctx);
    const isLeader = response.leader === this.memberId && !response.skipAssignment;
    const assignments = isLeader ? this.computeAssignment(response, ctx) : [];
    if (assignments === null) return;
    const body = {
      api: 'SyncGroup' as const,
      groupId: this.host.group.groupId,
      generationId: this.generation,
      memberId: this.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocolName: response.protocolName ?? '',
      assignments,
    };
    const generation = this.generation;
    this.host.network.send<SyncGroupResponse>(ctx, this.host.group.coordinator!, body, bound<(outcome: RequestOutcome<SyncGroupResponse>) => void>(this, 'onSyncResponse', generation, ctx));
  }

  private onSyncResponse(generation: number, ctx: ActorContext, outcome: RequestOutcome<SyncGroupResponse>): void {
    if (this.generation !== generation || this.state !== 'COMPLETING_REBALANCE') return;
    if (!outcome.ok) return this.joinFailed(outcome.error, ctx);
    this.handleSync(outcome.body, ctx);
  }

  /** The leader runs the group's assignor on every member's subscription (onLeaderElected). */
  private computeAssignment(response: JoinGroupResponse, ctx: ActorContext): { memberId: string; assignment: TopicPartitionList[] }[] | null {
    const count = this.host.partitionCount();
    const topics = new Set(response.members.flatMap((m) => m.metadata.topics));
    const partitions: Record<string, number> = {};
    if (count > 0) partitions[this.host.topic] = count;
    try {
      const result = runAssignor(
        this.groupProtocol!,
        {
          members: response.members.map((m) => ({
            id: m.memberId,
            topics: m.metadata.topics.filter((t) => topics.has(t)),
            // StickyAssignor reads an eager member's userData; CooperativeStickyAssignor reads ownedPartitions.
            owned: ((this.groupProtocol === 'sticky' ? m.metadata.previousAssignment : undefined) ?? m.metadata.ownedPartitions).flatMap((tp) =>
              tp.partitions.map((partition) => ({ topic: tp.topic, partition })),
            ),
            generation: m.metadata.generationId,
            ...(m.groupInstanceId !== null ? { instanceId: m.groupInstanceId } : {}),
          })),
          partitions,
        },
        { missingTopics: 'ignore' },
      );
      return Object.entries(result.assignment).map(([memberId, list]) => ({ memberId, assignment: toTopicLists(list) }));
    } catch (error) {
      this.host.fail(`assignor ${this.groupProtocol} failed: ${(error as Error).message}`, ctx);
      return null;
    }
  }

  private handleSync(response: SyncGroupResponse, ctx: ActorContext): void {
    if (response.error !== 'NONE') return this.joinFailed(response.error, ctx);
    this.lifecycle.send({ type: 'SYNCED' });
    this.rejoinNeeded = false;
    const partitions = response.assignment.filter((tp) => tp.topic === this.host.topic).flatMap((tp) => tp.partitions);
    if (this.host.inPoll) this.onJoinComplete(partitions, this.generation, ctx);
    else this.pendingAssignment = { partitions, generation: this.generation };
  }

  /** ConsumerCoordinator.onJoinComplete: take the new partitions; cooperative revokes what moved. */
  private onJoinComplete(assigned: number[], generation: number, ctx: ActorContext): void {
    if (generation !== this.generation) return;
    this.previousAssignment = [...assigned];
    this.previousGeneration = generation;
    const owned = this.host.ownedPartitions();
    const added = assigned.filter((p) => !owned.includes(p));
    const revoked = owned.filter((p) => !assigned.includes(p));
    if (revoked.length > 0) {
      // KIP-429: give back what moved, then rejoin so that the next round hands it over.
      this.host.revokePartitions(revoked, 'revoked', 'cooperative rebalance', ctx, bound(this, 'onCooperativeRevoke', added, generation, ctx));
      return;
    }
    this.host.assignPartitions(added, generation, ctx);
  }

  /** Cooperative: what moved was given back; take what was added, then rejoin. */
  private onCooperativeRevoke(added: number[], generation: number, ctx: ActorContext): void {
    this.host.assignPartitions(added, generation, ctx);
    this.requestRejoin('need to revoke partitions and re-join', ctx);
  }

  private joinFailed(error: KafkaErrorName | 'REQUEST_TIMED_OUT' | 'NETWORK_EXCEPTION', ctx: ActorContext): void {
    this.lifecycle.send({ type: 'RESET' });
    this.rejoinNeeded = true;
    switch (error) {
      case 'UNKNOWN_MEMBER_ID':
        this.resetGeneration(ctx, `JoinGroup/SyncGroup: ${error}`, true);
        this.scheduleRejoin(ctx, 0);
        return;
      case 'ILLEGAL_GENERATION':
        this.resetGeneration(ctx, `JoinGroup/SyncGroup: ${error}`, false);
        this.scheduleRejoin(ctx, 0);
        return;
      case 'REBALANCE_IN_PROGRESS':
        this.scheduleRejoin(ctx, 0);
        return;
      case 'COORDINATOR_LOAD_IN_PROGRESS':
        this.scheduleRejoin(ctx, this.config.retryBackoffMs);
        return;
      case 'FENCED_INSTANCE_ID':
      case 'INCONSISTENT_GROUP_PROTOCOL':
      case 'INVALID_SESSION_TIMEOUT':
      case 'INVALID_GROUP_ID':
      case 'GROUP_MAX_SIZE_REACHED':
        this.host.fail(`${error}: the group ${JSON.stringify(this.host.group.groupId)} refused this member`, ctx);
        return;
      default:
        this.host.group.coordinatorError(ctx, error);
        this.scheduleRejoin(ctx, this.config.retryBackoffMs);
    }
  }

  /** AbstractCoordinator.resetStateAndGeneration; the partitions are lost, not revoked. */
  private resetGeneration(ctx: ActorContext, reason: string, resetMemberId: boolean): void {
    this.generation = -1;
    this.preparing = false;
    if (resetMemberId) this.memberId = '';
    this.lifecycle.send({ type: 'RESET' });
    this.rejoinNeeded = true;
    this.rejoinReason = reason;
    this.pendingAssignment = null;
    // The application learns it in its next poll() (onJoinPrepare), not on the heartbeat thread.
    if (this.host.ownedPartitions().length > 0) this.partitionsLost = reason;
    if (this.host.inPoll) this.scheduleRejoin(ctx, 0);
  }

  // --- the heartbeat thread ---

  /** The heartbeat thread wakes for the next heartbeat, or sooner when the poll deadline comes first (Heartbeat.timeToNextHeartbeat). */
  private armHeartbeat(ctx: ActorContext): void {
    if (this.heartbeatArmed) return;
    this.heartbeatArmed = true;
    const untilPollDeadline = this.host.lastPollReturnMs + this.config.maxPollIntervalMs - ctx.nowMs;
    const delay = this.host.inPoll ? this.config.heartbeatIntervalMs : Math.min(this.config.heartbeatIntervalMs, Math.max(1, untilPollDeadline + 1));
    ctx.setTimer(delay, { kind: 'member-heartbeat' } satisfies Timer);
  }

  private heartbeatTick(ctx: ActorContext): void {
    if (this.state !== 'COMPLETING_REBALANCE' && this.state !== 'STABLE') return;
    const now = ctx.nowMs;
    if (!this.host.inPoll && now - this.host.lastPollReturnMs > this.config.maxPollIntervalMs) {
      this.leaveOnPollTimeout(ctx);
      return;
    }
    this.armHeartbeat(ctx);
    // The session counts from the last answer, or from when the coordinator was (re)discovered
    // (AbstractCoordinator resets the session timer then).
    const sessionStart = Math.max(this.lastHeartbeatOkMs, this.host.group.foundAtMs);
    if (now - sessionStart > this.config.sessionTimeoutMs) this.host.group.markUnknown(ctx, 'no heartbeat answer within session.timeout.ms');
    if (this.heartbeatInFlight || now - this.lastHeartbeatSentMs < this.config.heartbeatIntervalMs) return;
    this.host.group.withCoordinator(ctx, bound(this, 'sendHeartbeat', ctx));
  }

  private sendHeartbeat(ctx: ActorContext): void {
    if (this.state !== 'COMPLETING_REBALANCE' && this.state !== 'STABLE') return;
    this.heartbeatInFlight = true;
    this.lastHeartbeatSentMs = ctx.nowMs;
    const generation = this.generation;
    const body = { api: 'Heartbeat' as const, groupId: this.host.group.groupId, generationId: generation, memberId: this.memberId, groupInstanceId: this.config.groupInstanceId };
    this.host.network.send<HeartbeatResponse>(ctx, this.host.group.coordinator!, body, bound<(outcome: RequestOutcome<HeartbeatResponse>) => void>(this, 'onHeartbeatResponse', generation, ctx));
  }

  private onHeartbeatResponse(generation: number, ctx: ActorContext, outcome: RequestOutcome<HeartbeatResponse>): void {
    this.heartbeatInFlight = false;
    if (generation !== this.generation) return;
    if (!outcome.ok) {
      this.host.group.coordinatorError(ctx, outcome.error);
      return;
    }
    this.handleHeartbeat(outcome.body.error, ctx);
  }

  private handleHeartbeat(error: KafkaErrorName, ctx: ActorContext): void {
    switch (error) {
      case 'NONE':
        this.lastHeartbeatOkMs = ctx.nowMs;
        return;
      case 'REBALANCE_IN_PROGRESS':
        this.lastHeartbeatOkMs = ctx.nowMs;
        // The next poll() rejoins (the heartbeat thread only asks for it); until then the member
        // is still in its generation.
        if (this.state === 'STABLE') this.requestRejoin('group is rebalancing (REBALANCE_IN_PROGRESS)', ctx);
        return;
      case 'ILLEGAL_GENERATION':
      case 'UNKNOWN_MEMBER_ID':
        this.resetGeneration(ctx, `heartbeat: ${error}`, error === 'UNKNOWN_MEMBER_ID');
        this.scheduleRejoin(ctx, 0);
        return;
      case 'FENCED_INSTANCE_ID':
        this.host.fail(`FENCED_INSTANCE_ID: another consumer took group.instance.id ${this.config.groupInstanceId}`, ctx);
        return;
      default:
        this.host.group.coordinatorError(ctx, error);
    }
  }

  leave(ctx: ActorContext, then: () => void): void {
    const coordinator = this.host.group.coordinator;
    const memberId = this.memberId;
    // AbstractCoordinator.close → maybeLeaveGroup; static members (KIP-345) do not send LeaveGroup.
    this.generation = -1;
    this.lifecycle.send({ type: 'RESET' });
    this.rejoinNeeded = false;
    if (this.config.groupInstanceId !== null || coordinator === null || memberId === '') return then();
    const body = {
      api: 'LeaveGroup' as const,
      groupId: this.host.group.groupId,
      members: [{ memberId, groupInstanceId: null, reason: 'the consumer is being closed' }],
    };
    this.host.network.send<LeaveGroupResponse>(ctx, coordinator, body, bound(this, 'runThen', then));
  }

  /** Calls `then` without arguments (a response handler that only waits for the answer). */
  private runThen(then: () => void): void {
    then();
  }

  /** The answer to a LeaveGroup nobody waits for. */
  private ignoreResponse(): void {}

  /** KIP-62: poll() was not called in time; the heartbeat thread leaves the group (maybeLeaveGroup). */
  private leaveOnPollTimeout(ctx: ActorContext): void {
    ctx.emit({ type: 'poll-timeout-expired', consumer: this.host.clientId, group: this.host.group.groupId, maxPollIntervalMs: this.config.maxPollIntervalMs } satisfies EngineEvent);
    const coordinator = this.host.group.coordinator;
    // Static members do not send LeaveGroup: they are expected back within session.timeout.ms.
    if (this.config.groupInstanceId === null && coordinator !== null && this.memberId !== '') {
      const body = {
        api: 'LeaveGroup' as const,
        groupId: this.host.group.groupId,
        members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'consumer poll timeout has expired' }],
      };
      this.host.network.send<LeaveGroupResponse>(ctx, coordinator, body, bound(this, 'ignoreResponse'));
    }
    this.resetGeneration(ctx, 'consumer poll timeout has expired', true);
  }
}

function toTopicLists(list: readonly { topic: string; partition: number }[]): TopicPartitionList[] {
  const byTopic = new Map<string, number[]>();
  for (const tp of list) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
