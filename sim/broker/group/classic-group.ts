// A classic consumer group as its coordinator holds it (Kafka's ClassicGroup and
// ClassicGroupMember): members in join order, the static members by instance id, members that
// still have to rejoin after MEMBER_ID_REQUIRED, the generation, the chosen protocol, the leader,
// and the parked JoinGroup and SyncGroup requests waiting for the rebalance to move on.
import type { NodeId, TimerId } from '../../kernel/types.ts';
import type { RequestEnvelope } from '../../protocol/messages.ts';
import type { ConsumerSubscription, JoinGroupMember, TopicPartitionList } from '../../protocol/group-messages.ts';
import { MachineState, classicGroupMachine, type ClassicGroupEvent, type ClassicGroupState } from './group-state-machines.ts';

/** A request whose answer waits for the group: who asked, and the request to answer. */
export interface Parked {
  from: NodeId;
  request: RequestEnvelope;
}

export interface ClassicMember {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  /** The client's node, where its answers go. */
  clientNode: NodeId;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: ConsumerSubscription }[];
  assignment: TopicPartitionList[];
  awaitingJoin: Parked | null;
  awaitingSync: Parked | null;
  /** A member added in this rebalance: it may expire while it waits (ClassicGroupMember.isNew). */
  isNew: boolean;
  heartbeatTimer: TimerId | null;
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
}

export class ClassicGroup {
  readonly state: MachineState<ClassicGroupState, ClassicGroupEvent>;
  previousState: ClassicGroupState = 'Empty';
  generation = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, ClassicMember>();
  /** Dynamic members told MEMBER_ID_REQUIRED, waiting for their second JoinGroup; value: expiry timer. */
  readonly pendingMembers = new Map<string, TimerId>();
  readonly staticMembers = new Map<string, string>();
  /** Members that got their JoinGroup answer and have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  /** The committed offsets, by "topic-partition". */
  readonly offsets = new Map<string, CommittedOffset & { topic: string; partition: number }>();
  /** The join phase's timer (rebalance timeout or initial delay), and the pending-sync timer. */
  joinTimer: TimerId | null = null;
  syncTimer: TimerId | null = null;
  /** A new member joined during the initial delay: extend it (group.initial.rebalance.delay.ms). */
  newMemberAdded = false;
  stateTimestampMs = -1;

  constructor(
    readonly groupId: string,
    initial: ClassicGroupState = 'Empty',
  ) {
    this.state = new MachineState(classicGroupMachine, initial);
  }

  get currentState(): ClassicGroupState {
    return this.state.value;
  }

  is(state: ClassicGroupState): boolean {
    return this.state.value === state;
  }

  transition(event: ClassicGroupEvent, nowMs: number): { from: ClassicGroupState; to: ClassicGroupState } {
    const from = this.state.value;
    const to = this.state.send(event);
    this.previousState = from;
    this.stateTimestampMs = nowMs;
    return { from, to };
  }

  /** PreparingRebalance's valid previous states (ClassicGroup.canRebalance). */
  get canRebalance(): boolean {
    return this.state.can({ type: 'PREPARE_REBALANCE' });
  }

  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  get awaitingJoinCount(): number {
    let count = 0;
    for (const m of this.members.values()) if (m.awaitingJoin !== null) count++;
    return count;
  }

  hasAllMembersJoined(): boolean {
    return this.members.size === this.awaitingJoinCount && this.pendingMembers.size === 0;
  }

  add(member: ClassicMember): void {
    if (member.instanceId !== null) this.staticMembers.set(member.instanceId, member.memberId);
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.leaderId ??= member.memberId;
    this.members.set(member.memberId, member);
  }

  remove(memberId: string): ClassicMember | undefined {
    const member = this.members.get(memberId);
    this.members.delete(memberId);
    if (member?.instanceId != null) this.staticMembers.delete(member.instanceId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingMembers.delete(memberId);
    this.pendingSync.delete(memberId);
    return member;
  }

  /** ClassicGroup.replaceStaticMember: the instance keeps its place under a new member id. */
  replaceStaticMember(instanceId: string, oldMemberId: string, newMemberId: string): ClassicMember {
    const member = this.members.get(oldMemberId)!;
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    this.staticMembers.set(instanceId, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    this.pendingSync.delete(oldMemberId);
    return member;
  }

  /** The protocols every member supports, in the order the first member lists them. */
  candidateProtocols(): string[] {
    const all = [...this.members.values()];
    if (all.length === 0) return [];
    return all[0]!.protocols.map((p) => p.name).filter((name) => all.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /** Whether a member with these protocols could join (ClassicGroup.supportsProtocols). */
  supportsProtocols(protocolType: string, names: readonly string[]): boolean {
    if (names.length === 0 || protocolType === '') return false;
    if (this.members.size === 0) return true;
    if (protocolType !== this.protocolType) return false;
    return names.some((name) => [...this.members.values()].every((m) => m.protocols.some((p) => p.name === name)));
  }

  /**
   * ClassicGroup.selectProtocol: each member votes for the first of its protocols that every
   * member supports; the most votes win. Kafka leaves ties to a hash map's order; here the
   * candidate listed first by the first member wins them.
   */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const vote = member.protocols.find((p) => candidates.includes(p.name))!.name;
      votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    let best = candidates[0]!;
    for (const candidate of candidates) if ((votes.get(candidate) ?? 0) > (votes.get(best) ?? 0)) best = candidate;
    return best;
  }

  /** ClassicGroup.maybeElectNewJoinedLeader: the leader must be among those who rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.awaitingJoin) return true;
    for (const member of this.members.values()) {
      if (member.awaitingJoin !== null) {
        this.leaderId = member.memberId;
        return true;
      }
    }
    return false;
  }

  /** JoinGroup's member list for the leader: each member's metadata for the chosen protocol. */
  joinedMembers(): JoinGroupMember[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.instanceId,
      metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? m.protocols[0]!.metadata,
    }));
  }

  /** Whether the member's protocols are the ones it joined with (ClassicGroupMember.matches). */
  static sameProtocols(member: ClassicMember, protocols: readonly { name: string; metadata: ConsumerSubscription }[]): boolean {
    return JSON.stringify(member.protocols) === JSON.stringify(protocols);
  }
}
