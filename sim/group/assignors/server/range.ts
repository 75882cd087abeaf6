// Kafka's group-coordinator RangeAssignor (server side, KIP-848): members sorted as MemberInfo
// (static members by instance id first, then member id); for each topic, in member order,
// consecutive ranges of n / k partitions and one more for the first n % k subscribers. In a
// homogeneous group with equal partition counts, every member gets the same partition numbers of
// every topic (co-partitioning). Not sticky: the current assignment plays no part.
import { compareMemberInfo } from '../member-order.ts';
import type { GroupSpec } from './input.ts';
import type { TargetAssignment } from './uniform-homogeneous.ts';

interface TopicRanges {
  readonly count: number;
  readonly minQuota: number;
  extra: number;
  next: number;
}

export function buildServerRange(spec: GroupSpec): TargetAssignment {
  const members = [...spec.members].sort(compareMemberInfo);
  const target: TargetAssignment = new Map();
  const topics = new Map<string, TopicRanges>();
  // Homogeneous: every member counts for every topic of the first member's subscription.
  const subscribers = new Map<string, number>();
  if (spec.homogeneous) {
    for (const topic of members[0]?.topics ?? []) subscribers.set(topic, members.length);
  } else {
    for (const m of members) for (const topic of m.topics) subscribers.set(topic, (subscribers.get(topic) ?? 0) + 1);
  }
  for (const [topic, k] of subscribers) {
    const count = spec.partitionCounts.get(topic)!;
    topics.set(topic, { count, minQuota: Math.floor(count / k), extra: count % k, next: 0 });
  }
  for (const member of members) {
    const assignment = new Map<string, number[]>();
    const memberTopics = spec.homogeneous ? members[0]!.topics : member.topics;
    for (const topic of memberTopics) {
      const ranges = topics.get(topic)!;
      let quota = ranges.minQuota;
      if (ranges.extra > 0) {
        quota++;
        ranges.extra--;
      }
      const start = ranges.next;
      const end = Math.min(start + quota, ranges.count);
      ranges.next = end;
      if (start < end) assignment.set(topic, Array.from({ length: end - start }, (_, i) => start + i));
    }
    target.set(member.id, assignment);
  }
  return target;
}
