// The producer's RecordAccumulator: a queue of batches per partition. A batch is ready to send
// when it is full, when it has waited linger.ms, or when it is a retry whose backoff has passed;
// a drain takes at most one ready batch per partition for a broker, within max.request.size.
// With idempotence the transaction manager decides what may be drained and stamps new batches,
// and retries are put back in sequence order.
import { ProducerBatch, type ProducerRecord } from './producer-batch.ts';
import type { TransactionManager } from './transaction-manager.ts';

export interface AccumulatorConfig {
  batchSizeBytes: number;
  lingerMs: number;
  maxRequestSizeBytes: number;
  /** max.in.flight.requests.per.connection = 1: a partition is muted while a batch of it is in flight. */
  guaranteeOrder: boolean;
  /** enable.idempotence: the producer's transaction manager; absent or null without idempotence. */
  transactionManager?: TransactionManager | null;
}

interface PartitionQueue {
  topic: string;
  partition: number;
  batches: ProducerBatch[];
}

export class RecordAccumulator {
  /** Queues in creation order (the drain order), and the same queues by topic and partition for lookups. */
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly byTopic = new Map<string, PartitionQueue[]>();
  private readonly muted = new Set<string>();

  constructor(private readonly config: AccumulatorConfig) {}

  /** Appends to the partition's last batch or starts a new one; returns the batch and whether it is full. */
  append(topic: string, partition: number, record: ProducerRecord, sizeBytes: number, nowMs: number): ProducerBatch {
    const queue = this.queue(topic, partition);
    const last = queue.batches.at(-1);
    if (last && !last.inFlight && last.attempts === 0 && last.tryAppend(record, sizeBytes)) return last;
    const batch = new ProducerBatch(topic, partition, nowMs, this.config.batchSizeBytes);
    batch.tryAppend(record, sizeBytes);
    queue.batches.push(batch);
    return batch;
  }

  /** Puts a batch that failed with a retriable error back at the head of its queue (in sequence order with idempotence). */
  reenqueue(batch: ProducerBatch, retryAtMs: number): void {
    batch.inFlight = false;
    batch.retried = true;
    batch.retryAtMs = retryAtMs;
    const queue = this.queue(batch.topic, batch.partition);
    if (this.config.transactionManager) insertInSequenceOrder(queue.batches, batch);
    else queue.batches.unshift(batch);
  }

  /**
   * RecordAccumulator.splitAndReenqueue: the records again, in batches of batch.size, at the head.
   * With idempotence the parts share out the big batch's sequence range (ProducerBatch.split) and
   * are tracked in flight in its place.
   */
  splitAndReenqueue(big: ProducerBatch): void {
    const parts: ProducerBatch[] = [];
    for (const record of big.records) {
      const last = parts.at(-1);
      if (last && last.tryAppend(record)) continue;
      const part = new ProducerBatch(big.topic, big.partition, big.createdMs, this.config.batchSizeBytes);
      part.tryAppend(record);
      // Split batches are resent at once, keeping the original's attempts (Kafka does not count a split as a retry).
      part.attempts = big.attempts;
      parts.push(part);
    }
    const queue = this.queue(big.topic, big.partition);
    const manager = this.config.transactionManager ?? null;
    if (manager === null || !big.hasSequence) {
      queue.batches.unshift(...parts);
      return;
    }
    const key = `${big.topic}-${big.partition}`;
    manager.removeInFlightBatch(key, big);
    let sequence = big.baseSequence;
    for (const part of parts) {
      part.setProducerState(big.producerId, big.producerEpoch, sequence);
      sequence += part.records.length;
      manager.addInFlightBatch(key, part);
    }
    for (const part of parts.reverse()) insertInSequenceOrder(queue.batches, part);
  }

  lastBatchFull(topic: string, partition: number): boolean {
    const last = this.queue(topic, partition).batches.at(-1);
    return last === undefined || last.isFull;
  }

  unmute(topic: string, partition: number): void {
    this.muted.delete(`${topic}-${partition}`);
  }

