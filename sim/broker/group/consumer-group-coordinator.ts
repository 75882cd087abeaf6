// ConsumerGroupHeartbeat on the coordinator (GroupMetadataManager.consumerGroupHeartbeat, KIP-848):
// join with epoch 0, leave with -1 (or -2 for a static member away for a while), and otherwise a
// heartbeat that carries the member's epoch, subscription and owned partitions. A change of
// members or subscriptions bumps the group epoch; the server assignor (uniform or range) computes
// the target assignment of the new epoch; the member's answer is its next step towards it.
// Departure from Kafka: only committed offsets are written to __consumer_offsets for these groups
// (not the member, target-assignment and epoch records), so after a coordinator failover members
// are unknown to the new coordinator and rejoin with epoch 0; their offsets survive.
import type { ActorContext } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { RequestEnvelope } from '../../protocol/messages.ts';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, TopicPartitionList } from '../../protocol/group-messages.ts';
import type { GroupCoordinatorConfig } from '../../config/broker-config.ts';
import { runServerAssignor } from '../../group/assignors/server/run.ts';
import { AssignorError } from '../../group/assignors/errors.ts';
import type { Broker } from '../broker.ts';
import { ConsumerGroup, fromKey, tpKey, type ConsumerGroupMember } from './consumer-group.ts';
import type { TopicPartitionRef } from './group-events.ts';

const LEAVE_GROUP_MEMBER_EPOCH = -1;
const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

export type ConsumerGroupTimer =
  | { kind: 'consumer-group-session'; group: string; member: string }
  | { kind: 'consumer-group-rebalance'; group: string; member: string; epoch: number };

export class ConsumerGroupCoordinator {
  readonly groups = new Map<string, ConsumerGroup>();

  constructor(
    private readonly broker: Broker,
    private readonly config: GroupCoordinatorConfig,
  ) {}

  private get ctx(): ActorContext {
    return this.broker.ctx;
  }

  heartbeat(request: RequestEnvelope<ConsumerGroupHeartbeatRequest>, group: ConsumerGroup): ConsumerGroupHeartbeatResponse {
    const body = request.body;
    const fail = (error: KafkaErrorName, message: string) => this.answer(group.groupId, body.memberId, { api: 'ConsumerGroupHeartbeat', error, errorMessage: message, memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null }, null);
    const assignor = body.serverAssignor ?? group.lastAssignor ?? this.config.consumerAssignors[0]!;
    if (body.serverAssignor !== null && !this.config.consumerAssignors.includes(body.serverAssignor as 'uniform' | 'range')) {
      return fail('UNSUPPORTED_ASSIGNOR', `server assignor ${body.serverAssignor} is not one of group.consumer.assignors (${this.config.consumerAssignors.join(', ')})`);
    }
    if (body.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || body.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) return this.leave(group, body);

    let member = group.members.get(body.memberId);
    if (body.memberEpoch === 0) {
      const joined = this.join(request, group, member);
      if (typeof joined === 'string') return fail(joined, joined === 'UNRELEASED_INSTANCE_ID' ? `static member ${body.instanceId} is still in the group under another member id` : 'cannot join');
      member = joined;
    } else {
      if (!member) return fail('UNKNOWN_MEMBER_ID', `member ${body.memberId} is not in group ${group.groupId}`);
      // throwIfConsumerGroupMemberEpochIsInvalid: the previous epoch is accepted if its answer was lost.
      const owned = ownedKeys(body.topicPartitions);
      const previousOk = body.memberEpoch === member.previousMemberEpoch && owned !== null && [...owned].every((k) => member!.assigned.has(k));
      if (body.memberEpoch > member.memberEpoch || (body.memberEpoch < member.memberEpoch && !previousOk)) {
        this.remove(group, member, 'fenced-epoch');
        return fail('FENCED_MEMBER_EPOCH', `member epoch ${body.memberEpoch} does not match ${member.memberEpoch}`);
      }
    }
    this.rescheduleSession(group, member);
    // A new subscription or assignor moves the group epoch.
    const topics = body.subscribedTopicNames ?? member.subscribedTopics;
    if (topics.join(',') !== member.subscribedTopics.join(',') || (body.serverAssignor !== null && body.serverAssignor !== member.serverAssignor)) {
      member.subscribedTopics = [...topics].sort();
      member.serverAssignor = body.serverAssignor;
      group.groupEpoch += 1;
    }
    member.rebalanceTimeoutMs = body.rebalanceTimeoutMs;
    if (group.groupEpoch > group.assignmentEpoch) {
      const error = this.computeTarget(group, assignor);
      if (error) return fail('UNSUPPORTED_ASSIGNOR', error);
    }
    if (!group.reconcile(member, ownedKeys(body.topicPartitions))) {
      this.remove(group, member, 'fenced-epoch');
      return fail('FENCED_MEMBER_EPOCH', 'the member is in an unknown state: it must give up its partitions and rejoin');
    }
    this.armRebalanceTimeout(group, member);
    this.updateState(group);
    return this.answer(group.groupId, member.memberId, {
      api: 'ConsumerGroupHeartbeat',
      error: 'NONE',
      memberId: member.memberId,
      memberEpoch: member.memberEpoch,
      heartbeatIntervalMs: this.config.consumerHeartbeatIntervalMs,
      assignment: toLists(member.assigned),
    }, member);
  }

