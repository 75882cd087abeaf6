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
  'unclean.leader.election.enable': z.boolean().optional(),
  // Replication (ReplicationConfigs): the followers' fetchers and the leader's ISR checks.
  'replica.lag.time.max.ms': z.number().int().min(1).optional(),
  'replica.fetch.wait.max.ms': z.number().int().min(0).optional(),
  'replica.fetch.min.bytes': z.number().int().min(1).optional(),
  'replica.fetch.max.bytes': z.number().int().min(0).optional(),
  'replica.fetch.response.max.bytes': z.number().int().min(0).optional(),
  'replica.fetch.backoff.ms': z.number().int().min(0).optional(),
  'replica.socket.timeout.ms': z.number().int().min(1).optional(),
  'num.replica.fetchers': z.number().int().min(1).max(16).optional(),
  'replica.high.watermark.checkpoint.interval.ms': z.number().int().min(1).optional(),
  // KRaft (KRaftConfigs, ReplicationConfigs): broker sessions and the controller's periodic elections.
  'broker.heartbeat.interval.ms': z.number().int().min(1).optional(),
  'broker.session.timeout.ms': z.number().int().min(1).optional(),
  'auto.leader.rebalance.enable': z.boolean().optional(),
  'leader.imbalance.check.interval.seconds': z.number().int().min(1).optional(),
  /** Read only by the ZooKeeper controller; KRaft ignores it (accepted so that scenarios can show that). */
  'leader.imbalance.per.broker.percentage': z.number().int().min(0).optional(),
  /** An internal config: how often the controller tries unclean elections for leaderless partitions. */
  'unclean.leader.election.interval.ms': z.number().int().min(1).optional(),
  // Group coordinator (GroupCoordinatorConfig): the __consumer_offsets topic and the groups.
  'offsets.topic.num.partitions': z.number().int().min(1).max(1000).optional(),
  'offsets.topic.replication.factor': z.number().int().min(1).max(32).optional(),
  'offsets.topic.segment.bytes': z.number().int().min(1024 * 1024).max(2 ** 31 - 1).optional(),
  'offsets.commit.timeout.ms': z.number().int().min(1).optional(),
  'offsets.retention.minutes': z.number().int().min(1).optional(),
  'group.initial.rebalance.delay.ms': z.number().int().min(0).optional(),
  'group.min.session.timeout.ms': z.number().int().min(1).optional(),
  'group.max.session.timeout.ms': z.number().int().min(1).optional(),
  'group.max.size': z.number().int().min(1).optional(),
  // KIP-848: the consumer protocol's heartbeats and server-side assignors are broker settings.
  'group.consumer.heartbeat.interval.ms': z.number().int().min(1).optional(),
  'group.consumer.session.timeout.ms': z.number().int().min(1).optional(),
  'group.consumer.assignors': z.array(z.enum(['uniform', 'range'])).min(1).optional(),
  /** KIP-966 eligible leader replicas (KRaftConfigs); off by default in Kafka 4.0. */
  'eligible.leader.replicas.enable': z.boolean().optional(),
  /** How long a starting broker may take to register with the controller before it gives up (KRaftConfigs). */
  'initial.broker.registration.timeout.ms': z.number().int().min(1).optional(),
})
  // KafkaConfig.validateValues refuses to start a broker with these.
  .refine((c) => (c['replica.fetch.wait.max.ms'] ?? 500) <= (c['replica.socket.timeout.ms'] ?? 30_000), {
    message: 'replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms',
    path: ['replica.socket.timeout.ms'],
  })
  .refine((c) => (c['replica.fetch.wait.max.ms'] ?? 500) <= (c['replica.lag.time.max.ms'] ?? 30_000), {
    message: 'replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms',
    path: ['replica.fetch.wait.max.ms'],
  });
export type BrokerConfigInput = z.infer<typeof brokerConfigSchema>;

export interface BrokerConfig {
  numPartitions: number;
  defaultReplicationFactor: number;
  autoCreateTopicsEnable: boolean;
  logRetentionCheckIntervalMs: number;
  replicaLagTimeMaxMs: number;
  replicaFetchWaitMaxMs: number;
  replicaFetchMinBytes: number;
  /** Per partition, in each follower Fetch. */
  replicaFetchMaxBytes: number;
  /** For the whole follower Fetch response. */
  replicaFetchResponseMaxBytes: number;
  replicaFetchBackoffMs: number;
  /** The follower's request timeout for its Fetch and ListOffsets to the leader. */
  replicaSocketTimeoutMs: number;
  numReplicaFetchers: number;
  replicaHighWatermarkCheckpointIntervalMs: number;
  /** broker.heartbeat.interval.ms */
  brokerHeartbeatIntervalMs: number;
  /** broker.session.timeout.ms */
  brokerSessionTimeoutMs: number;
  /** auto.leader.rebalance.enable: the controller moves leadership back to preferred replicas. */
  autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds, in ms. */
  leaderImbalanceCheckIntervalMs: number;
  /** leader.imbalance.per.broker.percentage: kept for display; the KRaft controller never reads it. */
  leaderImbalancePerBrokerPercentage: number;
  /** unclean.leader.election.interval.ms */
  uncleanLeaderElectionIntervalMs: number;
  /** eligible.leader.replicas.enable (KIP-966): the controller keeps eligible leader replicas. */
  eligibleLeaderReplicasEnable: boolean;
  /** initial.broker.registration.timeout.ms: a starting broker that cannot register by then shuts down. */
  initialBrokerRegistrationTimeoutMs: number;
  /** The defaults every topic inherits (the broker's log.* configs). */
  topicDefaults: TopicConfig;
  groups: GroupCoordinatorConfig;
}

