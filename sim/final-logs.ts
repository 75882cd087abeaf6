// Hands the checkers (sim/check) what they judge, as plain data read from the engine: each
// partition's logs as record-batch bytes, and batch digests per replica for the invariants.
import type { PartitionLog } from './log/index.ts';
import type { SimulationParts } from './simulation.ts';
import { localReplica } from './local-replica.ts';
import { digestBatches, type FinalPartitionLog, type PartitionDigests } from './check/index.ts';

/** Every batch of a log from its start offset, one chunk per read (a read stays within a segment). */
export function readWholeLog(log: PartitionLog): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = log.logStartOffset;
  const end = log.logEndOffset;
  while (offset < end) {
    const read = log.read(offset, Number.MAX_SAFE_INTEGER, end, true);
    if (read.nextOffset <= offset) break;
    if (read.records.length > 0) chunks.push(read.records);
    offset = read.nextOffset;
  }
  return chunks;
}

function replicaOf(parts: SimulationParts, broker: number, topic: string, partition: number) {
  return localReplica(parts, broker, topic, partition);
}

/** The final leader's log of every partition, with its ISR members' logs to compare. */
export function collectFinalLogs(parts: SimulationParts): FinalPartitionLog[] {
  const logs: FinalPartitionLog[] = [];
  for (const topic of parts.metadata.topics.values()) {
    for (const p of topic.partitions) {
      // An offline partition is judged on the last leader's disk, the only copy that may have it all.
      const leaderId = p.leader >= 0 ? p.leader : (p.isr[0] ?? p.replicas[0]!);
      const leader = replicaOf(parts, leaderId, topic.name, p.partition);
      if (!leader) continue;
      logs.push({
        topic: topic.name,
        partition: p.partition,
        records: readWholeLog(leader.log),
        logStartOffset: leader.log.logStartOffset,
        highWatermark: leader.highWatermark,
        logEndOffset: leader.log.logEndOffset,
        compacted: topic.config.cleanupPolicy.includes('compact'),
        replicas: p.isr
          .filter((b) => b !== leaderId)
          .flatMap((b) => {
            const replica = replicaOf(parts, b, topic.name, p.partition);
            return replica ? [{ broker: b, records: readWholeLog(replica.log), logEndOffset: replica.log.logEndOffset }] : [];
          }),
      });
    }
  }
  return logs;
}

/** Batch digests of every replica, for InvariantChecker's "replicas agree below the HW". */
export function collectDigests(parts: SimulationParts): PartitionDigests[] {
  const digests: PartitionDigests[] = [];
  for (const topic of parts.metadata.topics.values()) {
    for (const p of topic.partitions) {
      digests.push({
        topic: topic.name,
        partition: p.partition,
        replicas: p.replicas.flatMap((b) => {
          const replica = replicaOf(parts, b, topic.name, p.partition);
          return replica ? [{ broker: b, batches: digestBatches(readWholeLog(replica.log)) }] : [];
        }),
      });
    }
  }
  return digests;
}
