// AbstractStickyAssignor.GeneralAssignmentBuilder (without rack awareness), used when members
// subscribe to different topics:
// 1. keep every owned partition whose topic the member still subscribes to;
// 2. give each unassigned partition (topics with fewer potential consumers first) to the least
//    loaded member subscribed to its topic;
// 3. move partitions from members that hold 2+ more than another subscriber of the topic
//    (back to a stale-generation previous owner first), until balanced or no move helps; moves
//    between a pair of members swap partitions already moved the other way (PartitionMovements);
// 4. if the result is not better balanced than before step 3 (and the group was not empty), undo.
import type { GroupSubscription } from './input.ts';
import { compareJavaStrings, tpKey } from './java-order.ts';
import { PartitionMovements } from './partition-movements.ts';
import type { StickyBuild } from './sticky-constrained.ts';
import type { MemberData } from './sticky-owned.ts';
import { removeFirst } from './sticky-owned.ts';
import type { TopicPartition } from './types.ts';

/** The TreeSet<String> ordered by (number of partitions, member id) as SubscriptionComparator. */
class ConsumersBySize {
  private readonly list: string[] = [];

  constructor(private readonly sizeOf: (consumer: string) => number) {}

  private compare(a: string, b: string): number {
    return this.sizeOf(a) - this.sizeOf(b) || compareJavaStrings(a, b);
  }

  add(consumer: string): void {
    if (this.list.includes(consumer)) return;
    let i = 0;
    while (i < this.list.length && this.compare(this.list[i]!, consumer) < 0) i++;
    this.list.splice(i, 0, consumer);
  }

  remove(consumer: string): void {
    const i = this.list.indexOf(consumer);
    if (i >= 0) this.list.splice(i, 1);
  }

  first(): string | undefined {
    return this.list[0];
  }

  last(): string | undefined {
    return this.list[this.list.length - 1];
  }

  values(): readonly string[] {
    return this.list;
  }
}

interface PreviousOwner {
  consumer: string;
  generation: number;
}

