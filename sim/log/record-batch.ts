// Record batch v2 codec (AK `DefaultRecordBatch`, `DefaultRecord`, `MemoryRecordsBuilder`).
//
// RecordBatch =>                     Record =>
//   baseOffset int64                   length varint (bytes after it)
//   batchLength int32                  attributes int8 (unused, 0)
//   partitionLeaderEpoch int32         timestampDelta varlong (timestamp - baseTimestamp)
//   magic int8 (2)                     offsetDelta varint (offset - baseOffset)
//   crc uint32 (CRC-32C of [21, end))  keyLength varint (-1 = null), key bytes
//   attributes int16                   valueLength varint (-1 = null), value bytes
//   lastOffsetDelta int32              headersCount varint
//   baseTimestamp int64                Header => keyLength varint, key UTF-8,
//   maxTimestamp int64                           valueLength varint (-1 = null), value bytes
//   producerId int64
//   producerEpoch int16
//   baseSequence int32
//   recordsCount int32
//   records

import { decodeUtf8, readInt8, utf8Length, writeInt16, writeInt32, writeInt64, writeInt8, writeUtf8 } from './bytes.ts';
import {
  ATTRIBUTES_OFFSET,
  CONTROL_FLAG_MASK,
  CRC_OFFSET,
  DELETE_HORIZON_FLAG_MASK,
  MAGIC_V2,
  NO_TIMESTAMP,
  RECORDS_OFFSET,
  RECORD_BATCH_OVERHEAD,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_FLAG_MASK,
  compressionOf,
  computeBatchCrc,
  readBatchHeader,
  timestampTypeOf,
  type CompressionName,
  type TimestampTypeName,
} from './batch-header.ts';
import { LogError } from './errors.ts';
import { readVarint, readVarlong, sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong, type Cursor } from './varint.ts';

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface RecordInput {
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
}

export interface RecordBatchInput {
  baseOffset: number;
  partitionLeaderEpoch: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  isTransactional: boolean;
  isControl?: boolean;
  timestampType?: TimestampTypeName;
  records: RecordInput[];
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  /** Views into the decoded bytes, not copies. */
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
  /** Bytes of the record including its length varint. */
  sizeBytes: number;
}

export interface DecodedBatch {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: CompressionName;
  timestampType: TimestampTypeName;
  isTransactional: boolean;
  isControl: boolean;
  /** Set by the log cleaner (KIP-534): baseTimestamp then holds the delete horizon. */
  deleteHorizonMs: number | null;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  sizeBytes: number;
  records: DecodedRecord[];
}

function checkRange(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LogError('INVALID_RECORD', `${what} ${value} is outside [${min}, ${max}]`);
  }
}

function sizeOfBytesField(bytes: Uint8Array | null): number {
  return bytes === null ? 1 : sizeOfVarint(bytes.length) + bytes.length;
}

function writeBytesField(out: Uint8Array, pos: number, bytes: Uint8Array | null): number {
  if (bytes === null) return writeVarint(out, pos, -1);
  pos = writeVarint(out, pos, bytes.length);
  out.set(bytes, pos);
  return pos + bytes.length;
}

function recordBodySize(record: RecordInput, timestampDelta: number, offsetDelta: number): number {
  let size = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta);
  size += sizeOfBytesField(record.key) + sizeOfBytesField(record.value);
  const headers = record.headers;
  size += sizeOfVarint(headers.length);
  for (const header of headers) {
    const keyLength = utf8Length(header.key);
    size += sizeOfVarint(keyLength) + keyLength + sizeOfBytesField(header.value);
  }
  return size;
}

/**
 * Encodes one uncompressed batch. Timestamps follow `MemoryRecordsBuilder`: baseTimestamp is the
 * first record's, maxTimestamp the largest, both -1 when there is no record; offsetDelta is the
 * record's index, lastOffsetDelta = count - 1.
 */