/** GroupCoordinatorConfig, with Kafka 4.0's defaults. */
export interface GroupCoordinatorConfig {
  offsetsTopicNumPartitions: number;
  offsetsTopicReplicationFactor: number;
  offsetsTopicSegmentBytes: number;
  offsetCommitTimeoutMs: number;
  offsetsRetentionMs: number;
  initialRebalanceDelayMs: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  maxSize: number;
  consumerHeartbeatIntervalMs: number;
  consumerSessionTimeoutMs: number;
  /** The first is the default server assignor. */
  consumerAssignors: ('uniform' | 'range')[];
}

export function resolveBrokerConfig(input: BrokerConfigInput): BrokerConfig {
  const d = DEFAULT_TOPIC_CONFIG;
  return {
    numPartitions: input['num.partitions'] ?? 1,
    defaultReplicationFactor: input['default.replication.factor'] ?? 1,
    autoCreateTopicsEnable: input['auto.create.topics.enable'] ?? true,
    logRetentionCheckIntervalMs: input['log.retention.check.interval.ms'] ?? 300_000,
    replicaLagTimeMaxMs: input['replica.lag.time.max.ms'] ?? 30_000,
    replicaFetchWaitMaxMs: input['replica.fetch.wait.max.ms'] ?? 500,
    replicaFetchMinBytes: input['replica.fetch.min.bytes'] ?? 1,
    replicaFetchMaxBytes: input['replica.fetch.max.bytes'] ?? 1024 * 1024,
    replicaFetchResponseMaxBytes: input['replica.fetch.response.max.bytes'] ?? 10 * 1024 * 1024,
    replicaFetchBackoffMs: input['replica.fetch.backoff.ms'] ?? 1000,
    replicaSocketTimeoutMs: input['replica.socket.timeout.ms'] ?? 30_000,
    numReplicaFetchers: input['num.replica.fetchers'] ?? 1,
    replicaHighWatermarkCheckpointIntervalMs: input['replica.high.watermark.checkpoint.interval.ms'] ?? 5000,
    brokerHeartbeatIntervalMs: input['broker.heartbeat.interval.ms'] ?? 2000,
    brokerSessionTimeoutMs: input['broker.session.timeout.ms'] ?? 9000,
    autoLeaderRebalanceEnable: input['auto.leader.rebalance.enable'] ?? true,
    leaderImbalanceCheckIntervalMs: (input['leader.imbalance.check.interval.seconds'] ?? 300) * 1000,
    leaderImbalancePerBrokerPercentage: input['leader.imbalance.per.broker.percentage'] ?? 10,
    uncleanLeaderElectionIntervalMs: input['unclean.leader.election.interval.ms'] ?? 300_000,
    groups: {
      offsetsTopicNumPartitions: input['offsets.topic.num.partitions'] ?? 50,
      offsetsTopicReplicationFactor: input['offsets.topic.replication.factor'] ?? 3,
      offsetsTopicSegmentBytes: input['offsets.topic.segment.bytes'] ?? 100 * 1024 * 1024,
      offsetCommitTimeoutMs: input['offsets.commit.timeout.ms'] ?? 5000,
      offsetsRetentionMs: (input['offsets.retention.minutes'] ?? 10_080) * 60_000,
      initialRebalanceDelayMs: input['group.initial.rebalance.delay.ms'] ?? 3000,
      minSessionTimeoutMs: input['group.min.session.timeout.ms'] ?? 6000,
      maxSessionTimeoutMs: input['group.max.session.timeout.ms'] ?? 1_800_000,
      maxSize: input['group.max.size'] ?? 2 ** 31 - 1,
      consumerHeartbeatIntervalMs: input['group.consumer.heartbeat.interval.ms'] ?? 5000,
      consumerSessionTimeoutMs: input['group.consumer.session.timeout.ms'] ?? 45_000,
      consumerAssignors: input['group.consumer.assignors'] ?? ['uniform', 'range'],
    },
    eligibleLeaderReplicasEnable: input['eligible.leader.replicas.enable'] ?? false,
    initialBrokerRegistrationTimeoutMs: input['initial.broker.registration.timeout.ms'] ?? 60_000,
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
      uncleanLeaderElectionEnable: input['unclean.leader.election.enable'] ?? d.uncleanLeaderElectionEnable,
    },
  };
}
