// The inspectors' reads of the engine: a replica's segments, a page of its records, and one
// record batch's bytes annotated. Pure: the caller hands in how to find a broker's replica.
import { readAnnotatedBatch } from './batch.ts';
import { readRecordsPage, type ReplicaLog } from './records.ts';
import type { InspectFailure, InspectQuery, InspectResult, ReplicaRef, SegmentsResult } from './types.ts';

export * from './types.ts';
export { readRecordsPage, showBytes, type ReplicaLog } from './records.ts';
export { readAnnotatedBatch } from './batch.ts';

/** Finds a broker's replica of a partition; undefined when the broker holds none. */
export type ReplicaLookup = (ref: ReplicaRef) => ReplicaLog | undefined;

function segmentsOf(replica: ReplicaRef, local: ReplicaLog): SegmentsResult {
  const { log, highWatermark } = local;
  return {
    ok: true,
    kind: 'segments',
    replica,
    logStartOffset: log.logStartOffset,
    logEndOffset: log.logEndOffset,
    highWatermark,
    segments: log.segments().map((s) => ({
      baseOffset: s.baseOffset,
      fileName: s.fileName,
      sizeBytes: s.sizeBytes,
      nextOffset: s.nextOffset,
      firstTimestamp: s.firstTimestamp,
      largestTimestamp: s.largestTimestamp,
      recordCount: s.recordCount,
      batchCount: s.batchCount,
      offsetIndexEntries: s.offsetIndexEntries,
      timeIndexEntries: s.timeIndexEntries,
      active: s.active,
    })),
  };
}

export function inspect(query: InspectQuery, lookup: ReplicaLookup): InspectResult {
  const replica: ReplicaRef = { topic: query.topic, partition: query.partition, broker: query.broker };
  const local = lookup(replica);
  if (local === undefined) {
    return { ok: false, error: 'REPLICA_NOT_AVAILABLE', message: `broker ${query.broker} holds no replica of ${query.topic}-${query.partition}` };
  }
  try {
    switch (query.kind) {
      case 'segments':
        return segmentsOf(replica, local);
      case 'records':
        return readRecordsPage(replica, local, query);
      case 'batch':
        return readAnnotatedBatch(replica, local, query.offset);
      default:
        return { ok: false, error: 'INVALID_REQUEST', message: `unknown inspect query ${JSON.stringify(query)}` };
    }
  } catch (error) {
    // A malformed batch or a read past a truncation: refuse the query, never stop the engine.
    const failure: InspectFailure = { ok: false, error: 'INVALID_REQUEST', message: error instanceof Error ? error.message : String(error) };
    return failure;
  }
}
