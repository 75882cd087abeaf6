// The log subsystem: record batch v2 codec, segments with their indexes, the partition log, and the
// storage it writes to. This file only re-exports.

export { LogError, type LogErrorCode } from './errors.ts';
export { readVarint, readVarlong, readUnsignedVarint, writeVarint, writeVarlong, writeUnsignedVarint, sizeOfVarint, sizeOfVarlong, sizeOfUnsignedVarint, type Cursor } from './varint.ts';
export { crc32c, crc32cUpdate } from './crc32c.ts';
export {
  RECORD_BATCH_OVERHEAD,
  LOG_OVERHEAD,
  NO_TIMESTAMP,
  NO_PRODUCER_ID,
  NO_PRODUCER_EPOCH,
  NO_SEQUENCE,
  NO_PARTITION_LEADER_EPOCH,
  readBatchHeader,
  verifyBatchCrc,
  setBaseOffset,
  setPartitionLeaderEpoch,
  setLogAppendTime,
  compressionOf,
  timestampTypeOf,
  type BatchHeader,
  type CompressionName,
  type TimestampTypeName,
} from './batch-header.ts';
export {
  encodeRecordBatch,
  decodeRecordBatches,
  decodeRecordBatchAt,
  type RecordBatchInput,
  type RecordInput,
  type RecordHeader,
  type DecodedBatch,
  type DecodedRecord,
} from './record-batch.ts';
export { annotateRecordBatch, type ByteAnnotation } from './annotate.ts';
export { MemoryStorage, joinPath, type LogStorage } from './storage.ts';
export { OffsetIndex, OFFSET_INDEX_ENTRY_SIZE, type OffsetPosition } from './offset-index.ts';
export { TimeIndex, TIME_INDEX_ENTRY_SIZE, type TimestampOffset } from './time-index.ts';
export { filenamePrefixFromOffset, LOG_FILE_SUFFIX, INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX } from './file-names.ts';
export { LogSegment, type SegmentInfo, type SegmentConfig, type RollReason, type TimestampAndOffset } from './segment.ts';
export { LeaderEpochCache, LEADER_EPOCH_CHECKPOINT_FILE, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET, type EpochEntry, type EpochEndOffset } from './leader-epoch-cache.ts';
export { DEFAULT_LOG_CONFIG, type LogConfig, type CleanupPolicy } from './log-config.ts';
export { type DeletionReason } from './retention.ts';
export { PartitionLog } from './log.ts';
export { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type AppendInfo, type LogReadResult, type SegmentDeletion, type PartitionLogOptions } from './log-types.ts';
export { type RandomSource } from './local-log.ts';
export { FileRecords, type BatchLocation } from './file-records.ts';
