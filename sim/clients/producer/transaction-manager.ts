// The idempotent half of Kafka's TransactionManager (clients/.../producer/internals/
// TransactionManager.java and TxnPartitionEntry.java): the producer id and epoch, and per partition
// the next sequence, the last acknowledged sequence and the batches in flight ordered by sequence.
// The accumulator asks it whether a partition may be drained (retries go out one at a time, in
// sequence order) and to stamp a batch when it is first drained; the sender tells it how each batch
// ended. After a batch fails for good, or a real gap shows up (OUT_OF_ORDER_SEQUENCE_NUMBER for the
// next expected sequence), the producer bumps its epoch itself (KIP-360) and that partition's
// sequences start again at 0.
// No transactions: no transactional.id, coordinator, AddPartitionsToTxn, abortable or fatal states.
import { isRetriable, type KafkaErrorName } from '../../protocol/errors.ts';
import type { ProducerBatch } from './producer-batch.ts';

export interface ProducerIdAndEpoch {
  producerId: number;
  epoch: number;
}

export const NO_PRODUCER_ID_AND_EPOCH: ProducerIdAndEpoch = { producerId: -1, epoch: -1 };

const MAX_EPOCH = 32_767;
const MAX_INT32 = 2_147_483_647;

/** TxnPartitionEntry. */
export class PartitionEntry {
  producerIdAndEpoch: ProducerIdAndEpoch = NO_PRODUCER_ID_AND_EPOCH;
  nextSequence = 0;
  lastAckedSequence = -1;
  /** Drained and not yet completed or failed, ordered by (producer id, epoch, base sequence). */
  inFlight: ProducerBatch[] = [];
}

export class TransactionManager {
  producerIdAndEpoch: ProducerIdAndEpoch = NO_PRODUCER_ID_AND_EPOCH;
  private readonly partitions = new Map<string, PartitionEntry>();
  /** Partition → the sequence its next batch should have, while expired batches left it unknown. */
  private readonly unresolved = new Map<string, number>();
  private readonly partitionsToRewrite = new Set<string>();
  private epochBumpRequired = false;

  get hasProducerId(): boolean {
    return this.producerIdAndEpoch.producerId >= 0;
  }

  setProducerIdAndEpoch(producerId: number, epoch: number): void {
    this.producerIdAndEpoch = { producerId, epoch };
  }

  // --- the sender's loop (Sender.runOnce) ---

  /**
   * maybeResolveSequences: a partition whose in-flight batches are all done is resolved when its
   * last acknowledged sequence is the one before its next; otherwise batches expired without an
   * answer left a hole, and the epoch must be bumped.
   */
  maybeResolveSequences(): void {
    for (const key of [...this.unresolved.keys()]) {
      if (this.hasInflightBatches(key)) continue;
      const entry = this.entry(key);
      if (entry.nextSequence - entry.lastAckedSequence !== 1) this.requestEpochBumpForPartition(key);
      this.unresolved.delete(key);
    }
  }

  /**
   * bumpIdempotentEpochAndResetIdIfNeeded, without the request: bumps the epoch when asked to
   * (a new producer id once the epoch is exhausted) and rewrites the in-flight sequences of the
   * partitions that asked. Returns the partitions rewritten, or null if nothing was bumped.
   */
  maybeBumpEpoch(): string[] | null {
    if (!this.epochBumpRequired) return null;
    const { producerId, epoch } = this.producerIdAndEpoch;
    this.producerIdAndEpoch = epoch >= MAX_EPOCH ? NO_PRODUCER_ID_AND_EPOCH : { producerId, epoch: epoch + 1 };
    const rewritten = [...this.partitionsToRewrite];
    for (const key of rewritten) {
      this.startSequencesAtBeginning(key);
      this.unresolved.delete(key);
    }
    this.partitionsToRewrite.clear();
    this.epochBumpRequired = false;
    return rewritten;
  }

  // --- draining (RecordAccumulator.drain) ---

  /** RecordAccumulator.shouldStopDrainBatchesForPartition for the batch at the head of `key`. */
  shouldStopDrain(key: string, first: ProducerBatch): boolean {
    if (!this.hasProducerId) return true;
    if (!first.hasSequence) {
      // No new batch while older ones with another id or epoch are in flight, or while expired
      // batches left the partition's sequence unknown.
      if (this.hasInflightBatches(key) && this.hasStaleProducerIdAndEpoch(key)) return true;
      if (this.unresolved.has(key)) return true;
    }
    // A retry waits until it is the lowest sequence in flight: retries go one at a time, in order.
    const firstInFlight = this.firstInFlightSequence(key);
    return firstInFlight >= 0 && first.hasSequence && first.baseSequence !== firstInFlight;
  }

