// Per-topic configs by Kafka's names, with Kafka 4.0's defaults and validators
// (storage LogConfig, ServerLogConfigs). A scenario states only what differs from the broker.
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

export const topicConfigSchema = z.strictObject({
  'cleanup.policy': z.enum(['delete', 'compact', 'compact,delete', 'delete,compact']).optional(),
  'retention.ms': z.number().int().min(-1).optional(),
  'retention.bytes': z.number().int().min(-1).optional(),
  // Kafka 4.0 raised the minimum of segment.bytes to 1 MiB (KIP-1030).
  'segment.bytes': z.number().int().min(1024 * 1024).max(2 ** 31 - 1).optional(),
  'segment.ms': z.number().int().min(1).optional(),
  'segment.jitter.ms': z.number().int().min(0).optional(),
  'segment.index.bytes': z.number().int().min(4).max(2 ** 31 - 1).optional(),
  'index.interval.bytes': z.number().int().min(0).optional(),
  'max.message.bytes': z.number().int().min(0).optional(),
  'min.insync.replicas': z.number().int().min(1).optional(),
  'unclean.leader.election.enable': z.boolean().optional(),
});
export type TopicConfigInput = z.infer<typeof topicConfigSchema>;

export interface TopicConfig {
  cleanupPolicy: ('delete' | 'compact')[];
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  segmentJitterMs: number;
  segmentIndexBytes: number;
  indexIntervalBytes: number;
  maxMessageBytes: number;
  minInsyncReplicas: number;
  /** Elect a replica outside the ISR when no ISR member is alive (data loss). */
  uncleanLeaderElectionEnable: boolean;
}

/** Kafka's topic defaults (the broker's log.* values when nothing overrides them). */
export const DEFAULT_TOPIC_CONFIG: TopicConfig = {
  cleanupPolicy: ['delete'],
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  segmentJitterMs: 0,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  // 1 MiB + LOG_OVERHEAD (12 bytes)
  maxMessageBytes: 1048588,
  minInsyncReplicas: 1,
  // LogConfig.DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE
  uncleanLeaderElectionEnable: false,
};

export function resolveTopicConfig(base: TopicConfig, input: TopicConfigInput): TopicConfig {
  const policy = input['cleanup.policy'];
  return {
    cleanupPolicy: policy ? (policy.split(',') as ('delete' | 'compact')[]) : base.cleanupPolicy,
    retentionMs: input['retention.ms'] ?? base.retentionMs,
    retentionBytes: input['retention.bytes'] ?? base.retentionBytes,
    segmentBytes: input['segment.bytes'] ?? base.segmentBytes,
    segmentMs: input['segment.ms'] ?? base.segmentMs,
    segmentJitterMs: input['segment.jitter.ms'] ?? base.segmentJitterMs,
    segmentIndexBytes: input['segment.index.bytes'] ?? base.segmentIndexBytes,
    indexIntervalBytes: input['index.interval.bytes'] ?? base.indexIntervalBytes,
    maxMessageBytes: input['max.message.bytes'] ?? base.maxMessageBytes,
    minInsyncReplicas: input['min.insync.replicas'] ?? base.minInsyncReplicas,
    uncleanLeaderElectionEnable: input['unclean.leader.election.enable'] ?? base.uncleanLeaderElectionEnable,
  };
}

/** The configs of a topic as Kafka names them, only those that differ from `base`. */
export function describeTopicConfig(config: TopicConfig, base: TopicConfig): Record<string, string> {
  const names: [keyof TopicConfig, string][] = [
    ['cleanupPolicy', 'cleanup.policy'], ['retentionMs', 'retention.ms'],
    ['retentionBytes', 'retention.bytes'], ['segmentBytes', 'segment.bytes'],
    ['segmentMs', 'segment.ms'], ['segmentJitterMs', 'segment.jitter.ms'],
    ['segmentIndexBytes', 'segment.index.bytes'], ['indexIntervalBytes', 'index.interval.bytes'],
    ['maxMessageBytes', 'max.message.bytes'], ['minInsyncReplicas', 'min.insync.replicas'],
    ['uncleanLeaderElectionEnable', 'unclean.leader.election.enable'],
  ];
  const out: Record<string, string> = {};
  for (const [field, name] of names) {
    const value = String(config[field]);
    if (value !== String(base[field])) out[name] = value;
  }
  return out;
}
