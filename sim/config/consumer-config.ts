// Consumer configs by Kafka's names (ConsumerConfig), with Kafka 4.0's defaults.
import { z } from 'zod';

export const consumerConfigSchema = z.strictObject({
  'auto.offset.reset': z.enum(['earliest', 'latest', 'none']).optional(),
  'fetch.min.bytes': z.number().int().min(0).optional(),
  'fetch.max.bytes': z.number().int().min(0).optional(),
  'fetch.max.wait.ms': z.number().int().min(0).optional(),
  'max.partition.fetch.bytes': z.number().int().min(0).optional(),
  'max.poll.records': z.number().int().min(1).optional(),
  'request.timeout.ms': z.number().int().min(0).optional(),
  'retry.backoff.ms': z.number().int().min(0).optional(),
  'metadata.max.age.ms': z.number().int().min(0).optional(),
  // Groups (ConsumerConfig): membership, liveness and commits.
  'group.id': z.string().max(255).optional(),
  'group.instance.id': z.string().min(1).max(255).optional(),
  'group.protocol': z.enum(['classic', 'consumer']).optional(),
  'group.remote.assignor': z.enum(['uniform', 'range']).optional(),
  'partition.assignment.strategy': z.array(z.enum(['range', 'roundrobin', 'sticky', 'cooperative-sticky'])).min(1).optional(),
  'session.timeout.ms': z.number().int().min(1).optional(),
  'heartbeat.interval.ms': z.number().int().min(1).optional(),
  'max.poll.interval.ms': z.number().int().min(1).optional(),
  'enable.auto.commit': z.boolean().optional(),
  'auto.commit.interval.ms': z.number().int().min(0).optional(),
  'default.api.timeout.ms': z.number().int().min(0).optional(),
})
  // ConsumerConfig / KafkaConsumer refuse these combinations at construction.
  .refine((c) => (c['heartbeat.interval.ms'] ?? 3000) < (c['session.timeout.ms'] ?? 45_000), {
    message: 'heartbeat.interval.ms must be lower than session.timeout.ms',
    path: ['heartbeat.interval.ms'],
  })
  .refine((c) => c['group.protocol'] !== 'consumer' || (c['session.timeout.ms'] === undefined && c['heartbeat.interval.ms'] === undefined && c['partition.assignment.strategy'] === undefined), {
    message: 'with group.protocol=consumer, session.timeout.ms, heartbeat.interval.ms and partition.assignment.strategy are set on the broker (group.consumer.*), not on the consumer',
    path: ['group.protocol'],
  });
export type ConsumerConfigInput = z.infer<typeof consumerConfigSchema>;

export interface ConsumerConfig {
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  fetchMinBytes: number;
  fetchMaxBytes: number;
  fetchMaxWaitMs: number;
  maxPartitionFetchBytes: number;
  maxPollRecords: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  metadataMaxAgeMs: number;
  /** null: no group (the consumer only uses assign()). */
  groupId: string | null;
  groupInstanceId: string | null;
  groupProtocol: 'classic' | 'consumer';
  groupRemoteAssignor: 'uniform' | 'range' | null;
  partitionAssignmentStrategy: AssignorName[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollIntervalMs: number;
  enableAutoCommit: boolean;
  autoCommitIntervalMs: number;
  defaultApiTimeoutMs: number;
}

export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export function resolveConsumerConfig(input: ConsumerConfigInput): ConsumerConfig {
  return {
    autoOffsetReset: input['auto.offset.reset'] ?? 'latest',
    fetchMinBytes: input['fetch.min.bytes'] ?? 1,
    fetchMaxBytes: input['fetch.max.bytes'] ?? 52_428_800,
    fetchMaxWaitMs: input['fetch.max.wait.ms'] ?? 500,
    maxPartitionFetchBytes: input['max.partition.fetch.bytes'] ?? 1_048_576,
    maxPollRecords: input['max.poll.records'] ?? 500,
    requestTimeoutMs: input['request.timeout.ms'] ?? 30_000,
    retryBackoffMs: input['retry.backoff.ms'] ?? 100,
    metadataMaxAgeMs: input['metadata.max.age.ms'] ?? 300_000,
    groupId: input['group.id'] ?? null,
    groupInstanceId: input['group.instance.id'] ?? null,
    groupProtocol: input['group.protocol'] ?? 'classic',
    groupRemoteAssignor: input['group.remote.assignor'] ?? null,
    // Kafka 3.0+: [RangeAssignor, CooperativeStickyAssignor]; the group picks range while any member lacks cooperative.
    partitionAssignmentStrategy: input['partition.assignment.strategy'] ?? ['range', 'cooperative-sticky'],
    sessionTimeoutMs: input['session.timeout.ms'] ?? 45_000,
    heartbeatIntervalMs: input['heartbeat.interval.ms'] ?? 3000,
    maxPollIntervalMs: input['max.poll.interval.ms'] ?? 300_000,
    enableAutoCommit: input['enable.auto.commit'] ?? (input['group.id'] !== undefined),
    autoCommitIntervalMs: input['auto.commit.interval.ms'] ?? 5000,
    defaultApiTimeoutMs: input['default.api.timeout.ms'] ?? 60_000,
  };
}
