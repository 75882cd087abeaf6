// Checks and normalises the input of the client-side assignors into what the group leader holds
// when ConsumerCoordinator.onLeaderElected calls ConsumerPartitionAssignor.assign(Cluster,
// GroupSubscription): a HashMap<String, Subscription> filled in JoinGroup response order, each
// Subscription as ConsumerProtocol.serializeSubscription puts it on the wire (topics sorted,
// owned partitions sorted by topic then partition), and the partitions-per-topic HashMap that
// AbstractPartitionAssignor builds from the subscribed topics that have partitions.
import { ASSIGNOR_LIMITS, AssignorError } from './errors.ts';
import { compareJavaStrings, javaHashOrderOfStrings, tpKey } from './java-order.ts';
import type { RunAssignorOptions, TopicPartition } from './types.ts';

export interface Subscription {
  readonly id: string;
  readonly instanceId: string | undefined;
  /** Sorted, without duplicates. */
  readonly topics: readonly string[];
  readonly topicSet: ReadonlySet<string>;
  /** Owned partitions in wire order (topic, then partition). */
  readonly owned: readonly TopicPartition[];
  /** The same partitions in the order given (the eager StickyAssignor's user data keeps it). */
  readonly ownedAsGiven: readonly TopicPartition[];
  /** Subscription.generationId; -1 (DEFAULT_GENERATION) when absent. */
  readonly generation: number;
}

export interface GroupSubscription {
  /** Members in the iteration order of the leader's HashMap<String, Subscription>. */
  readonly members: readonly Subscription[];
  readonly byId: ReadonlyMap<string, Subscription>;
  /** Member ids in input order: the order of the result's keys. */
  readonly memberIds: readonly string[];
  /** Subscribed topics with at least one partition, in AbstractPartitionAssignor's HashMap order. */
  readonly partitionsPerTopic: ReadonlyMap<string, number>;
}

export const DEFAULT_GENERATION = -1;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

function invalid(message: string): AssignorError {
  return new AssignorError('INVALID_INPUT', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareJavaStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** Partition counts by topic, every count checked (a non-negative int32). */
export function readPartitionCounts(partitions: unknown): Map<string, number> {
  if (!isRecord(partitions)) throw invalid('input.partitions must be an object mapping topic names to partition counts');
  const counts = new Map<string, number>();
  for (const [topic, count] of Object.entries(partitions)) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > INT32_MAX) {
      throw new AssignorError(
        'INVALID_PARTITION',
        `topic "${topic}" has partition count ${String(count)}; a count must be an integer of 0 or more`,
      );
    }
    counts.set(topic, count);
  }
  return counts;
}

function readOwned(memberId: string, value: unknown, counts: ReadonlyMap<string, number>): TopicPartition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`member "${memberId}": owned must be an array of { topic, partition }`);
  const seen = new Set<string>();
  const owned: TopicPartition[] = [];
  for (const item of value as unknown[]) {
    if (!isRecord(item) || typeof item.topic !== 'string') {
      throw invalid(`member "${memberId}": every owned entry must be { topic: string, partition: number }`);
    }
    const partition = item.partition;
    if (typeof partition !== 'number' || !Number.isSafeInteger(partition) || partition < 0 || partition > INT32_MAX) {
      throw new AssignorError(
        'INVALID_PARTITION',
        `member "${memberId}" owns partition ${String(partition)} of topic "${item.topic}"; a partition number must be an integer of 0 or more`,
      );
    }
    const tp = { topic: item.topic, partition };
    if (seen.has(tpKey(tp))) throw invalid(`member "${memberId}" lists ${item.topic}-${partition} twice in owned`);
    seen.add(tpKey(tp));
    // A partition beyond the topic's count cannot exist in Kafka (counts only grow); an owned
    // partition of a topic that is gone stays, and the assignors ignore it as Kafka's do.
    const count = counts.get(tp.topic);
    if (count !== undefined && partition >= count) continue;
    owned.push(tp);
  }
  return owned;
}

