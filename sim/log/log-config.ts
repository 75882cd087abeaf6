// The topic-level settings a partition log obeys, with Kafka's defaults (AK `LogConfig`,
// reference §1.1). Units are milliseconds and bytes; -1 means "no limit" where Kafka says so.

export type CleanupPolicy = 'delete' | 'compact';

export interface LogConfig {
  /** segment.bytes */
  segmentBytes: number;
  /** segment.ms: roll a segment whose records span more than this, by record timestamps. */
  segmentMs: number;
  /** segment.jitter.ms */
  segmentJitterMs: number;
  /** index.interval.bytes */
  indexIntervalBytes: number;
  /** segment.index.bytes: size of each index, hence how many entries it holds. */
  segmentIndexBytes: number;
  /** retention.ms, -1 = keep forever */
  retentionMs: number;
  /** retention.bytes per partition, -1 = no limit */
  retentionBytes: number;
  /** max.message.bytes: largest batch a producer may append. */
  maxMessageBytes: number;
  /** cleanup.policy */
  cleanupPolicy: CleanupPolicy[];
}

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1073741824,
  segmentMs: 604800000,
  segmentJitterMs: 0,
  indexIntervalBytes: 4096,
  segmentIndexBytes: 10485760,
  retentionMs: 604800000,
  retentionBytes: -1,
  maxMessageBytes: 1048588,
  cleanupPolicy: Object.freeze(['delete']) as CleanupPolicy[],
});
