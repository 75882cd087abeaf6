// Shapes of the server-side assignors that the group coordinator runs for KIP-848 consumer groups
// (group.protocol=consumer): the input is the group's members with their subscriptions and current
// target assignment; the output is the new target assignment.
import type { TopicPartition } from '../types.ts';

/** group.consumer.assignors: uniform (the default, first in the list) and range. */
export type ServerAssignorName = 'uniform' | 'range';

export const SERVER_ASSIGNOR_NAMES: readonly ServerAssignorName[] = ['uniform', 'range'];

/**
 * Kafka iterates members in the HashMap order of their ids, which we reproduce; it iterates topics
 * in the hash order of their random Uuids, for which we use the order of `topics` (and of the
 * topics in `assignment`) as given, and breaks ties by Uuid, for which we compare names.
 */
export interface ServerAssignorMember {
  id: string;
  /** group.instance.id of a static member: the range assignor sorts static members first. */
  instanceId?: string;
  /** Subscribed topic names. */
  topics: readonly string[];
  /** The member's partitions in the current target assignment. */
  assignment?: readonly TopicPartition[];
}

export interface ServerAssignorInput {
  members: readonly ServerAssignorMember[];
  /** Partition count of every topic in the metadata image. */
  partitions: Readonly<Record<string, number>>;
}

export interface ServerAssignorOptions {
  /**
   * A subscribed topic missing from `partitions`: 'throw' (default) refuses the input; 'ignore' is
   * the coordinator's behaviour, where names that resolve to no topic id are left out (they still
   * count when deciding whether the subscriptions are homogeneous).
   */
  missingTopics?: 'throw' | 'ignore';
}

/** memberId -> its new target partitions sorted by topic then partition, every member present. */
export type ServerAssignment = Record<string, TopicPartition[]>;
