// A Kafka producer as an actor: send() picks the partition (explicit, murmur2 of the key, or the
// sticky choice for keyless records), the accumulator batches by linger.ms and batch.size, and
// the sender ships ready batches to each leader within max.in.flight.requests.per.connection,
// retrying retriable errors with exponential backoff until delivery.timeout.ms. With
// enable.idempotence (the default) it first asks a broker for a producer id (InitProducerId) and
// numbers its batches per partition, so that brokers can drop the copies its retries make.
import type { Actor, ActorContext, NodeId } from '../../kernel/types.ts';
import type { EngineEvent } from '../../events.ts';
import type { ProducerConfig } from '../../config/producer-config.ts';
import type { ProduceResponse } from '../../protocol/messages.ts';
import { isRetriable, type KafkaErrorName } from '../../protocol/errors.ts';
import type { ConnectionControl } from '../../broker/broker.ts';
import { NetworkClient, type RequestOutcome } from '../network-client.ts';
import { ClientMetadata } from '../client-metadata.ts';
import { partitionForKey } from '../murmur2.ts';
import { RecordAccumulator } from './accumulator.ts';
import { estimateRecordSize, type ProducerBatch, type ProducerRecord } from './producer-batch.ts';
import { StickyPartitioner } from './sticky-partitioner.ts';
import type { WorkloadGenerator } from './workload.ts';
import { TransactionManager } from './transaction-manager.ts';
import { ProducerIdRequest } from './producer-id-request.ts';
import { bound } from '../../snapshot/bound.ts';

/** Client-side failures that have no Kafka error code of their own. */
export type ProducerFailure = KafkaErrorName | 'DELIVERY_TIMEOUT' | 'TIMEOUT_WAITING_FOR_METADATA' | 'INVALID_PARTITION';

/** send() blocks at most this long for metadata (max.block.ms default). */
const MAX_BLOCK_MS = 60_000;

type Timer = { kind: 'workload-tick' } | { kind: 'sender-wakeup' } | { kind: 'expiry-check' };

interface WaitingRecord {
  record: ProducerRecord;
  partition: number | undefined;
}

export interface ProducerMetrics {
  sent: number;
  acked: number;
  failed: Map<string, number>;
  retries: number;
  latencyMsTotal: number;
  latencyMsMax: number;
}

/** Who watches what the producer was told, from outside (the history checker). */
export interface ProducerObserver {
  sent(recordId: number): void;
  acked(topic: string, partition: number, baseOffset: number, recordIds: number[]): void;
  failed(topic: string, partition: number, recordIds: number[], error: string): void;
}

export interface SendRequest {
  key: Uint8Array | null;
  keyText: string | null;
  value: Uint8Array | null;
  headers?: { key: string; value: Uint8Array | null }[];
  partition?: number;
  byHand: boolean;
  labelId?: number;
}

export class Producer implements Actor {
  readonly id: NodeId;
  readonly metrics: ProducerMetrics = { sent: 0, acked: 0, failed: new Map(), retries: 0, latencyMsTotal: 0, latencyMsMax: 0 };
  paused = false;
  observer: ProducerObserver | null = null;
  private readonly network: NetworkClient;
  private readonly metadata: ClientMetadata;
  private readonly accumulator: RecordAccumulator;
  private sticky: StickyPartitioner | null = null;
  private readonly waiting: WaitingRecord[] = [];
  private nextRecordId = 0;
  private wakeupAtMs = Infinity;
  private lastTickMs = 0;
  private context: ActorContext | null = null;
  /** enable.idempotence: producer id, epoch and sequences; null when idempotence is off. */
  readonly transactionManager: TransactionManager | null;
  private readonly producerIdRequest: ProducerIdRequest | null;

