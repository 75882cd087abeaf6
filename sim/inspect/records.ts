// One page of a replica's records, decoded by the log's codec: by offset (pages of pageSize
// offsets from the log start offset) or over the records a substring search matches.
import { decodeRecordBatchAt, type DecodedBatch, type DecodedRecord, type PartitionLog } from '../log/index.ts';
import { walkBatches } from './walk.ts';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_SEARCH_LENGTH,
  MAX_SHOWN_CHARS,
  type InspectFailure,
  type InspectedRecord,
  type RecordsResult,
  type ReplicaRef,
  type ShownBytes,
} from './types.ts';

export interface ReplicaLog {
  log: PartitionLog;
  highWatermark: number;
}

export interface RecordsQuery {
  page?: number;
  pageSize?: number;
  atOffset?: number;
  search?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text when the bytes are valid UTF-8, else hex; cut to MAX_SHOWN_CHARS. */
export function showBytes(bytes: Uint8Array | null, limit: number = MAX_SHOWN_CHARS): ShownBytes | null {
  if (bytes === null) return null;
  let text: string;
  let encoding: ShownBytes['encoding'] = 'utf8';
  try {
    text = strictUtf8.decode(bytes);
    // Valid UTF-8 with control characters (a __consumer_offsets key, say) is binary: hex is clearer.
    if (CONTROL.test(text)) throw new Error('binary');
  } catch {
    encoding = 'hex';
    text = '0x' + Array.from(bytes.subarray(0, limit), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const truncated = text.length > limit;
  return { text: truncated ? text.slice(0, limit) : text, encoding, sizeBytes: bytes.length, truncated };
}

function fail(error: InspectFailure['error'], message: string): InspectFailure {
  return { ok: false, error, message };
}

function inspected(batch: DecodedBatch, record: DecodedRecord, highWatermark: number): InspectedRecord {
  return {
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: batch.timestampType,
    key: showBytes(record.key),
    value: showBytes(record.value),
    headers: record.headers.map((h) => ({ key: h.key, value: showBytes(h.value) })),
    leaderEpoch: batch.partitionLeaderEpoch,
    batchBaseOffset: batch.baseOffset,
    aboveHighWatermark: record.offset >= highWatermark,
    sizeBytes: record.sizeBytes,
  };
}

/** Every decodable record from `fromOffset` on; a batch the codec refuses (corrupt) is skipped. */
function eachRecord(log: PartitionLog, fromOffset: number, visit: (batch: DecodedBatch, record: DecodedRecord) => boolean | void): void {
  walkBatches(log, fromOffset, ({ chunk, position }) => {
    let batch: DecodedBatch;
    try {
      batch = decodeRecordBatchAt(chunk, position);
    } catch {
      return true;
    }
    for (const record of batch.records) {
      if (record.offset < fromOffset) continue;
      if (visit(batch, record) === false) return false;
    }
    return true;
  });
}

const utf8 = new TextDecoder('utf-8');

/** Case-insensitive substring over the key, the value and the header values read as UTF-8. */
function matches(record: DecodedRecord, needle: string): boolean {
  const has = (bytes: Uint8Array | null): boolean => bytes !== null && utf8.decode(bytes).toLowerCase().includes(needle);
  return has(record.key) || has(record.value) || record.headers.some((h) => has(h.value));
}

export function readRecordsPage(replica: ReplicaRef, local: ReplicaLog, query: RecordsQuery): RecordsResult | InspectFailure {
  const { log, highWatermark } = local;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return fail('INVALID_REQUEST', `page size must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const start = log.logStartOffset;
  const end = log.logEndOffset;
  const base = { ok: true as const, kind: 'records' as const, replica, logStartOffset: start, logEndOffset: end, highWatermark, pageSize };

  const search = query.search?.trim() ?? '';
  if (search.length > MAX_SEARCH_LENGTH) return fail('INVALID_REQUEST', `a search has at most ${MAX_SEARCH_LENGTH} characters`);
  if (search !== '') {
    const page = query.page ?? 0;
    if (!Number.isInteger(page) || page < 0) return fail('PAGE_OUT_OF_RANGE', `page ${page} does not exist`);
    const needle = search.toLowerCase();
    const from = page * pageSize;
    const records: InspectedRecord[] = [];
    let found = 0;
    eachRecord(log, start, (batch, record) => {
      if (!matches(record, needle)) return;
      if (found >= from && found < from + pageSize) records.push(inspected(batch, record, highWatermark));
      found++;
    });
    const pageCount = Math.max(1, Math.ceil(found / pageSize));
    if (page >= pageCount) return fail('PAGE_OUT_OF_RANGE', `page ${page} of a search with ${pageCount} pages`);
    return { ...base, page, pageCount, search: { text: search, matches: found }, records };
  }

  const pageCount = Math.max(1, Math.ceil((end - start) / pageSize));
  let page: number;
  if (query.atOffset !== undefined) {
    const offset = query.atOffset;
    if (!Number.isInteger(offset) || offset < start || offset >= Math.max(end, start + 1)) {
      return fail('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside the log [${start}, ${end})`);
    }
    page = Math.floor((offset - start) / pageSize);
  } else {
    page = query.page ?? 0;
    if (!Number.isInteger(page) || page < 0 || page >= pageCount) return fail('PAGE_OUT_OF_RANGE', `page ${page} of ${pageCount}`);
  }
  const from = start + page * pageSize;
  const to = from + pageSize;
  const records: InspectedRecord[] = [];
  eachRecord(log, from, (batch, record) => {
    if (record.offset >= to) return false;
    records.push(inspected(batch, record, highWatermark));
    return true;
  });
  return { ...base, page, pageCount, search: null, records };
}
