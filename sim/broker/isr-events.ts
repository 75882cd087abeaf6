// Trace events for changes of a partition's ISR and unclean elections, written by the partition's
// leader when the controller's change reaches it (one event per change, from the broker that acts on it).
import type { MetadataChange } from '../controller/cluster-metadata.ts';
import type { Broker } from './broker.ts';
import type { PartitionReplica } from './partition-replica.ts';

export function traceIsrChange(
  broker: Broker,
  replica: PartitionReplica,
  change: Extract<MetadataChange, { type: 'partition-changed' }>,
  pendingReason: string | null,
): void {
  const { topic, partition, isr, leaderEpoch, partitionEpoch } = change.partition;
  const base = { topic, partition, leader: broker.brokerId };
  if (change.unclean) {
    broker.emit({ type: 'unclean-leader-elected', ...base, leaderEpoch, previousIsr: [...change.previousIsr], isr: [...isr] });
    return;
  }
  const removed = change.previousIsr.filter((b) => !isr.includes(b));
  const added = isr.filter((b) => !change.previousIsr.includes(b));
  // An ISR change this leader asked for carries its own reason; others are the controller's.
  const reason = change.reason === 'alter-partition' ? (pendingReason ?? 'alter-partition') : change.reason;
  if (removed.length > 0) broker.emit({ type: 'isr-shrunk', ...base, isr: [...replica.isr], removed, reason, partitionEpoch });
  if (added.length > 0) broker.emit({ type: 'isr-expanded', ...base, isr: [...replica.isr], added, reason, partitionEpoch });
}