  constructor(
    readonly clientId: string,
    readonly topic: string,
    readonly config: ProducerConfig,
    readonly workload: WorkloadGenerator | null,
    private readonly workloadStartMs: number,
    bootstrapBrokers: number[],
    connections: ConnectionControl,
  ) {
    this.id = `producer-${clientId}`;
    this.transactionManager = config.enableIdempotence ? new TransactionManager() : null;
    this.network = new NetworkClient(clientId, connections, config.requestTimeoutMs);
    this.producerIdRequest = config.enableIdempotence
      ? new ProducerIdRequest(this.network, [...bootstrapBrokers], config.retryBackoffMs, bound(this, 'onProducerId'))
      : null;
    this.metadata = new ClientMetadata(
      clientId,
      bound(this, 'metadataTopics'),
      bootstrapBrokers,
      this.network,
      config.retryBackoffMs,
      config.metadataMaxAgeMs,
      true,
      bound(this, 'onMetadata'),
    );
    this.accumulator = new RecordAccumulator({
      batchSizeBytes: config.batchSize,
      lingerMs: config.lingerMs,
      maxRequestSizeBytes: config.maxRequestSize,
      guaranteeOrder: config.maxInFlightRequestsPerConnection === 1,
      transactionManager: this.transactionManager,
    });
  }

  get pending(): number {
    return this.waiting.length + this.accumulator.pendingRecords + this.inFlightRecords;
  }

  private inFlightRecords = 0;
  /** Batches in Produce requests waiting for an answer (Sender.inFlightBatches), for delivery.timeout.ms. */
  private readonly inFlightBatches = new Set<ProducerBatch>();
  /** In-flight batches already failed by delivery.timeout.ms: their answer, when it comes, is ignored. */
  private readonly expiredInFlight = new Set<ProducerBatch>();

  get inFlightRequests(): number {
    return this.network.inFlightCount;
  }

  get done(): boolean {
    return (this.workload === null || this.workload.done) && this.pending === 0;
  }

  start(ctx: ActorContext): void {
    this.context = ctx;
    this.sticky = new StickyPartitioner(this.config.batchSize, ctx.random.fork('sticky-partitioner'));
    this.metadata.requestUpdate(ctx);
    if (this.workload) {
      this.lastTickMs = Math.max(ctx.nowMs, this.workloadStartMs);
      ctx.setTimer(Math.max(0, this.workloadStartMs - ctx.nowMs) + this.workload.tickMs, { kind: 'workload-tick' } satisfies Timer);
    }
    ctx.setTimer(1000, { kind: 'expiry-check' } satisfies Timer);
  }

  /** KafkaProducer.send: the record joins a batch, or waits for the topic's metadata. */
  send(request: SendRequest, ctx: ActorContext = this.ctx): void {
    const record: ProducerRecord = {
      id: this.nextRecordId++,
      labelId: request.labelId ?? null,
      key: request.key,
      value: request.value,
      headers: request.headers ?? [],
      timestamp: Math.floor(ctx.nowMs),
      createdMs: ctx.nowMs,
      byHand: request.byHand,
    };
    this.metrics.sent += 1;
    if (record.labelId !== null) this.observer?.sent(record.labelId);
    if (this.metadata.partitionCount(this.topic) === 0) {
      this.waiting.push({ record, partition: request.partition });
      this.metadata.requestUpdate(ctx);
      return;
    }
    this.dispatch(record, request.partition, ctx);
  }

  private get ctx(): ActorContext {
    if (!this.context) throw new Error(`producer ${this.clientId} used before start`);
    return this.context;
  }

  onMessage(_from: NodeId, message: unknown, ctx: ActorContext): void {
    this.network.handleMessage(message, ctx);
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.network.handleDisconnect(peer, ctx);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (this.network.handleTimer(payload, ctx) || this.metadata.handleTimer(payload, ctx)) return;
    if (this.producerIdRequest?.handleTimer(payload)) {
      this.runSender(ctx);
      return;
    }
    const timer = payload as Timer;
    if (timer.kind === 'workload-tick') this.tick(ctx);
    else if (timer.kind === 'sender-wakeup') {
      if (ctx.nowMs >= this.wakeupAtMs) this.wakeupAtMs = Infinity;
      this.runSender(ctx);
    } else {
      this.expireBatches(ctx);
      ctx.setTimer(1000, timer);
    }
  }

