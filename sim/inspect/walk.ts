// Walks a replica's log batch by batch from an offset, through the log's own read path (one
// segment per read, as a fetch would), so the inspectors see exactly what the log holds.
import { readBatchHeader, type BatchHeader, type PartitionLog } from '../log/index.ts';

export interface WalkedBatch {
  header: BatchHeader;
  /** The chunk the batch is in (a view into the segment file: do not modify). */
  chunk: Uint8Array;
  position: number;
}

/**
 * Calls `visit` for every batch whose records reach `fromOffset` or later, in offset order, until
 * it returns false or the log ends. Offsets below the log start offset are read from the start.
 */
export function walkBatches(log: PartitionLog, fromOffset: number, visit: (batch: WalkedBatch) => boolean | void): void {
  const end = log.logEndOffset;
  let offset = Math.max(fromOffset, log.logStartOffset);
  while (offset < end) {
    const read = log.read(offset, Number.MAX_SAFE_INTEGER, end, true);
    if (read.nextOffset <= offset) return;
    const chunk = read.records;
    let position = 0;
    while (position < chunk.length) {
      const header = readBatchHeader(chunk, position);
      if (header.lastOffset >= fromOffset && visit({ header, chunk, position }) === false) return;
      position += header.sizeBytes;
    }
    offset = read.nextOffset;
  }
}