export function encodeRecordBatch(input: RecordBatchInput): Uint8Array {
  const records = input.records;
  const count = records.length;
  checkRange(input.partitionLeaderEpoch, -2147483648, 2147483647, 'partitionLeaderEpoch');
  checkRange(input.producerEpoch, -32768, 32767, 'producerEpoch');
  checkRange(input.baseSequence, -2147483648, 2147483647, 'baseSequence');

  const baseTimestamp = count > 0 ? records[0]!.timestamp : NO_TIMESTAMP;
  let maxTimestamp = NO_TIMESTAMP;
  const bodySizes = new Int32Array(count);
  let total = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < count; i++) {
    const record = records[i]!;
    if (record.timestamp > maxTimestamp) maxTimestamp = record.timestamp;
    const body = recordBodySize(record, record.timestamp - baseTimestamp, i);
    bodySizes[i] = body;
    total += sizeOfVarint(body) + body;
  }
  if (total > 2147483647) throw new LogError('INVALID_RECORD', `record batch of ${total} bytes does not fit a 32-bit length`);

  let attributes = 0;
  if (input.timestampType === 'log-append') attributes |= TIMESTAMP_TYPE_MASK;
  if (input.isTransactional) attributes |= TRANSACTIONAL_FLAG_MASK;
  if (input.isControl === true) attributes |= CONTROL_FLAG_MASK;

  const out = new Uint8Array(total);
  writeInt64(out, 0, input.baseOffset);
  writeInt32(out, 8, total - 12);
  writeInt32(out, 12, input.partitionLeaderEpoch);
  writeInt8(out, 16, MAGIC_V2);
  writeInt16(out, ATTRIBUTES_OFFSET, attributes);
  writeInt32(out, 23, count - 1);
  writeInt64(out, 27, baseTimestamp);
  writeInt64(out, 35, maxTimestamp);
  writeInt64(out, 43, input.producerId);
  writeInt16(out, 51, input.producerEpoch);
  writeInt32(out, 53, input.baseSequence);
  writeInt32(out, 57, count);

  let pos = RECORDS_OFFSET;
  for (let i = 0; i < count; i++) {
    const record = records[i]!;
    pos = writeVarint(out, pos, bodySizes[i]!);
    out[pos++] = 0; // record attributes are unused
    pos = writeVarlong(out, pos, record.timestamp - baseTimestamp);
    pos = writeVarint(out, pos, i);
    pos = writeBytesField(out, pos, record.key);
    pos = writeBytesField(out, pos, record.value);
    pos = writeVarint(out, pos, record.headers.length);
    for (const header of record.headers) {
      pos = writeVarint(out, pos, utf8Length(header.key));
      pos = writeUtf8(out, pos, header.key);
      pos = writeBytesField(out, pos, header.value);
    }
  }
  writeInt32(out, CRC_OFFSET, computeBatchCrc(out, 0, total) | 0);
  return out;
}

/**
 * Decodes consecutive batches, as stored in a segment file or returned by a fetch. Every batch must
 * be whole, v2, and match its CRC; a trailing partial batch is an error here (a Kafka consumer
 * would silently drop it, but the log never hands one out).
 */
export function decodeRecordBatches(bytes: Uint8Array): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  let position = 0;
  while (position < bytes.length) {
    const batch = decodeRecordBatchAt(bytes, position);
    batches.push(batch);
    position += batch.sizeBytes;
  }
  return batches;
}

