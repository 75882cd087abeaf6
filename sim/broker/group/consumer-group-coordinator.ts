// ConsumerGroupHeartbeat on the coordinator (GroupMetadataManager.consumerGroupHeartbeat, KIP-848):
// join with epoch 0, leave with -1 (or -2 for a static member away for a while), and otherwise a
// heartbeat that carries the member's epoch, subscription and owned partitions. A change of
// members or subscriptions bumps the group epoch; the server assignor (uniform or range) computes
// the target assignment of the new epoch; the member's answer is its next step towards it.
// Every change is written to __consumer_offsets as Kafka writes it (ConsumerGroupMemberMetadata,
// ConsumerGroupMetadata for the group epoch, ConsumerGroupTargetAssignmentMember/-Metadata,
// ConsumerGroupCurrentMemberAssignment, and tombstones for a member that goes), and the answer
// waits until those records are committed, as in Kafka's coordinator runtime; a heartbeat that
// changes nothing writes nothing and is answered at once. A new coordinator replays the records
// (replay, then adopt), so after a failover the members keep their ids, epochs and partitions.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { RequestEnvelope } from '../../protocol/messages.ts';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, TopicPartitionList } from '../../protocol/group-messages.ts';
import type { GroupCoordinatorConfig } from '../../config/broker-config.ts';
import { runServerAssignor } from '../../group/assignors/server/run.ts';
import { AssignorError } from '../../group/assignors/errors.ts';
import { partitionForGroup } from '../../group/coordinator-partition.ts';
import type { Broker } from '../broker.ts';
import { ConsumerGroup, currentAssignmentOf, fromKey, memberMetadataOf, tpKey, type ConsumerGroupImage, type ConsumerGroupMember, type MemberState } from './consumer-group.ts';
import { OFFSETS_TOPIC, ignoreWrite, type CoordinatorLog, type CoordinatorRecord } from './coordinator-log.ts';
import { bound } from '../../snapshot/bound.ts';
import {
  decodeConsumerGroupCurrentMemberAssignmentValue,
  decodeConsumerGroupMemberMetadataValue,
  decodeConsumerGroupMetadataValue,
  decodeConsumerGroupTargetAssignmentMemberValue,
  decodeConsumerGroupTargetAssignmentMetadataValue,
  encodeConsumerGroupCurrentMemberAssignmentKey,
  encodeConsumerGroupCurrentMemberAssignmentValue,
  encodeConsumerGroupMemberMetadataKey,
  encodeConsumerGroupMemberMetadataValue,
  encodeConsumerGroupMetadataKey,
  encodeConsumerGroupMetadataValue,
  encodeConsumerGroupTargetAssignmentMemberKey,
  encodeConsumerGroupTargetAssignmentMemberValue,
  encodeConsumerGroupTargetAssignmentMetadataKey,
  encodeConsumerGroupTargetAssignmentMetadataValue,
  type OffsetsKey,
  type TopicIdPartitions,
} from './offsets-records.ts';
import type { TopicPartitionRef } from './group-events.ts';

const LEAVE_GROUP_MEMBER_EPOCH = -1;
const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

export type ConsumerGroupTimer =
  | { kind: 'consumer-group-session'; group: string; member: string }
  | { kind: 'consumer-group-rebalance'; group: string; member: string; epoch: number };

/** The answer decided for a heartbeat, and what the trace tells of the member at that moment. */
interface Outcome {
  response: ConsumerGroupHeartbeatResponse;
  member: { state: MemberState; assigned: TopicPartitionRef[] } | null;
  /** Kafka refuses the request as a whole (an exception): nothing it changed stays. */
  undo: boolean;
}

/** A group the heartbeat created (or converted from an empty classic group): its records, and how to take it back. */
export interface CreatedGroup {
  records: CoordinatorRecord[];
  undo: () => void;
}

/** The key types of the KIP-848 records, which `load` replays. */
export type ConsumerGroupKey = Extract<OffsetsKey, { type: `consumer-group-${string}` }>;

export class ConsumerGroupCoordinator {
  readonly groups = new Map<string, ConsumerGroup>();

  constructor(
    private readonly broker: Broker,
    private readonly config: GroupCoordinatorConfig,
    private readonly log: CoordinatorLog,
  ) {}

  private get ctx(): ActorContext {
    return this.broker.ctx;
  }

