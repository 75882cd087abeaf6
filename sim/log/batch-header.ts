// The 61-byte header of a record batch v2 and the cheap operations the broker does on it without
// touching the records: read it, check its CRC, and patch the fields a leader assigns. Field
// positions are those of AK `DefaultRecordBatch` (BASE_OFFSET_OFFSET ... RECORDS_OFFSET).

import { readInt16, readInt32, readInt64, readUint32, readInt8, writeInt16, writeInt32, writeInt64 } from './bytes.ts';
import { crc32c } from './crc32c.ts';
import { LogError } from './errors.ts';

export const BASE_OFFSET_OFFSET = 0;
export const LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORDS_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;
/** `Records.LOG_OVERHEAD`: baseOffset + batchLength, the bytes before what batchLength counts. */
export const LOG_OVERHEAD = 12;
/** `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`. */
export const RECORD_BATCH_OVERHEAD = 61;
/** `LegacyRecord.RECORD_OVERHEAD_V0`: Kafka's log input stream rejects a batch length below it before reading the magic. */
export const MIN_RECORD_SIZE = 14;
export const MAGIC_V2 = 2;
/** `RecordBatch.NO_TIMESTAMP`, `NO_PRODUCER_ID`, `NO_PRODUCER_EPOCH`, `NO_SEQUENCE`, `NO_PARTITION_LEADER_EPOCH`. */
export const NO_TIMESTAMP = -1;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;
export const DELETE_HORIZON_FLAG_MASK = 0x40;

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type TimestampTypeName = 'create' | 'log-append';

const COMPRESSION_BY_ID: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** `CompressionType.forId`; ids 5..7 do not exist. */
export function compressionOf(attributes: number): CompressionName {
  const id = attributes & COMPRESSION_CODEC_MASK;
  const name = COMPRESSION_BY_ID[id];
  if (name === undefined) throw new LogError('UNSUPPORTED_COMPRESSION_TYPE', `Unknown compression type id: ${id}`);
  return name;
}

