// Walks the records of one stored batch reading only what the log itself needs (offset, timestamp,
// whether there is a key), without building record objects: used to search a timestamp inside a
// batch (`FileRecords.searchForTimestamp`) and to refuse keyless records on compacted topics
// (`LogValidator.validateRecord`).

import { LOG_OVERHEAD, LENGTH_OFFSET, RECORDS_COUNT_OFFSET, RECORDS_OFFSET, ATTRIBUTES_OFFSET, BASE_TIMESTAMP_OFFSET, MAX_TIMESTAMP_OFFSET, compressionOf, TIMESTAMP_TYPE_MASK } from './batch-header.ts';
import { readInt16, readInt32, readInt64 } from './bytes.ts';
import { LogError } from './errors.ts';
import { readVarint, readVarlong, type Cursor } from './varint.ts';

/** Return true to stop the walk. `keyLength` is -1 for a null key. */
export type RecordVisitor = (offset: number, timestamp: number, keyLength: number) => boolean;

/**
 * Visits the records of the (already bounds-checked) batch at `position`, whose base offset is
 * `baseOffset`. Returns true if the visitor stopped the walk.
 */
export function walkRecords(bytes: Uint8Array, position: number, baseOffset: number, visit: RecordVisitor): boolean {
  const attributes = readInt16(bytes, position + ATTRIBUTES_OFFSET);
  const compression = compressionOf(attributes);
  if (compression !== 'none') {
    throw new LogError('UNSUPPORTED_COMPRESSION_TYPE', `the records of the batch at offset ${baseOffset} are compressed with ${compression}, which this simulator cannot decompress yet`);
  }
  const end = position + LOG_OVERHEAD + readInt32(bytes, position + LENGTH_OFFSET);
  const count = readInt32(bytes, position + RECORDS_COUNT_OFFSET);
  const baseTimestamp = readInt64(bytes, position + BASE_TIMESTAMP_OFFSET);
  const logAppendTime = (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? readInt64(bytes, position + MAX_TIMESTAMP_OFFSET) : null;
  const cursor: Cursor = { pos: position + RECORDS_OFFSET };
  for (let i = 0; i < count; i++) {
    const bodySize = readVarint(bytes, cursor, end);
    const recordEnd = cursor.pos + bodySize;
    if (bodySize < 1 || recordEnd > end) {
      throw new LogError('INVALID_RECORD', `Invalid record size ${bodySize} in the batch at offset ${baseOffset}`);
    }
    cursor.pos++; // record attributes
    const timestampDelta = readVarlong(bytes, cursor, recordEnd);
    const offsetDelta = readVarint(bytes, cursor, recordEnd);
    const keyLength = readVarint(bytes, cursor, recordEnd);
    if (visit(baseOffset + offsetDelta, logAppendTime ?? baseTimestamp + timestampDelta, keyLength < 0 ? -1 : keyLength)) return true;
    cursor.pos = recordEnd;
  }
  return false;
}
