// Where the producer's default partitioner sends a record typed by hand, computed before it is
// sent with the engine's own functions, and whether it is too large to send at all.
import { murmur2, toPositive } from '../../../sim/clients/murmur2.ts';
import { estimateRecordSize } from '../../../sim/clients/producer/producer-batch.ts';

const utf8 = new TextEncoder();

export type Prediction =
  | { kind: 'keyed'; keyBytes: number; hash: number; positive: number; partitions: number; partition: number }
  | { kind: 'sticky' }
  | { kind: 'unknown-topic' };

/** BuiltInPartitioner.partitionForKey: toPositive(murmur2(keyBytes)) % numPartitions, over every partition. */
export function predictPartition(key: string | null, partitions: number): Prediction {
  if (key === null) return { kind: 'sticky' };
  if (!Number.isSafeInteger(partitions) || partitions < 1) return { kind: 'unknown-topic' };
  const bytes = utf8.encode(key);
  const hash = murmur2(bytes);
  const positive = toPositive(hash);
  return { kind: 'keyed', keyBytes: bytes.length, hash, positive, partitions, partition: positive % partitions };
}

/** The record's size as the producer checks it against max.request.size (the engine adds a batch header of 61 bytes). */
export function recordSizeBytes(key: string | null, value: string | null, headers: readonly { key: string; value: string | null }[]): number {
  const record = {
    key: key === null ? null : utf8.encode(key),
    value: value === null ? null : utf8.encode(value),
    headers: headers.map((h) => ({ key: h.key, value: h.value === null ? null : utf8.encode(h.value) })),
  };
  return estimateRecordSize(record) + 61;
}

/** Kafka's default max.request.size and max.message.bytes. */
export const DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** The smaller of the producer's max.request.size and the topic's max.message.bytes. */
export function recordLimitBytes(maxRequestSize: number | undefined, topicConfigs: Record<string, string> | undefined): number {
  const topicLimit = Number(topicConfigs?.['max.message.bytes'] ?? DEFAULT_MAX_MESSAGE_BYTES);
  return Math.min(maxRequestSize ?? DEFAULT_MAX_REQUEST_SIZE, Number.isFinite(topicLimit) ? topicLimit : DEFAULT_MAX_MESSAGE_BYTES);
}