  private join(request: RequestEnvelope<ConsumerGroupHeartbeatRequest>, group: ConsumerGroup, existing: ConsumerGroupMember | undefined): ConsumerGroupMember | KafkaErrorName {
    const body = request.body;
    if (existing) this.remove(group, existing, 'rejoined');
    if (group.members.size >= this.config.maxSize) return 'GROUP_MAX_SIZE_REACHED';
    const memberId = body.memberId !== '' ? body.memberId : `${request.clientId}-${this.ctx.random.nextU32().toString(36)}${this.ctx.random.nextU32().toString(36)}`;
    let carried: ConsumerGroupMember | undefined;
    if (body.instanceId !== null) {
      const previousId = group.staticMembers.get(body.instanceId);
      const previous = previousId === undefined ? undefined : group.members.get(previousId);
      if (previous && previous.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) return 'UNRELEASED_INSTANCE_ID';
      if (previous) {
        // A static member back within its session takes its old place: assignment and epoch.
        carried = previous;
        group.members.delete(previous.memberId);
        if (previous.sessionTimer !== null) this.ctx.cancelTimer(previous.sessionTimer);
        const target = group.target.get(previous.memberId);
        group.target.delete(previous.memberId);
        if (target) group.target.set(memberId, target);
        this.broker.emit({ type: 'group-static-member-replaced', group: group.groupId, broker: this.broker.brokerId, instanceId: body.instanceId, oldMember: previous.memberId, newMember: memberId });
      }
    }
    const member: ConsumerGroupMember = {
      memberId,
      instanceId: body.instanceId,
      clientId: request.clientId,
      clientNode: `consumer-${request.clientId}`,
      memberEpoch: carried ? carried.previousMemberEpoch : 0,
      previousMemberEpoch: carried ? carried.previousMemberEpoch : 0,
      state: 'STABLE',
      rebalanceTimeoutMs: body.rebalanceTimeoutMs,
      subscribedTopics: carried ? carried.subscribedTopics : [],
      serverAssignor: body.serverAssignor,
      assigned: carried ? carried.assigned : new Set(),
      pendingRevocation: new Set(),
      sessionTimer: null,
      rebalanceTimer: null,
    };
    group.members.set(memberId, member);
    if (body.instanceId !== null) group.staticMembers.set(body.instanceId, memberId);
    // The new member's subscription, set next, is what moves the group epoch.
    if (carried) group.holdPartitions(member);
    return member;
  }

