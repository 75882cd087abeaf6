// Producer configs by Kafka's names (ProducerConfig), with Kafka 4.0's defaults.
import { z } from 'zod';
import type { Acks } from '../protocol/messages.ts';

/** ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE (brokers keep 5 batches per producer). */
export const MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

export const producerConfigSchema = z
  .strictObject({
    acks: z.union([z.literal('all'), z.literal(-1), z.literal(0), z.literal(1), z.enum(['-1', '0', '1'])]).optional(),
    'enable.idempotence': z.boolean().optional(),
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
  )
  .superRefine((c, ctx) => {
    // ProducerConfig.postProcessAndValidateIdempotenceConfigs: each of these is a ConfigException.
    for (const conflict of idempotenceConflicts(c)) {
      if (conflict.fatal) ctx.addIssue({ code: 'custom', message: conflict.message, path: [conflict.field] });
    }
  });
export type ProducerConfigInput = z.infer<typeof producerConfigSchema>;

interface IdempotenceConflict {
  field: 'acks' | 'retries' | 'max.in.flight.requests.per.connection';
  message: string;
  /** A ConfigException; otherwise idempotence is turned off without a word (KAFKA-13673). */
  fatal: boolean;
}

/**
 * The settings that idempotence cannot work with. With enable.idempotence=true set explicitly, each
 * is an error; left at its default (true), acks other than all or retries=0 turn idempotence off
 * silently (KAFKA-13673, 3.2+), while max.in.flight.requests.per.connection > 5 is an error in
 * Kafka 4.0 either way (KAFKA-17927). With enable.idempotence=false nothing is checked.
 */
function idempotenceConflicts(c: ProducerConfigInput): IdempotenceConflict[] {
  const explicit = c['enable.idempotence'];
  if (explicit === false) return [];
  const conflicts: IdempotenceConflict[] = [];
  if ((c.retries ?? 1) === 0) {
    conflicts.push({ field: 'retries', fatal: explicit === true, message: 'Must set retries to non-zero when using the idempotent producer (enable.idempotence=true).' });
  }
  const acks = c.acks ?? 'all';
  if (acks !== 'all' && acks !== -1 && acks !== '-1') {
    conflicts.push({
      field: 'acks',
      fatal: explicit === true,
      message: 'Must set acks to all in order to use the idempotent producer (enable.idempotence=true). Otherwise we cannot guarantee idempotence.',
    });
  }
  const inFlight = c['max.in.flight.requests.per.connection'] ?? 5;
  if (inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
    conflicts.push({
      field: 'max.in.flight.requests.per.connection',
      fatal: true,
      message: `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most ${MAX_IN_FLIGHT_FOR_IDEMPOTENCE}. Current value is ${inFlight}. (Set enable.idempotence=false to allow more.)`,
    });
  }
  return conflicts;
}

export interface ProducerConfig {
  acks: Acks;
  /** enable.idempotence after Kafka's rules: default true, off when acks or retries conflict and it was not set. */
  enableIdempotence: boolean;
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
  const conflicts = idempotenceConflicts(input);
  if (conflicts.some((c) => c.fatal)) throw new Error(`invalid producer config: ${conflicts.find((c) => c.fatal)!.message}`);
  return {
    acks: acks === 'all' ? -1 : (Number(acks) as Acks),
    // Default true since Kafka 3.0 (KIP-679).
    enableIdempotence: input['enable.idempotence'] ?? conflicts.length === 0,
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