  /**
   * RecordAccumulator.ready then drain: a leader is ready when the head batch of one of its
   * partitions is (full, lingered linger.ms, or a retry past its backoff); a ready leader then
   * takes the head batch of every one of its partitions not backing off, one per partition, until
   * max.request.size. Returns also the earliest time a waiting batch becomes ready.
   */
  drain(nowMs: number, leaderOf: (topic: string, partition: number) => string | null, canSendTo: (node: string) => boolean): {
    requests: Map<string, ProducerBatch[]>;
    nextReadyMs: number;
    unknownLeader: boolean;
  } {
    let nextReadyMs = Infinity;
    let unknownLeader = false;
    const readyLeaders = new Set<string>();
    const candidates: { key: string; queue: PartitionQueue; leader: string }[] = [];
    for (const [key, queue] of this.queues) {
      const head = queue.batches[0];
      if (!head || head.inFlight || this.muted.has(key)) continue;
      const leader = leaderOf(queue.topic, queue.partition);
      if (leader === null) {
        unknownLeader = true;
        continue;
      }
      const backingOff = head.attempts > 0 && head.retryAtMs > nowMs;
      if (backingOff) {
        nextReadyMs = Math.min(nextReadyMs, head.retryAtMs);
        continue;
      }
      const readyAt = head.attempts > 0 || head.isFull || queue.batches.length > 1 ? head.createdMs : head.createdMs + this.config.lingerMs;
      if (readyAt <= nowMs) readyLeaders.add(leader);
      else nextReadyMs = Math.min(nextReadyMs, readyAt);
      candidates.push({ key, queue, leader });
    }
    const requests = new Map<string, ProducerBatch[]>();
    const manager = this.config.transactionManager ?? null;
    const sizes = new Map<string, number>();
    const full = new Set<string>();
    for (const { key, queue, leader } of candidates) {
      if (!readyLeaders.has(leader) || full.has(leader) || !canSendTo(leader)) continue;
      const head = queue.batches[0]!;
      // Kafka stops draining the whole node here (break); here only this partition waits.
      if (manager !== null && manager.shouldStopDrain(key, head)) continue;
      const size = head.bytes().length;
      const used = sizes.get(leader) ?? 0;
      // The first batch always goes, even alone over the limit: the broker then judges its size.
      if (used > 0 && used + size > this.config.maxRequestSizeBytes) {
        full.add(leader);
        continue;
      }
      sizes.set(leader, used + size);
      queue.batches.shift();
      head.inFlight = true;
      manager?.onDrained(key, head);
      if (this.config.guaranteeOrder) this.muted.add(key);
      const list = requests.get(leader) ?? [];
      list.push(head);
      requests.set(leader, list);
    }
    return { requests, nextReadyMs, unknownLeader };
  }

  /** Removes and returns batches, not in flight, created before `deadlineMs` (delivery.timeout.ms). */
  expire(deadlineMs: number): ProducerBatch[] {
    const expired: ProducerBatch[] = [];
    for (const queue of this.queues.values()) {
      while (queue.batches.length > 0 && queue.batches[0]!.createdMs <= deadlineMs && !queue.batches[0]!.inFlight) {
        expired.push(queue.batches.shift()!);
      }
    }
    return expired;
  }

  /** Removes every queued batch of a topic (it was deleted, or the producer gives up on it). */
  drop(topic: string): ProducerBatch[] {
    const dropped: ProducerBatch[] = [];
    for (const [key, queue] of this.queues) {
      if (queue.topic !== topic) continue;
      dropped.push(...queue.batches);
      this.queues.delete(key);
      this.byTopic.delete(topic);
    }
    return dropped;
  }

  get pendingRecords(): number {
    let count = 0;
    for (const queue of this.queues.values()) for (const batch of queue.batches) count += batch.records.length;
    return count;
  }

  oldestCreatedMs(): number {
    let oldest = Infinity;
    for (const queue of this.queues.values()) if (queue.batches[0]) oldest = Math.min(oldest, queue.batches[0].createdMs);
    return oldest;
  }

  private queue(topic: string, partition: number): PartitionQueue {
    let byPartition = this.byTopic.get(topic);
    if (!byPartition) this.byTopic.set(topic, (byPartition = []));
    let queue = byPartition[partition];
    if (!queue) {
      const key = `${topic}-${partition}`;
      queue = { topic, partition, batches: [] };
      byPartition[partition] = queue;
      this.queues.set(key, queue);
    }
    return queue;
  }
}

/**
 * RecordAccumulator.insertInSequenceOrder: a retried batch goes before the first queued batch with
 * a higher sequence (or without one), so that a partition's batches leave in sequence order even
 * when the answers to several in-flight requests come back out of order.
 */
function insertInSequenceOrder(batches: ProducerBatch[], batch: ProducerBatch): void {
  let at = 0;
  while (at < batches.length && batches[at]!.hasSequence && batches[at]!.baseSequence < batch.baseSequence) at++;
  batches.splice(at, 0, batch);
}
