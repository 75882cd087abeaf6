// StickyAssignor and CooperativeStickyAssignor over AbstractStickyAssignor.assignPartitions:
// settle owned partitions, then the constrained builder when all subscriptions are equal, the
// general builder otherwise. CooperativeStickyAssignor then removes from the new owner every
// partition transferring ownership (adjustAssignment): its current owner revokes it first and
// rejoins, and the next rebalance hands it over, so no partition has two owners at once.
import type { GroupSubscription, Subscription } from './input.ts';
import { compareTopicPartitions, emptyAssignment } from './input.ts';
import { tpKey } from './java-order.ts';
import { buildConstrained } from './sticky-constrained.ts';
import { buildGeneral } from './sticky-general.ts';
import type { MemberData } from './sticky-owned.ts';
import { memberData, removeFirst, resolveOwnedPartitions } from './sticky-owned.ts';
import type { TopicPartition, TransferringPartition } from './types.ts';

export interface StickyResult {
  assignment: Map<string, TopicPartition[]>;
  transferring: TransferringPartition[];
}

export function assignSticky(group: GroupSubscription, cooperative: boolean): StickyResult {
  if (group.members.length === 0) return { assignment: new Map(), transferring: [] };
  const data = new Map<string, MemberData>();
  for (const member of group.members) data.set(member.id, memberData(!cooperative, member, member.ownedAsGiven));
  const owned = resolveOwnedPartitions(group, (m) => data.get(m.id)!);

  const build = owned.allSubscriptionsEqual
    ? buildConstrained(group.partitionsPerTopic, owned.consumerToOwned, owned.multipleOwners)
    : buildGeneral(group, owned.consumerToOwned, data, owned.maxGeneration);

  const assignment = emptyAssignment(group);
  for (const [consumer, list] of build.assignment) assignment.set(consumer, list);
  if (!cooperative) return { assignment, transferring: [] };

  // The general builder leaves partitionsTransferringOwnership null: computed from the owned lists.
  const transferring = build.transferring ?? computeTransferring(group.members, assignment);
  for (const [key, { to }] of transferring) removeFirst(assignment.get(to)!, key);
  return {
    assignment,
    transferring: [...transferring.values()]
      .map(({ tp, to }) => ({ topic: tp.topic, partition: tp.partition, to }))
      .sort(compareTopicPartitions),
  };
}

/** CooperativeStickyAssignor.computePartitionsTransferringOwnership: added to one, revoked by another. */
function computeTransferring(
  members: readonly Subscription[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, { tp: TopicPartition; to: string }> {
  const added = new Map<string, { tp: TopicPartition; to: string }>();
  const revoked = new Set<string>();
  for (const member of members) {
    const assigned = assignment.get(member.id) ?? [];
    const ownedKeys = new Set(member.owned.map(tpKey));
    const assignedKeys = new Set(assigned.map(tpKey));
    for (const tp of assigned) if (!ownedKeys.has(tpKey(tp))) added.set(tpKey(tp), { tp, to: member.id });
    for (const tp of member.owned) if (!assignedKeys.has(tpKey(tp))) revoked.add(tpKey(tp));
  }
  for (const key of [...added.keys()]) if (!revoked.has(key)) added.delete(key);
  return added;
}
