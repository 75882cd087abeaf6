// Kafka's UniformHeterogeneousAssignmentBuilder (group-coordinator .../assignor/, called
// GeneralUniformAssignmentBuilder before 4.0): members subscribe to different topics.
// 1. Each member keeps its current partitions of the topics it still subscribes to.
// 2. Topics by partitions per subscriber (descending), then subscriber count, then id (we use the
//    name): each free partition goes to the least loaded subscriber.
// 3. Topic by topic, partitions move from the most to the least loaded subscribers until their
//    counts differ by at most one; the loop over topics repeats until a full pass moves nothing
//    (at most 16 passes).
import { compareJavaStrings } from '../java-order.ts';
import type { GroupSpec } from './input.ts';
import { MemberAssignmentBalancer } from './member-assignment-balancer.ts';
import type { TargetAssignment } from './uniform-homogeneous.ts';

const MAX_ITERATION_COUNT = 16;

export function buildUniformHeterogeneous(spec: GroupSpec): TargetAssignment {
  const memberIds = spec.members.map((m) => m.id);
  const sizes = new Array<number>(memberIds.length).fill(0);
  const topicSubscribers = new Map<string, number[]>();
  spec.members.forEach((member, index) => {
    for (const topic of member.topics) {
      const list = topicSubscribers.get(topic) ?? [];
      list.push(index);
      topicSubscribers.set(topic, list);
    }
  });
  const target: TargetAssignment = new Map(spec.members.map((m) => [m.id, new Map<string, number[]>()]));
  if (topicSubscribers.size === 0) return target;

  const count = (topic: string): number => spec.partitionCounts.get(topic)!;
  const owners = new Map<string, number[]>();
  for (const topic of topicSubscribers.keys()) owners.set(topic, new Array<number>(count(topic)).fill(-1));

  const compareTopics = (a: string, b: string): number => {
    const subsA = topicSubscribers.get(a)!.length;
    const subsB = topicSubscribers.get(b)!.length;
    return count(b) / subsB - count(a) / subsA || subsA - subsB || compareJavaStrings(a, b);
  };

  const addPartition = (topic: string, partition: number, member: number): void => {
    const assignment = target.get(memberIds[member]!)!;
    const list = assignment.get(topic) ?? [];
    list.push(partition);
    assignment.set(topic, list);
    owners.get(topic)![partition] = member;
    sizes[member]!++;
  };
  const assignPartition = (topic: string, partition: number, member: number): void => {
    const old = owners.get(topic)![partition]!;
    if (old !== -1) {
      const assignment = target.get(memberIds[old]!)!;
      const list = assignment.get(topic);
      if (list !== undefined) {
        list.splice(list.indexOf(partition), 1);
        if (list.length === 0) assignment.delete(topic);
      }
      owners.get(topic)![partition] = -1;
      sizes[old]!--;
    }
    addPartition(topic, partition, member);
  };

  // 1. maybeRevokePartitions: keep the partitions of topics still subscribed to.
  spec.members.forEach((member, index) => {
    for (const [topic, partitions] of member.assignment) {
      if (!member.topicSet.has(topic)) continue;
      for (const partition of partitions) addPartition(topic, partition, index);
    }
  });

  // 2. assignRemainingPartitions
  const balancer = new MemberAssignmentBalancer(sizes);
  const unassigned = new Map<string, number[]>();
  for (const [topic, topicOwners] of owners) {
    const free = topicOwners.flatMap((owner, partition) => (owner === -1 ? [partition] : []));
    if (free.length > 0) unassigned.set(topic, free);
  }
  for (const topic of [...unassigned.keys()].sort(compareTopics)) {
    balancer.initialize(topicSubscribers.get(topic)!);
    for (const partition of unassigned.get(topic)!) assignPartition(topic, partition, balancer.nextLeastLoadedMember());
  }

  // 3. balance: topics with two or more subscribers.
  const movable = [...topicSubscribers.keys()].filter((t) => topicSubscribers.get(t)!.length >= 2).sort(compareTopics);
  if (movable.length === 0) return target;

  const balanceTopic = (topic: string): number => {
    let reassigned = 0;
    const topicOwners = owners.get(topic)!;
    if (balancer.initialize(topicSubscribers.get(topic)!) <= 1) return reassigned;
    // Partitions grouped by owner, so the last partition of a member is at a known index.
    const partitions = Array.from({ length: count(topic) }, (_, p) => p).sort((a, b) => topicOwners[a]! - topicOwners[b]! || a - b);
    const start = new Map<number, number>();
    const end = new Map<number, number>(); // exclusive
    partitions.forEach((partition, i) => {
      const owner = topicOwners[partition]!;
      if (!start.has(owner)) start.set(owner, i);
      end.set(owner, i + 1);
    });
    while (!balancer.isBalanced()) {
      let most = -1;
      for (;;) {
        most = balancer.nextMostLoadedMember();
        if (most === -1) break;
        const e = end.get(most);
        if (e === undefined || e - start.get(most)! <= 0) {
          balancer.excludeMostLoadedMember();
          continue;
        }
        break;
      }
      if (most === -1) break;
      const index = end.get(most)! - 1;
      const partition = partitions[index]!;
      end.set(most, index);
      const least = balancer.nextLeastLoadedMember();
      if (balancer.isBalanced()) break;
      assignPartition(topic, partition, least);
      reassigned++;
    }
    return reassigned;
  };

  let lastRebalancedTopic = -1;
  for (let i = 0; i < MAX_ITERATION_COUNT; i++) {
    for (let t = 0; t < movable.length; t++) {
      // A full pass since the last topic that moved anything: nothing more to gain.
      if (t === lastRebalancedTopic) return target;
      const moved = balanceTopic(movable[t]!);
      if (moved > 0 || lastRebalancedTopic === -1) lastRebalancedTopic = t;
    }
  }
  return target;
}
