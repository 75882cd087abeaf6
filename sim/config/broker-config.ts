// Cluster-wide broker configs by Kafka's names (ServerLogConfigs, ServerConfigs, ReplicationConfigs).
import { z } from 'zod';
import { DEFAULT_TOPIC_CONFIG, type TopicConfig } from './topic-config.ts';

export const brokerConfigSchema = z.strictObject({
  'num.partitions': z.number().int().min(1).optional(),
  'default.replication.factor': z.number().int().min(1).optional(),
  'auto.create.topics.enable': z.boolean().optional(),
  'min.insync.replicas': z.number().int().min(1).optional(),
  'log.retention.check.interval.ms': z.number().int().min(1).optional(),
  'log.segment.bytes': z.number().int().min(1024 * 1024).max(2 ** 31 - 1).optional(),
  'log.roll.ms': z.number().int().min(1).optional(),
  'log.retention.ms': z.number().int().min(-1).optional(),
  'log.retention.bytes': z.number().int().min(-1).optional(),
  'log.index.interval.bytes': z.number().int().min(0).optional(),
  'log.index.size.max.bytes': z.number().int().min(4).optional(),
  'message.max.bytes': z.number().int().min(0).optional(),
});
export type BrokerConfigInput = z.infer<typeof brokerConfigSchema>;

export interface BrokerConfig {
  numPartitions: number;
  defaultReplicationFactor: number;
  autoCreateTopicsEnable: boolean;
  logRetentionCheckIntervalMs: number;
  /** The defaults every topic inherits (the broker's log.* configs). */
  topicDefaults: TopicConfig;
}

export function resolveBrokerConfig(input: BrokerConfigInput): BrokerConfig {
  const d = DEFAULT_TOPIC_CONFIG;
  return {
    numPartitions: input['num.partitions'] ?? 1,
    defaultReplicationFactor: input['default.replication.factor'] ?? 1,
    autoCreateTopicsEnable: input['auto.create.topics.enable'] ?? true,
    logRetentionCheckIntervalMs: input['log.retention.check.interval.ms'] ?? 300_000,
    topicDefaults: {
      ...d,
      minInsyncReplicas: input['min.insync.replicas'] ?? d.minInsyncReplicas,
      segmentBytes: input['log.segment.bytes'] ?? d.segmentBytes,
      segmentMs: input['log.roll.ms'] ?? d.segmentMs,
      retentionMs: input['log.retention.ms'] ?? d.retentionMs,
      retentionBytes: input['log.retention.bytes'] ?? d.retentionBytes,
      indexIntervalBytes: input['log.index.interval.bytes'] ?? d.indexIntervalBytes,
      segmentIndexBytes: input['log.index.size.max.bytes'] ?? d.segmentIndexBytes,
      maxMessageBytes: input['message.max.bytes'] ?? d.maxMessageBytes,
    },
  };
}
