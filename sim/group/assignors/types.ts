// Shapes shared by the client-side (classic protocol) assignors.

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** partition.assignment.strategy names of the Java consumer's built-in assignors. */
export type AssignorStrategy = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export const ASSIGNOR_STRATEGIES: readonly AssignorStrategy[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

/** One member as the public `assign` takes it. */
export interface AssignMember {
  id: string;
  topics: readonly string[];
  /** Partitions the member owns now (cooperative) or held after the last rebalance (eager sticky). */
  owned?: readonly TopicPartition[];
}

/** Input of the public `assign`. */
export interface AssignInput {
  members: readonly AssignMember[];
  /** Partition count of every topic a member may subscribe to. */
  partitions: Readonly<Record<string, number>>;
}

/** memberId -> its partitions, every member present (possibly with []). */
export type Assignment = Record<string, TopicPartition[]>;

/** A member as the group leader sees it in the JoinGroup response (what the engine passes). */
export interface AssignorMember extends AssignMember {
  /** group.instance.id of a static member (KIP-345): static members sort first, by instance id. */
  instanceId?: string;
  /**
   * Generation in which `owned` was valid (Subscription.generationId, or the generation in the
   * StickyAssignor user data). Absent means -1 (DEFAULT_GENERATION).
   */
  generation?: number;
}

export interface AssignorInput {
  members: readonly AssignorMember[];
  partitions: Readonly<Record<string, number>>;
}

export interface RunAssignorOptions {
  /**
   * What a subscription to a topic missing from `partitions` does: 'throw' (default) refuses the
   * input; 'ignore' is Kafka's AbstractPartitionAssignor, which leaves out topics without metadata
   * (the subscription still counts when comparing members' subscriptions).
   */
  missingTopics?: 'throw' | 'ignore';
}

/** A partition the cooperative assignor withholds this round: `to` gets it once its owner revoked it. */
export interface TransferringPartition {
  topic: string;
  partition: number;
  to: string;
}

export interface AssignorResult {
  /** The assignment of this round; for cooperative-sticky without the transferring partitions. */
  assignment: Assignment;
  /**
   * cooperative-sticky: partitionsTransferringOwnership, sorted by topic then partition (their
   * owners revoke them and rejoin; the next round assigns them). Empty for the other strategies.
   */
  transferring: TransferringPartition[];
}
