// A consumer group of KIP-848 (group.protocol=consumer) as its coordinator holds it (Kafka's
// ConsumerGroup, ConsumerGroupMember and CurrentAssignmentBuilder): the group epoch moves when
// members or subscriptions change, a server-side assignor computes the target assignment of that
// epoch, and each member is brought towards its target one heartbeat at a time — it first revokes
// what it must give up (UNREVOKED_PARTITIONS), then gets the next epoch and its new partitions,
// minus those another member has not released yet (UNRELEASED_PARTITIONS).
import type { NodeId, TimerId } from '../../kernel/types.ts';
import { MachineState, consumerGroupMachine, type ConsumerGroupEvent, type ConsumerGroupState } from './group-state-machines.ts';
import type { CommittedOffset } from './classic-group.ts';

/** ConsumerGroupMember's MemberState on the coordinator. */
export type MemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS' | 'UNKNOWN';

export interface ConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  clientNode: NodeId;
  memberEpoch: number;
  previousMemberEpoch: number;
  state: MemberState;
  rebalanceTimeoutMs: number;
  subscribedTopics: string[];
  serverAssignor: string | null;
  /** "topic-partition" keys the member may consume now. */
  assigned: Set<string>;
  /** Partitions it must give back before it moves to the next epoch. */
  pendingRevocation: Set<string>;
  sessionTimer: TimerId | null;
  /** Armed while the member has partitions to revoke: it must do so within its rebalance timeout. */
  rebalanceTimer: TimerId | null;
}

/** A member as its records hold it: everything but its timers. */
export type MemberImage = Omit<ConsumerGroupMember, 'sessionTimer' | 'rebalanceTimer'>;

/**
 * The group as its records hold it (what Kafka's timeline snapshot keeps): the coordinator takes
 * one before a change, to know which records the change needs and to go back to it when nothing
 * could be written.
 */
export interface ConsumerGroupImage {
  groupEpoch: number;
  assignmentEpoch: number;
  lastAssignor: string;
  members: Map<string, MemberImage>;
  staticMembers: Map<string, string>;
  target: Map<string, Set<string>>;
  partitionEpochs: Map<string, number>;
}

/** The member's subscription and client (ConsumerGroupMemberMetadataValue) as one comparable string. */
export function memberMetadataOf(m: MemberImage): string {
  return JSON.stringify([m.instanceId, m.clientId, m.clientNode, m.subscribedTopics, m.serverAssignor, m.rebalanceTimeoutMs]);
}

/** The member's epochs, state and partitions (ConsumerGroupCurrentMemberAssignmentValue) as one comparable string. */
export function currentAssignmentOf(m: MemberImage): string {
  return JSON.stringify([m.memberEpoch, m.previousMemberEpoch, m.state, [...m.assigned].sort(), [...m.pendingRevocation].sort()]);
}

function copyMember(m: MemberImage): MemberImage {
  return {
    memberId: m.memberId,
    instanceId: m.instanceId,
    clientId: m.clientId,
    clientNode: m.clientNode,
    memberEpoch: m.memberEpoch,
    previousMemberEpoch: m.previousMemberEpoch,
    state: m.state,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    subscribedTopics: [...m.subscribedTopics],
    serverAssignor: m.serverAssignor,
    assigned: new Set(m.assigned),
    pendingRevocation: new Set(m.pendingRevocation),
  };
}

/** A member the records have not described yet (ConsumerGroupMember.Builder's defaults). */
function emptyMember(memberId: string): ConsumerGroupMember {
  return {
    memberId,
    instanceId: null,
    clientId: '',
    clientNode: '',
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: 'STABLE',
    rebalanceTimeoutMs: -1,
    subscribedTopics: [],
    serverAssignor: null,
    assigned: new Set(),
    pendingRevocation: new Set(),
    sessionTimer: null,
    rebalanceTimer: null,
  };
}

export function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function fromKey(key: string): { topic: string; partition: number } {
  const cut = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)) };
}

export class ConsumerGroup {
  readonly state = new MachineState<ConsumerGroupState, ConsumerGroupEvent>(consumerGroupMachine);
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerGroupMember>();
  readonly staticMembers = new Map<string, string>();
  /** The target assignment of assignmentEpoch, by member. */
  readonly target = new Map<string, Set<string>>();
  /** Partition → epoch of the member that holds it (assigned or pending revocation). */
  readonly partitionEpochs = new Map<string, number>();
  readonly offsets = new Map<string, CommittedOffset & { topic: string; partition: number }>();
  lastAssignor = 'uniform';

