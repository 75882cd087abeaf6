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

/** Whether the member still owns one of `partitions` (unknown ownership counts as owning). */
function ownsAny(owned: ReadonlySet<string> | null, partitions: ReadonlySet<string>): boolean {
  if (owned === null) return true;
  for (const key of partitions) if (owned.has(key)) return true;
  return false;
}