function readMember(
  value: unknown,
  index: number,
  counts: ReadonlyMap<string, number>,
  missingTopics: 'throw' | 'ignore',
): Subscription {
  if (!isRecord(value)) throw invalid(`input.members[${index}] must be an object`);
  const { id, topics, owned, instanceId, generation } = value;
  if (typeof id !== 'string' || id.length === 0) throw invalid(`input.members[${index}].id must be a non-empty string`);
  if (!Array.isArray(topics) || !(topics as unknown[]).every((t) => typeof t === 'string')) {
    throw invalid(`member "${id}": topics must be an array of topic names`);
  }
  const topicList = [...new Set(topics as string[])].sort(compareJavaStrings);
  if (missingTopics === 'throw') {
    for (const topic of topicList) {
      if (!counts.has(topic)) {
        throw new AssignorError('UNKNOWN_TOPIC', `member "${id}" subscribes to topic "${topic}", which is not in input.partitions`);
      }
    }
  }
  if (instanceId !== undefined && (typeof instanceId !== 'string' || instanceId.length === 0)) {
    throw invalid(`member "${id}": instanceId must be a non-empty string when present`);
  }
  if (
    generation !== undefined &&
    (typeof generation !== 'number' || !Number.isInteger(generation) || generation < INT32_MIN || generation > INT32_MAX)
  ) {
    throw invalid(`member "${id}": generation must be an int32 when present, got ${String(generation)}`);
  }
  const ownedAsGiven = readOwned(id, owned, counts);
  return {
    id,
    instanceId: instanceId as string | undefined,
    topics: topicList,
    topicSet: new Set(topicList),
    owned: [...ownedAsGiven].sort(compareTopicPartitions),
    ownedAsGiven,
    generation: (generation as number | undefined) ?? DEFAULT_GENERATION,
  };
}

/** Checks `input` whole, then builds the leader's view of the group; throws AssignorError. */
export function readGroupSubscription(input: unknown, options: RunAssignorOptions = {}): GroupSubscription {
  if (!isRecord(input)) throw invalid('the assignor input must be an object { members, partitions }');
  if (!Array.isArray(input.members)) throw invalid('input.members must be an array');
  const members = input.members as unknown[];
  if (members.length > ASSIGNOR_LIMITS.maxMembers) {
    throw new AssignorError('LIMIT_EXCEEDED', `${members.length} members is more than the limit of ${ASSIGNOR_LIMITS.maxMembers}`);
  }
  const counts = readPartitionCounts(input.partitions);
  const missingTopics = options.missingTopics ?? 'throw';
  const subscriptions = members.map((m, i) => readMember(m, i, counts, missingTopics));

  const byId = new Map<string, Subscription>();
  const instanceIds = new Set<string>();
  for (const s of subscriptions) {
    if (byId.has(s.id)) throw invalid(`member id "${s.id}" appears twice`);
    byId.set(s.id, s);
    if (s.instanceId !== undefined) {
      if (instanceIds.has(s.instanceId)) throw invalid(`two members share the group.instance.id "${s.instanceId}"`);
      instanceIds.add(s.instanceId);
    }
  }

  const memberOrder = javaHashOrderOfStrings(subscriptions.map((s) => s.id));
  const ordered = memberOrder.map((id) => byId.get(id)!);

  // AbstractPartitionAssignor.assign(Cluster, ...): a HashSet of every subscribed topic, then a
  // HashMap of those with partitions.
  const allSubscribedTopics = javaHashOrderOfStrings(ordered.flatMap((s) => s.topics));
  const withPartitions = allSubscribedTopics.filter((t) => (counts.get(t) ?? 0) > 0);
  const partitionsPerTopic = new Map<string, number>();
  let total = 0;
  for (const topic of javaHashOrderOfStrings(withPartitions)) {
    const count = counts.get(topic)!;
    partitionsPerTopic.set(topic, count);
    total += count;
  }
  if (total > ASSIGNOR_LIMITS.maxTotalPartitions) {
    throw new AssignorError(
      'LIMIT_EXCEEDED',
      `the subscribed topics have ${total} partitions, more than the limit of ${ASSIGNOR_LIMITS.maxTotalPartitions}`,
    );
  }
  return { members: ordered, byId, memberIds: subscriptions.map((s) => s.id), partitionsPerTopic };
}

/** `{ memberId: [] }` for every member, in input order. */
export function emptyAssignment(group: GroupSubscription): Map<string, TopicPartition[]> {
  return new Map(group.memberIds.map((id) => [id, []]));
}
