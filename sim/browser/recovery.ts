// Recovery of a previous run's log directories, the way Kafka loads a log after an unclean shutdown
// (LogLoader with recovery): every segment's batches are checked by length and CRC, the first bad
// or partial batch and everything after it are cut off (the later segments of the partition are
// deleted), and the indexes are rebuilt from the batches that remain. Pure: the files come in as open handles (the worker opens them in OPFS, the
// tests in a fake or real directory), and LocalLog / LogSegment.recover do the checking.
import { LocalLog } from '../log/local-log.ts';
import { DEFAULT_LOG_CONFIG, type LogConfig } from '../log/log-config.ts';
import { LOG_FILE_SUFFIX } from '../log/file-names.ts';
import { FileStorageGroup, type FileHandle, type FilePort } from '../log/file-storage.ts';
import type { LogStorage } from '../log/storage.ts';

/** A file of the stored generation: its path under the generation ('broker-0/orders-0/….log') and handle. */
export interface StoredFileEntry {
  path: string;
  handle: FileHandle;
}

export interface PartitionRecovery {
  broker: string;
  /** `<topic>-<partition>`. */
  dir: string;
  segments: number;
  /** Valid batches found (the batch where checking stopped is not counted). */
  batches: number;
  records: number;
  /** Bytes cut off: the tail of the segment where checking stopped and the segments after it. */
  bytesTruncated: number;
  /** Segments deleted because they came after the one where checking stopped (Kafka's LogLoader). */
  segmentsDeleted: number;
  /** Offset of the first batch cut off (the log end offset after recovery), null if nothing was cut. */
  truncatedAtOffset: number | null;
  /** Offset and time index entries rebuilt from the batches. */
  indexEntriesRebuilt: number;
  /** Log end offset after recovery. */
  logEndOffset: number;
}

export interface RecoveryReport {
  generation: string;
  partitions: PartitionRecovery[];
}

/** Index files are rebuilt from the log anyway: recovery needs only the .log files. */
export function isSegmentLog(path: string): boolean {
  return path.endsWith(LOG_FILE_SUFFIX);
}

/**
 * Checks every partition directory of a stored generation. The handles are taken over (truncation
 * writes through them) and closed at the end. `port` is used only to remove orphaned files.
 */
export function recoverGeneration(generation: string, files: readonly StoredFileEntry[], port: FilePort, config: LogConfig = DEFAULT_LOG_CONFIG): RecoveryReport {
  const group = new FileStorageGroup(port, { maxOpenHandles: Number.MAX_SAFE_INTEGER });
  const storages = new Map<string, ReturnType<FileStorageGroup['storage']>>();
  const dirs = new Map<string, Set<string>>();
  for (const { path, handle } of files) {
    const parts = path.split('/');
    if (parts.length !== 3 || !isSegmentLog(path)) {
      handle.close();
      continue;
    }
    const [broker, dir] = parts as [string, string, string];
    let storage = storages.get(broker);
    if (storage === undefined) {
      storage = group.storage(broker);
      storages.set(broker, storage);
      dirs.set(broker, new Set());
    }
    storage.adopt(`${dir}/${parts[2]}`, handle);
    dirs.get(broker)!.add(dir);
  }
  const partitions: PartitionRecovery[] = [];
  try {
    for (const [broker, storage] of [...storages].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      for (const dir of [...dirs.get(broker)!].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
        partitions.push(recoverPartition(broker, storage, dir, config));
      }
    }
  } finally {
    group.close();
  }
  return { generation, partitions };
}

/** Loads one partition directory with recovery (LocalLog → LogSegment.recover) and says what it found and cut. */
export function recoverPartition(broker: string, storage: LogStorage, dir: string, config: LogConfig = DEFAULT_LOG_CONFIG): PartitionRecovery {
  const before = new Map(storage.list(dir).map((name) => [name, storage.size(`${dir}/${name}`)]));
  // No random source: recovery rolls nothing, so jitter does not matter here.
  const log = new LocalLog(dir, storage, () => config, undefined, 0);
  let bytesTruncated = 0;
  let truncatedAtOffset: number | null = null;
  let batches = 0;
  let records = 0;
  let indexEntriesRebuilt = 0;
  for (const segment of log.segments) {
    const info = segment.info(false);
    const cut = (before.get(segment.fileName) ?? 0) - info.sizeBytes;
    if (cut > 0 && truncatedAtOffset === null) truncatedAtOffset = info.nextOffset;
    bytesTruncated += Math.max(0, cut);
    batches += info.batchCount;
    records += info.recordCount;
    indexEntriesRebuilt += info.offsetIndexEntries + info.timeIndexEntries;
  }
  const kept = new Set(log.segments.map((segment) => segment.fileName));
  let segmentsDeleted = 0;
  for (const [name, size] of before) {
    if (!name.endsWith(LOG_FILE_SUFFIX) || kept.has(name)) continue;
    segmentsDeleted += 1;
    bytesTruncated += size;
  }
  return { broker, dir, segments: log.segments.length, segmentsDeleted, batches, records, bytesTruncated, truncatedAtOffset, indexEntriesRebuilt, logEndOffset: log.active().nextOffset };
}

/** The report in a few numbers, for a notice: partitions checked, those cut, bytes cut. */
export function summarizeRecovery(report: RecoveryReport): { partitions: number; segments: number; batches: number; truncatedPartitions: number; bytesTruncated: number; indexEntriesRebuilt: number } {
  let segments = 0;
  let batches = 0;
  let truncatedPartitions = 0;
  let bytesTruncated = 0;
  let indexEntriesRebuilt = 0;
  for (const p of report.partitions) {
    segments += p.segments;
    batches += p.batches;
    bytesTruncated += p.bytesTruncated;
    indexEntriesRebuilt += p.indexEntriesRebuilt;
    if (p.bytesTruncated > 0) truncatedPartitions++;
  }
  return { partitions: report.partitions.length, segments, batches, truncatedPartitions, bytesTruncated, indexEntriesRebuilt };
}
