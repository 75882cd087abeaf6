// The three files of one segment, as Kafka names them (`00000000000000000042.log`, `.index`,
// `.timeindex`), read from a broker's log directory for download. Their bytes are the storage's:
// batches in the record batch v2 format, 8-byte offset index entries, 12-byte time index entries
// (Kafka preallocates the index of the active segment to segment.index.bytes and trims it when the
// segment rolls; here an index file always holds just its entries, as a trimmed one).
import { INDEX_FILE_SUFFIX, LOG_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX, filenamePrefixFromOffset } from '../log/file-names.ts';
import type { LogStorage } from '../log/storage.ts';

export interface SegmentFileQuery {
  broker: number;
  topic: string;
  partition: number;
  baseOffset: number;
}

export interface SegmentFile {
  /** Kafka's file name, e.g. `00000000000000000000.log`. */
  name: string;
  bytes: Uint8Array;
}

export type SegmentFilesResult = { ok: true; dir: string; files: SegmentFile[] } | { ok: false; error: 'NO_SUCH_BROKER' | 'NO_SUCH_SEGMENT'; message: string };

/** Copies of the segment's files (a copy: the bytes travel to the page and the log goes on). */
export function readSegmentFiles(storage: LogStorage | undefined, query: SegmentFileQuery): SegmentFilesResult {
  if (storage === undefined) return { ok: false, error: 'NO_SUCH_BROKER', message: `no broker ${query.broker}` };
  const dir = `${query.topic}-${query.partition}`;
  const prefix = filenamePrefixFromOffset(query.baseOffset);
  if (!storage.exists(`${dir}/${prefix}${LOG_FILE_SUFFIX}`)) {
    return { ok: false, error: 'NO_SUCH_SEGMENT', message: `broker ${query.broker} has no segment ${prefix} in ${dir}` };
  }
  const files: SegmentFile[] = [];
  for (const suffix of [LOG_FILE_SUFFIX, INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
    const path = `${dir}/${prefix}${suffix}`;
    const size = storage.exists(path) ? storage.size(path) : 0;
    files.push({ name: prefix + suffix, bytes: size === 0 ? new Uint8Array(0) : storage.read(path, 0, size).slice() });
  }
  return { ok: true, dir, files };
}