  private leave(group: ConsumerGroup, body: ConsumerGroupHeartbeatRequest): ConsumerGroupHeartbeatResponse {
    const member = group.members.get(body.memberId);
    if (!member) return this.answer(group.groupId, body.memberId, { api: 'ConsumerGroupHeartbeat', error: 'UNKNOWN_MEMBER_ID', memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null }, null);
    if (body.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && member.instanceId !== null) {
      // KIP-848: a static member away for a while keeps its partitions until its session ends.
      member.previousMemberEpoch = member.memberEpoch;
      member.memberEpoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
      this.broker.emit({ type: 'group-member-left', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: member.instanceId, reason: 'static member leaves for a while (epoch -2)' });
    } else {
      this.broker.emit({ type: 'group-member-left', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: member.instanceId, reason: 'ConsumerGroupHeartbeat with epoch -1' });
      this.remove(group, member, null);
    }
    this.updateState(group);
    return this.answer(group.groupId, body.memberId, { api: 'ConsumerGroupHeartbeat', error: 'NONE', memberId: body.memberId, memberEpoch: body.memberEpoch, heartbeatIntervalMs: 0, assignment: null }, null);
  }

  /** A member is out: its partitions are free, the group epoch moves. */
  remove(group: ConsumerGroup, member: ConsumerGroupMember, removedFor: string | null): void {
    if (member.sessionTimer !== null) this.ctx.cancelTimer(member.sessionTimer);
    if (member.rebalanceTimer !== null) this.ctx.cancelTimer(member.rebalanceTimer);
    group.releasePartitions(member);
    group.members.delete(member.memberId);
    group.target.delete(member.memberId);
    if (member.instanceId !== null && group.staticMembers.get(member.instanceId) === member.memberId) group.staticMembers.delete(member.instanceId);
    group.groupEpoch += 1;
    if (removedFor !== null && removedFor !== 'rejoined') {
      this.broker.emit({ type: 'group-member-removed', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: member.instanceId, reason: removedFor });
    }
  }

  handleTimer(payload: ConsumerGroupTimer): boolean {
    if (payload.kind !== 'consumer-group-session' && payload.kind !== 'consumer-group-rebalance') return false;
    const group = this.groups.get(payload.group);
    const member = group?.members.get(payload.member);
    if (!group || !member) return true;
    if (payload.kind === 'consumer-group-session') {
      member.sessionTimer = null;
      this.remove(group, member, 'session-timeout');
    } else {
      member.rebalanceTimer = null;
      if (member.state !== 'UNREVOKED_PARTITIONS' || member.memberEpoch !== payload.epoch) return true;
      this.remove(group, member, 'rebalance-timeout');
    }
    this.updateState(group);
    return true;
  }

  /** The group's coordinator moved away: timers stop with it. */
  unload(group: ConsumerGroup): void {
    for (const member of group.members.values()) {
      if (member.sessionTimer !== null) this.ctx.cancelTimer(member.sessionTimer);
      if (member.rebalanceTimer !== null) this.ctx.cancelTimer(member.rebalanceTimer);
    }
    this.groups.delete(group.groupId);
  }

  /** OffsetCommit from a member: its epoch must be the current one (STALE_MEMBER_EPOCH otherwise). */
  validateCommit(group: ConsumerGroup, memberId: string, memberEpoch: number): KafkaErrorName | null {
    if (memberEpoch < 0 && group.members.size === 0) return null;
    const member = group.members.get(memberId);
    if (!member) return 'UNKNOWN_MEMBER_ID';
    if (memberEpoch !== member.memberEpoch) return 'STALE_MEMBER_EPOCH';
    this.rescheduleSession(group, member);
    return null;
  }

