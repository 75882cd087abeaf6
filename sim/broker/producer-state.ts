// What a partition replica knows of the idempotent producers writing to it (AK ProducerStateManager,
// ProducerStateEntry, ProducerAppendInfo): per producer id, its epoch and the metadata of its last
// NUM_BATCHES_TO_RETAIN batches. A leader checks each client batch against it before appending —
// a retry of one of those batches is answered with its original offsets and not written again, a
// gap in the sequence is refused — and every replica updates it from the batches in its log, so
// that a follower that becomes leader dedupes what its old leader had written.
//
// Left out: producer.id.expiration.ms (state never expires), the <offset>.snapshot files (state is
// rebuilt by scanning the log after a restart or a truncation), and transactions.
import { readBatchHeader, type BatchHeader, type PartitionLog } from '../log/index.ts';

/** ProducerStateEntry.NUM_BATCHES_TO_RETAIN: why max.in.flight.requests.per.connection ≤ 5 with idempotence. */
export const NUM_BATCHES_TO_RETAIN = 5;

const CONTROL_FLAG_MASK = 0x20;
const MAX_INT32 = 2_147_483_647;

/** BatchMetadata: where one batch of the producer went. */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  timestamp: number;
}

export interface ProducerStateEntry {
  readonly producerId: number;
  /** -1 (NO_PRODUCER_EPOCH) until a batch was seen. */
  epoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN, all of `epoch`. */
  readonly batches: BatchMetadata[];
}

export type ClientAppendCheck =
  | { kind: 'append' }
  /** UnifiedLog's "maybeDuplicate": answer with these offsets, write nothing. */
  | { kind: 'duplicate'; batch: BatchMetadata }
  | { kind: 'error'; error: 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER'; message: string };

/** DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  return sequence > MAX_INT32 - increment ? increment - (MAX_INT32 - sequence) - 1 : sequence + increment;
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();

  constructor(private readonly partitionName: string) {}

  entry(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  get producerIds(): number[] {
    return [...this.producers.keys()];
  }

  /**
   * UnifiedLog.analyzeAndValidateProducerState for one batch from a client (AppendOrigin.CLIENT):
   * first a duplicate of a retained batch of the same epoch (same first and last sequence), then
   * ProducerAppendInfo's checks — an older epoch is refused; a new epoch must start at sequence 0;
   * within the epoch the batch must follow the last one (any sequence is taken from a producer this
   * replica knows nothing of). `header` must carry a producer id.
   */
  checkClientAppend(header: BatchHeader): ClientAppendCheck {
    const { producerId, producerEpoch: epoch, baseSequence: firstSeq } = header;
    const lastSeq = incrementSequence(firstSeq, header.lastOffsetDelta);
    const entry = this.producers.get(producerId);
    const currentEpoch = entry?.epoch ?? -1;
    if (entry !== undefined && epoch === currentEpoch) {
      const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
      if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    }
    if (epoch < currentEpoch) {
      return {
        kind: 'error',
        error: 'INVALID_PRODUCER_EPOCH',
        message: `Epoch of producer ${producerId} in ${this.partitionName} is ${epoch}, which is smaller than the last seen epoch ${currentEpoch}`,
      };
    }
    if (epoch !== currentEpoch) {
      if (firstSeq !== 0 && currentEpoch !== -1) {
        return {
          kind: 'error',
          error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
          message: `Invalid sequence number for new epoch of producer ${producerId} in partition ${this.partitionName}: ${epoch} (request epoch), ${firstSeq} (seq. number), ${currentEpoch} (current producer epoch)`,
        };
      }
      return { kind: 'append' };
    }
    const currentLastSeq = entry!.batches.at(-1)?.lastSeq ?? -1;
    if (!inSequence(currentLastSeq, firstSeq)) {
      return {
        kind: 'error',
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        message: `Out of order sequence number for producer ${producerId} in partition ${this.partitionName}: ${firstSeq} (incoming seq. number), ${currentLastSeq} (current end sequence number)`,
      };
    }
    return { kind: 'append' };
  }

  /**
   * ProducerStateEntry.addBatch for a batch now in the log at [firstOffset, lastOffset]: a new
   * epoch forgets the batches of the old one (a follower takes whatever its leader wrote, even an
   * older epoch, as Kafka's AppendOrigin.REPLICATION only warns); the oldest of six is dropped.
   */
  update(header: BatchHeader, firstOffset: number, lastOffset: number): void {
    const { producerId } = header;
    if (producerId < 0 || (header.attributes & CONTROL_FLAG_MASK) !== 0) return;
    let entry = this.producers.get(producerId);
    if (entry === undefined) {
      entry = { producerId, epoch: -1, batches: [] };
      this.producers.set(producerId, entry);
    }
    if (entry.epoch !== header.producerEpoch) {
      entry.epoch = header.producerEpoch;
      entry.batches.length = 0;
    }
    const firstSeq = header.baseSequence;
    entry.batches.push({ firstSeq, lastSeq: incrementSequence(firstSeq, header.lastOffsetDelta), firstOffset, lastOffset, timestamp: header.maxTimestamp });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Every batch of `records` as it lies in the log (offsets in the bytes), e.g. just replicated. */
  updateFromRecords(records: Uint8Array): void {
    for (let position = 0; position < records.length; ) {
      const header = readBatchHeader(records, position);
      this.update(header, header.baseOffset, header.lastOffset);
      position += header.sizeBytes;
    }
  }

  /**
   * Forgets everything and reads the producer state again from the log (UnifiedLog.rebuildProducerState,
   * here from the log start offset instead of the latest snapshot): after a truncation or a restart.
   */
  rebuild(log: PartitionLog): void {
    this.producers.clear();
    const endOffset = log.logEndOffset;
    for (let offset = log.logStartOffset; offset < endOffset; ) {
      const read = log.read(offset, MAX_INT32, endOffset, true);
      if (read.nextOffset <= offset) break;
      this.updateFromRecords(read.records);
      offset = read.nextOffset;
    }
  }

  clear(): void {
    this.producers.clear();
  }
}

/** ProducerAppendInfo.inSequence. */
function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === MAX_INT32);
}
