// The first step of AbstractStickyAssignor.assignPartitions (allSubscriptionsEqual): read every
// member's previously owned partitions (MemberData) and settle conflicting claims. A partition
// claimed by two members of the same generation is taken from both (and remembered as claimed by
// multiple owners); between different generations the higher generation keeps it, so a member
// with a stale generation loses the partitions that a current member also claims.
import type { GroupSubscription, Subscription } from './input.ts';
import { DEFAULT_GENERATION } from './input.ts';
import { javaStringHashCode } from '../coordinator-partition.ts';
import { JavaHashOrder, tpKey } from './java-order.ts';
import type { TopicPartition } from './types.ts';

/** AbstractStickyAssignor.MemberData: the partitions a member says it held, and in which generation. */
export interface MemberData {
  readonly partitions: readonly TopicPartition[];
  readonly generation: number;
}

export interface OwnedPartitions {
  /** Every member subscribes to the same topics: the constrained (optimised) builder applies. */
  readonly allSubscriptionsEqual: boolean;
  /** consumerToOwnedPartitions, in member (HashMap) order: the valid, still-existing claims. */
  readonly consumerToOwned: Map<string, TopicPartition[]>;
  /** partitionsWithMultiplePreviousOwners, as tpKey strings. */
  readonly multipleOwners: Set<string>;
  readonly maxGeneration: number;
}

/**
 * CooperativeStickyAssignor.memberData: Subscription.ownedPartitions and generationId.
 * StickyAssignor.memberData: the previous assignment from the user data, which
 * CollectionUtils.groupPartitionsByTopic wrote topic by topic in the order of a HashMap filled
 * with computeIfAbsent.
 */
export function memberData(eager: boolean, subscription: Subscription, ownedAsGiven: readonly TopicPartition[]): MemberData {
  if (!eager) return { partitions: subscription.owned, generation: subscription.generation };
  const topics = new JavaHashOrder<string>(javaStringHashCode, (t) => t);
  const byTopic = new Map<string, TopicPartition[]>();
  for (const tp of ownedAsGiven) {
    topics.computeIfAbsent(tp.topic);
    const list = byTopic.get(tp.topic) ?? [];
    list.push(tp);
    byTopic.set(tp.topic, list);
  }
  return { partitions: topics.keys().flatMap((topic) => byTopic.get(topic)!), generation: subscription.generation };
}

export function resolveOwnedPartitions(
  group: GroupSubscription,
  dataOf: (member: Subscription) => MemberData,
): OwnedPartitions {
  const allTopics = group.partitionsPerTopic;
  // Kafka starts comparing from the first non-empty subscription, so a member with no topics
  // would not break equality and could be handed partitions it never asked for. A real consumer
  // with no subscription does not join; we compare with the first member instead.
  const first = group.members[0];
  let allSubscriptionsEqual = true;
  const consumerToOwned = new Map<string, TopicPartition[]>();
  const multipleOwners = new Set<string>();
  const previousOwner = new Map<string, string>();
  let maxGeneration = DEFAULT_GENERATION;

  for (const member of group.members) {
    if (
      first !== undefined &&
      allSubscriptionsEqual &&
      !(member.topics.length === first.topics.length && member.topics.every((t) => first.topicSet.has(t)))
    ) {
      allSubscriptionsEqual = false;
    }
    const data = dataOf(member);
    maxGeneration = Math.max(maxGeneration, data.generation);
    const owned: TopicPartition[] = [];
    consumerToOwned.set(member.id, owned);
    for (const tp of data.partitions) {
      if (!allTopics.has(tp.topic)) continue;
      const key = tpKey(tp);
      const other = previousOwner.get(key);
      if (other === undefined) {
        owned.push(tp);
        previousOwner.set(key, member.id);
        continue;
      }
      const otherGeneration = group.byId.get(other)!.generation;
      if (data.generation === otherGeneration) {
        // Two members of one generation claim it: neither keeps it.
        multipleOwners.add(key);
        removeFirst(consumerToOwned.get(other)!, key);
        previousOwner.set(key, member.id);
      } else if (data.generation > otherGeneration) {
        owned.push(tp);
        removeFirst(consumerToOwned.get(other)!, key);
        previousOwner.set(key, member.id);
      }
      // else: the other member's claim is newer and stays.
    }
  }
  return { allSubscriptionsEqual, consumerToOwned, multipleOwners, maxGeneration };
}

/** List.remove(Object): the first equal element, if any. */
export function removeFirst(list: TopicPartition[], key: string): void {
  const index = list.findIndex((tp) => tpKey(tp) === key);
  if (index >= 0) list.splice(index, 1);
}
