// The consumer group protocol of KIP-848 (group.protocol=consumer) on the consumer: one request,
// ConsumerGroupHeartbeat, every group.consumer.heartbeat.interval.ms (the broker says how often).
// The member joins with epoch 0, reports the partitions it owns, and reconciles towards the
// assignment the coordinator computed: it first gives back what it must revoke, then takes what
// it was given. There is no JoinGroup/SyncGroup barrier: members move one by one.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { EngineEvent } from '../../events.ts';
import type { ConsumerGroupHeartbeatResponse } from '../../protocol/group-messages.ts';
import type { Membership, MembershipHost } from './membership.ts';
import { MachineState } from '../../state-machine.ts';
import type { RequestOutcome } from '../network-client.ts';
import { bound } from '../../snapshot/bound.ts';
import { consumerMemberMachine, type ConsumerMemberEvent, type ConsumerMemberState } from './member-state-machines.ts';


/** ConsumerGroupHeartbeatRequest: epochs with a meaning of their own. */
const JOIN_GROUP_MEMBER_EPOCH = 0;
const LEAVE_GROUP_MEMBER_EPOCH = -1;
const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

type Timer = { kind: 'consumer-heartbeat' };

export class ConsumerProtocolMembership implements Membership {
  readonly protocol = 'consumer' as const;
  memberId = '';
  memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
  private readonly lifecycle = new MachineState<ConsumerMemberState, ConsumerMemberEvent>(consumerMemberMachine);
  private heartbeatIntervalMs = 0;
  private heartbeatInFlight = false;
  private heartbeatArmed = false;
  private lastHeartbeatOkMs = 0;
  private lastHeartbeatSentMs = -Infinity;
  /** The assignment the coordinator last sent, applied at the application's next poll(). */
  private target: number[] | null = null;
  private reconciling = false;
  /** Why the member is out of the group, until its next poll() gives its partitions up. */
  private lostReason: string | null = null;
  private rejoining = false;

  constructor(private readonly host: MembershipHost) {}

  /** The Java consumer's MemberState (MembershipManager), trimmed to what the engine goes through. */
  get state(): ConsumerMemberState {
    return this.lifecycle.value;
  }

  get generation(): number {
    return this.memberEpoch > 0 ? this.memberEpoch : -1;
  }

  start(ctx: ActorContext): void {
    // Kafka 4.0 consumers generate their member id themselves (KIP-1082).
    const r = ctx.random;
    this.memberId = `${this.host.clientId}-${[r.nextU32(), r.nextU32(), r.nextU32()].map((n) => n.toString(36)).join('')}`;
    this.join(ctx);
  }

  private join(ctx: ActorContext): void {
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.lifecycle.send({ type: 'JOIN' });
    this.lastHeartbeatOkMs = ctx.nowMs;
    this.sendHeartbeat(ctx);
  }

  poll(ctx: ActorContext): void {
    if (this.state === 'UNJOINED' || this.state === 'FENCED') {
      if (this.rejoining) return;
      // Out of the group, the application learns in poll() that its partitions are lost (no commit).
      const owned = this.host.ownedPartitions();
      if (this.lostReason !== null && owned.length > 0) {
        const reason = this.lostReason;
        this.lostReason = null;
        this.rejoining = true;
        this.host.revokePartitions(owned, 'lost', reason, ctx, bound(this, 'rejoinAfterLost', ctx));
        return;
      }
      this.lostReason = null;
      return this.join(ctx);
    }
    if (this.target !== null && !this.reconciling) this.reconcile(ctx);
  }

