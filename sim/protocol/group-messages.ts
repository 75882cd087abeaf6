// The consumer-group requests and responses, shaped after Kafka's message JSON
// (FindCoordinatorRequest.json, JoinGroupRequest.json, ... ConsumerGroupHeartbeatRequest.json),
// trimmed to the fields the engine uses. Subscriptions and assignments travel as structured
// objects where Kafka sends the bytes of ConsumerProtocolSubscription/Assignment.
import type { KafkaErrorName } from './errors.ts';

export interface TopicPartitionList {
  topic: string;
  partitions: number[];
}

/** FindCoordinator (API 10), keyType 0 = group. */
export interface FindCoordinatorRequest {
  api: 'FindCoordinator';
  keyType: 0;
  key: string;
}
export interface FindCoordinatorResponse {
  api: 'FindCoordinator';
  error: KafkaErrorName;
  errorMessage?: string;
  nodeId: number;
  node: string;
}

/** ConsumerProtocolSubscription: what a member's protocol metadata holds. */
export interface ConsumerSubscription {
  topics: string[];
  /** Partitions the member owns (cooperative protocol, KIP-429). */
  ownedPartitions: TopicPartitionList[];
  /** The generation of ownedPartitions (ConsumerProtocolSubscription v2+), -1 when unknown. */
  generationId: number;
  /**
   * An eager member's previous assignment, as the eager StickyAssignor's userData carries it: an
   * eager member revoked everything before joining, so its ownedPartitions are empty.
   */
  previousAssignment?: TopicPartitionList[];
}

export interface JoinGroupRequest {
  api: 'JoinGroup';
  groupId: string;
  sessionTimeoutMs: number;
  /** The Java consumer sends max.poll.interval.ms. */
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: { name: string; metadata: ConsumerSubscription }[];
  /** Why the member (re)joins: shown in the trace (JoinGroup v8 reason, KIP-800). */
  reason?: string;
}
export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: ConsumerSubscription;
}
export interface JoinGroupResponse {
  api: 'JoinGroup';
  error: KafkaErrorName;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  /** True when a static member rejoined and the coordinator kept the group's assignment (KIP-814). */
  skipAssignment: boolean;
  memberId: string;
  /** Filled only in the leader's response. */
  members: JoinGroupMember[];
}

export interface SyncGroupRequest {
  api: 'SyncGroup';
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocolName: string;
  /** Only the leader sends assignments, one per member. */
  assignments: { memberId: string; assignment: TopicPartitionList[] }[];
}
export interface SyncGroupResponse {
  api: 'SyncGroup';
  error: KafkaErrorName;
  protocolType: string | null;
  protocolName: string | null;
  assignment: TopicPartitionList[];
}

export interface HeartbeatRequest {
  api: 'Heartbeat';
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}
export interface HeartbeatResponse {
  api: 'Heartbeat';
  error: KafkaErrorName;
}

export interface LeaveGroupRequest {
  api: 'LeaveGroup';
  groupId: string;
  members: { memberId: string; groupInstanceId: string | null; reason?: string }[];
}
export interface LeaveGroupResponse {
  api: 'LeaveGroup';
  error: KafkaErrorName;
  members: { memberId: string; groupInstanceId: string | null; error: KafkaErrorName }[];
}

export interface OffsetCommitRequest {
  api: 'OffsetCommit';
  groupId: string;
  /** -1 for a commit outside any generation (a consumer using assign()). */
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: { name: string; partitions: { partition: number; committedOffset: number; committedLeaderEpoch: number; metadata: string | null }[] }[];
}
export interface OffsetCommitResponse {
  api: 'OffsetCommit';
  topics: { name: string; partitions: { partition: number; error: KafkaErrorName }[] }[];
}

export interface OffsetFetchRequest {
  api: 'OffsetFetch';
  groupId: string;
  /** null = every partition with a committed offset. */
  topics: { name: string; partitions: number[] }[] | null;
}
export interface OffsetFetchResponse {
  api: 'OffsetFetch';
  error: KafkaErrorName;
  topics: { name: string; partitions: { partition: number; committedOffset: number; committedLeaderEpoch: number; metadata: string | null; error: KafkaErrorName }[] }[];
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  subscription: ConsumerSubscription | null;
  assignment: TopicPartitionList[];
}
export interface DescribeGroupsRequest {
  api: 'DescribeGroups';
  groups: string[];
}
export interface DescribeGroupsResponse {
  api: 'DescribeGroups';
  groups: {
    groupId: string;
    error: KafkaErrorName;
    /** "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead" (or KIP-848's states). */
    groupState: string;
    protocolType: string;
    protocolData: string;
    members: DescribedGroupMember[];
  }[];
}

export interface ListGroupsRequest {
  api: 'ListGroups';
  statesFilter: string[];
}
export interface ListGroupsResponse {
  api: 'ListGroups';
  error: KafkaErrorName;
  groups: { groupId: string; protocolType: string; groupState: string; groupType: 'classic' | 'consumer' }[];
}

/** ConsumerGroupHeartbeat (API 68, KIP-848). */
export interface ConsumerGroupHeartbeatRequest {
  api: 'ConsumerGroupHeartbeat';
  groupId: string;
  memberId: string;
  /** 0 to join, -1 to leave, -2 for a static member leaving for a while. */
  memberEpoch: number;
  instanceId: string | null;
  rebalanceTimeoutMs: number;
  /** null = unchanged since the last heartbeat. */
  subscribedTopicNames: string[] | null;
  serverAssignor: string | null;
  /** null = unchanged since the last heartbeat. */
  topicPartitions: TopicPartitionList[] | null;
}
export interface ConsumerGroupHeartbeatResponse {
  api: 'ConsumerGroupHeartbeat';
  error: KafkaErrorName;
  errorMessage?: string;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  /** null = unchanged. */
  assignment: TopicPartitionList[] | null;
}

export type GroupRequestBody =
  | FindCoordinatorRequest
  | JoinGroupRequest
  | SyncGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | OffsetCommitRequest
  | OffsetFetchRequest
  | DescribeGroupsRequest
  | ListGroupsRequest
  | ConsumerGroupHeartbeatRequest;
export type GroupResponseBody =
  | FindCoordinatorResponse
  | JoinGroupResponse
  | SyncGroupResponse
  | HeartbeatResponse
  | LeaveGroupResponse
  | OffsetCommitResponse
  | OffsetFetchResponse
  | DescribeGroupsResponse
  | ListGroupsResponse
  | ConsumerGroupHeartbeatResponse;
