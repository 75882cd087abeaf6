// Checks the input of the server-side assignors and builds the coordinator's GroupSpec: members in
// the iteration order of TargetAssignmentBuilder's HashMap<String, ...> of member ids, each with
// its subscribed topics that exist and its current target assignment, and the subscription type
// (HOMOGENEOUS when every subscribed topic name has every member as subscriber,
// ModernGroup.subscriptionType). Where Kafka iterates hash sets or maps of topic ids (random
// Uuids), we iterate topics in the order the input gives them; where it breaks ties by Uuid, we
// compare topic names.
import { ASSIGNOR_LIMITS, AssignorError } from '../errors.ts';
import { readPartitionCounts } from '../input.ts';
import { javaHashOrderOfStrings } from '../java-order.ts';
import type { ServerAssignorOptions } from './types.ts';

export interface ServerMember {
  readonly id: string;
  readonly instanceId: string | undefined;
  /** Subscribed topics that exist, in input order. */
  readonly topics: readonly string[];
  readonly topicSet: ReadonlySet<string>;
  /** Current target assignment: topic -> partitions ascending, topics in input order. */
  readonly assignment: ReadonlyMap<string, readonly number[]>;
}

export interface GroupSpec {
  /** Members in the coordinator's HashMap order. */
  readonly members: readonly ServerMember[];
  /** Member ids in input order: the order of the result's keys. */
  readonly memberIds: readonly string[];
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly homogeneous: boolean;
  /** Current owner of each assigned partition, `${topic}\u0000${partition}` -> member id. */
  readonly owners: ReadonlyMap<string, string>;
}

export function ownerKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function invalid(message: string): AssignorError {
  return new AssignorError('INVALID_INPUT', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readGroupSpec(input: unknown, options: ServerAssignorOptions = {}): GroupSpec {
  const missingTopics = options.missingTopics ?? 'throw';
  if (missingTopics !== 'throw' && missingTopics !== 'ignore') throw invalid(`options.missingTopics must be 'throw' or 'ignore'`);
  if (!isRecord(input)) throw invalid('the assignor input must be an object { members, partitions }');
  if (!Array.isArray(input.members)) throw invalid('input.members must be an array');
  const rawMembers = input.members as unknown[];
  if (rawMembers.length > ASSIGNOR_LIMITS.maxMembers) {
    throw new AssignorError('LIMIT_EXCEEDED', `${rawMembers.length} members is more than the limit of ${ASSIGNOR_LIMITS.maxMembers}`);
  }
  const counts = readPartitionCounts(input.partitions);
  let total = 0;
  for (const count of counts.values()) total += count;
  if (total > ASSIGNOR_LIMITS.maxTotalPartitions) {
    throw new AssignorError('LIMIT_EXCEEDED', `the topics have ${total} partitions, more than the limit of ${ASSIGNOR_LIMITS.maxTotalPartitions}`);
  }

  const byId = new Map<string, ServerMember>();
  const instanceIds = new Set<string>();
  const owners = new Map<string, string>();
  const subscriberCounts = new Map<string, number>();
  rawMembers.forEach((raw, index) => {
    if (!isRecord(raw)) throw invalid(`input.members[${index}] must be an object`);
    const { id, topics, assignment, instanceId } = raw;
    if (typeof id !== 'string' || id.length === 0) throw invalid(`input.members[${index}].id must be a non-empty string`);
    if (byId.has(id)) throw invalid(`member id "${id}" appears twice`);
    if (instanceId !== undefined) {
      if (typeof instanceId !== 'string' || instanceId.length === 0) throw invalid(`member "${id}": instanceId must be a non-empty string when present`);
      if (instanceIds.has(instanceId)) throw invalid(`two members share the group.instance.id "${instanceId}"`);
      instanceIds.add(instanceId);
    }
    if (!Array.isArray(topics) || !(topics as unknown[]).every((t) => typeof t === 'string')) {
      throw invalid(`member "${id}": topics must be an array of topic names`);
    }
    const names = [...new Set(topics as string[])];
    for (const name of names) {
      if (!counts.has(name) && missingTopics === 'throw') {
        throw new AssignorError('UNKNOWN_TOPIC', `member "${id}" subscribes to topic "${name}", which is not in input.partitions`);
      }
      subscriberCounts.set(name, (subscriberCounts.get(name) ?? 0) + 1);
    }
    const existing = names.filter((name) => counts.has(name));

    const current = new Map<string, number[]>();
    if (assignment !== undefined) {
      if (!Array.isArray(assignment)) throw invalid(`member "${id}": assignment must be an array of { topic, partition }`);
      for (const item of assignment as unknown[]) {
        if (!isRecord(item) || typeof item.topic !== 'string') {
          throw invalid(`member "${id}": every assignment entry must be { topic: string, partition: number }`);
        }
        const partition = item.partition;
        if (typeof partition !== 'number' || !Number.isSafeInteger(partition) || partition < 0) {
          throw new AssignorError(
            'INVALID_PARTITION',
            `member "${id}" is assigned partition ${String(partition)} of topic "${item.topic}"; a partition number must be an integer of 0 or more`,
          );
        }
        const count = counts.get(item.topic);
        // Partitions of deleted topics (or beyond the count) are no longer in the metadata image.
        if (count === undefined || partition >= count) continue;
        const key = ownerKey(item.topic, partition);
        const other = owners.get(key);
        if (other !== undefined) {
          throw invalid(`${item.topic}-${partition} is in the assignment of both "${other}" and "${id}"; a target assignment has one owner per partition`);
        }
        owners.set(key, id);
        const list = current.get(item.topic) ?? [];
        list.push(partition);
        current.set(item.topic, list);
      }
    }
    for (const partitions of current.values()) partitions.sort((a, b) => a - b);
    byId.set(id, {
      id,
      instanceId: instanceId as string | undefined,
      topics: existing,
      topicSet: new Set(existing),
      assignment: current,
    });
  });

  const memberIds = [...byId.keys()];
  const members = javaHashOrderOfStrings(memberIds).map((id) => byId.get(id)!);
  const homogeneous = [...subscriberCounts.values()].every((n) => n === members.length);
  return { members, memberIds, partitionCounts: counts, homogeneous, owners };
}
