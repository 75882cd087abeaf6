// The checks an append goes through before anything is written, at batch-header level only:
// `UnifiedLog.analyzeAndValidateRecords` for every append, then, on a leader, the batch rules of
// `LogValidator` (one batch per append, offsets and count consistent, no control batch from a
// client, a sequence with every producer id, a key on every record of a compacted topic).

import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  CONTROL_FLAG_MASK,
  CRC_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  LENGTH_OFFSET,
  LOG_OVERHEAD,
  MAX_TIMESTAMP_OFFSET,
  MIN_RECORD_SIZE,
  NO_TIMESTAMP,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORDS_COUNT_OFFSET,
  checkBatchBounds,
  compressionOf,
  computeBatchCrc,
} from './batch-header.ts';
import { readInt16, readInt32, readInt64, readUint32 } from './bytes.ts';
import { LogError } from './errors.ts';
import { walkRecords } from './record-walk.ts';

export interface AppendAnalysis {
  /** Bytes of whole batches; a partial batch after them is dropped, as `UnifiedLog.trimInvalidBytes` does. */
  validBytes: number;
  batchCount: number;
  recordCount: number;
  /** Base offset of the first batch and last offset of the last one, as written in the bytes. */
  firstOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  /** Last offset of the first batch holding maxTimestamp ("shallow" offset of the max timestamp). */
  offsetOfMaxTimestamp: number;
  monotonic: boolean;
  /** (epoch, base offset) of each batch whose partition leader epoch differs from the previous batch's. */
  epochChanges: { epoch: number; startOffset: number }[];
}

export interface AppendLimits {
  /** Checked for producers only; followers take what their leader accepted. */
  maxMessageBytes: number | null;
  /** The leader requires producers to send base offset 0 (v2 batches from clients). */
  requireZeroBaseOffset: boolean;
}

export function analyzeBatches(bytes: Uint8Array, limits: AppendLimits): AppendAnalysis {
  const a: AppendAnalysis = {
    validBytes: 0,
    batchCount: 0,
    recordCount: 0,
    firstOffset: -1,
    lastOffset: -1,
    maxTimestamp: NO_TIMESTAMP,
    offsetOfMaxTimestamp: -1,
    monotonic: true,
    epochChanges: [],
  };
  let position = 0;
  while (bytes.length - position >= LOG_OVERHEAD) {
    const batchLength = readInt32(bytes, position + LENGTH_OFFSET);
    if (batchLength < MIN_RECORD_SIZE) {
      throw new LogError('CORRUPT_MESSAGE', `Record size ${batchLength} is less than the minimum record overhead (${MIN_RECORD_SIZE})`);
    }
    if (bytes.length - position < LOG_OVERHEAD + batchLength) break;
    const sizeBytes = checkBatchBounds(bytes, position);
    const baseOffset = readInt64(bytes, position + BASE_OFFSET_OFFSET);
    if (limits.requireZeroBaseOffset && baseOffset !== 0) {
      throw new LogError('INVALID_RECORD', `The baseOffset of the record batch in the append should be 0, but it is ${baseOffset}`);
    }
    const lastOffset = baseOffset + readInt32(bytes, position + LAST_OFFSET_DELTA_OFFSET);
    if (a.batchCount === 0) a.firstOffset = baseOffset;
    const epoch = readInt32(bytes, position + PARTITION_LEADER_EPOCH_OFFSET);
    if (a.epochChanges.length === 0 || a.epochChanges[a.epochChanges.length - 1]!.epoch !== epoch) a.epochChanges.push({ epoch, startOffset: baseOffset });
    if (a.lastOffset >= lastOffset) a.monotonic = false;
    a.lastOffset = lastOffset;
    if (limits.maxMessageBytes !== null && sizeBytes > limits.maxMessageBytes) {
      throw new LogError('MESSAGE_TOO_LARGE', `The record batch size in the append is ${sizeBytes} bytes which exceeds the maximum configured value of ${limits.maxMessageBytes}.`);
    }
    const stored = readUint32(bytes, position + CRC_OFFSET);
    const computed = computeBatchCrc(bytes, position, sizeBytes);
    if (stored !== computed) {
      throw new LogError('CORRUPT_MESSAGE', `Record is corrupt (stored crc = ${stored}, computed crc = ${computed}) in the batch at byte ${position}.`);
    }
    const maxTimestamp = readInt64(bytes, position + MAX_TIMESTAMP_OFFSET);
    if (maxTimestamp > a.maxTimestamp) {
      a.maxTimestamp = maxTimestamp;
      a.offsetOfMaxTimestamp = lastOffset;
    }
    a.recordCount += readInt32(bytes, position + RECORDS_COUNT_OFFSET);
    a.batchCount++;
    position += sizeBytes;
  }
  a.validBytes = position;
  if (a.batchCount === 0) {
    throw new LogError('INVALID_RECORD', 'the append holds no complete record batch');
  }
  return a;
}

/** `LogValidator` batch checks for an append from a producer; `compacted` adds the key check of `validateRecord`. */
export function validateProducerBatch(bytes: Uint8Array, analysis: AppendAnalysis, compacted: boolean): void {
  if (analysis.batchCount > 1) {
    // Kafka's message predates v2; the rule is that a producer append holds exactly one v2 batch.
    throw new LogError('INVALID_RECORD', 'Compressed outer record has more than one batch (a produce request may carry one record batch per partition)');
  }
  const count = readInt32(bytes, RECORDS_COUNT_OFFSET);
  const countFromOffsets = readInt32(bytes, LAST_OFFSET_DELTA_OFFSET) + 1;
  if (countFromOffsets <= 0) {
    throw new LogError('INVALID_RECORD', `Batch has an invalid offset range: [0, ${countFromOffsets - 1}]`);
  }
  if (count <= 0) throw new LogError('INVALID_RECORD', `Invalid reported count for record batch: ${count}`);
  if (countFromOffsets !== count) {
    throw new LogError('INVALID_RECORD', `Inconsistent batch offset range [0, ${countFromOffsets - 1}] and count of records ${count}`);
  }
  const attributes = readInt16(bytes, ATTRIBUTES_OFFSET);
  if ((attributes & CONTROL_FLAG_MASK) !== 0) throw new LogError('INVALID_RECORD', 'Clients are not allowed to write control records');
  const producerId = readInt64(bytes, PRODUCER_ID_OFFSET);
  const baseSequence = readInt32(bytes, BASE_SEQUENCE_OFFSET);
  if (producerId >= 0 && baseSequence < 0) {
    throw new LogError('INVALID_RECORD', `Invalid sequence number ${baseSequence} in record batch with producerId ${producerId}`);
  }
  // Only an uncompressed batch can be walked without a codec; compressed ones are checked once compression exists.
  if (compacted && compressionOf(attributes) === 'none') {
    walkRecords(bytes, 0, 0, (offset, _timestamp, keyLength) => {
      if (keyLength < 0) throw new LogError('INVALID_RECORD', `Compacted topic cannot accept message without key (record at offset delta ${offset})`);
      return false;
    });
  }
}
