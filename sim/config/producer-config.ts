// Producer configs by Kafka's names (ProducerConfig), with Kafka 4.0's defaults.
import { z } from 'zod';
import type { Acks } from '../protocol/messages.ts';

export const producerConfigSchema = z
  .strictObject({
    acks: z.union([z.literal('all'), z.literal(-1), z.literal(0), z.literal(1), z.enum(['-1', '0', '1'])]).optional(),
    'linger.ms': z.number().int().min(0).optional(),
    'batch.size': z.number().int().min(0).optional(),
    'max.in.flight.requests.per.connection': z.number().int().min(1).optional(),
    retries: z.number().int().min(0).optional(),
    'retry.backoff.ms': z.number().int().min(0).optional(),
    'retry.backoff.max.ms': z.number().int().min(0).optional(),
    'delivery.timeout.ms': z.number().int().min(0).optional(),
    'request.timeout.ms': z.number().int().min(0).optional(),
    'max.request.size': z.number().int().min(0).optional(),
    'partitioner.ignore.keys': z.boolean().optional(),
    'metadata.max.age.ms': z.number().int().min(0).optional(),
  })
  .refine(
    (c) => (c['delivery.timeout.ms'] ?? 120_000) >= (c['linger.ms'] ?? 5) + (c['request.timeout.ms'] ?? 30_000),
    // KafkaProducer.configureDeliveryTimeout throws ConfigException in this case.
    { message: 'delivery.timeout.ms must be at least linger.ms + request.timeout.ms', path: ['delivery.timeout.ms'] },
  );
export type ProducerConfigInput = z.infer<typeof producerConfigSchema>;

export interface ProducerConfig {
  acks: Acks;
  lingerMs: number;
  batchSize: number;
  maxInFlightRequestsPerConnection: number;
  retries: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  maxRequestSize: number;
  partitionerIgnoreKeys: boolean;
  metadataMaxAgeMs: number;
}

export function resolveProducerConfig(input: ProducerConfigInput): ProducerConfig {
  const acks = input.acks ?? 'all';
  return {
    acks: acks === 'all' ? -1 : (Number(acks) as Acks),
    // linger.ms went from 0 to 5 in Kafka 4.0 (KIP-1030).
    lingerMs: input['linger.ms'] ?? 5,
    batchSize: input['batch.size'] ?? 16_384,
    maxInFlightRequestsPerConnection: input['max.in.flight.requests.per.connection'] ?? 5,
    retries: input.retries ?? 2_147_483_647,
    retryBackoffMs: input['retry.backoff.ms'] ?? 100,
    retryBackoffMaxMs: input['retry.backoff.max.ms'] ?? 1000,
    deliveryTimeoutMs: input['delivery.timeout.ms'] ?? 120_000,
    requestTimeoutMs: input['request.timeout.ms'] ?? 30_000,
    maxRequestSize: input['max.request.size'] ?? 1_048_576,
    partitionerIgnoreKeys: input['partitioner.ignore.keys'] ?? false,
    metadataMaxAgeMs: input['metadata.max.age.ms'] ?? 300_000,
  };
}