  private computeTarget(group: ConsumerGroup, assignor: string): string | null {
    const partitions: Record<string, number> = {};
    for (const topic of group.subscribedTopics()) {
      const registration = this.broker.metadata.topics.get(topic);
      if (registration) partitions[topic] = registration.partitions.length;
    }
    const members = [...group.members.values()]
      .filter((m) => m.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH || m.instanceId !== null)
      .map((m) => ({
        id: m.memberId,
        topics: m.subscribedTopics,
        assignment: [...(group.target.get(m.memberId) ?? [])].map(fromKey),
        ...(m.instanceId !== null ? { instanceId: m.instanceId } : {}),
      }));
    try {
      const result = runServerAssignor(assignor as 'uniform' | 'range', { members, partitions }, { missingTopics: 'ignore' });
      group.target.clear();
      for (const [memberId, list] of Object.entries(result)) group.target.set(memberId, new Set(list.map((tp) => tpKey(tp.topic, tp.partition))));
    } catch (error) {
      if (error instanceof AssignorError) return error.message;
      throw error;
    }
    group.assignmentEpoch = group.groupEpoch;
    group.lastAssignor = assignor;
    const target: Record<string, TopicPartitionRef[]> = {};
    for (const [memberId, keys] of group.target) target[memberId] = [...keys].map(fromKey).sort(byTopicPartition);
    this.broker.emit({ type: 'group-target-assignment', group: group.groupId, broker: this.broker.brokerId, groupEpoch: group.groupEpoch, assignor, target });
    return null;
  }

  private rescheduleSession(group: ConsumerGroup, member: ConsumerGroupMember): void {
    if (member.sessionTimer !== null) this.ctx.cancelTimer(member.sessionTimer);
    member.sessionTimer = this.ctx.setTimer(this.config.consumerSessionTimeoutMs, { kind: 'consumer-group-session', group: group.groupId, member: member.memberId } satisfies ConsumerGroupTimer);
  }

  /** A member that must revoke has its rebalance timeout (max.poll.interval.ms) to do it. */
  private armRebalanceTimeout(group: ConsumerGroup, member: ConsumerGroupMember): void {
    if (member.state !== 'UNREVOKED_PARTITIONS') {
      if (member.rebalanceTimer !== null) this.ctx.cancelTimer(member.rebalanceTimer);
      member.rebalanceTimer = null;
      return;
    }
    if (member.rebalanceTimer !== null) return;
    member.rebalanceTimer = this.ctx.setTimer(member.rebalanceTimeoutMs, { kind: 'consumer-group-rebalance', group: group.groupId, member: member.memberId, epoch: member.memberEpoch } satisfies ConsumerGroupTimer);
  }

  updateState(group: ConsumerGroup): void {
    const change = group.updateState();
    if (change) {
      this.broker.emit({ type: 'group-state-changed', group: group.groupId, broker: this.broker.brokerId, from: change.from, to: change.to, generation: group.groupEpoch, protocol: 'consumer' });
    }
  }

  private answer(groupId: string, memberId: string, response: ConsumerGroupHeartbeatResponse, member: ConsumerGroupMember | null): ConsumerGroupHeartbeatResponse {
    this.broker.emit({
      type: 'group-consumer-heartbeat',
      group: groupId,
      broker: this.broker.brokerId,
      member: memberId,
      error: response.error,
      memberEpoch: response.memberEpoch,
      memberState: member?.state ?? 'UNKNOWN',
      assigned: member ? [...member.assigned].map(fromKey).sort(byTopicPartition) : [],
    });
    return response;
  }
}

function ownedKeys(list: readonly TopicPartitionList[] | null): Set<string> | null {
  if (list === null) return null;
  return new Set(list.flatMap((tp) => tp.partitions.map((p) => tpKey(tp.topic, p))));
}

function toLists(keys: ReadonlySet<string>): TopicPartitionList[] {
  const byTopic = new Map<string, number[]>();
  for (const key of keys) {
    const { topic, partition } = fromKey(key);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  }
  return [...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topic, partitions]) => ({ topic, partitions: partitions.sort((x, y) => x - y) }));
}

function byTopicPartition(a: TopicPartitionRef, b: TopicPartitionRef): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}
