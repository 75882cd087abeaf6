// The group coordinator of one broker (Kafka's GroupCoordinatorService and GroupMetadataManager
// for the classic protocol, OffsetMetadataManager for commits). A group belongs to the partition
// abs(hash(groupId)) % offsets.topic.num.partitions of __consumer_offsets; the broker that leads
// that partition coordinates the group, keeps its state in memory, writes every change to the
// partition and answers once the write is committed. A new leader replays the partition.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { RequestEnvelope } from '../../protocol/messages.ts';
import type {
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
  TopicPartitionList,
} from '../../protocol/group-messages.ts';
import type { GroupCoordinatorConfig } from '../../config/broker-config.ts';
import { partitionForGroup } from '../../group/coordinator-partition.ts';
import type { Broker } from '../broker.ts';
import { brokerNode } from '../node-id.ts';
import { ClassicGroup, type ClassicMember, type CommittedOffset, type Parked } from './classic-group.ts';
import type { ClassicGroupEvent } from './group-state-machines.ts';
import { CoordinatorLog, OFFSETS_TOPIC, ignoreWrite, replayLog, type CoordinatorRecord } from './coordinator-log.ts';
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  OffsetsRecordError,
} from './offsets-records.ts';
import type { TopicPartitionRef } from './group-events.ts';
import { ConsumerGroup, fromKey } from './consumer-group.ts';
import { ConsumerGroupCoordinator, appendErrorToResponse, type ConsumerGroupTimer, type CreatedGroup } from './consumer-group-coordinator.ts';
import { bound } from '../../snapshot/bound.ts';

/** group.classic.new.member.join.timeout: a new member's parked JoinGroup expires after this. */
const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;
/** offsets.retention.check.interval.ms */
const OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;
const CONSUMER_PROTOCOL_TYPE = 'consumer';

export type GroupTimer =
  | { kind: 'group-join'; group: string; generation: number; delayMs: number; remainingMs: number; initial: boolean }
  | { kind: 'group-sync'; group: string; generation: number }
  | { kind: 'group-heartbeat'; group: string; member: string }
  | { kind: 'offsets-retention' };

/** A group as the snapshot shows it. */
export interface GroupView {
  protocol: 'classic' | 'consumer';
  state: string;
  generation: number;
  assignmentEpoch: number | null;
  assignor: string | null;
  leader: string | null;
  topics: string[];
  members: { memberId: string; instanceId: string | null; clientId: string; memberEpoch: number; state: string | null; assigned: TopicPartitionRef[] }[];
  offsets: { topic: string; partition: number; offset: number }[];
}

/** What the coordinator needs to know of a record it writes, to apply it once committed. */
type WriteDone = (error: KafkaErrorName) => void;

export class GroupCoordinator {
  /** The groups of the __consumer_offsets partitions this broker leads, by group id. */
  readonly groups = new Map<string, ClassicGroup>();
  /** The partitions this broker leads and has loaded. */
  private readonly owned = new Set<number>();
  readonly log: CoordinatorLog;
  /** The KIP-848 groups (group.protocol=consumer) of the same partitions. */
  readonly consumerGroups: ConsumerGroupCoordinator;
  private retentionScheduled = false;

  constructor(
    private readonly broker: Broker,
    readonly config: GroupCoordinatorConfig,
  ) {
    this.log = new CoordinatorLog(broker, config.offsetCommitTimeoutMs);
    this.consumerGroups = new ConsumerGroupCoordinator(broker, config, this.log);
  }

