// AbstractStickyAssignor.ConstrainedAssignmentBuilder (without rack awareness), used when every
// member subscribes to the same topics. With N partitions and k members, minQuota = floor(N/k),
// maxQuota = ceil(N/k) and exactly N % k members end with maxQuota.
// 1. Members in HashMap order keep their owned partitions, sorted by partition then topic:
//    all of them when fewer than minQuota; maxQuota when they own that many and members at
//    maxQuota are still wanted; otherwise minQuota. What they cannot keep may be revoked.
// 2. The unassigned partitions (topics by name, partitions ascending) are dealt round-robin to the
//    members under minQuota (sorted by member id), then one each to members at exactly minQuota
//    while more members at maxQuota are wanted.
// A partition that lands on a member other than the one that may revoke it, or that several
// members claimed in the same generation, is "transferring ownership".
import { AssignorError } from './errors.ts';
import { compareJavaStrings, tpKey } from './java-order.ts';
import type { TopicPartition } from './types.ts';

export interface StickyBuild {
  /** memberId -> partitions, in Kafka's list order. */
  readonly assignment: Map<string, TopicPartition[]>;
  /** partitionsTransferringOwnership: tpKey -> { partition, new owner }, or null when not computed. */
  readonly transferring: Map<string, { tp: TopicPartition; to: string }> | null;
}

function byPartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return a.partition - b.partition || compareJavaStrings(a.topic, b.topic);
}

/** Every partition of the topics, topics in name order, minus the assigned ones. */
export function unassignedInTopicOrder(
  partitionsPerTopic: ReadonlyMap<string, number>,
  assigned: ReadonlySet<string>,
): TopicPartition[] {
  const unassigned: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareJavaStrings)) {
    const count = partitionsPerTopic.get(topic)!;
    for (let partition = 0; partition < count; partition++) {
      const tp = { topic, partition };
      if (!assigned.has(tpKey(tp))) unassigned.push(tp);
    }
  }
  return unassigned;
}

export function buildConstrained(
  partitionsPerTopic: ReadonlyMap<string, number>,
  consumerToOwned: ReadonlyMap<string, readonly TopicPartition[]>,
  multipleOwners: ReadonlySet<string>,
): StickyBuild {
  let total = 0;
  for (const count of partitionsPerTopic.values()) total += count;
  const consumers = consumerToOwned.size;
  const minQuota = Math.floor(total / consumers);
  const maxQuota = Math.ceil(total / consumers);
  const expectedOverMin = total % consumers;
  let currentOverMin = 0;

  const assignment = new Map<string, TopicPartition[]>();
  for (const consumer of consumerToOwned.keys()) assignment.set(consumer, []);
  const maybeRevoked = new Map<string, string>();
  const assigned = new Set<string>();
  let underMin: string[] = [];
  let exactlyMin: string[] = [];
  const transferring = new Map<string, { tp: TopicPartition; to: string }>();

  // 1. Keep owned partitions up to the quota.
  for (const [consumer, ownedList] of consumerToOwned) {
    const owned = [...ownedList].sort(byPartitionThenTopic).filter((tp) => !multipleOwners.has(tpKey(tp)));
    const list = assignment.get(consumer)!;
    let keep: number;
    if (owned.length < minQuota) {
      keep = owned.length;
      underMin.push(consumer);
    } else if (owned.length >= maxQuota && currentOverMin < expectedOverMin) {
      keep = maxQuota;
      currentOverMin++;
      if (currentOverMin === expectedOverMin) exactlyMin = [];
    } else {
      keep = minQuota;
      if (currentOverMin < expectedOverMin) exactlyMin.push(consumer);
    }
    for (const tp of owned.slice(0, keep)) {
      list.push(tp);
      assigned.add(tpKey(tp));
    }
    for (const tp of owned.slice(keep)) maybeRevoked.set(tpKey(tp), consumer);
  }

  const unassigned = unassignedInTopicOrder(partitionsPerTopic, assigned);
  underMin = underMin.sort(compareJavaStrings);
  exactlyMin = exactlyMin.sort(compareJavaStrings);

  const assignNew = (tp: TopicPartition, consumer: string): number => {
    const list = assignment.get(consumer)!;
    list.push(tp);
    const key = tpKey(tp);
    const revokedFrom = maybeRevoked.get(key);
    if ((revokedFrom !== undefined && revokedFrom !== consumer) || multipleOwners.has(key)) {
      transferring.set(key, { tp, to: consumer });
    }
    return list.length;
  };

  // 2. Round-robin over the members still under quota (an iterator over underMin).
  let cursor = 0;
  for (const tp of unassigned) {
    let consumer: string;
    if (cursor < underMin.length) {
      consumer = underMin[cursor++]!;
    } else if (underMin.length === 0 && exactlyMin.length === 0) {
      throw new AssignorError('ASSIGNOR_BUG', 'No more unfilled consumers to be assigned.');
    } else if (underMin.length === 0) {
      consumer = exactlyMin.shift()!;
    } else {
      cursor = 0;
      consumer = underMin[cursor++]!;
    }
    const count = assignNew(tp, consumer);
    if (count === minQuota) {
      underMin.splice(--cursor, 1);
      exactlyMin.push(consumer);
    } else if (count === maxQuota) {
      currentOverMin++;
    }
  }

  // verifyUnfilledMembers
  if (underMin.length > 0) {
    if (currentOverMin !== expectedOverMin) {
      throw new AssignorError(
        'ASSIGNOR_BUG',
        'We haven\'t reached the expected number of members with more than the minQuota partitions, but no more partitions to be assigned',
      );
    }
    for (const consumer of underMin) {
      if (assignment.get(consumer)!.length !== minQuota) {
        throw new AssignorError('ASSIGNOR_BUG', `Consumer: [${consumer}] doesn't reach minQuota partitions, and no more partitions to be assigned`);
      }
    }
  }
  return { assignment, transferring };
}
