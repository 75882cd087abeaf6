// The record batch that holds an offset, as bytes annotated field by field by the log's own
// annotator (sim/log/annotate.ts), for the byte inspector.
import { annotateRecordBatch, compressionOf, timestampTypeOf, verifyBatchCrc } from '../log/index.ts';
import { CONTROL_FLAG_MASK, TRANSACTIONAL_FLAG_MASK } from '../log/batch-header.ts';
import { walkBatches } from './walk.ts';
import type { ReplicaLog } from './records.ts';
import type { BatchResult, InspectFailure, ReplicaRef } from './types.ts';

export function readAnnotatedBatch(replica: ReplicaRef, local: ReplicaLog, offset: number): BatchResult | InspectFailure {
  const { log } = local;
  if (!Number.isInteger(offset) || offset < log.logStartOffset || offset >= log.logEndOffset) {
    return { ok: false, error: 'OFFSET_OUT_OF_RANGE', message: `offset ${offset} is outside the log [${log.logStartOffset}, ${log.logEndOffset})` };
  }
  let found: BatchResult | null = null;
  walkBatches(log, offset, ({ header, chunk, position }) => {
    // A copy: the chunk is a view into the segment file, and the result crosses to the UI.
    const bytes = chunk.slice(position, position + header.sizeBytes);
    const segment = log.segments().filter((s) => s.baseOffset <= header.baseOffset).at(-1);
    found = {
      ok: true,
      kind: 'batch',
      replica,
      bytes,
      annotations: annotateRecordBatch(bytes),
      baseOffset: header.baseOffset,
      lastOffset: header.lastOffset,
      compression: compressionOf(header.attributes),
      timestampType: timestampTypeOf(header.attributes),
      isTransactional: (header.attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
      isControl: (header.attributes & CONTROL_FLAG_MASK) !== 0,
      crcValid: verifyBatchCrc(bytes, 0),
      segmentFile: segment?.fileName ?? '',
    };
    return false;
  });
  return found ?? { ok: false, error: 'OFFSET_OUT_OF_RANGE', message: `no batch holds offset ${offset}` };
}