  private get ctx(): ActorContext {
    return this.broker.ctx;
  }

  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.config.offsetsTopicNumPartitions);
  }

  /** Groups this broker coordinates now. */
  ownsPartition(partition: number): boolean {
    return this.owned.has(partition);
  }

  // --- leadership of __consumer_offsets partitions ---

  /** The broker became the leader of an offsets partition: replay it and take its groups. */
  onBecomeLeader(partition: number): void {
    if (this.owned.has(partition)) return;
    const replica = this.broker.replica(OFFSETS_TOPIC, partition);
    if (!replica) return;
    const loaded = new Map<string, ClassicGroup>();
    const loadedConsumer = new Map<string, ConsumerGroup>();
    // Offsets are kept apart from the groups (Kafka's OffsetMetadataManager): a group changes protocol, its offsets stay.
    const offsetsByGroup = new Map<string, ClassicGroup['offsets']>();
    let offsets = 0;
    const records = replayLog(replica, (key, value) => {
      if (key === null) return;
      try {
        const decoded = decodeOffsetsKey(key);
        if (decoded.type === 'offset-commit') {
          const id = `${decoded.topic}-${decoded.partition}`;
          const groupOffsets = offsetsByGroup.get(decoded.group);
          if (value === null) {
            groupOffsets?.delete(id);
            return;
          }
          const target = groupOffsets ?? offsetsByGroup.set(decoded.group, new Map()).get(decoded.group)!;
          target.set(id, { topic: decoded.topic, partition: decoded.partition, ...decodeOffsetCommitValue(value) });
          offsets++;
          return;
        }
        if (decoded.type !== 'group-metadata') {
          this.consumerGroups.replay(loadedConsumer, decoded, value);
          return;
        }
        if (value === null) {
          loaded.delete(decoded.group);
          return;
        }
        const stored = decodeGroupMetadataValue(value);
        const group = new ClassicGroup(decoded.group, stored.members.length > 0 ? 'Stable' : 'Empty');
        group.generation = stored.generation;
        group.protocolType = stored.protocolType;
        group.protocolName = stored.protocol;
        group.leaderId = stored.leader;
        for (const m of stored.members) {
          group.add({
            memberId: m.memberId,
            instanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientNode: m.clientHost.replace(/^\//, ''),
            sessionTimeoutMs: m.sessionTimeoutMs,
            rebalanceTimeoutMs: m.rebalanceTimeoutMs,
            protocolType: stored.protocolType,
            protocols: [{ name: stored.protocol ?? '', metadata: m.subscription }],
            assignment: m.assignment,
            awaitingJoin: null,
            awaitingSync: null,
            isNew: false,
            heartbeatTimer: null,
          });
        }
        group.leaderId = stored.leader;
        loaded.set(decoded.group, group);
      } catch (error) {
        if (!(error instanceof OffsetsRecordError)) throw error;
      }
    });
    // A group's offsets go to its KIP-848 group if it has one, else to its classic group (a "simple" one if only offsets remain).
    for (const [groupId, groupOffsets] of offsetsByGroup) {
      if (groupOffsets.size === 0) continue;
      const holder = loadedConsumer.get(groupId) ?? loaded.get(groupId) ?? loaded.set(groupId, new ClassicGroup(groupId)).get(groupId)!;
      for (const [k, v] of groupOffsets) holder.offsets.set(k, v);
    }
    for (const groupId of loadedConsumer.keys()) loaded.delete(groupId);
    this.owned.add(partition);
    for (const [id, group] of loaded) {
      this.groups.set(id, group);
      // Loaded members must heartbeat within their session timeout to stay (GroupMetadataManager.onLoaded).
      for (const member of group.members.values()) this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
    }
    for (const group of loadedConsumer.values()) this.consumerGroups.adopt(group);
    // An empty partition changes nothing worth telling (a new __consumer_offsets has 50 of them).
    if (records > 0) this.broker.emit({ type: 'group-coordinator-loaded', broker: this.broker.brokerId, partition, groups: [...loaded.keys(), ...loadedConsumer.keys()], offsets, records });
    if (!this.retentionScheduled) {
      this.retentionScheduled = true;
      this.ctx.setTimer(OFFSETS_RETENTION_CHECK_INTERVAL_MS, { kind: 'offsets-retention' } satisfies GroupTimer);
    }
  }

  /** The broker no longer leads the partition: its groups go (their members will find the new coordinator). */
  onResign(partition: number): void {
    this.log.failPartition(partition);
    if (!this.owned.delete(partition)) return;
    const gone: string[] = [];
    for (const [id, group] of [...this.groups]) {
      if (this.partitionFor(id) !== partition) continue;
      gone.push(id);
      this.groups.delete(id);
      // Parked requests are answered NOT_COORDINATOR so that members look for the new coordinator.
      for (const member of group.members.values()) {
        if (member.heartbeatTimer !== null) this.ctx.cancelTimer(member.heartbeatTimer);
        this.answerJoin(group, member, { ...emptyJoin(member.memberId), error: 'NOT_COORDINATOR' });
        this.answerSync(group, member, { api: 'SyncGroup', error: 'NOT_COORDINATOR', protocolType: null, protocolName: null, assignment: [] });
      }
      for (const timer of group.pendingMembers.values()) this.ctx.cancelTimer(timer);
      if (group.joinTimer !== null) this.ctx.cancelTimer(group.joinTimer);
      if (group.syncTimer !== null) this.ctx.cancelTimer(group.syncTimer);
    }
    for (const group of [...this.consumerGroups.groups.values()]) {
      if (this.partitionFor(group.groupId) !== partition) continue;
      gone.push(group.groupId);
      this.consumerGroups.unload(group);
    }
    if (gone.length > 0) this.broker.emit({ type: 'group-coordinator-unloaded', broker: this.broker.brokerId, partition, groups: gone });
  }

  /** A client's connection closed: its parked requests can no longer be answered on it. */
  dropClient(peer: NodeId): void {
    for (const group of this.groups.values()) {
      for (const member of group.members.values()) {
        if (member.awaitingJoin?.from === peer) member.awaitingJoin = null;
        if (member.awaitingSync?.from === peer) member.awaitingSync = null;
      }
    }
  }

  // --- what the snapshot shows ---

  groupIds(): string[] {
    return [...this.groups.keys(), ...this.consumerGroups.groups.keys()];
  }

  /** A plain view of a group this broker coordinates, or null. */
  describe(groupId: string): GroupView | null {
    const consumerGroup = this.consumerGroups.groups.get(groupId);
    if (consumerGroup) {
      return {
        protocol: 'consumer',
        state: consumerGroup.currentState,
        generation: consumerGroup.groupEpoch,
        assignmentEpoch: consumerGroup.assignmentEpoch,
        assignor: consumerGroup.lastAssignor,
        leader: null,
        topics: consumerGroup.subscribedTopics(),
        members: [...consumerGroup.members.values()].map((m) => ({
          memberId: m.memberId,
          instanceId: m.instanceId,
          clientId: m.clientId,
          memberEpoch: m.memberEpoch,
          state: m.state,
          assigned: [...m.assigned].map(fromKey).sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)),
        })),
        offsets: [...consumerGroup.offsets.values()].map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
      };
    }
    const group = this.groups.get(groupId);
    if (!group) return null;
    const topics = new Set<string>();
    for (const m of group.members.values()) for (const p of m.protocols) for (const t of p.metadata.topics) topics.add(t);
    return {
      protocol: 'classic',
      state: group.currentState,
      generation: group.generation,
      assignmentEpoch: null,
      assignor: group.protocolName,
      leader: group.leaderId,
      topics: [...topics].sort(),
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        clientId: m.clientId,
        memberEpoch: group.generation,
        state: null,
        assigned: flatten(m.assignment),
      })),
      offsets: [...group.offsets.values()].map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
    };
  }

  // --- requests ---

  findCoordinator(body: FindCoordinatorRequest): FindCoordinatorResponse {
    const none = { api: 'FindCoordinator' as const, nodeId: -1, node: '' };
    if (body.keyType !== 0) return { ...none, error: 'INVALID_REQUEST', errorMessage: `key type ${String(body.keyType)} is not a group` };
    const metadata = this.broker.metadata;
    const topic = metadata.topics.get(OFFSETS_TOPIC);
    if (!topic) {
      // KafkaApis.getCoordinator: the internal topic is created on first use (AutoTopicCreationManager).
      const config = this.config;
      const created = metadata.createTopic(OFFSETS_TOPIC, config.offsetsTopicNumPartitions, config.offsetsTopicReplicationFactor, this.broker.config.topicDefaults, true, {
        'cleanup.policy': 'compact',
        'segment.bytes': config.offsetsTopicSegmentBytes,
      });
      return { ...none, error: created.ok ? 'COORDINATOR_NOT_AVAILABLE' : 'COORDINATOR_NOT_AVAILABLE', errorMessage: `creating ${OFFSETS_TOPIC}` };
    }
    const partition = topic.partitions[this.partitionFor(body.key)];
    if (!partition || partition.leader < 0 || !metadata.isAlive(partition.leader)) {
      return { ...none, error: 'COORDINATOR_NOT_AVAILABLE', errorMessage: `${OFFSETS_TOPIC}-${this.partitionFor(body.key)} has no leader` };
    }
    return { api: 'FindCoordinator', error: 'NONE', nodeId: partition.leader, node: brokerNode(partition.leader) };
  }

  /** The common checks: a group id, this broker its coordinator. */
  private coordinatorError(groupId: string): KafkaErrorName | null {
    if (groupId === '') return 'INVALID_GROUP_ID';
    const partition = this.partitionFor(groupId);
    if (this.owned.has(partition)) return null;
    const registration = this.broker.metadata.partition(OFFSETS_TOPIC, partition);
    if (registration?.leader === this.broker.brokerId) return 'COORDINATOR_LOAD_IN_PROGRESS';
    return 'NOT_COORDINATOR';
  }

  joinGroup(from: NodeId, request: RequestEnvelope<JoinGroupRequest>): JoinGroupResponse | null {
    const body = request.body;
    const parked: Parked = { from, request };
    this.broker.emit({
      type: 'group-join-received',
      group: body.groupId,
      broker: this.broker.brokerId,
      member: body.memberId,
      client: request.clientId,
      instanceId: body.groupInstanceId,
      reason: body.reason ?? '',
    });
    const error = this.coordinatorError(body.groupId);
    if (error) return this.joinAnswer(body.groupId, { ...emptyJoin(body.memberId), error });
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.config;
    if (body.sessionTimeoutMs < minSessionTimeoutMs || body.sessionTimeoutMs > maxSessionTimeoutMs) {
      return this.joinAnswer(body.groupId, { ...emptyJoin(body.memberId), error: 'INVALID_SESSION_TIMEOUT' });
    }
    if (body.protocolType === '' || body.protocols.length === 0) return this.joinAnswer(body.groupId, { ...emptyJoin(body.memberId), error: 'INCONSISTENT_GROUP_PROTOCOL' });
    // A KIP-848 group takes no classic members here (Kafka converts groups only under group.consumer.migration.policy).
    if (this.consumerGroups.groups.has(body.groupId)) return this.joinAnswer(body.groupId, { ...emptyJoin(body.memberId), error: 'INCONSISTENT_GROUP_PROTOCOL' });
    const unknown = body.memberId === '';
    let group = this.groups.get(body.groupId);
    if (!group) {
      if (!unknown) return this.joinAnswer(body.groupId, { ...emptyJoin(body.memberId), error: 'UNKNOWN_MEMBER_ID' });
      group = new ClassicGroup(body.groupId);
      group.stateTimestampMs = this.ctx.nowMs;
      this.groups.set(body.groupId, group);
    }
    if (group.is('Dead')) return this.joinAnswer(group.groupId, { ...emptyJoin(body.memberId), error: 'COORDINATOR_NOT_AVAILABLE' });
    if (!group.supportsProtocols(body.protocolType, body.protocols.map((p) => p.name))) {
      return this.joinAnswer(group.groupId, { ...emptyJoin(body.memberId), error: 'INCONSISTENT_GROUP_PROTOCOL' });
    }
    // acceptJoiningMember: group.max.size counts members and those told to come back.
    const known = group.members.has(body.memberId) || group.pendingMembers.has(body.memberId);
    if (!known && group.members.size + group.pendingMembers.size >= this.config.maxSize && !(unknown && body.groupInstanceId !== null && group.staticMembers.has(body.groupInstanceId))) {
      return this.joinAnswer(group.groupId, { ...emptyJoin(''), error: 'GROUP_MAX_SIZE_REACHED' });
    }
    if (unknown) return this.joinNewMember(group, parked, body);
    return this.joinExistingMember(group, parked, body);
  }

  private joinNewMember(group: ClassicGroup, parked: Parked, body: JoinGroupRequest): JoinGroupResponse | null {
    if (body.groupInstanceId !== null) {
      const newMemberId = `${body.groupInstanceId}-${this.uuid()}`;
      const existing = group.staticMembers.get(body.groupInstanceId);
      if (existing !== undefined) return this.replaceStaticMember(group, parked, body, existing, newMemberId);
      this.addMember(group, parked, body, newMemberId);
      return null;
    }
    // KIP-394: a dynamic member first gets its id and must join again with it.
    const memberId = `${parked.request.clientId}-${this.uuid()}`;
    const timer = this.ctx.setTimer(body.sessionTimeoutMs, { kind: 'group-heartbeat', group: group.groupId, member: memberId } satisfies GroupTimer);
    group.pendingMembers.set(memberId, timer);
    return this.joinAnswer(group.groupId, { ...emptyJoin(memberId), error: 'MEMBER_ID_REQUIRED' });
  }

  private joinExistingMember(group: ClassicGroup, parked: Parked, body: JoinGroupRequest): JoinGroupResponse | null {
    const memberId = body.memberId;
    if (group.pendingMembers.has(memberId)) {
      this.ctx.cancelTimer(group.pendingMembers.get(memberId)!);
      group.pendingMembers.delete(memberId);
      this.addMember(group, parked, body, memberId);
      return null;
    }
    const error = this.validateMember(group, memberId, body.groupInstanceId);
    if (error) return this.joinAnswer(group.groupId, { ...emptyJoin(memberId), error });
    const member = group.members.get(memberId)!;
    const same = ClassicGroup.sameProtocols(member, body.protocols);
    if (group.is('PreparingRebalance')) {
      this.updateMember(member, parked, body);
      this.maybePrepareRebalanceOrCompleteJoin(group, `member ${memberId} rejoins during PreparingRebalance`);
      return null;
    }
    if (group.is('CompletingRebalance') || group.is('Stable')) {
      const isLeader = group.leaderId === memberId;
      if (same && !(group.is('Stable') && isLeader)) {
        // The same metadata (a lost answer): the current generation again.
        this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
        return this.joinAnswer(group.groupId, this.currentJoin(group, member, group.is('CompletingRebalance') && isLeader));
      }
      this.updateMember(member, parked, body);
      this.maybePrepareRebalanceOrCompleteJoin(group, isLeader && same ? `leader ${memberId} rejoins` : `member ${memberId} changed its subscription`);
      return null;
    }
    return this.joinAnswer(group.groupId, { ...emptyJoin(memberId), error: 'UNKNOWN_MEMBER_ID' });
  }

  private addMember(group: ClassicGroup, parked: Parked, body: JoinGroupRequest, memberId: string): void {
    const member: ClassicMember = {
      memberId,
      instanceId: body.groupInstanceId,
      clientId: parked.request.clientId,
      clientNode: parked.from,
      sessionTimeoutMs: body.sessionTimeoutMs,
      rebalanceTimeoutMs: body.rebalanceTimeoutMs,
      protocolType: body.protocolType,
      protocols: body.protocols,
      assignment: [],
      awaitingJoin: parked,
      awaitingSync: null,
      isNew: true,
      heartbeatTimer: null,
    };
    if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true;
    group.add(member);
    // A parked JoinGroup of a new member expires (group.classic.new.member.join.timeout).
    this.rescheduleHeartbeat(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    this.maybePrepareRebalanceOrCompleteJoin(group, `new member ${memberId} joins${body.reason ? ` (${body.reason})` : ''}`);
  }

  private updateMember(member: ClassicMember, parked: Parked, body: JoinGroupRequest): void {
    member.protocols = body.protocols;
    member.rebalanceTimeoutMs = body.rebalanceTimeoutMs;
    member.sessionTimeoutMs = body.sessionTimeoutMs;
    member.clientNode = parked.from;
    member.awaitingJoin = parked;
  }

  /** KIP-345: a static member came back with a new process; it takes its old place. */
  private replaceStaticMember(group: ClassicGroup, parked: Parked, body: JoinGroupRequest, oldMemberId: string, newMemberId: string): JoinGroupResponse | null {
    const old = group.members.get(oldMemberId)!;
    // The old process's parked requests are fenced.
    this.answerJoin(group, old, { ...emptyJoin(oldMemberId), error: 'FENCED_INSTANCE_ID' });
    this.answerSync(group, old, { api: 'SyncGroup', error: 'FENCED_INSTANCE_ID', protocolType: null, protocolName: null, assignment: [] });
    const member = group.replaceStaticMember(body.groupInstanceId!, oldMemberId, newMemberId);
    this.broker.emit({ type: 'group-static-member-replaced', group: group.groupId, broker: this.broker.brokerId, instanceId: body.groupInstanceId!, oldMember: oldMemberId, newMember: newMemberId });
    const oldProtocols = member.protocols;
    this.updateMember(member, parked, body);
    this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
    if (group.is('Stable')) {
      if (group.protocolName === group.selectProtocol()) {
        // No rebalance: persist the new member id and answer with the current generation.
        this.writeGroupMetadata(group, bound<WriteDone>(this, 'onStaticMemberStored', group, member, body, oldProtocols, oldMemberId, newMemberId));
        return null;
      }
      this.maybePrepareRebalanceOrCompleteJoin(group, `static member ${body.groupInstanceId} rejoins with another protocol`);
      return null;
    }
    if (group.is('CompletingRebalance')) {
      this.prepareRebalance(group, `static member ${body.groupInstanceId} rejoins during CompletingRebalance`);
      return null;
    }
    this.maybePrepareRebalanceOrCompleteJoin(group, `static member ${body.groupInstanceId} rejoins`);
    return null;
  }

  /** The write of a static member's new member id (a Stable group, no rebalance): answer it, or put the old id back. */
  private onStaticMemberStored(
    group: ClassicGroup,
    member: ClassicMember,
    body: JoinGroupRequest,
    oldProtocols: ClassicMember['protocols'],
    oldMemberId: string,
    newMemberId: string,
    error: KafkaErrorName,
  ): void {
    if (error !== 'NONE') {
      member.protocols = oldProtocols;
      group.replaceStaticMember(body.groupInstanceId!, newMemberId, oldMemberId);
      this.answerJoin(group, member, { ...emptyJoin(''), error: appendErrorToResponse(error) });
      return;
    }
    const isLeader = group.leaderId === newMemberId;
    this.answerJoin(group, member, { ...this.currentJoin(group, member, isLeader), skipAssignment: isLeader });
  }

  syncGroup(from: NodeId, request: RequestEnvelope<SyncGroupRequest>): SyncGroupResponse | null {
    const body = request.body;
    const fail = (error: KafkaErrorName): SyncGroupResponse => this.syncAnswer(body.groupId, body.memberId, body.generationId, { api: 'SyncGroup', error, protocolType: null, protocolName: null, assignment: [] });
    const error = this.coordinatorError(body.groupId);
    if (error) return fail(error);
    const group = this.groups.get(body.groupId);
    if (!group) return fail('UNKNOWN_MEMBER_ID');
    if (group.is('Dead')) return fail('COORDINATOR_NOT_AVAILABLE');
    const memberError = this.validateMember(group, body.memberId, body.groupInstanceId);
    if (memberError) return fail(memberError);
    if (body.generationId !== group.generation) return fail('ILLEGAL_GENERATION');
    if ((group.protocolType !== null && body.protocolType !== group.protocolType) || (group.protocolName !== null && body.protocolName !== group.protocolName)) {
      return fail('INCONSISTENT_GROUP_PROTOCOL');
    }
    const member = group.members.get(body.memberId)!;
    if (group.is('PreparingRebalance')) return fail('REBALANCE_IN_PROGRESS');
    if (group.is('Empty')) return fail('UNKNOWN_MEMBER_ID');
    if (group.is('Stable')) {
      group.pendingSync.delete(member.memberId);
      this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
      return this.syncAnswer(group.groupId, member.memberId, group.generation, {
        api: 'SyncGroup',
        error: 'NONE',
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        assignment: member.assignment,
      });
    }
    // CompletingRebalance: wait for the leader's assignment.
    member.awaitingSync = { from, request };
    group.pendingSync.delete(member.memberId);
    if (group.pendingSync.size === 0 && group.syncTimer !== null) {
      this.ctx.cancelTimer(group.syncTimer);
      group.syncTimer = null;
    }
    if (group.leaderId !== member.memberId) return null;
    const assignments = new Map<string, TopicPartitionList[]>();
    for (const a of body.assignments) assignments.set(a.memberId, a.assignment);
    const generation = group.generation;
    this.writeGroupMetadata(group, bound<WriteDone>(this, 'onAssignmentStored', group, generation, assignments), assignments);
    return null;
  }

  /** The write of the leader's assignment for `generation`: the members get it, or the rebalance starts over. */
  private onAssignmentStored(group: ClassicGroup, generation: number, assignments: ReadonlyMap<string, TopicPartitionList[]>, writeError: KafkaErrorName): void {
    if (!group.is('CompletingRebalance') || group.generation !== generation) return;
    if (writeError !== 'NONE') {
      this.resetAndPropagateAssignment(group, appendErrorToResponse(writeError));
      this.maybePrepareRebalanceOrCompleteJoin(group, `error ${writeError} while storing the assignment`);
      return;
    }
    for (const m of group.members.values()) m.assignment = assignments.get(m.memberId) ?? [];
    this.transition(group, { type: 'ASSIGNMENT_STORED' });
    for (const m of group.members.values()) {
      this.answerSync(group, m, { api: 'SyncGroup', error: 'NONE', protocolType: group.protocolType, protocolName: group.protocolName, assignment: m.assignment });
      this.rescheduleHeartbeat(group, m, m.sessionTimeoutMs);
    }
  }

  heartbeat(body: HeartbeatRequest): HeartbeatResponse {
    const answer = (error: KafkaErrorName, generation = body.generationId): HeartbeatResponse => {
      this.broker.emit({ type: 'group-heartbeat-answered', group: body.groupId, broker: this.broker.brokerId, member: body.memberId, error, generation });
      return { api: 'Heartbeat', error };
    };
    const error = this.coordinatorError(body.groupId);
    if (error) return answer(error);
    const group = this.groups.get(body.groupId);
    if (!group) return answer('UNKNOWN_MEMBER_ID');
    if (group.is('Dead')) return answer('COORDINATOR_NOT_AVAILABLE');
    if (group.is('Empty')) return answer('UNKNOWN_MEMBER_ID');
    const memberError = this.validateMember(group, body.memberId, body.groupInstanceId);
    if (memberError) return answer(memberError);
    if (body.generationId !== group.generation) return answer('ILLEGAL_GENERATION', group.generation);
    const member = group.members.get(body.memberId)!;
    this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
    // Heartbeats during CompletingRebalance are ordinary ones (GroupMetadataManager.classicGroupHeartbeat).
    return answer(group.is('PreparingRebalance') ? 'REBALANCE_IN_PROGRESS' : 'NONE');
  }

  leaveGroup(body: LeaveGroupRequest): LeaveGroupResponse {
    const error = this.coordinatorError(body.groupId);
    const group = this.groups.get(body.groupId);
    if (error || !group || group.is('Dead')) {
      return { api: 'LeaveGroup', error: error ?? (group ? 'COORDINATOR_NOT_AVAILABLE' : 'UNKNOWN_MEMBER_ID'), members: [] };
    }
    const members = body.members.map((leaving) => {
      let memberId = leaving.memberId;
      if (leaving.groupInstanceId !== null) {
        // A static member leaves by instance id; a stale member id is fenced.
        const current = group.staticMembers.get(leaving.groupInstanceId);
        if (current === undefined) return { ...leaving, error: 'UNKNOWN_MEMBER_ID' as KafkaErrorName };
        if (memberId !== '' && memberId !== current) return { ...leaving, error: 'FENCED_INSTANCE_ID' as KafkaErrorName };
        memberId = current;
      }
      if (group.pendingMembers.has(memberId)) {
        this.ctx.cancelTimer(group.pendingMembers.get(memberId)!);
        group.remove(memberId);
        if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group);
        return { ...leaving, error: 'NONE' as KafkaErrorName };
      }
      const member = group.members.get(memberId);
      if (!member) return { ...leaving, error: 'UNKNOWN_MEMBER_ID' as KafkaErrorName };
      this.broker.emit({ type: 'group-member-left', group: group.groupId, broker: this.broker.brokerId, member: memberId, instanceId: member.instanceId, reason: leaving.reason ?? 'LeaveGroup' });
      this.removeMember(group, member, `member ${memberId} left the group`);
      return { ...leaving, error: 'NONE' as KafkaErrorName };
    });
    return { api: 'LeaveGroup', error: 'NONE', members };
  }

  offsetCommit(from: NodeId, request: RequestEnvelope<OffsetCommitRequest>): OffsetCommitResponse | null {
    const body = request.body;
    const all = (error: KafkaErrorName): OffsetCommitResponse => ({
      api: 'OffsetCommit',
      topics: body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partition: p.partition, error })) })),
    });
    const requested = body.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, offset: p.committedOffset })));
    const consumerGroup = this.consumerGroups.groups.get(body.groupId);
    const error =
      this.coordinatorError(body.groupId) ??
      (consumerGroup ? this.consumerGroups.validateCommit(consumerGroup, body.memberId, body.generationIdOrMemberEpoch) : this.validateOffsetCommit(body));
    if (error) {
      this.emitCommitted(body, error, requested);
      return all(error);
    }
    let holder: { offsets: ClassicGroup['offsets'] } | undefined = consumerGroup ?? this.groups.get(body.groupId);
    if (!holder) {
      // A commit outside any generation creates a "simple" group (OffsetMetadataManager.validateOffsetCommit).
      const simple = new ClassicGroup(body.groupId);
      this.groups.set(body.groupId, simple);
      holder = simple;
    }
    const classic = this.groups.get(body.groupId);
    if (classic && !classic.is('Empty') && classic.members.has(body.memberId)) {
      const member = classic.members.get(body.memberId)!;
      this.rescheduleHeartbeat(classic, member, member.sessionTimeoutMs);
    }
    // Per partition: the topic must exist (KafkaApis), the metadata fit offset.metadata.max.bytes.
    const records: CoordinatorRecord[] = [];
    const accepted: { topic: string; partition: number; offset: number; leaderEpoch: number; metadata: string }[] = [];
    const response: OffsetCommitResponse = {
      api: 'OffsetCommit',
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const exists = this.broker.metadata.partition(t.name, p.partition) !== undefined;
          if (!exists) return { partition: p.partition, error: 'UNKNOWN_TOPIC_OR_PARTITION' as KafkaErrorName };
          if ((p.metadata?.length ?? 0) > 4096) return { partition: p.partition, error: 'OFFSET_METADATA_TOO_LARGE' as KafkaErrorName };
          if (p.committedOffset < 0) return { partition: p.partition, error: 'INVALID_REQUEST' as KafkaErrorName };
          accepted.push({ topic: t.name, partition: p.partition, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.metadata ?? '' });
          return { partition: p.partition, error: 'NONE' as KafkaErrorName };
        }),
      })),
    };
    const now = Math.floor(this.ctx.nowMs);
    for (const a of accepted) {
      records.push({
        key: encodeOffsetCommitKey(body.groupId, a.topic, a.partition),
        value: encodeOffsetCommitValue({ offset: a.offset, leaderEpoch: a.leaderEpoch, metadata: a.metadata, commitTimestampMs: now }),
      });
    }
    if (records.length === 0) {
      this.emitCommitted(body, 'NONE', []);
      return response;
    }
    this.log.append(this.partitionFor(body.groupId), records, bound<WriteDone>(this, 'onOffsetsStored', from, request, holder, accepted, response, now));
    return null;
  }

  /** The write of an OffsetCommit's offsets: they become the group's, and the commit is answered. */
  private onOffsetsStored(
    from: NodeId,
    request: RequestEnvelope<OffsetCommitRequest>,
    target: { offsets: ClassicGroup['offsets'] },
    accepted: readonly { topic: string; partition: number; offset: number; leaderEpoch: number; metadata: string }[],
    response: OffsetCommitResponse,
    now: number,
    writeError: KafkaErrorName,
  ): void {
    const mapped = writeError === 'NONE' ? 'NONE' : commitErrorToResponse(writeError);
    if (mapped === 'NONE') {
      for (const a of accepted) target.offsets.set(`${a.topic}-${a.partition}`, { topic: a.topic, partition: a.partition, offset: a.offset, leaderEpoch: a.leaderEpoch, metadata: a.metadata, commitTimestampMs: now });
    } else {
      for (const t of response.topics) for (const p of t.partitions) if (p.error === 'NONE') p.error = mapped;
    }
    this.emitCommitted(request.body, mapped, accepted.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
    this.broker.respond(from, request, response);
  }

  private emitCommitted(body: OffsetCommitRequest, error: KafkaErrorName, offsets: { topic: string; partition: number; offset: number }[]): void {
    this.broker.emit({ type: 'offsets-committed', group: body.groupId, broker: this.broker.brokerId, member: body.memberId, generation: body.generationIdOrMemberEpoch, error, offsets });
  }

  private validateOffsetCommit(body: OffsetCommitRequest): KafkaErrorName | null {
    const group = this.groups.get(body.groupId);
    if (!group) return body.generationIdOrMemberEpoch < 0 ? null : 'ILLEGAL_GENERATION';
    if (group.is('Dead')) return 'COORDINATOR_NOT_AVAILABLE';
    if (body.generationIdOrMemberEpoch < 0 && group.is('Empty')) return null;
    if (body.generationIdOrMemberEpoch >= 0 || body.memberId !== '' || body.groupInstanceId !== null) {
      const memberError = this.validateMember(group, body.memberId, body.groupInstanceId);
      if (memberError) return memberError;
      if (body.generationIdOrMemberEpoch !== group.generation) return 'ILLEGAL_GENERATION';
    } else if (!group.is('Empty')) {
      return 'UNKNOWN_MEMBER_ID';
    }
    if (group.is('CompletingRebalance')) return 'REBALANCE_IN_PROGRESS';
    return null;
  }

  offsetFetch(body: OffsetFetchRequest): OffsetFetchResponse {
    const error = this.coordinatorError(body.groupId);
    if (error) return { api: 'OffsetFetch', error, topics: [] };
    const group: { offsets: ClassicGroup['offsets'] } | undefined = this.consumerGroups.groups.get(body.groupId) ?? this.groups.get(body.groupId);
    const committed = [...(group?.offsets.values() ?? [])];
    const wanted = body.topics ?? groupByTopicName(committed.map((o) => ({ topic: o.topic, partition: o.partition })));
    return {
      api: 'OffsetFetch',
      error: 'NONE',
      topics: wanted.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partition) => {
          const offset = group?.offsets.get(`${t.name}-${partition}`);
          return {
            partition,
            committedOffset: offset?.offset ?? -1,
            committedLeaderEpoch: offset?.leaderEpoch ?? -1,
            metadata: offset?.metadata ?? '',
            error: 'NONE' as KafkaErrorName,
          };
        }),
      })),
    };
  }

  describeGroups(body: DescribeGroupsRequest): DescribeGroupsResponse {
    return {
      api: 'DescribeGroups',
      groups: body.groups.map((groupId) => {
        const error = this.coordinatorError(groupId);
        const consumerGroup = this.consumerGroups.groups.get(groupId);
        if (!error && consumerGroup) {
          // ConsumerGroupDescribe is the API of these groups; DescribeGroups still answers (KIP-848).
          return {
            groupId,
            error: 'NONE' as KafkaErrorName,
            groupState: consumerGroup.currentState,
            protocolType: 'consumer',
            protocolData: consumerGroup.lastAssignor,
            members: [...consumerGroup.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.instanceId,
              clientId: m.clientId,
              subscription: { topics: m.subscribedTopics, ownedPartitions: [], generationId: m.memberEpoch },
              assignment: groupByTopicName([...m.assigned].map(fromKey)).map((t) => ({ topic: t.name, partitions: t.partitions })),
            })),
          };
        }
        const group = this.groups.get(groupId);
        if (error || !group) {
          return { groupId, error: error ?? 'NONE', groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
        }
        const stable = group.is('Stable');
        return {
          groupId,
          error: 'NONE',
          groupState: group.currentState,
          protocolType: group.protocolType ?? '',
          protocolData: group.protocolName ?? '',
          members: [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.instanceId,
            clientId: m.clientId,
            subscription: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? m.protocols[0]?.metadata ?? null,
            // Assignments are only meaningful once the group is Stable (ClassicGroup.describe).
            assignment: stable ? m.assignment : [],
          })),
        };
      }),
    };
  }

  listGroups(body: ListGroupsRequest): ListGroupsResponse {
    const wanted = new Set(body.statesFilter.map((s) => s.toLowerCase()));
    const groups: ListGroupsResponse['groups'] = [...this.groups.values()]
      .filter((g) => wanted.size === 0 || wanted.has(g.currentState.toLowerCase()))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.currentState, groupType: 'classic' as const }));
    for (const g of this.consumerGroups.groups.values()) {
      if (wanted.size === 0 || wanted.has(g.currentState.toLowerCase())) groups.push({ groupId: g.groupId, protocolType: 'consumer', groupState: g.currentState, groupType: 'consumer' as const });
    }
    return { api: 'ListGroups', error: 'NONE', groups };
  }

  /** Answered at once, or (null) once the records of the change it makes are committed. */
  consumerGroupHeartbeat(from: NodeId, request: RequestEnvelope<ConsumerGroupHeartbeatRequest>): ConsumerGroupHeartbeatResponse | null {
    const body = request.body;
    const fail = (error: KafkaErrorName, errorMessage: string): ConsumerGroupHeartbeatResponse => {
      this.broker.emit({ type: 'group-consumer-heartbeat', group: body.groupId, broker: this.broker.brokerId, member: body.memberId, error, memberEpoch: -1, memberState: 'UNKNOWN', assigned: [] });
      return { api: 'ConsumerGroupHeartbeat', error, errorMessage, memberId: body.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null };
    };
    const error = this.coordinatorError(body.groupId);
    if (error) return fail(error, error === 'INVALID_GROUP_ID' ? 'the group id is empty' : `broker ${this.broker.brokerId} is not the group's coordinator`);
    let group = this.consumerGroups.groups.get(body.groupId);
    let created: CreatedGroup | null = null;
    if (!group) {
      const classic = this.groups.get(body.groupId);
      if (classic && !(classic.is('Empty') && classic.members.size === 0)) return fail('GROUP_ID_NOT_FOUND', `group ${body.groupId} is a classic group, not a consumer group`);
      if (body.memberEpoch !== 0) return fail('UNKNOWN_MEMBER_ID', `group ${body.groupId} has no member ${body.memberId}`);
      const fresh = new ConsumerGroup(body.groupId);
      const records: CoordinatorRecord[] = [];
      // An empty classic group (only committed offsets) becomes a consumer group, offsets included;
      // the classic group's tombstone goes with the new group's first records (maybeDeleteEmptyClassicGroup).
      if (classic) {
        for (const [key, offset] of classic.offsets) fresh.offsets.set(key, offset);
        this.groups.delete(body.groupId);
        records.push({ key: encodeGroupMetadataKey(body.groupId), value: null });
      }
      this.consumerGroups.groups.set(body.groupId, fresh);
      // Taken back if the heartbeat writes nothing (it was refused) or its write reaches no log.
      const undo = bound<() => void>(this, 'undoCreatedGroup', body.groupId, fresh, classic);
      created = { records, undo };
      group = fresh;
    }
    return this.consumerGroups.heartbeat(from, request, group, created);
  }

  /** Takes back a consumer group a heartbeat created (and the empty classic group it replaced, if any). */
  private undoCreatedGroup(groupId: string, fresh: ConsumerGroup, classic: ClassicGroup | undefined): void {
    if (this.consumerGroups.groups.get(groupId) === fresh) this.consumerGroups.groups.delete(groupId);
    if (classic && !this.groups.has(groupId)) this.groups.set(groupId, classic);
  }

  // --- timers ---

  handleTimer(payload: { kind?: string }): boolean {
    if (this.log.handleTimer(payload)) return true;
    if (this.consumerGroups.handleTimer(payload as ConsumerGroupTimer)) return true;
    const timer = payload as GroupTimer;
    switch (timer.kind) {
      case 'group-join': {
        const group = this.groups.get(timer.group);
        if (!group) return true;
        group.joinTimer = null;
        if (timer.initial) this.tryCompleteInitialRebalance(group, timer.delayMs, timer.remainingMs);
        else this.completeJoin(group);
        return true;
      }
      case 'group-sync': {
        const group = this.groups.get(timer.group);
        if (!group || group.generation !== timer.generation) return true;
        group.syncTimer = null;
        this.expirePendingSync(group);
        return true;
      }
      case 'group-heartbeat': {
        const group = this.groups.get(timer.group);
        if (group) this.expireHeartbeat(group, timer.member);
        return true;
      }
      case 'offsets-retention':
        this.expireOffsets();
        this.ctx.setTimer(OFFSETS_RETENTION_CHECK_INTERVAL_MS, timer);
        return true;
      default:
        return false;
    }
  }

  // --- the rebalance ---

  private maybePrepareRebalanceOrCompleteJoin(group: ClassicGroup, reason: string): void {
    if (group.canRebalance) this.prepareRebalance(group, reason);
    else this.maybeCompleteJoinPhase(group);
  }

  private maybeCompleteJoinPhase(group: ClassicGroup): void {
    // The initial rebalance is never cut short: it waits out group.initial.rebalance.delay.ms.
    if (!group.is('PreparingRebalance') || group.previousState === 'Empty' || !group.hasAllMembersJoined()) return;
    this.completeJoin(group);
  }

  private prepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignment(group, 'REBALANCE_IN_PROGRESS');
    if (group.syncTimer !== null) {
      this.ctx.cancelTimer(group.syncTimer);
      group.syncTimer = null;
    }
    group.pendingSync.clear();
    const initial = group.is('Empty');
    this.broker.emit({ type: 'group-rebalance-started', group: group.groupId, broker: this.broker.brokerId, reason, generation: group.generation });
    if (initial) {
      const delayMs = this.config.initialRebalanceDelayMs;
      const remainingMs = Math.max(group.rebalanceTimeoutMs - delayMs, 0);
      this.setJoinTimer(group, { kind: 'group-join', group: group.groupId, generation: group.generation, delayMs, remainingMs, initial: true }, delayMs);
    }
    this.transition(group, { type: 'PREPARE_REBALANCE' });
    if (initial) return;
    if (group.hasAllMembersJoined()) this.completeJoin(group);
    else this.setJoinTimer(group, { kind: 'group-join', group: group.groupId, generation: group.generation, delayMs: 0, remainingMs: 0, initial: false }, group.rebalanceTimeoutMs);
  }

  private tryCompleteInitialRebalance(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    if (group.newMemberAdded && remainingMs !== 0) {
      group.newMemberAdded = false;
      const newDelayMs = Math.min(this.config.initialRebalanceDelayMs, remainingMs);
      const newRemainingMs = Math.max(remainingMs - delayMs, 0);
      this.setJoinTimer(group, { kind: 'group-join', group: group.groupId, generation: group.generation, delayMs: newDelayMs, remainingMs: newRemainingMs, initial: true }, newDelayMs);
      return;
    }
    this.completeJoin(group);
  }

  private setJoinTimer(group: ClassicGroup, timer: GroupTimer, delayMs: number): void {
    if (group.joinTimer !== null) this.ctx.cancelTimer(group.joinTimer);
    group.joinTimer = this.ctx.setTimer(delayMs, timer);
  }

  /** GroupMetadataManager.completeClassicGroupJoin. */
  private completeJoin(group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return;
    if (group.joinTimer !== null) {
      this.ctx.cancelTimer(group.joinTimer);
      group.joinTimer = null;
    }
    // Dynamic members that did not rejoin in time are out; static ones keep their place.
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin !== null || member.instanceId !== null) continue;
      if (member.heartbeatTimer !== null) this.ctx.cancelTimer(member.heartbeatTimer);
      group.remove(member.memberId);
      this.broker.emit({ type: 'group-member-removed', group: group.groupId, broker: this.broker.brokerId, member: member.memberId, instanceId: null, reason: 'rebalance-timeout' });
    }
    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // Nobody rejoined: wait again until sessions remove the silent members.
      this.setJoinTimer(group, { kind: 'group-join', group: group.groupId, generation: group.generation, delayMs: 0, remainingMs: 0, initial: false }, group.rebalanceTimeoutMs);
      return;
    }
    group.generation += 1;
    if (group.members.size === 0) {
      group.protocolName = null;
      this.transition(group, { type: 'BECOME_EMPTY' });
      this.writeGroupMetadata(group, ignoreWrite);
      return;
    }
    group.protocolName = group.selectProtocol();
    this.transition(group, { type: 'COMPLETE_JOIN' });
    for (const member of group.members.values()) {
      const isLeader = group.leaderId === member.memberId;
      this.answerJoin(group, member, this.currentJoin(group, member, isLeader));
      member.isNew = false;
      this.rescheduleHeartbeat(group, member, member.sessionTimeoutMs);
      group.pendingSync.add(member.memberId);
    }
    // Members that never send SyncGroup are removed after the rebalance timeout (KAFKA-13766).
    group.syncTimer = this.ctx.setTimer(group.rebalanceTimeoutMs, { kind: 'group-sync', group: group.groupId, generation: group.generation } satisfies GroupTimer);
  }

  private expirePendingSync(group: ClassicGroup): void {
    if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
    const late = [...group.pendingSync];
    if (late.length === 0) return;
    for (const memberId of late) {
      const member = group.members.get(memberId);
      if (!member) continue;
      if (member.heartbeatTimer !== null) this.ctx.cancelTimer(member.heartbeatTimer);
      group.remove(memberId);
      this.broker.emit({ type: 'group-member-removed', group: group.groupId, broker: this.broker.brokerId, member: memberId, instanceId: member.instanceId, reason: 'sync-timeout' });
    }
    this.prepareRebalance(group, `members ${late.join(', ')} did not send SyncGroup in time`);
  }

  private expireHeartbeat(group: ClassicGroup, memberId: string): void {
    if (group.is('Dead')) return;
    if (group.pendingMembers.has(memberId)) {
      group.remove(memberId);
      this.broker.emit({ type: 'group-member-removed', group: group.groupId, broker: this.broker.brokerId, member: memberId, instanceId: null, reason: 'pending-member-timeout' });
      if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group);
      return;
    }
    const member = group.members.get(memberId);
    if (!member) return;
    member.heartbeatTimer = null;
    // Members waiting in a rebalance count as alive, unless they are new (ClassicGroupMember.hasSatisfiedHeartbeat).
    if (!member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null)) return;
    this.broker.emit({ type: 'group-member-removed', group: group.groupId, broker: this.broker.brokerId, member: memberId, instanceId: member.instanceId, reason: 'session-timeout' });
    this.removeMember(group, member, `member ${memberId} failed to heartbeat within session.timeout.ms (${member.sessionTimeoutMs} ms)`);
  }

  private removeMember(group: ClassicGroup, member: ClassicMember, reason: string): void {
    if (member.heartbeatTimer !== null) this.ctx.cancelTimer(member.heartbeatTimer);
    this.answerJoin(group, member, { ...emptyJoin(''), error: 'UNKNOWN_MEMBER_ID' });
    group.remove(member.memberId);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalanceOrCompleteJoin(group, reason);
    else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  private resetAndPropagateAssignment(group: ClassicGroup, error: KafkaErrorName): void {
    for (const member of group.members.values()) {
      member.assignment = [];
      this.answerSync(group, member, { api: 'SyncGroup', error, protocolType: null, protocolName: null, assignment: [] });
    }
  }

  private rescheduleHeartbeat(group: ClassicGroup, member: ClassicMember, delayMs: number): void {
    if (member.heartbeatTimer !== null) this.ctx.cancelTimer(member.heartbeatTimer);
    member.heartbeatTimer = this.ctx.setTimer(delayMs, { kind: 'group-heartbeat', group: group.groupId, member: member.memberId } satisfies GroupTimer);
  }

  private validateMember(group: ClassicGroup, memberId: string, instanceId: string | null): KafkaErrorName | null {
    if (instanceId !== null) {
      const current = group.staticMembers.get(instanceId);
      if (current === undefined) return 'UNKNOWN_MEMBER_ID';
      if (current !== memberId) return 'FENCED_INSTANCE_ID';
      return null;
    }
    return group.members.has(memberId) ? null : 'UNKNOWN_MEMBER_ID';
  }

  private transition(group: ClassicGroup, event: ClassicGroupEvent): void {
    const { from, to } = group.transition(event, this.ctx.nowMs);
    this.broker.emit({ type: 'group-state-changed', group: group.groupId, broker: this.broker.brokerId, from, to, generation: group.generation, protocol: 'classic' });
  }

  // --- answers ---

  private currentJoin(group: ClassicGroup, member: ClassicMember, withMembers: boolean): JoinGroupResponse {
    return {
      api: 'JoinGroup',
      error: 'NONE',
      generationId: group.generation,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId: member.memberId,
      members: withMembers ? group.joinedMembers() : [],
    };
  }

  private joinAnswer(groupId: string, response: JoinGroupResponse): JoinGroupResponse {
    this.broker.emit({
      type: 'group-join-answered',
      group: groupId,
      broker: this.broker.brokerId,
      member: response.memberId,
      error: response.error,
      generation: response.generationId,
      leader: response.leader,
      protocolName: response.protocolName,
      members: response.members.length,
    });
    return response;
  }

  private answerJoin(group: ClassicGroup, member: ClassicMember, response: JoinGroupResponse): void {
    const parked = member.awaitingJoin;
    if (parked === null) return;
    member.awaitingJoin = null;
    this.broker.respond(parked.from, parked.request, this.joinAnswer(group.groupId, response));
  }

  private syncAnswer(groupId: string, memberId: string, generation: number, response: SyncGroupResponse): SyncGroupResponse {
    this.broker.emit({
      type: 'group-sync-answered',
      group: groupId,
      broker: this.broker.brokerId,
      member: memberId,
      error: response.error,
      generation,
      assignment: flatten(response.assignment),
    });
    return response;
  }

  private answerSync(group: ClassicGroup, member: ClassicMember, response: SyncGroupResponse): void {
    const parked = member.awaitingSync;
    if (parked === null) return;
    member.awaitingSync = null;
    this.broker.respond(parked.from, parked.request, this.syncAnswer(group.groupId, member.memberId, group.generation, response));
  }

  // --- records ---

  private writeGroupMetadata(group: ClassicGroup, done: WriteDone, assignments?: ReadonlyMap<string, TopicPartitionList[]>): void {
    const value = encodeGroupMetadataValue({
      protocolType: group.protocolType ?? CONSUMER_PROTOCOL_TYPE,
      generation: group.generation,
      protocol: group.protocolName,
      leader: group.members.size > 0 ? group.leaderId : null,
      currentStateTimestampMs: Math.floor(this.ctx.nowMs),
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.instanceId,
        clientId: m.clientId,
        clientHost: `/${m.clientNode}`,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? m.protocols[0]!.metadata,
        assignment: assignments?.get(m.memberId) ?? m.assignment,
      })),
    });
    this.log.append(this.partitionFor(group.groupId), [{ key: encodeGroupMetadataKey(group.groupId), value }], done);
  }

  /** offsets.retention.minutes: an Empty group's offsets expire; then the group goes too. */
  private expireOffsets(): void {
    const now = this.ctx.nowMs;
    for (const group of [...this.groups.values()]) {
      if (!group.is('Empty')) continue;
      const expired = [...group.offsets.values()].filter((o) => o.commitTimestampMs + this.config.offsetsRetentionMs <= now && group.stateTimestampMs + this.config.offsetsRetentionMs <= now);
      if (expired.length === 0) continue;
      const records: CoordinatorRecord[] = expired.map((o) => ({ key: encodeOffsetCommitKey(group.groupId, o.topic, o.partition), value: null }));
      const emptied = expired.length === group.offsets.size;
      if (emptied) records.push({ key: encodeGroupMetadataKey(group.groupId), value: null });
      this.log.append(this.partitionFor(group.groupId), records, bound<WriteDone>(this, 'onOffsetsExpired', group, expired, emptied));
    }
  }

  /** The tombstones of expired offsets are written: the offsets go, and the group too if `emptied`. */
  private onOffsetsExpired(group: ClassicGroup, expired: readonly (CommittedOffset & { topic: string; partition: number })[], emptied: boolean, error: KafkaErrorName): void {
    if (error !== 'NONE') return;
    for (const o of expired) group.offsets.delete(`${o.topic}-${o.partition}`);
    if (emptied && group.is('Empty') && group.offsets.size === 0) {
      this.transition(group, { type: 'DIE' });
      this.groups.delete(group.groupId);
    }
  }

  private uuid(): string {
    const r = this.ctx.random;
    const hex = (n: number) => (r.nextU32() >>> 0).toString(16).padStart(8, '0').slice(0, n);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${((r.nextU32() & 0x3) | 0x8).toString(16)}${hex(3)}-${hex(8)}${hex(4)}`;
  }
}

function emptyJoin(memberId: string): JoinGroupResponse {
  return { api: 'JoinGroup', error: 'NONE', generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

/** OffsetMetadataManager's mapping of a failed offsets write to the commit's answer. */
function commitErrorToResponse(error: KafkaErrorName): KafkaErrorName {
  if (error === 'MESSAGE_TOO_LARGE' || error === 'RECORD_LIST_TOO_LARGE') return 'INVALID_REQUEST';
  return appendErrorToResponse(error);
}

function flatten(list: readonly TopicPartitionList[]): TopicPartitionRef[] {
  return list.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition })));
}

function groupByTopicName(refs: readonly TopicPartitionRef[]): { name: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const r of refs) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.partition]);
  return [...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, partitions]) => ({ name, partitions: partitions.sort((a, b) => a - b) }));
}