  /**
   * A ConsumerGroupHeartbeat: the answer now when nothing changed, or null and the answer once
   * the change's records are committed (or with the error of their write).
   */
  heartbeat(from: NodeId, request: RequestEnvelope<ConsumerGroupHeartbeatRequest>, group: ConsumerGroup, created: CreatedGroup | null): ConsumerGroupHeartbeatResponse | null {
    const before = group.snapshot();
    const outcome = this.handle(request, group);
    if (outcome.undo) this.revert(group, before);
    const records = outcome.undo ? [] : this.recordsOf(group, before);
    if (records.length === 0) {
      created?.undo();
      return this.send(group.groupId, outcome);
    }
    this.write(group, before, [...(created?.records ?? []), ...records], created, bound<(error: KafkaErrorName) => void>(this, 'onHeartbeatWritten', from, request, group, outcome));
    return null;
  }

  /** The heartbeat's records are committed (or failed): its answer goes. */
  private onHeartbeatWritten(from: NodeId, request: RequestEnvelope<ConsumerGroupHeartbeatRequest>, group: ConsumerGroup, outcome: Outcome, error: KafkaErrorName): void {
    if (error === 'NONE') {
      this.broker.respond(from, request, this.send(group.groupId, outcome));
      return;
    }
    const mapped = appendErrorToResponse(error);
    const body = request.body;
    const failed: Outcome = {
      response: { api: 'ConsumerGroupHeartbeat', error: mapped, errorMessage: `the group's records could not be written (${error})`, memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null },
      member: null,
      undo: false,
    };
    this.broker.respond(from, request, this.send(group.groupId, failed));
  }

