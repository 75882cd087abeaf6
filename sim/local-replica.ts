// A broker's replica of a partition as the snapshot and the checkers read it.
import type { PartitionReplica } from './broker/partition-replica.ts';
import type { SimulationParts } from './simulation.ts';

/**
 * A broker's replica of a partition for the snapshot and the checkers: the running (or crashed)
 * process's, else the log on disk with its checkpointed HW — a restarted process opens its
 * partitions only once it has caught up with the metadata.
 */
export function localReplica(parts: SimulationParts, brokerId: number, topic: string, partition: number): Pick<PartitionReplica, 'log' | 'highWatermark'> | undefined {
  const broker = parts.brokers.get(brokerId);
  if (broker === undefined) return undefined;
  const replica = broker.actor.replica(topic, partition);
  if (replica !== undefined) return replica;
  const log = broker.disk.existingLog(topic, partition);
  if (log === undefined) return undefined;
  return { log, highWatermark: Math.max(log.logStartOffset, Math.min(broker.disk.checkpointedHighWatermark(topic, partition), log.logEndOffset)) };
}
