// The consumer-group events of the trace, part of EngineEvent: one per JoinGroup, SyncGroup,
// Heartbeat answer, LeaveGroup, state change, assignment change and commit, so that the app can
// animate a rebalance step by step and lessons can check it.

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export type GroupEvent =
  // The broker became the leader of a __consumer_offsets partition and replayed it.
  | { type: 'group-coordinator-loaded'; broker: number; partition: number; groups: string[]; offsets: number; records: number }
  // It stopped leading that partition: its groups move to the new leader.
  | { type: 'group-coordinator-unloaded'; broker: number; partition: number; groups: string[] }
  | { type: 'group-state-changed'; group: string; broker: number; from: string; to: string; generation: number; protocol: 'classic' | 'consumer' }
  // A rebalance began: why (a member joined, left, failed, changed its subscription...).
  | { type: 'group-rebalance-started'; group: string; broker: number; reason: string; generation: number }
  | { type: 'group-join-received'; group: string; broker: number; member: string; client: string; instanceId: string | null; reason: string }
  | {
      type: 'group-join-answered';
      group: string;
      broker: number;
      member: string;
      error: string;
      generation: number;
      leader: string;
      protocolName: string | null;
      /** Members listed for the leader to assign; 0 for followers. */
      members: number;
    }
  | { type: 'group-sync-answered'; group: string; broker: number; member: string; error: string; generation: number; assignment: TopicPartitionRef[] }
  | { type: 'group-heartbeat-answered'; group: string; broker: number; member: string; error: string; generation: number }
  | { type: 'group-member-left'; group: string; broker: number; member: string; instanceId: string | null; reason: string }
  // The coordinator removed a member: 'session-timeout', 'rebalance-timeout' (did not rejoin),
  // 'pending-member-timeout' (never came back after MEMBER_ID_REQUIRED), 'sync-timeout'.
  | { type: 'group-member-removed'; group: string; broker: number; member: string; instanceId: string | null; reason: string }
  // A static member came back as a new member id and took the old one's place (KIP-345).
  | { type: 'group-static-member-replaced'; group: string; broker: number; instanceId: string; oldMember: string; newMember: string }
  | {
      type: 'offsets-committed';
      group: string;
      broker: number;
      member: string;
      generation: number;
      error: string;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  // KIP-848: the group epoch moved and a new target assignment was computed by the server assignor.
  | { type: 'group-target-assignment'; group: string; broker: number; groupEpoch: number; assignor: string; target: Record<string, TopicPartitionRef[]> }
  | { type: 'group-consumer-heartbeat'; group: string; broker: number; member: string; error: string; memberEpoch: number; memberState: string; assigned: TopicPartitionRef[] }
  // --- what the consumer did, on its side ---
  | { type: 'coordinator-found'; consumer: string; group: string; broker: number }
  | { type: 'coordinator-lost'; consumer: string; group: string; broker: number; error: string }
  | { type: 'partitions-revoked'; consumer: string; group: string; partitions: TopicPartitionRef[]; generation: number }
  | { type: 'partitions-assigned'; consumer: string; group: string; partitions: TopicPartitionRef[]; generation: number }
  // The member lost its partitions without revoking them (it was kicked out of the group).
  | { type: 'partitions-lost'; consumer: string; group: string; partitions: TopicPartitionRef[]; reason: string }
  | { type: 'commit-failed'; consumer: string; group: string; error: string; offsets: number }
  // poll() was not called within max.poll.interval.ms: the member leaves the group (KIP-62).
  | { type: 'poll-timeout-expired'; consumer: string; group: string; maxPollIntervalMs: number };

export type GroupEventType = GroupEvent['type'];