  private handle(request: RequestEnvelope<ConsumerGroupHeartbeatRequest>, group: ConsumerGroup): Outcome {
    const body = request.body;
    const refuse = (error: KafkaErrorName, message: string, undo: boolean): Outcome => ({
      response: { api: 'ConsumerGroupHeartbeat', error, errorMessage: message, memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null },
      member: null,
      undo,
    });
    const assignor = body.serverAssignor ?? group.lastAssignor ?? this.config.consumerAssignors[0]!;
    if (body.serverAssignor !== null && !this.config.consumerAssignors.includes(body.serverAssignor as 'uniform' | 'range')) {
      return refuse('UNSUPPORTED_ASSIGNOR', `server assignor ${body.serverAssignor} is not one of group.consumer.assignors (${this.config.consumerAssignors.join(', ')})`, true);
    }
    if (body.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || body.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) return this.leave(group, body);

    let member = group.members.get(body.memberId);
    if (body.memberEpoch === 0) {
      const joined = this.join(request, group, member);
      if (typeof joined === 'string') return refuse(joined, joined === 'UNRELEASED_INSTANCE_ID' ? `static member ${body.instanceId} is still in the group under another member id` : 'cannot join', true);
      member = joined;
    } else {
      if (!member) return refuse('UNKNOWN_MEMBER_ID', `member ${body.memberId} is not in group ${group.groupId}`, true);
      // throwIfConsumerGroupMemberEpochIsInvalid: the previous epoch is accepted if its answer was lost.
      const owned = ownedKeys(body.topicPartitions);
      const previousOk = body.memberEpoch === member.previousMemberEpoch && owned !== null && [...owned].every((k) => member!.assigned.has(k));
      if (body.memberEpoch > member.memberEpoch || (body.memberEpoch < member.memberEpoch && !previousOk)) {
        // The engine removes the fenced member at once (Kafka leaves it to its session timeout); its tombstones are written.
        this.remove(group, member, 'fenced-epoch');
        this.updateState(group);
        return refuse('FENCED_MEMBER_EPOCH', `member epoch ${body.memberEpoch} does not match ${member.memberEpoch}`, false);
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
    if (body.rebalanceTimeoutMs !== -1) member.rebalanceTimeoutMs = body.rebalanceTimeoutMs;
    if (group.groupEpoch > group.assignmentEpoch) {
      const error = this.computeTarget(group, assignor);
      if (error) return refuse('UNSUPPORTED_ASSIGNOR', error, true);
    }
    if (!group.reconcile(member, ownedKeys(body.topicPartitions))) {
      this.remove(group, member, 'fenced-epoch');
      this.updateState(group);
      return refuse('FENCED_MEMBER_EPOCH', 'the member is in an unknown state: it must give up its partitions and rejoin', false);
    }
    this.armRebalanceTimeout(group, member);
    this.updateState(group);
    return this.accept(
      {
        api: 'ConsumerGroupHeartbeat',
        error: 'NONE',
        memberId: member.memberId,
        memberEpoch: member.memberEpoch,
        heartbeatIntervalMs: this.config.consumerHeartbeatIntervalMs,
        assignment: toLists(member.assigned),
      },
      member,
    );
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

  private leave(group: ConsumerGroup, body: ConsumerGroupHeartbeatRequest): Outcome {
    const member = group.members.get(body.memberId);
    if (!member) {
      return { response: { api: 'ConsumerGroupHeartbeat', error: 'UNKNOWN_MEMBER_ID', memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null }, member: null, undo: true };
    }
    if (body.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && member.instanceId !== null) {
      // KIP-848: a static member away for a while keeps its partitions until its session ends
      // (consumerGroupStaticMemberGroupLeave: epoch -2, nothing pending revocation).
      group.releasePartitions(member);
      member.memberEpoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
      member.pendingRevocation = new Set();
      group.holdPartitions(member);
      this.broker.emit({ type: 'group-member-left', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: member.instanceId, reason: 'static member leaves for a while (epoch -2)' });
    } else {
      this.broker.emit({ type: 'group-member-left', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: member.instanceId, reason: 'ConsumerGroupHeartbeat with epoch -1' });
      this.remove(group, member, null);
    }
    this.updateState(group);
    return { response: { api: 'ConsumerGroupHeartbeat', error: 'NONE', memberId: body.memberId, memberEpoch: body.memberEpoch, heartbeatIntervalMs: 0, assignment: null }, member: null, undo: false };
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
    const before = group.snapshot();
    if (payload.kind === 'consumer-group-session') {
      member.sessionTimer = null;
      this.remove(group, member, 'session-timeout');
    } else {
      member.rebalanceTimer = null;
      if (member.state !== 'UNREVOKED_PARTITIONS' || member.memberEpoch !== payload.epoch) return true;
      this.remove(group, member, 'rebalance-timeout');
    }
    this.updateState(group);
    // consumerGroupFenceMember's records; should nothing reach the log, the member is back with a new session (Kafka retries the timer).
    this.persist(group, before);
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

  private accept(response: ConsumerGroupHeartbeatResponse, member: ConsumerGroupMember): Outcome {
    return { response, member: { state: member.state, assigned: [...member.assigned].map(fromKey).sort(byTopicPartition) }, undo: false };
  }

  /** The answer goes: the trace tells it. */
  private send(groupId: string, outcome: Outcome): ConsumerGroupHeartbeatResponse {
    const response = outcome.response;
    this.broker.emit({
      type: 'group-consumer-heartbeat',
      group: groupId,
      broker: this.broker.brokerId,
      member: response.memberId ?? '',
      error: response.error,
      memberEpoch: response.memberEpoch,
      memberState: outcome.member?.state ?? 'UNKNOWN',
      assigned: outcome.member?.assigned ?? [],
    });
    return response;
  }

  // --- records ---

  /**
   * Appends a change's records and calls `done` once they are committed. When nothing reached
   * the log (no leader, too few in-sync replicas), the group goes back to `before`, as Kafka's
   * runtime reverts to its last snapshot; records in the log stay applied even if the wait fails.
   */
  private write(group: ConsumerGroup, before: ConsumerGroupImage, records: CoordinatorRecord[], created: CreatedGroup | null, done: (error: KafkaErrorName) => void): void {
    const partition = partitionForGroup(group.groupId, this.config.offsetsTopicNumPartitions);
    const endBefore = this.broker.replica(OFFSETS_TOPIC, partition)?.log.logEndOffset ?? -1;
    // Whether `done` comes during the append itself (a refused append), or later.
    const appending = { now: true };
    this.log.append(partition, records, bound<(error: KafkaErrorName) => void>(this, 'onWritten', group, before, partition, endBefore, created, done, appending));
    appending.now = false;
  }

  private onWritten(
    group: ConsumerGroup,
    before: ConsumerGroupImage,
    partition: number,
    endBefore: number,
    created: CreatedGroup | null,
    done: (error: KafkaErrorName) => void,
    appending: { now: boolean },
    error: KafkaErrorName,
  ): void {
    if (error !== 'NONE' && appending.now && (this.broker.replica(OFFSETS_TOPIC, partition)?.log.logEndOffset ?? -1) === endBefore) {
      this.revert(group, before);
      created?.undo();
    }
    done(error);
  }

  /** Appends a change made outside a heartbeat (a timer removed a member); nobody waits for it. */
  private persist(group: ConsumerGroup, before: ConsumerGroupImage): void {
    const records = this.recordsOf(group, before);
    if (records.length > 0) this.write(group, before, records, null, ignoreWrite);
  }

  /** The group goes back to an earlier image; members that are back get a fresh session. */
  private revert(group: ConsumerGroup, before: ConsumerGroupImage): void {
    const { dropped, restored } = group.restore(before);
    for (const member of dropped) {
      if (member.sessionTimer !== null) this.ctx.cancelTimer(member.sessionTimer);
      if (member.rebalanceTimer !== null) this.ctx.cancelTimer(member.rebalanceTimer);
    }
    for (const member of restored) this.rescheduleSession(group, member);
    for (const member of group.members.values()) this.armRebalanceTimeout(group, member);
    this.updateState(group);
  }

  /**
   * The records of the change from `before` to the group now, in the order Kafka writes them:
   * a departed member's tombstones (current assignment, target, metadata: removeMember), a new or
   * changed member's metadata, the group epoch, the target assignment's changed parts and its
   * epoch, then the members' changed current assignments.
   */
  recordsOf(group: ConsumerGroup, before: ConsumerGroupImage): CoordinatorRecord[] {
    const id = group.groupId;
    const records: CoordinatorRecord[] = [];
    for (const memberId of before.members.keys()) {
      if (group.members.has(memberId)) continue;
      records.push({ key: encodeConsumerGroupCurrentMemberAssignmentKey(id, memberId), value: null });
      records.push({ key: encodeConsumerGroupTargetAssignmentMemberKey(id, memberId), value: null });
      records.push({ key: encodeConsumerGroupMemberMetadataKey(id, memberId), value: null });
    }
    for (const member of group.members.values()) {
      const old = before.members.get(member.memberId);
      if (old && memberMetadataOf(old) === memberMetadataOf(member)) continue;
      records.push({
        key: encodeConsumerGroupMemberMetadataKey(id, member.memberId),
        value: encodeConsumerGroupMemberMetadataValue({
          instanceId: member.instanceId,
          rackId: null,
          clientId: member.clientId,
          clientHost: `/${member.clientNode}`,
          subscribedTopicNames: [...member.subscribedTopics].sort(),
          subscribedTopicRegex: null,
          rebalanceTimeoutMs: member.rebalanceTimeoutMs,
          serverAssignor: member.serverAssignor,
        }),
      });
    }
    if (group.groupEpoch !== before.groupEpoch) records.push({ key: encodeConsumerGroupMetadataKey(id), value: encodeConsumerGroupMetadataValue(group.groupEpoch) });
    for (const [memberId, keys] of group.target) {
      const old = before.target.get(memberId);
      if (old && sameKeys(old, keys)) continue;
      records.push({ key: encodeConsumerGroupTargetAssignmentMemberKey(id, memberId), value: encodeConsumerGroupTargetAssignmentMemberValue(this.byTopicId(keys)) });
    }
    for (const memberId of before.target.keys()) {
      if (!group.target.has(memberId) && group.members.has(memberId)) records.push({ key: encodeConsumerGroupTargetAssignmentMemberKey(id, memberId), value: null });
    }
    if (group.assignmentEpoch !== before.assignmentEpoch) {
      records.push({ key: encodeConsumerGroupTargetAssignmentMetadataKey(id), value: encodeConsumerGroupTargetAssignmentMetadataValue(group.assignmentEpoch) });
    }
    for (const member of group.members.values()) {
      const old = before.members.get(member.memberId);
      if (old && currentAssignmentOf(old) === currentAssignmentOf(member)) continue;
      records.push({
        key: encodeConsumerGroupCurrentMemberAssignmentKey(id, member.memberId),
        value: encodeConsumerGroupCurrentMemberAssignmentValue({
          memberEpoch: member.memberEpoch,
          previousMemberEpoch: member.previousMemberEpoch,
          state: member.state,
          assignedPartitions: this.byTopicId(member.assigned),
          partitionsPendingRevocation: this.byTopicId(member.pendingRevocation),
        }),
      });
    }
    return records;
  }

  /** Partition keys as the records hold them: by topic id (a topic deleted meanwhile has none and is left out). */
  private byTopicId(keys: ReadonlySet<string>): TopicIdPartitions[] {
    const list: TopicIdPartitions[] = [];
    for (const { topic, partitions } of toLists(keys)) {
      const registration = this.broker.metadata.topics.get(topic);
      if (registration) list.push({ topicId: registration.topicId, partitions });
    }
    return list;
  }

  // --- load ---

  /**
   * Replays one KIP-848 record of the partition being loaded into `loaded` (GroupMetadataManager
   * .replay): the group epoch or the group's end, a member's metadata, its target and current
   * assignments, the target's epoch. Topic ids are resolved with this broker's metadata.
   */
  replay(loaded: Map<string, ConsumerGroup>, key: ConsumerGroupKey, value: Uint8Array | null): void {
    const groupOf = () => loaded.get(key.group) ?? loaded.set(key.group, new ConsumerGroup(key.group)).get(key.group)!;
    const existing = loaded.get(key.group);
    if (value === null && !existing) return;
    switch (key.type) {
      case 'consumer-group-metadata':
        if (value === null) loaded.delete(key.group);
        else groupOf().groupEpoch = decodeConsumerGroupMetadataValue(value).epoch;
        return;
      case 'consumer-group-target-assignment-metadata':
        groupOf().assignmentEpoch = value === null ? -1 : decodeConsumerGroupTargetAssignmentMetadataValue(value).assignmentEpoch;
        return;
      case 'consumer-group-target-assignment-member':
        groupOf().replayTarget(key.memberId, value === null ? null : this.keysOf(decodeConsumerGroupTargetAssignmentMemberValue(value).topicPartitions));
        return;
      case 'consumer-group-member-metadata': {
        if (value === null) return groupOf().replayMemberMetadata(key.memberId, null);
        const m = decodeConsumerGroupMemberMetadataValue(value);
        groupOf().replayMemberMetadata(key.memberId, {
          instanceId: m.instanceId,
          clientId: m.clientId,
          clientNode: m.clientHost.replace(/^\//, ''),
          subscribedTopics: m.subscribedTopicNames,
          serverAssignor: m.serverAssignor,
          rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        });
        return;
      }
      case 'consumer-group-current-member-assignment': {
        if (value === null) return groupOf().replayCurrentAssignment(key.memberId, null);
        const a = decodeConsumerGroupCurrentMemberAssignmentValue(value);
        groupOf().replayCurrentAssignment(key.memberId, {
          memberEpoch: a.memberEpoch,
          previousMemberEpoch: a.previousMemberEpoch,
          state: a.state,
          assigned: this.keysOf(a.assignedPartitions),
          pendingRevocation: this.keysOf(a.partitionsPendingRevocation),
        });
        return;
      }
    }
  }

  /** The loaded groups are this coordinator's: sessions start for every member (GroupMetadataManager.onLoaded). */
  adopt(group: ConsumerGroup): void {
    group.finishReplay();
    this.groups.set(group.groupId, group);
    for (const member of group.members.values()) {
      this.rescheduleSession(group, member);
      this.armRebalanceTimeout(group, member);
    }
  }

  private keysOf(list: readonly TopicIdPartitions[]): Set<string> {
    const keys = new Set<string>();
    const topics = [...this.broker.metadata.topics.values()];
    for (const { topicId, partitions } of list) {
      const topic = topics.find((t) => t.topicId === topicId);
      if (topic) for (const p of partitions) keys.add(tpKey(topic.name, p));
    }
    return keys;
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

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/** GroupMetadataManager.appendGroupMetadataErrorToResponseError: a failed write as the answer's error. */
export function appendErrorToResponse(error: KafkaErrorName): KafkaErrorName {
  switch (error) {
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
    case 'REQUEST_TIMED_OUT':
      return 'COORDINATOR_NOT_AVAILABLE';
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'KAFKA_STORAGE_ERROR':
      return 'NOT_COORDINATOR';
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return 'UNKNOWN_SERVER_ERROR';
    default:
      return error;
  }
}

function byTopicPartition(a: TopicPartitionRef, b: TopicPartitionRef): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}