  private tick(ctx: ActorContext): void {
    const workload = this.workload!;
    const due = workload.due(ctx.nowMs - this.lastTickMs);
    this.lastTickMs = ctx.nowMs;
    if (!this.paused) {
      for (let i = 0; i < due; i++) {
        const { key, keyText, value, id } = workload.next();
        this.send({ key, keyText, value, byHand: false, labelId: id }, ctx);
      }
    }
    if (!workload.done) ctx.setTimer(workload.tickMs, { kind: 'workload-tick' } satisfies Timer);
  }

  private dispatch(record: ProducerRecord, explicitPartition: number | undefined, ctx: ActorContext): void {
    const count = this.metadata.partitionCount(this.topic);
    let partition: number;
    if (explicitPartition !== undefined) {
      if (explicitPartition >= count) {
        // KafkaProducer.waitOnMetadata: "Invalid partition given with record".
        this.fail([record], 'INVALID_PARTITION', this.topic, explicitPartition, ctx);
        return;
      }
      partition = explicitPartition;
    } else if (record.key !== null && !this.config.partitionerIgnoreKeys) {
      partition = partitionForKey(record.key, count);
    } else {
      partition = this.sticky!.partition(this.topic, this.availablePartitions(), count);
    }
    if (record.byHand) {
      const key = record.key === null ? null : new TextDecoder().decode(record.key);
      ctx.emit({ type: 'record-sent', producer: this.clientId, topic: this.topic, partition, key, byHand: true } satisfies EngineEvent);
    }
    const sizeBytes = estimateRecordSize(record);
    const batch = this.accumulator.append(this.topic, partition, record, sizeBytes, ctx.nowMs);
    if (explicitPartition === undefined && (record.key === null || this.config.partitionerIgnoreKeys)) {
      this.sticky!.onAppend(this.topic, sizeBytes, batch.isFull, this.availablePartitions(), count);
    }
    if (batch.isFull || this.config.lingerMs === 0) this.runSender(ctx);
    else this.scheduleWakeup(batch.createdMs + this.config.lingerMs, ctx);
  }

  /** Partitions of the topic that have a leader, as of the last metadata update. */
  private availablePartitions(): number[] {
    return this.available;
  }

  private available: number[] = [];

  /** The topics this producer's metadata asks for. */
  private metadataTopics(): string[] {
    return [this.topic];
  }

  private onMetadata(ctx: ActorContext): void {
    const info = this.metadata.topics.get(this.topic);
    this.available = info ? info.partitions.filter((p) => p.leader >= 0).map((p) => p.partition) : [];
    if (this.metadata.partitionCount(this.topic) > 0 && this.waiting.length > 0) {
      for (const { record, partition } of this.waiting.splice(0)) this.dispatch(record, partition, ctx);
    }
    this.runSender(ctx);
  }

  /** InitProducerId answered: batches may now be stamped and sent. */
  private onProducerId(producerId: number, epoch: number, broker: number, ctx: ActorContext): void {
    this.transactionManager!.setProducerIdAndEpoch(producerId, epoch);
    ctx.emit({ type: 'producer-id-assigned', producer: this.clientId, broker, producerId, producerEpoch: epoch } satisfies EngineEvent);
    this.runSender(ctx);
  }

  private scheduleWakeup(atMs: number, ctx: ActorContext): void {
    if (atMs >= this.wakeupAtMs) return;
    this.wakeupAtMs = atMs;
    ctx.setTimer(Math.max(0, atMs - ctx.nowMs), { kind: 'sender-wakeup' } satisfies Timer);
  }