  /** The lost partitions were given up: the member joins again. */
  private rejoinAfterLost(ctx: ActorContext): void {
    this.rejoining = false;
    this.join(ctx);
  }

  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    if ((payload as Partial<Timer>)?.kind !== 'consumer-heartbeat') return false;
    this.heartbeatArmed = false;
    if (this.state === 'UNJOINED' || this.state === 'FENCED' || this.state === 'FATAL') return true;
    if (!this.host.inPoll && ctx.nowMs - this.host.lastPollReturnMs > this.host.config.maxPollIntervalMs) {
      this.leaveOnPollTimeout(ctx);
      return true;
    }
    const sessionStart = Math.max(this.lastHeartbeatOkMs, this.host.group.foundAtMs);
    if (ctx.nowMs - sessionStart > this.host.config.sessionTimeoutMs) this.host.group.markUnknown(ctx, 'no heartbeat answer within the session timeout');
    if (ctx.nowMs - this.lastHeartbeatSentMs >= this.heartbeatIntervalMs) this.sendHeartbeat(ctx);
    else this.armHeartbeat(ctx, this.heartbeatIntervalMs - (ctx.nowMs - this.lastHeartbeatSentMs));
    return true;
  }

  onDisconnect(_peer: NodeId, _ctx: ActorContext): void {}

  commitIdentity() {
    if (this.state === 'UNJOINED' || this.state === 'FENCED' || this.state === 'FATAL') return 'ILLEGAL_GENERATION' as const;
    if (this.memberEpoch <= 0) return 'REBALANCE_IN_PROGRESS' as const;
    return { generationIdOrMemberEpoch: this.memberEpoch, memberId: this.memberId, groupInstanceId: this.host.config.groupInstanceId };
  }

  onCommitFenced(ctx: ActorContext): void {
    this.fence('the commit carried a stale member epoch', ctx);
  }

  /** The next heartbeat, or sooner when the poll deadline comes first. */
  private armHeartbeat(ctx: ActorContext, delayMs: number): void {
    if (this.heartbeatArmed) return;
    this.heartbeatArmed = true;
    const untilPollDeadline = this.host.lastPollReturnMs + this.host.config.maxPollIntervalMs - ctx.nowMs;
    const delay = this.host.inPoll ? delayMs : Math.min(delayMs, Math.max(1, untilPollDeadline + 1));
    ctx.setTimer(delay, { kind: 'consumer-heartbeat' } satisfies Timer);
  }

  private sendHeartbeat(ctx: ActorContext, epoch = this.memberEpoch): void {
    if (this.heartbeatInFlight && epoch >= 0) return;
    this.host.group.withCoordinator(ctx, bound(this, 'sendHeartbeatNow', ctx, epoch));
  }

  /** A ConsumerGroupHeartbeat of this member at `epoch`, owning `owned` partitions of its topic. */
  private heartbeatBody(epoch: number, owned: number[]) {
    return {
      api: 'ConsumerGroupHeartbeat' as const,
      groupId: this.host.group.groupId,
      memberId: this.memberId,
      memberEpoch: epoch,
      instanceId: this.host.config.groupInstanceId,
      rebalanceTimeoutMs: this.host.config.maxPollIntervalMs,
      subscribedTopicNames: [this.host.topic],
      serverAssignor: this.host.config.groupRemoteAssignor,
      topicPartitions: owned.length > 0 ? [{ topic: this.host.topic, partitions: owned }] : [],
    };
  }

  /** The coordinator is known: the heartbeat goes, unless another went meanwhile. */
  private sendHeartbeatNow(ctx: ActorContext, epoch: number): void {
    if (this.heartbeatInFlight && epoch >= 0) return;
    this.heartbeatInFlight = true;
    this.lastHeartbeatSentMs = ctx.nowMs;
    const body = this.heartbeatBody(epoch, this.host.ownedPartitions());
    const sentEpoch = epoch;
    this.host.network.send<ConsumerGroupHeartbeatResponse>(
      ctx,
      this.host.group.coordinator!,
      body,
      bound<(outcome: RequestOutcome<ConsumerGroupHeartbeatResponse>) => void>(this, 'onHeartbeatResponse', sentEpoch, ctx),
    );
  }

  private onHeartbeatResponse(sentEpoch: number, ctx: ActorContext, outcome: RequestOutcome<ConsumerGroupHeartbeatResponse>): void {
    this.heartbeatInFlight = false;
    if (sentEpoch < 0) return;
    if (!outcome.ok) {
      this.host.group.coordinatorError(ctx, outcome.error);
      this.armHeartbeat(ctx, this.host.config.retryBackoffMs);
      return;
    }
    this.handleResponse(outcome.body, ctx);
  }

  private handleResponse(response: ConsumerGroupHeartbeatResponse, ctx: ActorContext): void {
    // An answer to a heartbeat of a membership that ended meanwhile (left, fenced) is stale.
    if (this.state === 'UNJOINED' || this.state === 'FENCED' || this.state === 'FATAL') return;
    const error: KafkaErrorName = response.error;
    if (error !== 'NONE') return this.handleError(error, response.errorMessage ?? '', ctx);
    this.lastHeartbeatOkMs = ctx.nowMs;
    if (response.memberId) this.memberId = response.memberId;
    this.memberEpoch = response.memberEpoch;
    this.heartbeatIntervalMs = response.heartbeatIntervalMs;
    this.lifecycle.send({ type: 'HEARTBEAT_OK' });
    if (response.assignment !== null) {
      const partitions = response.assignment.filter((tp) => tp.topic === this.host.topic).flatMap((tp) => tp.partitions).sort((a, b) => a - b);
      const owned = this.host.ownedPartitions();
      if (partitions.length !== owned.length || partitions.some((p, i) => p !== owned[i])) {
        this.target = partitions;
        this.lifecycle.send({ type: 'NEW_ASSIGNMENT' });
        if (this.host.inPoll && !this.reconciling) this.reconcile(ctx);
      }
    }
    this.armHeartbeat(ctx, this.heartbeatIntervalMs);
  }

  /** Revoke what is no longer assigned (listener first), take what is new, then tell the coordinator. */
  private reconcile(ctx: ActorContext): void {
    const target = this.target!;
    this.target = null;
    this.reconciling = true;
    const owned = this.host.ownedPartitions();
    const revoked = owned.filter((p) => !target.includes(p));
    const added = target.filter((p) => !owned.includes(p));
    if (revoked.length > 0) this.host.revokePartitions(revoked, 'revoked', 'reconciling towards the target assignment', ctx, bound(this, 'finishReconcile', added, ctx));
    else this.finishReconcile(added, ctx);
  }

  /** What had to go was revoked: take what was added, and tell the coordinator. */
  private finishReconcile(added: number[], ctx: ActorContext): void {
    this.reconciling = false;
    if (added.length > 0) this.host.assignPartitions(added, this.memberEpoch, ctx);
    if (this.lifecycle.can({ type: 'RECONCILED' })) this.lifecycle.send({ type: 'RECONCILED' });
    // The next heartbeat goes now: it reports the new ownership.
    this.sendHeartbeat(ctx);
  }

  private handleError(error: KafkaErrorName, message: string, ctx: ActorContext): void {
    switch (error) {
      case 'FENCED_MEMBER_EPOCH':
      case 'UNKNOWN_MEMBER_ID':
        this.fence(`ConsumerGroupHeartbeat: ${error}`, ctx);
        return;
      case 'NOT_COORDINATOR':
      case 'COORDINATOR_NOT_AVAILABLE':
      case 'COORDINATOR_LOAD_IN_PROGRESS':
        this.host.group.coordinatorError(ctx, error);
        this.armHeartbeat(ctx, this.host.config.retryBackoffMs);
        return;
      default:
        this.lifecycle.send({ type: 'FATAL' });
        this.host.fail(`${error}: ${message || `the group ${this.host.group.groupId} refused this member`}`, ctx);
    }
  }

  /** The member is out of the group: it loses its partitions (no commit) and joins again with epoch 0. */
  private fence(reason: string, ctx: ActorContext): void {
    if (!this.lifecycle.can({ type: 'FENCED' })) return;
    this.lifecycle.send({ type: 'FENCED' });
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.target = null;
    this.lostReason = reason;
    if (this.host.inPoll) this.poll(ctx);
  }

  leave(ctx: ActorContext, then: () => void): void {
    const coordinator = this.host.group.coordinator;
    const epoch = this.host.config.groupInstanceId === null ? LEAVE_GROUP_MEMBER_EPOCH : LEAVE_GROUP_STATIC_MEMBER_EPOCH;
    const joined = this.memberId !== '' && this.state !== 'UNJOINED' && this.state !== 'FENCED' && this.state !== 'FATAL';
    if (this.lifecycle.can({ type: 'LEFT' })) this.lifecycle.send({ type: 'LEFT' });
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.target = null;
    if (coordinator === null || !joined) return then();
    // KIP-848: leaving is a heartbeat with member epoch -1 (-2 for a static member, who keeps its assignment).
    const body = this.heartbeatBody(epoch, []);
    this.host.network.send<ConsumerGroupHeartbeatResponse>(ctx, coordinator, body, bound(this, 'runThen', then));
  }

  /** Calls `then` without arguments (a response handler that only waits for the answer). */
  private runThen(then: () => void): void {
    then();
  }

  private leaveOnPollTimeout(ctx: ActorContext): void {
    ctx.emit({ type: 'poll-timeout-expired', consumer: this.host.clientId, group: this.host.group.groupId, maxPollIntervalMs: this.host.config.maxPollIntervalMs } satisfies EngineEvent);
    const epoch = this.host.config.groupInstanceId === null ? LEAVE_GROUP_MEMBER_EPOCH : LEAVE_GROUP_STATIC_MEMBER_EPOCH;
    if (this.host.group.coordinator !== null) this.sendHeartbeat(ctx, epoch);
    this.lifecycle.send({ type: 'LEFT' });
    this.memberEpoch = JOIN_GROUP_MEMBER_EPOCH;
    this.target = null;
    this.lostReason = 'consumer poll timeout has expired';
  }
}
