// A batch of records for one partition as the producer's accumulator holds it (ProducerBatch):
// records are added while it has room; it is encoded once, when first drained, and a retry
// sends the same bytes again. An idempotent producer stamps it with its producer id, epoch and
// base sequence when first drained; only an epoch bump rewrites them (resetProducerState).
import { crc32c, encodeRecordBatch } from '../../log/index.ts';

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
  /** Put back in the queue after a failed attempt (ProducerBatch.inRetry). */
  retried = false;
  /** Idempotence: -1 until the batch is first drained by an idempotent producer. */
  producerId = -1;
  producerEpoch = -1;
  baseSequence = -1;
  /** Its sequence was rewritten since it was last drained (ProducerBatch.sequenceHasBeenReset). */
  sequenceHasBeenReset = false;
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
    // Encoded for a size check by a drain that then left it queued: encode again when sent.
    this.encoded = null;
    return true;
  }

  get isFull(): boolean {
    return this.estimatedSizeBytes >= this.capacityBytes;
  }

  get hasSequence(): boolean {
    return this.baseSequence >= 0;
  }

  /** ProducerBatch.lastSequence (not wrapped, as Kafka's client computes it). */
  get lastSequence(): number {
    return this.baseSequence + this.records.length - 1;
  }

  /** ProducerBatch.setProducerState, when an idempotent producer drains the batch the first time. */
  setProducerState(producerId: number, producerEpoch: number, baseSequence: number): void {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.baseSequence = baseSequence;
    this.patchHeader(false);
  }

  /** ProducerBatch.resetProducerState: new epoch and sequence for a batch already sent (an epoch bump). */
  resetProducerState(producerId: number, producerEpoch: number, baseSequence: number): void {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.baseSequence = baseSequence;
    this.sequenceHasBeenReset = true;
    this.patchHeader(true);
  }

  bytes(): Uint8Array {
    this.encoded ??= encodeRecordBatch({
      baseOffset: 0,
      partitionLeaderEpoch: -1,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.baseSequence,
      isTransactional: false,
      // A ProducerRecord is a RecordInput with more fields: no copy per record.
      records: this.records,
    });
    return this.encoded;
  }

  /**
   * Writes producer id, epoch and base sequence into the encoded header and recomputes the CRC,
   * which covers them (MemoryRecordsBuilder.writeDefaultBatchHeader). A batch already sent gets a
   * copy: the request still on the wire keeps the bytes it was sent with.
   */
  private patchHeader(copy: boolean): void {
    if (this.encoded === null) return;
    const bytes = copy ? this.encoded.slice() : this.encoded;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setBigInt64(PRODUCER_ID_OFFSET, BigInt(this.producerId));
    view.setInt16(PRODUCER_EPOCH_OFFSET, this.producerEpoch);
    view.setInt32(BASE_SEQUENCE_OFFSET, this.baseSequence);
    view.setUint32(CRC_OFFSET, crc32c(bytes, ATTRIBUTES_OFFSET));
    this.encoded = bytes;
  }
}

// Record batch v2 header positions (DefaultRecordBatch).
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const PRODUCER_ID_OFFSET = 43;
const PRODUCER_EPOCH_OFFSET = 51;
const BASE_SEQUENCE_OFFSET = 53;