  /**
   * Sender.runOnce: with idempotence, settle sequences left unknown by expired batches, bump the
   * epoch if a partition needs it, and get a producer id before anything is sent; then
   * sendProducerData: drain what is ready into one Produce request per leader.
   */
  private runSender(ctx: ActorContext): void {
    const manager = this.transactionManager;
    if (manager !== null) {
      manager.maybeResolveSequences();
      const rewritten = manager.maybeBumpEpoch();
      if (rewritten !== null && manager.hasProducerId) {
        const { producerId, epoch } = manager.producerIdAndEpoch;
        ctx.emit({ type: 'producer-epoch-bumped', producer: this.clientId, producerId, producerEpoch: epoch, partitions: rewritten } satisfies EngineEvent);
      }
      if (!manager.hasProducerId) {
        this.producerIdRequest!.maybeSend(ctx);
        return;
      }
    }
    const { requests, nextReadyMs, unknownLeader } = this.accumulator.drain(
      ctx.nowMs,
      (topic, partition) => this.metadata.leaderOf(topic, partition),
      (node) => this.network.inFlightTo(node) < this.config.maxInFlightRequestsPerConnection,
    );
    if (unknownLeader) this.metadata.requestUpdate(ctx);
    for (const [node, batches] of requests) this.sendProduce(node, batches, ctx);
    if (nextReadyMs < Infinity) this.scheduleWakeup(nextReadyMs, ctx);
  }

  private sendProduce(node: NodeId, batches: ProducerBatch[], ctx: ActorContext): void {
    const acks = this.config.acks;
    for (const batch of batches) {
      batch.attempts += 1;
      this.inFlightRecords += batch.records.length;
    }
    const topics = [{ name: this.topic, partitions: batches.map((b) => ({ partition: b.partition, records: b.bytes() })) }];
    const request = { api: 'Produce' as const, acks, timeoutMs: this.config.requestTimeoutMs, topics };
    if (acks === 0) {
      // acks=0: the batch is done once written to the socket, with offset -1 (Sender.handleProduceResponse),
      // and Sender.completeBatch unmutes its partition (max.in.flight.requests.per.connection=1).
      this.network.send(ctx, node, request, () => undefined, false);
      for (const batch of batches) {
        this.inFlightRecords -= batch.records.length;
        if (this.config.maxInFlightRequestsPerConnection === 1) this.accumulator.unmute(batch.topic, batch.partition);
        this.complete(batch, -1, ctx);
      }
      return;
    }
    for (const batch of batches) this.inFlightBatches.add(batch);
    this.network.send<ProduceResponse>(ctx, node, request, bound<(outcome: RequestOutcome<ProduceResponse>) => void>(this, 'onProduceResponse', batches, ctx));
  }

  private onProduceResponse(batches: ProducerBatch[], ctx: ActorContext, outcome: RequestOutcome<ProduceResponse>): void {
    const manager = this.transactionManager;
    for (const batch of batches) {
      if (this.config.maxInFlightRequestsPerConnection === 1) this.accumulator.unmute(batch.topic, batch.partition);
      let error: KafkaErrorName;
      let baseOffset = -1;
      if (!outcome.ok) error = outcome.error;
      else {
        const answer = outcome.body.topics.find((t) => t.name === batch.topic)?.partitions.find((p) => p.partition === batch.partition);
        error = answer?.error ?? 'UNKNOWN_SERVER_ERROR';
        baseOffset = answer?.baseOffset ?? -1;
      }
      if (this.expiredInFlight.delete(batch)) {
        // Already failed at its deadline; a late success still tells where the sequence stands
        // (Sender.completeBatch → TransactionManager.handleCompletedBatch).
        if (manager !== null && (error === 'NONE' || error === 'DUPLICATE_SEQUENCE_NUMBER')) manager.handleCompletedBatch(keyOf(batch), batch);
        continue;
      }
      this.inFlightBatches.delete(batch);
      this.inFlightRecords -= batch.records.length;
      if (error === 'NONE') {
        manager?.handleCompletedBatch(keyOf(batch), batch);
        this.complete(batch, baseOffset, ctx);
      } else this.handleError(batch, error, ctx);
    }
    this.runSender(ctx);
  }

