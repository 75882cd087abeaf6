// Kafka's client RangeAssignor (clients/.../consumer/RangeAssignor.java, without rack awareness):
// topic by topic, in the order of the partitions-per-topic HashMap, the topic's subscribers sorted
// by MemberInfo order take consecutive ranges of partitions 0..n-1; each gets n / k partitions and
// the first n % k one more. The extra partitions of every topic go to the same first members, so
// the imbalance adds up across topics.
import type { GroupSubscription } from './input.ts';
import { emptyAssignment } from './input.ts';
import { compareMemberInfo } from './member-order.ts';
import type { TopicPartition } from './types.ts';

export function assignRange(group: GroupSubscription): Map<string, TopicPartition[]> {
  const assignment = emptyAssignment(group);
  for (const [topic, count] of group.partitionsPerTopic) {
    // Stable sort of the subscribers in HashMap order, as Collections.sort on the built list.
    const consumers = group.members.filter((m) => m.topicSet.has(topic)).sort(compareMemberInfo);
    if (consumers.length === 0) continue;
    const perConsumer = Math.floor(count / consumers.length);
    let withExtra = count % consumers.length;
    let next = 0;
    for (const consumer of consumers) {
      if (next >= count) break;
      const take = perConsumer + (withExtra > 0 ? 1 : 0);
      if (take === 0) continue;
      if (take > perConsumer) withExtra--;
      const list = assignment.get(consumer.id)!;
      for (let p = next; p < next + take; p++) list.push({ topic, partition: p });
      next += take;
    }
  }
  return assignment;
}