export function buildGeneral(
  group: GroupSubscription,
  consumerToOwned: Map<string, TopicPartition[]>,
  dataOf: ReadonlyMap<string, MemberData>,
  maxGeneration: number,
): StickyBuild {
  const partitionsPerTopic = group.partitionsPerTopic;
  let totalPartitions = 0;
  for (const count of partitionsPerTopic.values()) totalPartitions += count;

  const topicConsumers = new Map<string, string[]>();
  for (const topic of partitionsPerTopic.keys()) topicConsumers.set(topic, []);
  const consumerTopics = new Map<string, string[]>();
  const current = consumerToOwned; // currentAssignment, changed in place as in Kafka
  for (const member of group.members) {
    const topics = member.topics.filter((t) => partitionsPerTopic.has(t));
    consumerTopics.set(member.id, topics);
    for (const topic of topics) topicConsumers.get(topic)!.push(member.id);
    if (!current.has(member.id)) current.set(member.id, []);
  }
  const partitionConsumer = new Map<string, string>();
  for (const [consumer, list] of current) for (const tp of list) partitionConsumer.set(tpKey(tp), consumer);

  const sortedTopics = [...partitionsPerTopic.keys()].sort(
    (a, b) => topicConsumers.get(a)!.length - topicConsumers.get(b)!.length || compareJavaStrings(a, b),
  );
  let sortedAllPartitions: TopicPartition[] = sortedTopics.flatMap((topic) =>
    Array.from({ length: partitionsPerTopic.get(topic)! }, (_, partition) => ({ topic, partition })),
  );
  const sizeOf = (consumer: string): number => current.get(consumer)!.length;
  const sorted = new ConsumersBySize(sizeOf);
  const movements = new PartitionMovements();

  // prepopulateCurrentAssignments: claims of members older than the newest generation.
  const prevAssignment = new Map<string, PreviousOwner>();
  for (const member of group.members) {
    const data = dataOf.get(member.id)!;
    if (data.generation >= maxGeneration) continue;
    for (const tp of data.partitions) {
      const key = tpKey(tp);
      const known = prevAssignment.get(key);
      if (known === undefined || data.generation > known.generation) {
        prevAssignment.set(key, { consumer: member.id, generation: data.generation });
      }
    }
  }

  // assignOwnedPartitions
  let revocationRequired = false;
  const assigned = new Set<string>();
  for (const [consumer, list] of current) {
    const member = group.byId.get(consumer)!;
    for (let i = 0; i < list.length; ) {
      const tp = list[i]!;
      if (!topicConsumers.has(tp.topic)) {
        list.splice(i, 1);
        partitionConsumer.delete(tpKey(tp));
      } else if (!member.topicSet.has(tp.topic)) {
        // The member left this topic: it must revoke the partition.
        list.splice(i, 1);
        revocationRequired = true;
      } else {
        assigned.add(tpKey(tp));
        i++;
      }
    }
  }
  let unassigned = sortedAllPartitions.filter((tp) => !assigned.has(tpKey(tp)));
  for (const consumer of current.keys()) sorted.add(consumer);

  const maxAssignmentSize = (consumer: string): number => {
    const topics = consumerTopics.get(consumer)!;
    if (topics.length === partitionsPerTopic.size) return totalPartitions;
    return topics.reduce((sum, t) => sum + partitionsPerTopic.get(t)!, 0);
  };
  const topicCanMove = (topic: string): boolean => topicConsumers.get(topic)!.length >= 2;

  const isBalanced = (): boolean => {
    const min = sizeOf(sorted.first()!);
    const max = sizeOf(sorted.last()!);
    if (min >= max - 1) return true;
    const owners = new Map<string, string>();
    for (const [consumer, list] of current) for (const tp of list) owners.set(tpKey(tp), consumer);
    for (const consumer of sorted.values()) {
      const count = sizeOf(consumer);
      if (count === maxAssignmentSize(consumer)) continue;
      const mine = new Set(current.get(consumer)!.map(tpKey));
      for (const topic of consumerTopics.get(consumer)!) {
        const partitions = partitionsPerTopic.get(topic)!;
        for (let p = 0; p < partitions; p++) {
          const key = tpKey({ topic, partition: p });
          if (mine.has(key)) continue;
          const other = owners.get(key);
          if (other !== undefined && count + 1 < sizeOf(other)) return false;
        }
      }
    }
    return true;
  };

  const processMovement = (tp: TopicPartition, newConsumer: string): void => {
    const oldConsumer = partitionConsumer.get(tpKey(tp))!;
    sorted.remove(oldConsumer);
    sorted.remove(newConsumer);
    movements.move(tp, oldConsumer, newConsumer);
    removeFirst(current.get(oldConsumer)!, tpKey(tp));
    current.get(newConsumer)!.push(tp);
    partitionConsumer.set(tpKey(tp), newConsumer);
    sorted.add(newConsumer);
    sorted.add(oldConsumer);
  };

  const reassignTo = (tp: TopicPartition, newConsumer: string): void => {
    const consumer = partitionConsumer.get(tpKey(tp))!;
    processMovement(movements.actualPartitionToMove(tp, consumer, newConsumer), newConsumer);
  };

  const reassign = (tp: TopicPartition): void => {
    const target = sorted.values().find((c) => consumerTopics.get(c)!.includes(tp.topic));
    if (target !== undefined) reassignTo(tp, target);
  };

  const performReassignments = (reassignable: readonly TopicPartition[]): boolean => {
    let performed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const tp of reassignable) {
        if (isBalanced()) break;
        const consumer = partitionConsumer.get(tpKey(tp));
        if (consumer === undefined) continue;
        const previous = prevAssignment.get(tpKey(tp));
        // Deliberate difference: Kafka also hands the partition back to a previous owner that no
        // longer subscribes to its topic, and throws a NullPointerException when that owner sits
        // out the balance (no partition can move to or from it); we skip the rule in both cases.
        if (
          previous !== undefined &&
          current.has(previous.consumer) &&
          consumerTopics.get(previous.consumer)!.includes(tp.topic) &&
          sizeOf(consumer) > sizeOf(previous.consumer) + 1
        ) {
          reassignTo(tp, previous.consumer);
          performed = modified = true;
          continue;
        }
        for (const other of topicConsumers.get(tp.topic)!) {
          if (current.has(other) && sizeOf(consumer) > sizeOf(other) + 1) {
            reassign(tp);
            performed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return performed;
  };

  // balance
  const initializing = sizeOf(sorted.last()!) === 0;
  for (const tp of unassigned) {
    if (topicConsumers.get(tp.topic)!.length === 0) continue;
    // maybeAssignPartition: the least loaded subscriber of the topic.
    const consumer = sorted.values().find((c) => consumerTopics.get(c)!.includes(tp.topic));
    if (consumer === undefined) continue;
    sorted.remove(consumer);
    current.get(consumer)!.push(tp);
    partitionConsumer.set(tpKey(tp), consumer);
    sorted.add(consumer);
  }

  // Only topics with two or more potential consumers, and members that could change, take part.
  sortedAllPartitions = sortedAllPartitions.filter((tp) => topicCanMove(tp.topic));
  unassigned = unassigned.filter((tp) => topicCanMove(tp.topic));
  const fixed = new Map<string, TopicPartition[]>();
  for (const consumer of consumerTopics.keys()) {
    const list = current.get(consumer)!;
    const canMove = list.length < maxAssignmentSize(consumer) || list.some((tp) => topicCanMove(tp.topic));
    if (!canMove) {
      sorted.remove(consumer);
      fixed.set(consumer, list);
      current.delete(consumer);
    }
  }

  const before = new Map([...current].map(([c, list]) => [c, [...list]]));
  const partitionConsumerBefore = new Map(partitionConsumer);
  if (!revocationRequired) performReassignments(unassigned);
  const performed = performReassignments(sortedAllPartitions);
  if (!initializing && performed && balanceScore(current) >= balanceScore(before)) {
    current.clear();
    for (const [c, list] of before) current.set(c, list);
    partitionConsumer.clear();
    for (const [k, v] of partitionConsumerBefore) partitionConsumer.set(k, v);
  }
  for (const [consumer, list] of fixed) current.set(consumer, list);

  return { assignment: current, transferring: null };
}

/** getBalanceScore: the sum over member pairs of the difference in partition counts. */
function balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((l) => l.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i]! - sizes[j]!);
  return score;
}
