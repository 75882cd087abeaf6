// A batch of records for one partition as the producer's accumulator holds it (ProducerBatch):
// records are added while it has room; it is encoded once, when first drained, and a retry
// sends the same bytes again.
import { encodeRecordBatch } from '../../log/index.ts';

export interface ProducerRecord {
  /** Sequence number of the record within its producer: the record's identity for checkers. */
  id: number;
  /** The application's number for the record (its workload label "<producer>#<n>"); null when typed by hand. */
  labelId: number | null;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: { key: string; value: Uint8Array | null }[];
  timestamp: number;
  /** Virtual time send() was called, for delivery latency and delivery.timeout.ms. */
  createdMs: number;
  byHand: boolean;
}

const RECORD_BATCH_OVERHEAD = 61;
/** DefaultRecord.MAX_RECORD_OVERHEAD: length, attributes, timestamp delta and offset delta at their widest. */
const MAX_RECORD_OVERHEAD = 21;

/** Upper bound of a record's encoded size, as Kafka's accumulator estimates it before encoding. */
export function estimateRecordSize(record: Pick<ProducerRecord, 'key' | 'value' | 'headers'>): number {
  let size = MAX_RECORD_OVERHEAD + 5 + (record.key?.length ?? 0) + 5 + (record.value?.length ?? 0) + 5;
  for (const header of record.headers) size += 5 + header.key.length * 3 + 5 + (header.value?.length ?? 0);
  return size;
}

export class ProducerBatch {
  readonly records: ProducerRecord[] = [];
  estimatedSizeBytes = RECORD_BATCH_OVERHEAD;
  attempts = 0;
  /** Not to be sent again before this time (retry backoff). */
  retryAtMs = 0;
  inFlight = false;
  private encoded: Uint8Array | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly createdMs: number,
    /** batch.size, or more for a single record larger than it. */
    readonly capacityBytes: number,
  ) {}

  /** Whether `record` fits; an empty batch always takes its first record. */
  tryAppend(record: ProducerRecord, size: number = estimateRecordSize(record)): boolean {
    if (this.records.length > 0 && this.estimatedSizeBytes + size > this.capacityBytes) return false;
    this.records.push(record);
    this.estimatedSizeBytes += size;
    return true;
  }

  get isFull(): boolean {
    return this.estimatedSizeBytes >= this.capacityBytes;
  }

  bytes(): Uint8Array {
    this.encoded ??= encodeRecordBatch({
      baseOffset: 0,
      partitionLeaderEpoch: -1,
      // Idempotence (producer id, epoch, sequence) arrives with the replication issue.
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      isTransactional: false,
      // A ProducerRecord is a RecordInput with more fields: no copy per record.
      records: this.records,
    });
    return this.encoded;
  }
}
