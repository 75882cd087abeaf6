// Kafka's RoundRobinAssignor (clients/.../consumer/RoundRobinAssignor.java): every subscribed
// topic in name order (a TreeSet), each topic's partitions 0..n-1, dealt by a circular iterator
// over the members in MemberInfo order that skips members not subscribed to the topic.
import type { GroupSubscription } from './input.ts';
import { emptyAssignment } from './input.ts';
import { compareJavaStrings } from './java-order.ts';
import { compareMemberInfo } from './member-order.ts';
import type { TopicPartition } from './types.ts';

export function assignRoundRobin(group: GroupSubscription): Map<string, TopicPartition[]> {
  const assignment = emptyAssignment(group);
  const members = [...group.members].sort(compareMemberInfo);
  if (members.length === 0) return assignment;
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort(compareJavaStrings);
  let next = 0; // index of CircularIterator.peek()
  for (const topic of topics) {
    const count = group.partitionsPerTopic.get(topic);
    if (count === undefined) continue;
    for (let partition = 0; partition < count; partition++) {
      // Some member subscribes to every topic in the set, so this loop ends.
      while (!members[next]!.topicSet.has(topic)) next = (next + 1) % members.length;
      assignment.get(members[next]!.id)!.push({ topic, partition });
      next = (next + 1) % members.length;
    }
  }
  return assignment;
}
