// Level of detail: how much of a broker's contents, a member's partitions and the traffic the view
// draws one by one before it aggregates. Aggregates are exact counts, never estimates.

/** Up to this many replicas on a card: one row each, with its log bar, LEO and HW. */
export const REPLICA_ROWS_MAX = 8;
/** Up to this many: a grid of small cells (role by shape, fill by LEO). Beyond: counts only. */
export const REPLICA_CELLS_MAX = 60;
/** Beyond this many messages on the wire, draw one flow per link with its count instead of dots. */
export const IN_FLIGHT_DOTS_MAX = 150;
/** Beyond this many members in all groups, a member is one line with a partition count. */
export const MEMBER_ROWS_DETAILED_MAX = 12;

export type ReplicaDetail = 'rows' | 'cells' | 'counts';

export function replicaDetail(maxReplicasOnACard: number): ReplicaDetail {
  if (maxReplicasOnACard <= REPLICA_ROWS_MAX) return 'rows';
  return maxReplicasOnACard <= REPLICA_CELLS_MAX ? 'cells' : 'counts';
}

/** "0–3, 5, 7–8": a sorted list of partition numbers as ranges, for members that own many. */
export function partitionRanges(partitions: readonly number[]): string {
  const sorted = [...new Set(partitions)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const next = sorted[i];
    if (next !== undefined && prev !== undefined && next === prev + 1) {
      prev = next;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = next;
    prev = next;
  }
  return parts.join(', ');
}