  /** Sender.completeBatch for an error: split, retry, count a duplicate as delivered, or fail. */
  private handleError(batch: ProducerBatch, error: KafkaErrorName | 'NETWORK_EXCEPTION' | 'REQUEST_TIMED_OUT', ctx: ActorContext): void {
    const manager = this.transactionManager;
    const key = keyOf(batch);
    const deliveryDeadline = batch.createdMs + this.config.deliveryTimeoutMs;
    const pastDeadline = ctx.nowMs >= deliveryDeadline;
    const retriesLeft = batch.attempts <= this.config.retries;
    if (error === 'NOT_LEADER_OR_FOLLOWER' || error === 'UNKNOWN_TOPIC_OR_PARTITION' || error === 'LEADER_NOT_AVAILABLE' || error === 'NETWORK_EXCEPTION' || error === 'REQUEST_TIMED_OUT') {
      this.metadata.requestUpdate(ctx);
    }
    if (error === 'MESSAGE_TOO_LARGE' && batch.records.length > 1) {
      // Sender.completeBatch: a multi-record batch the broker found too large is split into
      // batches of batch.size and sent again, without spending a retry.
      this.accumulator.splitAndReenqueue(batch);
      ctx.emit({ type: 'produce-retry', producer: this.clientId, topic: batch.topic, partition: batch.partition, records: batch.records.length, error, attempt: batch.attempts } satisfies EngineEvent);
      return;
    }
    const canRetry = !pastDeadline && retriesLeft && (manager === null ? isRetriable(error) : manager.canRetry(key, batch, error));
    if (canRetry) {
      this.metrics.retries += 1;
      ctx.emit({ type: 'produce-retry', producer: this.clientId, topic: batch.topic, partition: batch.partition, records: batch.records.length, error, attempt: batch.attempts } satisfies EngineEvent);
      this.accumulator.reenqueue(batch, ctx.nowMs + this.backoffMs(batch.attempts, ctx));
      return;
    }
    if (error === 'DUPLICATE_SEQUENCE_NUMBER') {
      // The broker has the batch but no longer its offsets: success, without an offset.
      manager?.handleCompletedBatch(key, batch);
      this.complete(batch, -1, ctx);
      return;
    }
    // Past delivery.timeout.ms Kafka has already expired the batch with a TimeoutException
    // (Sender.getExpiredInflightBatches); here the expiry check runs once a second, so say the same,
    // and tell the transaction manager what an expiry tells it.
    const failure = isRetriable(error) && pastDeadline ? 'DELIVERY_TIMEOUT' : error;
    if (manager !== null) {
      if (pastDeadline) this.onExpired(manager, batch);
      // Its sequence is only reused if it had retries left: otherwise it may be in the log.
      else manager.handleFailedBatch(key, batch, error, retriesLeft);
    }
    this.fail(batch.records, failure, batch.topic, batch.partition, ctx);
  }

  /**
   * Sender.sendProducerData on an expired batch: failed without adjusting sequences; if it had been
   * retried (ProducerBatch.inRetry), the partition's sequence is unknown until everything in flight
   * is answered (markSequenceUnresolved), and no new batch goes out meanwhile.
   */
  private onExpired(manager: TransactionManager, batch: ProducerBatch): void {
    manager.handleFailedBatch(keyOf(batch), batch, 'DELIVERY_TIMEOUT', false);
    if (batch.retried) manager.markSequenceUnresolved(keyOf(batch), batch);
  }

  /** retry.backoff.ms doubled per attempt up to retry.backoff.max.ms, with ±20% jitter (KIP-580). */
  private backoffMs(attempt: number, ctx: ActorContext): number {
    const base = Math.min(this.config.retryBackoffMs * 2 ** Math.max(0, attempt - 1), this.config.retryBackoffMaxMs);
    return base * ctx.random.range(0.8, 1.2);
  }