  constructor(readonly groupId: string) {}

  get currentState(): ConsumerGroupState {
    return this.state.value;
  }

  /** ConsumerGroup.maybeUpdateGroupState: the state follows from the epochs and the members. */
  updateState(): { from: ConsumerGroupState; to: ConsumerGroupState } | null {
    const from = this.state.value;
    if (from === 'Dead') return null;
    let event: ConsumerGroupEvent;
    if (this.members.size === 0) event = { type: 'MEMBERS_LEFT' };
    else if (this.groupEpoch > this.assignmentEpoch) event = { type: 'TARGET_BEHIND' };
    else if ([...this.members.values()].some((m) => m.state !== 'STABLE' || m.memberEpoch !== this.assignmentEpoch)) event = { type: 'MEMBERS_RECONCILING' };
    else event = { type: 'ALL_RECONCILED' };
    const to = this.state.send(event);
    return to === from ? null : { from, to };
  }

  subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const m of this.members.values()) for (const t of m.subscribedTopics) topics.add(t);
    return [...topics].sort();
  }

  /** Removes what the member holds from the partition epochs (it left, or its assignment changed). */
  releasePartitions(member: ConsumerGroupMember): void {
    for (const key of [...member.assigned, ...member.pendingRevocation]) {
      if (this.partitionEpochs.get(key) === member.memberEpoch) this.partitionEpochs.delete(key);
    }
  }

  holdPartitions(member: ConsumerGroupMember): void {
    for (const key of [...member.assigned, ...member.pendingRevocation]) this.partitionEpochs.set(key, member.memberEpoch);
  }

  snapshot(): ConsumerGroupImage {
    return {
      groupEpoch: this.groupEpoch,
      assignmentEpoch: this.assignmentEpoch,
      lastAssignor: this.lastAssignor,
      members: new Map([...this.members].map(([id, m]) => [id, copyMember(m)])),
      staticMembers: new Map(this.staticMembers),
      target: new Map([...this.target].map(([id, keys]) => [id, new Set(keys)])),
      partitionEpochs: new Map(this.partitionEpochs),
    };
  }

  /**
   * Goes back to `image` (a write failed before anything reached the log). Members keep their
   * timers; returns the members that are gone again and those that are back, whose timers the
   * coordinator settles.
   */
  restore(image: ConsumerGroupImage): { dropped: ConsumerGroupMember[]; restored: ConsumerGroupMember[] } {
    this.groupEpoch = image.groupEpoch;
    this.assignmentEpoch = image.assignmentEpoch;
    this.lastAssignor = image.lastAssignor;
    const dropped = [...this.members.values()].filter((m) => !image.members.has(m.memberId));
    const restored: ConsumerGroupMember[] = [];
    const previous = new Map(this.members);
    this.members.clear();
    for (const [id, m] of image.members) {
      const existing = previous.get(id);
      if (existing) Object.assign(existing, copyMember(m));
      else restored.push({ ...copyMember(m), sessionTimer: null, rebalanceTimer: null });
      this.members.set(id, existing ?? restored.at(-1)!);
    }
    replaceMap(this.staticMembers, image.staticMembers);
    replaceMap(this.target, new Map([...image.target].map(([id, keys]) => [id, new Set(keys)])));
    replaceMap(this.partitionEpochs, image.partitionEpochs);
    return { dropped, restored };
  }

  // --- replay (GroupMetadataManager.replay of the ConsumerGroup* records, on load) ---

  /** ConsumerGroupMemberMetadata: the member's subscription and client, or (null) the member is gone. */
  replayMemberMetadata(memberId: string, value: Pick<MemberImage, 'instanceId' | 'clientId' | 'clientNode' | 'subscribedTopics' | 'serverAssignor' | 'rebalanceTimeoutMs'> | null): void {
    if (value === null) {
      this.members.delete(memberId);
      return;
    }
    const member = this.members.get(memberId) ?? emptyMember(memberId);
    Object.assign(member, { ...value, subscribedTopics: [...value.subscribedTopics].sort() });
    this.members.set(memberId, member);
  }

  /** ConsumerGroupCurrentMemberAssignment: the member's epochs, state and partitions. */
  replayCurrentAssignment(memberId: string, value: Pick<MemberImage, 'memberEpoch' | 'previousMemberEpoch' | 'state' | 'assigned' | 'pendingRevocation'> | null): void {
    const member = this.members.get(memberId) ?? (value === null ? undefined : emptyMember(memberId));
    if (!member) return;
    // The tombstone comes first when a member goes (GroupMetadataManager.removeMember): it leaves with epoch -1 and nothing.
    Object.assign(member, value ?? { memberEpoch: -1, previousMemberEpoch: -1, state: 'UNKNOWN', assigned: new Set(), pendingRevocation: new Set() });
    this.members.set(memberId, member);
  }

  /** ConsumerGroupTargetAssignmentMember: the member's part of the target assignment. */
  replayTarget(memberId: string, keys: Set<string> | null): void {
    if (keys === null) this.target.delete(memberId);
    else this.target.set(memberId, keys);
  }

  /**
   * After the last record: what the records imply (static members by instance id, each
   * partition's epoch, the assignor the members prefer) and the state.
   */
  finishReplay(): void {
    this.staticMembers.clear();
    this.partitionEpochs.clear();
    const assignors = new Map<string, number>();
    for (const m of this.members.values()) {
      if (m.instanceId !== null) this.staticMembers.set(m.instanceId, m.memberId);
      this.holdPartitions(m);
      if (m.serverAssignor !== null) assignors.set(m.serverAssignor, (assignors.get(m.serverAssignor) ?? 0) + 1);
    }
    // ConsumerGroup.computePreferredServerAssignor: the one most members name (the engine keeps the last one used in memory).
    const preferred = [...assignors].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0];
    if (preferred) this.lastAssignor = preferred[0];
    this.updateState();
  }

  /**
   * CurrentAssignmentBuilder.build: the member's next state, given the partitions it says it owns
   * (null when the heartbeat did not say). Returns false when the member is in an unknown state
   * and must rejoin (FENCED_MEMBER_EPOCH).
   */
  reconcile(member: ConsumerGroupMember, owned: ReadonlySet<string> | null): boolean {
    switch (member.state) {
      case 'STABLE':
        if (member.memberEpoch !== this.assignmentEpoch) this.computeNext(member, member.memberEpoch, owned);
        return true;
      case 'UNREVOKED_PARTITIONS':
        if (ownsAny(owned, member.pendingRevocation)) return true;
        this.computeNext(member, member.memberEpoch + 1, owned);
        return true;
      case 'UNRELEASED_PARTITIONS':
        this.computeNext(member, member.memberEpoch, owned);
        return true;
      case 'UNKNOWN':
        if (owned === null || owned.size > 0) return false;
        this.computeNext(member, this.assignmentEpoch, owned);
        return true;
    }
  }

  private computeNext(member: ConsumerGroupMember, memberEpoch: number, owned: ReadonlySet<string> | null): void {
    const target = this.target.get(member.memberId) ?? new Set<string>();
    // What the member itself holds does not block it (it is computing its own next state).
    this.releasePartitions(member);
    const assigned = new Set([...member.assigned].filter((k) => target.has(k)));
    const pendingRevocation = new Set([...member.assigned].filter((k) => !assigned.has(k)));
    let unreleased = false;
    const pendingAssignment = new Set<string>();
    for (const key of target) {
      if (assigned.has(key)) continue;
      if (this.partitionEpochs.has(key)) unreleased = true;
      else pendingAssignment.add(key);
    }
    member.previousMemberEpoch = member.memberEpoch;
    if (pendingRevocation.size > 0 && ownsAny(owned, pendingRevocation)) {
      member.state = 'UNREVOKED_PARTITIONS';
      member.memberEpoch = memberEpoch;
      member.assigned = assigned;
      member.pendingRevocation = pendingRevocation;
    } else {
      for (const key of pendingAssignment) assigned.add(key);
      member.state = unreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE';
      member.memberEpoch = this.assignmentEpoch;
      member.assigned = assigned;
      member.pendingRevocation = new Set();
    }
    this.holdPartitions(member);
  }
}

function replaceMap<K, V>(target: Map<K, V>, source: ReadonlyMap<K, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

/** Whether the member still owns one of `partitions` (unknown ownership counts as owning). */
function ownsAny(owned: ReadonlySet<string> | null, partitions: ReadonlySet<string>): boolean {
  if (owned === null) return true;
  for (const key of partitions) if (owned.has(key)) return true;
  return false;
}
