// Kafka's UniformHomogeneousAssignmentBuilder (group-coordinator .../assignor/, called
// OptimizedUniformAssignmentBuilder before 4.0): every member subscribes to the same topics.
// Quotas: N / k partitions each, and the first N % k members in iteration order one more. Each
// member keeps its current partitions up to its quota (a topic it left is dropped whole); the
// partitions nobody holds, then those over quota, go in order to the members under quota.
import { AssignorError } from '../errors.ts';
import type { GroupSpec } from './input.ts';
import { ownerKey } from './input.ts';

/** memberId -> topic -> partitions */
export type TargetAssignment = Map<string, Map<string, number[]>>;

export function buildUniformHomogeneous(spec: GroupSpec): TargetAssignment {
  const target: TargetAssignment = new Map();
  const first = spec.members[0];
  if (first === undefined || first.topics.length === 0) {
    for (const m of spec.members) target.set(m.id, new Map());
    return target;
  }
  const subscribed = first.topicSet;

  const unassigned: { topic: string; partition: number }[] = [];
  let total = 0;
  for (const topic of first.topics) {
    const count = spec.partitionCounts.get(topic)!;
    for (let p = 0; p < count; p++) if (!spec.owners.has(ownerKey(topic, p))) unassigned.push({ topic, partition: p });
    total += count;
  }
  const minQuota = Math.floor(total / spec.members.length);
  let withExtra = total % spec.members.length;

  // maybeRevokePartitions
  const unfilled: { id: string; quota: number }[] = [];
  for (const member of spec.members) {
    let quota = minQuota;
    if (withExtra > 0) {
      quota++;
      withExtra--;
    }
    const kept = new Map<string, number[]>();
    for (const [topic, partitions] of member.assignment) {
      if (!subscribed.has(topic)) continue;
      if (partitions.length <= quota) {
        kept.set(topic, [...partitions]);
        quota -= partitions.length;
        continue;
      }
      const keep = partitions.slice(0, quota);
      if (keep.length > 0) kept.set(topic, keep);
      for (const partition of partitions.slice(quota)) unassigned.push({ topic, partition });
      quota = 0;
    }
    if (quota > 0) unfilled.push({ id: member.id, quota });
    target.set(member.id, kept);
  }

  // assignRemainingPartitions
  let next = 0;
  for (const { id, quota } of unfilled) {
    const assignment = target.get(id)!;
    for (let i = 0; i < quota && next < unassigned.length; i++) {
      const { topic, partition } = unassigned[next++]!;
      const list = assignment.get(topic) ?? [];
      list.push(partition);
      assignment.set(topic, list);
    }
  }
  if (next < unassigned.length) throw new AssignorError('ASSIGNOR_BUG', 'Partitions were left unassigned');
  return target;
}
