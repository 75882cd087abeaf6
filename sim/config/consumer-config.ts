// Consumer configs by Kafka's names (ConsumerConfig), with Kafka 4.0's defaults. Group settings
// arrive with consumer groups.
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
}

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
  };
}