  private complete(batch: ProducerBatch, baseOffset: number, ctx: ActorContext): void {
    for (const record of batch.records) {
      const latency = ctx.nowMs - record.createdMs;
      this.metrics.latencyMsTotal += latency;
      if (latency > this.metrics.latencyMsMax) this.metrics.latencyMsMax = latency;
    }
    this.metrics.acked += batch.records.length;
    if (this.observer) {
      // Runs of application records at their offsets; records typed by hand carry no identity.
      forEachLabelledRun(batch.records, (start, ids) => this.observer!.acked(batch.topic, batch.partition, baseOffset < 0 ? -1 : baseOffset + start, ids));
    }
    // Records typed by hand are followed one by one: the app shows where each one landed.
    if (baseOffset >= 0) {
      batch.records.forEach((record, i) => {
        if (!record.byHand) return;
        const key = record.key === null ? null : new TextDecoder().decode(record.key);
        ctx.emit({ type: 'record-acked', producer: this.clientId, topic: batch.topic, partition: batch.partition, offset: baseOffset + i, key } satisfies EngineEvent);
      });
    }
    ctx.emit({
      type: 'produce-acked',
      producer: this.clientId,
      topic: batch.topic,
      partition: batch.partition,
      baseOffset,
      records: batch.records.length,
      latencyMs: ctx.nowMs - batch.createdMs,
    } satisfies EngineEvent);
  }

  private fail(records: ProducerRecord[], error: ProducerFailure, topic: string, partition: number, ctx: ActorContext): void {
    this.metrics.failed.set(error, (this.metrics.failed.get(error) ?? 0) + records.length);
    if (this.observer) forEachLabelledRun(records, (_start, ids) => this.observer!.failed(topic, partition, ids, error));
    ctx.emit({ type: 'produce-failed', producer: this.clientId, topic, partition, records: records.length, error } satisfies EngineEvent);
  }

  /** delivery.timeout.ms for queued batches, max.block.ms for records still waiting for metadata. */
  private expireBatches(ctx: ActorContext): void {
    const manager = this.transactionManager;
    const deadlineMs = ctx.nowMs - this.config.deliveryTimeoutMs;
    let expired = 0;
    for (const batch of this.accumulator.expire(deadlineMs)) {
      if (manager !== null) this.onExpired(manager, batch);
      this.fail(batch.records, 'DELIVERY_TIMEOUT', batch.topic, batch.partition, ctx);
      expired++;
    }
    // Sender.getExpiredInflightBatches: a batch still waiting for its answer fails at its deadline
    // too, not a request.timeout.ms later with the request's error.
    for (const batch of this.inFlightBatches) {
      if (batch.createdMs > deadlineMs) continue;
      this.inFlightBatches.delete(batch);
      this.expiredInFlight.add(batch);
      this.inFlightRecords -= batch.records.length;
      if (manager !== null) this.onExpired(manager, batch);
      this.fail(batch.records, 'DELIVERY_TIMEOUT', batch.topic, batch.partition, ctx);
      expired++;
    }
    const blocked = this.waiting.filter((w) => ctx.nowMs - w.record.createdMs >= MAX_BLOCK_MS);
    if (blocked.length > 0) {
      this.waiting.splice(0, blocked.length);
      this.fail(blocked.map((w) => w.record), 'TIMEOUT_WAITING_FOR_METADATA', this.topic, -1, ctx);
    }
    // Kafka's sender loop would run again at once: expired batches may unblock a partition.
    if (manager !== null && expired > 0) this.runSender(ctx);
  }
}

function keyOf(batch: ProducerBatch): string {
  return `${batch.topic}-${batch.partition}`;
}

function forEachLabelledRun(records: readonly ProducerRecord[], visit: (start: number, ids: number[]) => void): void {
  let start = 0;
  let ids: number[] = [];
  records.forEach((record, index) => {
    if (record.labelId === null) {
      if (ids.length > 0) visit(start, ids);
      ids = [];
      return;
    }
    if (ids.length === 0) start = index;
    ids.push(record.labelId);
  });
  if (ids.length > 0) visit(start, ids);
}