/** Decodes the single batch that starts at `position`. */
export function decodeRecordBatchAt(bytes: Uint8Array, position: number): DecodedBatch {
  const h = readBatchHeader(bytes, position);
  const computed = computeBatchCrc(bytes, position, h.sizeBytes);
  if (computed !== h.crc) {
    throw new LogError('CORRUPT_MESSAGE', `Record is corrupt (stored crc = ${h.crc}, computed crc = ${computed}) in the batch at byte ${position}`);
  }
  const compression = compressionOf(h.attributes);
  const timestampType = timestampTypeOf(h.attributes);
  const hasDeleteHorizon = (h.attributes & DELETE_HORIZON_FLAG_MASK) !== 0;
  const batch: DecodedBatch = {
    baseOffset: h.baseOffset,
    batchLength: h.batchLength,
    partitionLeaderEpoch: h.partitionLeaderEpoch,
    magic: h.magic,
    crc: h.crc,
    attributes: h.attributes,
    compression,
    timestampType,
    isTransactional: (h.attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
    isControl: (h.attributes & CONTROL_FLAG_MASK) !== 0,
    deleteHorizonMs: hasDeleteHorizon ? h.baseTimestamp : null,
    lastOffsetDelta: h.lastOffsetDelta,
    baseTimestamp: h.baseTimestamp,
    maxTimestamp: h.maxTimestamp,
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
    recordCount: h.recordCount,
    sizeBytes: h.sizeBytes,
    records: [],
  };
  if (compression !== 'none') {
    throw new LogError(
      'UNSUPPORTED_COMPRESSION_TYPE',
      `the records of the batch at offset ${h.baseOffset} are compressed with ${compression}, which this simulator cannot decompress yet`,
    );
  }
  if (h.recordCount < 0) {
    throw new LogError('INVALID_RECORD', `Found invalid record count ${h.recordCount} in the batch at offset ${h.baseOffset}`);
  }
  // DefaultRecordBatch: with LogAppendTime every record's timestamp is the batch's max timestamp.
  const logAppendTime = timestampType === 'log-append' ? h.maxTimestamp : null;
  const end = position + h.sizeBytes;
  const cursor: Cursor = { pos: position + RECORDS_OFFSET };
  for (let i = 0; i < h.recordCount; i++) {
    if (cursor.pos >= end) {
      throw new LogError('INVALID_RECORD', `Incorrect declared batch size, premature EOF reached: record ${i} of ${h.recordCount} in the batch at offset ${h.baseOffset}`);
    }
    batch.records.push(decodeRecord(bytes, cursor, end, h.baseOffset, h.baseTimestamp, logAppendTime));
  }
  if (cursor.pos !== end) {
    throw new LogError('INVALID_RECORD', `Incorrect declared batch size, records still remaining in the batch at offset ${h.baseOffset} (${end - cursor.pos} bytes)`);
  }
  return batch;
}

function readBytesField(bytes: Uint8Array, cursor: Cursor, end: number): Uint8Array | null {
  const length = readVarint(bytes, cursor, end);
  if (length < 0) return null;
  const start = cursor.pos;
  if (start + length > end) {
    throw new LogError('INVALID_RECORD', `a field of ${length} bytes at byte ${start} runs past the end of its record`);
  }
  cursor.pos = start + length;
  return bytes.subarray(start, start + length);
}

function decodeRecord(
  bytes: Uint8Array,
  cursor: Cursor,
  batchEnd: number,
  baseOffset: number,
  baseTimestamp: number,
  logAppendTime: number | null,
): DecodedRecord {
  const start = cursor.pos;
  const bodySize = readVarint(bytes, cursor, batchEnd);
  const bodyStart = cursor.pos;
  const end = bodyStart + bodySize;
  if (bodySize < 1 || end > batchEnd) {
    throw new LogError('INVALID_RECORD', `Invalid record size: expected to read ${bodySize} bytes in record payload, but instead the buffer has only ${batchEnd - bodyStart} remaining bytes`);
  }
  readInt8(bytes, cursor.pos++); // record attributes: unused by Kafka
  const timestampDelta = readVarlong(bytes, cursor, end);
  const offsetDelta = readVarint(bytes, cursor, end);
  const key = readBytesField(bytes, cursor, end);
  const value = readBytesField(bytes, cursor, end);
  const headerCount = readVarint(bytes, cursor, end);
  if (headerCount < 0) throw new LogError('INVALID_RECORD', `Found invalid number of record headers ${headerCount}`);
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const keyBytes = readBytesField(bytes, cursor, end);
    if (keyBytes === null) throw new LogError('INVALID_RECORD', 'Invalid negative header key size');
    headers.push({ key: decodeUtf8(keyBytes), value: readBytesField(bytes, cursor, end) });
  }
  if (cursor.pos !== end) {
    throw new LogError('INVALID_RECORD', `Invalid record size: expected to read ${bodySize} bytes in record payload, but instead read ${cursor.pos - bodyStart}`);
  }
  return {
    offset: baseOffset + offsetDelta,
    timestamp: logAppendTime ?? baseTimestamp + timestampDelta,
    key,
    value,
    headers,
    sizeBytes: end - start,
  };
}
