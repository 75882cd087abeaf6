// Names every byte range of a run of record batches, field by field, for the byte inspector. It
// parses like the decoder but keeps positions, does not stop at a CRC mismatch (showing a corrupt
// batch is the point of some lessons), and never decompresses.

import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BASE_SEQUENCE_OFFSET,
  BASE_TIMESTAMP_OFFSET,
  CRC_OFFSET,
  LAST_OFFSET_DELTA_OFFSET,
  LENGTH_OFFSET,
  MAGIC_OFFSET,
  MAX_TIMESTAMP_OFFSET,
  PARTITION_LEADER_EPOCH_OFFSET,
  PRODUCER_EPOCH_OFFSET,
  PRODUCER_ID_OFFSET,
  RECORDS_COUNT_OFFSET,
  RECORDS_OFFSET,
  compressionOf,
  computeBatchCrc,
  readBatchHeader,
  timestampTypeOf,
} from './batch-header.ts';
import { decodeUtf8 } from './bytes.ts';
import { LogError } from './errors.ts';
import { readVarint, readVarlong, type Cursor } from './varint.ts';

export interface ByteAnnotation {
  /** Byte range [start, end) in the annotated buffer. */
  start: number;
  end: number;
  /** Stable field id: a header field ('baseOffset', 'crc', ...), 'record.<field>', 'header.<field>' or 'compressedRecords'. */
  field: string;
  /** The decoded value; byte fields show UTF-8 text when valid, else hex prefixed with 0x. */
  value: number | string;
  /** For a delta, the absolute offset or timestamp it stands for; for 'crc', the CRC computed over the bytes. */
  derived?: number;
  batch: number;
  record?: number;
  header?: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function showBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Not text: show it as hex instead, which is what an inspector of binary keys needs.
    let hex = '0x';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return hex;
  }
}

const HEADER_FIELDS: readonly [string, number, number][] = [
  ['baseOffset', BASE_OFFSET_OFFSET, 8],
  ['batchLength', LENGTH_OFFSET, 4],
  ['partitionLeaderEpoch', PARTITION_LEADER_EPOCH_OFFSET, 4],
  ['magic', MAGIC_OFFSET, 1],
  ['crc', CRC_OFFSET, 4],
  ['attributes', ATTRIBUTES_OFFSET, 2],
  ['lastOffsetDelta', LAST_OFFSET_DELTA_OFFSET, 4],
  ['baseTimestamp', BASE_TIMESTAMP_OFFSET, 8],
  ['maxTimestamp', MAX_TIMESTAMP_OFFSET, 8],
  ['producerId', PRODUCER_ID_OFFSET, 8],
  ['producerEpoch', PRODUCER_EPOCH_OFFSET, 2],
  ['baseSequence', BASE_SEQUENCE_OFFSET, 4],
  ['recordCount', RECORDS_COUNT_OFFSET, 4],
];

/** Annotates every batch in `bytes` (consecutive batches, as in a segment file or a fetch response). */
export function annotateRecordBatch(bytes: Uint8Array): ByteAnnotation[] {
  const out: ByteAnnotation[] = [];
  let position = 0;
  for (let batch = 0; position < bytes.length; batch++) {
    const h = readBatchHeader(bytes, position);
    const values: Record<string, number> = {
      baseOffset: h.baseOffset,
      batchLength: h.batchLength,
      partitionLeaderEpoch: h.partitionLeaderEpoch,
      magic: h.magic,
      crc: h.crc,
      attributes: h.attributes,
      lastOffsetDelta: h.lastOffsetDelta,
      baseTimestamp: h.baseTimestamp,
      maxTimestamp: h.maxTimestamp,
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence,
      recordCount: h.recordCount,
    };
    for (const [field, offset, length] of HEADER_FIELDS) {
      const a: ByteAnnotation = { start: position + offset, end: position + offset + length, field, value: values[field]!, batch };
      if (field === 'crc') a.derived = computeBatchCrc(bytes, position, h.sizeBytes);
      if (field === 'lastOffsetDelta') a.derived = h.lastOffset;
      out.push(a);
    }
    const end = position + h.sizeBytes;
    if (compressionOf(h.attributes) !== 'none') {
      out.push({ start: position + RECORDS_OFFSET, end, field: 'compressedRecords', value: compressionOf(h.attributes), batch });
    } else {
      const logAppendTime = timestampTypeOf(h.attributes) === 'log-append' ? h.maxTimestamp : null;
      const cursor: Cursor = { pos: position + RECORDS_OFFSET };
      for (let record = 0; record < h.recordCount; record++) {
        annotateRecord(bytes, cursor, end, { batch, record }, h.baseOffset, h.baseTimestamp, logAppendTime, out);
      }
      if (cursor.pos !== end) {
        throw new LogError('INVALID_RECORD', `Incorrect declared batch size, records still remaining in the batch at offset ${h.baseOffset}`);
      }
    }
    position = end;
  }
  return out;
}

