// Kafka's replica placement for a rack-unaware cluster (AdminUtils.assignReplicasToBrokersRackUnaware):
// leaders striped round the brokers from a random start, followers shifted by a second random
// amount that grows by one every time the partitions wrap round the brokers.
import type { Random } from '../kernel/types.ts';

export interface PlacementError {
  error: 'INVALID_PARTITIONS' | 'INVALID_REPLICATION_FACTOR';
  message: string;
}

/**
 * Replica lists for `partitionCount` partitions, in partition order; the first replica of each is
 * the preferred leader. `startIndex`/`shift` are drawn from `random` unless given (tests fix them).
 */
export function assignReplicas(
  brokerIds: readonly number[],
  partitionCount: number,
  replicationFactor: number,
  random: Random | { startIndex: number; shift: number },
): number[][] | PlacementError {
  const n = brokerIds.length;
  if (partitionCount < 1) return { error: 'INVALID_PARTITIONS', message: `partition count must be at least 1, got ${partitionCount}` };
  if (replicationFactor < 1) {
    return { error: 'INVALID_REPLICATION_FACTOR', message: `replication factor must be at least 1, got ${replicationFactor}` };
  }
  if (replicationFactor > n) {
    return {
      error: 'INVALID_REPLICATION_FACTOR',
      message: `replication factor ${replicationFactor} is larger than the ${n} available broker(s)`,
    };
  }
  const startIndex = 'int' in random ? random.int(n) : random.startIndex;
  let shift = 'int' in random ? random.int(n) : random.shift;
  const result: number[][] = [];
  for (let p = 0; p < partitionCount; p++) {
    if (p > 0 && p % n === 0) shift += 1;
    const first = (p + startIndex) % n;
    const replicas = [brokerIds[first]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokerIds[(first + 1 + ((shift + j) % (n - 1))) % n]!);
    }
    result.push(replicas);
  }
  return result;
}