export function timestampTypeOf(attributes: number): TimestampTypeName {
  return (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? 'log-append' : 'create';
}

export interface BatchHeader {
  baseOffset: number;
  /** The batchLength field: bytes after it. */
  batchLength: number;
  /** Whole batch on disk: LOG_OVERHEAD + batchLength. */
  sizeBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  /** Stored CRC-32C, unsigned. */
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  /** baseOffset + lastOffsetDelta (`RecordBatch.lastOffset`). */
  lastOffset: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/**
 * Checks that a whole v2 batch starts at `position` and returns its size. The checks and their
 * order are those of Kafka's `ByteBufferLogInputStream.nextBatch` and `DefaultRecordBatch.ensureValid`
 * (without the CRC, see verifyBatchCrc).
 */
export function checkBatchBounds(bytes: Uint8Array, position: number): number {
  const remaining = bytes.length - position;
  if (position < 0 || remaining < LOG_OVERHEAD) {
    throw new LogError('CORRUPT_MESSAGE', `truncated record batch at byte ${position}: ${Math.max(0, remaining)} bytes left, a batch needs at least ${RECORD_BATCH_OVERHEAD}`);
  }
  const batchLength = readInt32(bytes, position + LENGTH_OFFSET);
  if (batchLength < MIN_RECORD_SIZE) {
    throw new LogError('CORRUPT_MESSAGE', `Record size ${batchLength} is less than the minimum record overhead (${MIN_RECORD_SIZE}) at byte ${position}`);
  }
  const sizeBytes = LOG_OVERHEAD + batchLength;
  if (remaining < sizeBytes) {
    throw new LogError('CORRUPT_MESSAGE', `truncated record batch at byte ${position}: it declares ${sizeBytes} bytes but only ${remaining} remain`);
  }
  const magic = readInt8(bytes, position + MAGIC_OFFSET);
  if (magic !== MAGIC_V2) {
    throw new LogError('CORRUPT_MESSAGE', `record batch at byte ${position} has magic ${magic}; only record batch v2 (magic 2) is supported`);
  }
  if (sizeBytes < RECORD_BATCH_OVERHEAD) {
    throw new LogError('CORRUPT_MESSAGE', `Record batch is corrupt (the size of the batch ${sizeBytes} is smaller than the minimum allowed overhead ${RECORD_BATCH_OVERHEAD}) at byte ${position}`);
  }
  return sizeBytes;
}

/** Reads the header of the batch at `position` (no record is decoded, the CRC is not checked). */
export function readBatchHeader(bytes: Uint8Array, position: number): BatchHeader {
  const sizeBytes = checkBatchBounds(bytes, position);
  const baseOffset = readInt64(bytes, position + BASE_OFFSET_OFFSET);
  const lastOffsetDelta = readInt32(bytes, position + LAST_OFFSET_DELTA_OFFSET);
  return {
    baseOffset,
    batchLength: sizeBytes - LOG_OVERHEAD,
    sizeBytes,
    partitionLeaderEpoch: readInt32(bytes, position + PARTITION_LEADER_EPOCH_OFFSET),
    magic: MAGIC_V2,
    crc: readUint32(bytes, position + CRC_OFFSET),
    attributes: readInt16(bytes, position + ATTRIBUTES_OFFSET),
    lastOffsetDelta,
    lastOffset: baseOffset + lastOffsetDelta,
    baseTimestamp: readInt64(bytes, position + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: readInt64(bytes, position + MAX_TIMESTAMP_OFFSET),
    producerId: readInt64(bytes, position + PRODUCER_ID_OFFSET),
    producerEpoch: readInt16(bytes, position + PRODUCER_EPOCH_OFFSET),
    baseSequence: readInt32(bytes, position + BASE_SEQUENCE_OFFSET),
    recordCount: readInt32(bytes, position + RECORDS_COUNT_OFFSET),
  };
}

/** Recomputes the CRC-32C of the batch at `position` (bytes [21, end) of it) and compares it with the stored one. */
export function verifyBatchCrc(bytes: Uint8Array, position: number): boolean {
  const sizeBytes = checkBatchBounds(bytes, position);
  return computeBatchCrc(bytes, position, sizeBytes) === readUint32(bytes, position + CRC_OFFSET);
}

export function computeBatchCrc(bytes: Uint8Array, position: number, sizeBytes: number): number {
  return crc32c(bytes, position + ATTRIBUTES_OFFSET, position + sizeBytes);
}

/**
 * Sets the base offset. The field lies before the CRC'd range, which is why a leader can assign
 * offsets by patching the producer's bytes in place, as `DefaultRecordBatch.setLastOffset` does,
 * and why a follower's copy stays byte-identical to the leader's.
 */
export function setBaseOffset(bytes: Uint8Array, position: number, baseOffset: number): void {
  writeInt64(bytes, position + BASE_OFFSET_OFFSET, baseOffset);
}

/** Sets the partition leader epoch, also outside the CRC (`DefaultRecordBatch.setPartitionLeaderEpoch`). */
export function setPartitionLeaderEpoch(bytes: Uint8Array, position: number, epoch: number): void {
  writeInt32(bytes, position + PARTITION_LEADER_EPOCH_OFFSET, epoch);
}

/**
 * Stamps the batch with LogAppendTime = `timestampMs`, as a broker with
 * `message.timestamp.type=LogAppendTime` does (`DefaultRecordBatch.setMaxTimestamp`). Attributes and
 * max timestamp are inside the CRC'd range, so the CRC is recomputed, only when something changed.
 */
export function setLogAppendTime(bytes: Uint8Array, position: number, timestampMs: number): void {
  const sizeBytes = checkBatchBounds(bytes, position);
  const attributes = readInt16(bytes, position + ATTRIBUTES_OFFSET);
  const current = readInt64(bytes, position + MAX_TIMESTAMP_OFFSET);
  if ((attributes & TIMESTAMP_TYPE_MASK) !== 0 && current === timestampMs) return;
  writeInt16(bytes, position + ATTRIBUTES_OFFSET, attributes | TIMESTAMP_TYPE_MASK);
  writeInt64(bytes, position + MAX_TIMESTAMP_OFFSET, timestampMs);
  writeInt32(bytes, position + CRC_OFFSET, computeBatchCrc(bytes, position, sizeBytes) | 0);
}
