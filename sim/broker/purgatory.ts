// Kafka's purgatories: a Produce with acks=all waits until the high watermark passes its records
// (DelayedProduce), a Fetch waits until its minBytes are available (DelayedFetch) — up to the HW for
// a consumer, up to the LEO for a follower; both give up at their timeout. Requests are re-checked
// when a partition they touch changes (an append, a HW move, a change of leadership).
import type { NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { FetchRequest, ProducePartitionResponse, ProduceRequest, RequestEnvelope } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';
import { readForFetch } from './handle-fetch.ts';

export interface PendingPartition {
  topic: string;
  partition: number;
  /** The HW this partition must reach: last appended offset + 1. */
  requiredOffset: number;
  response: ProducePartitionResponse;
  /** Still waiting for the ISR (DelayedProduce's acksPending); set when the request is parked. */
  acksPending?: boolean;
}

type Delayed =
  | { kind: 'produce'; id: number; client: NodeId; request: RequestEnvelope<ProduceRequest>; pending: PendingPartition[]; timerId: number }
  | { kind: 'fetch'; id: number; client: NodeId; request: RequestEnvelope<FetchRequest>; timerId: number };

export class Purgatory {
  private readonly waiting = new Map<number, Delayed>();
  private nextId = 1;

  constructor(private readonly broker: Broker) {}

  get size(): number {
    return this.waiting.size;
  }

  parkProduce(client: NodeId, request: RequestEnvelope<ProduceRequest>, pending: PendingPartition[]): void {
    const id = this.nextId++;
    const timerId = this.broker.ctx.setTimer(request.body.timeoutMs, { kind: 'purgatory-expire', id });
    for (const p of pending) p.acksPending = p.response.error === 'NONE';
    this.waiting.set(id, { kind: 'produce', id, client, request, pending, timerId });
  }

  parkFetch(client: NodeId, request: RequestEnvelope<FetchRequest>): void {
    const id = this.nextId++;
    const timerId = this.broker.ctx.setTimer(request.body.maxWaitMs, { kind: 'purgatory-expire', id });
    this.waiting.set(id, { kind: 'fetch', id, client, request, timerId });
  }

  /**
   * The connection to `client` closed: its parked requests are dropped unanswered, as Kafka drops
   * the responses of a closed connection. A new connection (a restarted client) must never receive
   * them: its correlation ids start again and would match the wrong requests.
   */
  dropClient(client: NodeId): void {
    for (const delayed of [...this.waiting.values()]) {
      if (delayed.client !== client) continue;
      this.waiting.delete(delayed.id);
      this.broker.ctx.cancelTimer(delayed.timerId);
    }
  }

  /** Re-checks every parked request that touches this partition. */
  checkPartition(topic: string, partition: number): void {
    if (this.waiting.size === 0) return;
    for (const delayed of [...this.waiting.values()]) {
      if (!this.waiting.has(delayed.id) || !touches(delayed, topic, partition)) continue;
      if (delayed.kind === 'produce') this.tryCompleteProduce(delayed);
      else this.tryCompleteFetch(delayed, false);
    }
  }

  /**
   * This broker no longer leads the partition, or it was deleted: the parked produces fail for it
   * with `error` and the parked fetches answer at once (ReplicaManager
   * completeDelayedOperationsWhenNotPartitionLeader).
   */
  failPartition(topic: string, partition: number, error: KafkaErrorName): void {
    for (const delayed of [...this.waiting.values()]) {
      if (!touches(delayed, topic, partition)) continue;
      if (delayed.kind === 'fetch') {
        this.tryCompleteFetch(delayed, true);
        continue;
      }
      for (const p of delayed.pending) {
        if (p.acksPending && p.topic === topic && p.partition === partition) {
          p.acksPending = false;
          p.response.error = error;
        }
      }
      this.tryCompleteProduce(delayed);
    }
  }

  expire(id: number): void {
    const delayed = this.waiting.get(id);
    if (!delayed) return;
    if (delayed.kind === 'fetch') {
      this.tryCompleteFetch(delayed, true);
      return;
    }
    for (const p of delayed.pending) {
      if (p.acksPending) p.response.error = 'REQUEST_TIMED_OUT';
    }
    this.complete(delayed);
  }

  /** DelayedProduce.tryComplete: each partition still pending is checked once more; done when none is. */
  private tryCompleteProduce(delayed: Extract<Delayed, { kind: 'produce' }>): void {
    let pending = false;
    for (const p of delayed.pending) {
      if (!p.acksPending) continue;
      const replica = this.broker.replica(p.topic, p.partition);
      const { done, error } = replica ? replica.checkEnoughReplicasReachOffset(p.requiredOffset) : { done: false, error: 'UNKNOWN_TOPIC_OR_PARTITION' as const };
      if (done || error !== 'NONE') {
        p.acksPending = false;
        p.response.error = error;
      } else {
        pending = true;
      }
    }
    if (!pending) this.complete(delayed);
  }

  private tryCompleteFetch(delayed: Extract<Delayed, { kind: 'fetch' }>, expired: boolean): void {
    const { response, bytes, respondNow } = readForFetch(this.broker, delayed.request.body, false);
    if (!expired && !respondNow && bytes < delayed.request.body.minBytes) return;
    this.waiting.delete(delayed.id);
    this.broker.ctx.cancelTimer(delayed.timerId);
    this.broker.respond(delayed.client, delayed.request, response);
  }

  private complete(delayed: Extract<Delayed, { kind: 'produce' }>): void {
    this.waiting.delete(delayed.id);
    this.broker.ctx.cancelTimer(delayed.timerId);
    this.broker.respond(delayed.client, delayed.request, { api: 'Produce', topics: groupByTopic(delayed.pending) });
  }
}

/** Every partition of the request, in request order, grouped as the response schema wants. */
export function groupByTopic(pending: readonly PendingPartition[]): { name: string; partitions: ProducePartitionResponse[] }[] {
  const topics: { name: string; partitions: ProducePartitionResponse[] }[] = [];
  for (const p of pending) {
    let entry = topics.find((t) => t.name === p.topic);
    if (!entry) topics.push((entry = { name: p.topic, partitions: [] }));
    entry.partitions.push(p.response);
  }
  return topics;
}

function touches(delayed: Delayed, topic: string, partition: number): boolean {
  if (delayed.kind === 'produce') return delayed.pending.some((p) => p.topic === topic && p.partition === partition);
  return delayed.request.body.topics.some((t) => t.name === topic && t.partitions.some((p) => p.partition === partition));
}
