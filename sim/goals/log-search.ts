// Finds records by key or value in the partitions' leader logs, for goals such as "a record with
// key cliente-42 is in partition 2 of pedidos". Reads the log bytes with the log's own decoder.
import { decodeRecordBatches } from '../log/record-batch.ts';
import { decodeUtf8 } from '../log/bytes.ts';
import { readWholeLog } from '../final-logs.ts';
import { localReplica } from '../local-replica.ts';
import type { SimulationParts } from '../simulation.ts';

export interface RecordQuery {
  topic: string;
  partition?: number;
  /** The key as UTF-8 text; null for records without a key; absent = any key. */
  key?: string | null;
  value?: string;
  /** Stop after this many matches. */
  limit?: number;
}

export interface RecordMatch {
  partition: number;
  offset: number;
  /** Below the partition's high watermark: consumers can read it. */
  committed: boolean;
}

export function findRecords(parts: SimulationParts, query: RecordQuery): RecordMatch[] {
  const topic = parts.metadata.topics.get(query.topic);
  if (!topic) return [];
  const limit = query.limit ?? 100;
  const matches: RecordMatch[] = [];
  for (const p of topic.partitions) {
    if (query.partition !== undefined && p.partition !== query.partition) continue;
    if (p.leader < 0) continue;
    const replica = localReplica(parts, p.leader, query.topic, p.partition);
    if (!replica) continue;
    for (const chunk of readWholeLog(replica.log)) {
      for (const batch of decodeRecordBatches(chunk)) {
        if (batch.isControl) continue;
        for (const record of batch.records) {
          const key = record.key === null ? null : decodeUtf8(record.key);
          if (query.key !== undefined && key !== query.key) continue;
          if (query.value !== undefined && (record.value === null || decodeUtf8(record.value) !== query.value)) continue;
          matches.push({ partition: p.partition, offset: record.offset, committed: record.offset < replica.highWatermark });
          if (matches.length >= limit) return matches;
        }
      }
    }
  }
  return matches;
}