  /** The drain of a batch: a new one gets the next sequence of its partition and is tracked. */
  onDrained(key: string, batch: ProducerBatch): void {
    batch.sequenceHasBeenReset = false;
    if (batch.hasSequence) return;
    // maybeUpdateProducerIdAndEpoch: the partition starts at 0 under a new id or epoch.
    if (this.hasStaleProducerIdAndEpoch(key) && !this.hasInflightBatches(key)) this.startSequencesAtBeginning(key);
    const entry = this.entry(key);
    const { producerId, epoch } = this.producerIdAndEpoch;
    batch.setProducerState(producerId, epoch, entry.nextSequence);
    entry.nextSequence = incrementSequence(entry.nextSequence, batch.records.length);
    this.addInFlightBatch(key, batch);
  }

  addInFlightBatch(key: string, batch: ProducerBatch): void {
    const entry = this.entry(key);
    entry.inFlight.push(batch);
    entry.inFlight.sort(bySequence);
  }

  removeInFlightBatch(key: string, batch: ProducerBatch): void {
    const inFlight = this.partitions.get(key)?.inFlight;
    const at = inFlight?.indexOf(batch) ?? -1;
    if (at >= 0) inFlight!.splice(at, 1);
  }

  hasInflightBatches(key: string): boolean {
    return (this.partitions.get(key)?.inFlight.length ?? 0) > 0;
  }

  // --- outcomes (Sender.completeBatch, failBatch, canRetry) ---

  handleCompletedBatch(key: string, batch: ProducerBatch): void {
    const entry = this.entry(key);
    if (batch.lastSequence > entry.lastAckedSequence) entry.lastAckedSequence = batch.lastSequence;
    this.removeInFlightBatch(key, batch);
  }

  /**
   * A batch failed for good. OUT_OF_ORDER_SEQUENCE_NUMBER means a gap in the log; any other failure
   * of a batch that had retries left (`adjustSequenceNumbers`) leaves its sequence unused. Either
   * way the epoch is bumped so that the partition starts again at 0.
   */
  handleFailedBatch(key: string, batch: ProducerBatch, error: string, adjustSequenceNumbers: boolean): void {
    this.removeInFlightBatch(key, batch);
    if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' || adjustSequenceNumbers) this.requestEpochBumpForPartition(key);
  }

  /** An expired batch had been sent before: until its fate is known no new batch goes out. */
  markSequenceUnresolved(key: string, batch: ProducerBatch): void {
    const next = batch.lastSequence + 1;
    this.unresolved.set(key, Math.max(this.unresolved.get(key) ?? next, next));
  }

  /**
   * TransactionManager.canRetry. OUT_OF_ORDER_SEQUENCE_NUMBER is always retried by an idempotent
   * producer: for a batch that is not the next one expected it only means an earlier batch failed;
   * for the next one it is a real gap, and the epoch is bumped before the retry.
   */
  canRetry(key: string, batch: ProducerBatch, error: KafkaErrorName | 'NETWORK_EXCEPTION' | 'REQUEST_TIMED_OUT'): boolean {
    if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
      const unresolved = this.unresolved.get(key);
      if (unresolved === undefined && (batch.sequenceHasBeenReset || !this.isNextSequence(key, batch.baseSequence))) return true;
      if (unresolved === undefined || unresolved === batch.baseSequence) this.requestEpochBumpForPartition(key);
      return true;
    }
    return isRetriable(error);
  }

  // --- internals ---

  private requestEpochBumpForPartition(key: string): void {
    this.epochBumpRequired = true;
    this.partitionsToRewrite.add(key);
  }

  /** TxnPartitionEntry.startSequencesAtBeginning: in-flight batches renumbered from 0 under the current id and epoch. */
  private startSequencesAtBeginning(key: string): void {
    const entry = this.entry(key);
    const { producerId, epoch } = this.producerIdAndEpoch;
    let sequence = 0;
    for (const batch of entry.inFlight) {
      batch.resetProducerState(producerId, epoch, sequence);
      sequence += batch.records.length;
    }
    entry.inFlight.sort(bySequence);
    entry.producerIdAndEpoch = this.producerIdAndEpoch;
    entry.nextSequence = sequence;
    entry.lastAckedSequence = -1;
  }

  private hasStaleProducerIdAndEpoch(key: string): boolean {
    const current = this.entry(key).producerIdAndEpoch;
    return current.producerId !== this.producerIdAndEpoch.producerId || current.epoch !== this.producerIdAndEpoch.epoch;
  }

  private firstInFlightSequence(key: string): number {
    return this.partitions.get(key)?.inFlight[0]?.baseSequence ?? -1;
  }

  private isNextSequence(key: string, sequence: number): boolean {
    return sequence - this.entry(key).lastAckedSequence === 1;
  }

  private entry(key: string): PartitionEntry {
    let entry = this.partitions.get(key);
    if (entry === undefined) {
      entry = new PartitionEntry();
      this.partitions.set(key, entry);
    }
    return entry;
  }
}

function bySequence(a: ProducerBatch, b: ProducerBatch): number {
  return a.producerId - b.producerId || a.producerEpoch - b.producerEpoch || a.baseSequence - b.baseSequence;
}

/** DefaultRecordBatch.incrementSequence. */
function incrementSequence(sequence: number, increment: number): number {
  return sequence > MAX_INT32 - increment ? increment - (MAX_INT32 - sequence) - 1 : sequence + increment;
}