interface Where {
  batch: number;
  record: number;
}

function annotateRecord(
  bytes: Uint8Array,
  cursor: Cursor,
  batchEnd: number,
  where: Where,
  baseOffset: number,
  baseTimestamp: number,
  logAppendTime: number | null,
  out: ByteAnnotation[],
): void {
  const varint = (field: string, end: number, header?: number): number => {
    const start = cursor.pos;
    const value = readVarint(bytes, cursor, end);
    out.push({ start, end: cursor.pos, field, value, ...where, ...(header === undefined ? {} : { header }) });
    return value;
  };
  const bytesField = (field: string, length: number, end: number, asText: boolean, header?: number): void => {
    if (length <= 0) return;
    const start = cursor.pos;
    if (start + length > end) throw new LogError('INVALID_RECORD', `a field of ${length} bytes at byte ${start} runs past the end of its record`);
    cursor.pos += length;
    const slice = bytes.subarray(start, cursor.pos);
    out.push({ start, end: cursor.pos, field, value: asText ? decodeUtf8(slice) : showBytes(slice), ...where, ...(header === undefined ? {} : { header }) });
  };

  const bodySize = varint('record.length', batchEnd);
  const end = cursor.pos + bodySize;
  if (bodySize < 1 || end > batchEnd) {
    throw new LogError('INVALID_RECORD', `Invalid record size ${bodySize} at byte ${cursor.pos}`);
  }
  out.push({ start: cursor.pos, end: cursor.pos + 1, field: 'record.attributes', value: bytes[cursor.pos]!, ...where });
  cursor.pos++;
  const tsStart = cursor.pos;
  const timestampDelta = readVarlong(bytes, cursor, end);
  out.push({ start: tsStart, end: cursor.pos, field: 'record.timestampDelta', value: timestampDelta, derived: logAppendTime ?? baseTimestamp + timestampDelta, ...where });
  const offsetStart = cursor.pos;
  const offsetDelta = readVarint(bytes, cursor, end);
  out.push({ start: offsetStart, end: cursor.pos, field: 'record.offsetDelta', value: offsetDelta, derived: baseOffset + offsetDelta, ...where });
  bytesField('record.key', varint('record.keyLength', end), end, false);
  bytesField('record.value', varint('record.valueLength', end), end, false);
  const headerCount = varint('record.headerCount', end);
  for (let header = 0; header < headerCount; header++) {
    const keyLength = varint('header.keyLength', end, header);
    if (keyLength < 0) throw new LogError('INVALID_RECORD', 'Invalid negative header key size');
    bytesField('header.key', keyLength, end, true, header);
    bytesField('header.value', varint('header.valueLength', end, header), end, false, header);
  }
  if (cursor.pos !== end) {
    throw new LogError('INVALID_RECORD', `Invalid record size: expected to read ${bodySize} bytes in record payload, but instead read ${cursor.pos - (end - bodySize)}`);
  }
}
