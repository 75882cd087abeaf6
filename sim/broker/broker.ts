// A Kafka broker as an actor: it hosts partition replicas on its disk and serves Metadata,
// Produce, Fetch and ListOffsets. Replication between brokers arrives with the replication issue;
// the shapes it needs (leader epoch, HW, each replica's LEO) are here already.
import type { Actor, ActorContext, NodeId } from '../kernel/types.ts';
import type { EngineEvent } from '../events.ts';
import type { BrokerConfig } from '../config/broker-config.ts';
import type { ClusterMetadata, MetadataChange, PartitionRegistration, TopicRegistration } from '../controller/cluster-metadata.ts';
import type { KafkaRequestBody, KafkaResponseBody, RequestEnvelope, ResponseEnvelope } from '../protocol/messages.ts';
import { isKafkaMessage } from '../protocol/messages.ts';
import { BrokerDisk } from './broker-disk.ts';
import { PartitionReplica } from './partition-replica.ts';
import { handleMetadata } from './handle-metadata.ts';
import { handleProduce } from './handle-produce.ts';
import { handleFetch } from './handle-fetch.ts';
import { handleListOffsets } from './handle-list-offsets.ts';
import { Purgatory } from './purgatory.ts';

export function brokerNode(brokerId: number): NodeId {
  return `broker-${brokerId}`;
}

/** What a broker may do to the network beyond sending: Kafka closes a connection to signal some errors. */
export interface ConnectionControl {
  closeConnection(from: NodeId, to: NodeId): void;
}

type Timer = { kind: 'retention-check' } | { kind: 'purgatory-expire'; id: number };

export class Broker implements Actor {
  readonly id: NodeId;
  readonly replicas = new Map<string, PartitionReplica>();
  readonly purgatory = new Purgatory(this);
  private context: ActorContext | null = null;

  constructor(
    readonly brokerId: number,
    readonly config: BrokerConfig,
    readonly metadata: ClusterMetadata,
    readonly disk: BrokerDisk,
    readonly connections: ConnectionControl,
  ) {
    this.id = brokerNode(brokerId);
  }

  get ctx(): ActorContext {
    if (!this.context) throw new Error(`broker ${this.brokerId} used before start`);
    return this.context;
  }

  get running(): boolean {
    return this.context !== null;
  }

  start(ctx: ActorContext): void {
    this.context = ctx;
    for (const topic of this.metadata.topics.values()) this.hostTopic(topic);
    ctx.setTimer(this.config.logRetentionCheckIntervalMs, { kind: 'retention-check' } satisfies Timer);
    this.emit({ type: 'broker-started', broker: this.brokerId });
  }

  /** The process died: nothing runs any more; the disk stays with the cluster. */
  stop(): void {
    this.context = null;
  }

  emit(event: EngineEvent): void {
    this.ctx.emit(event);
  }

  replica(topic: string, partition: number): PartitionReplica | undefined {
    return this.replicas.get(`${topic}-${partition}`);
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    if (!isKafkaMessage(message) || message.kind !== 'request') return;
    const response = this.handle(from, message, ctx);
    if (response) this.respond(from, message, response);
  }

  respond(to: NodeId, request: RequestEnvelope, body: KafkaResponseBody): void {
    const response: ResponseEnvelope = { kind: 'response', correlationId: request.correlationId, body };
    this.ctx.send(to, response);
  }

  private handle(from: NodeId, request: RequestEnvelope<KafkaRequestBody>, ctx: ActorContext): KafkaResponseBody | null {
    const body = request.body;
    switch (body.api) {
      case 'Metadata':
        return handleMetadata(this, body);
      case 'Produce':
        return handleProduce(this, from, request as RequestEnvelope<typeof body>, ctx);
      case 'Fetch':
        return handleFetch(this, from, request as RequestEnvelope<typeof body>);
      case 'ListOffsets':
        return handleListOffsets(this, body);
    }
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    const timer = payload as Timer;
    if (timer.kind === 'retention-check') {
      this.enforceRetention();
      ctx.setTimer(this.config.logRetentionCheckIntervalMs, timer);
    } else {
      this.purgatory.expire(timer.id);
    }
  }

  /** The metadata image changed (the controller's records reached this broker). */
  onMetadataChange(change: MetadataChange): void {
    if (!this.running) return;
    if (change.type === 'topic-created') this.hostTopic(change.topic);
    else if (change.type === 'topic-deleted') this.dropTopic(change.topic);
    else this.applyPartitionChange(change.partition);
  }

  /** Called after the leader's HW moved: parked produce and fetch requests may now complete. */
  onHighWatermarkAdvanced(replica: PartitionReplica): void {
    this.emit({
      type: 'high-watermark-advanced',
      topic: replica.topic,
      partition: replica.partition,
      broker: this.brokerId,
      highWatermark: replica.highWatermark,
    });
    this.purgatory.checkPartition(replica.topic, replica.partition);
  }

  private hostTopic(topic: TopicRegistration): void {
    for (const registration of topic.partitions) {
      if (!registration.replicas.includes(this.brokerId)) continue;
      const key = `${topic.name}-${registration.partition}`;
      if (this.replicas.has(key)) continue;
      const log = this.disk.openLog(topic.name, topic.topicId, registration.partition, topic.config, this.ctx.nowMs);
      const replica = new PartitionReplica(topic.name, registration.partition, this.brokerId, log, registration, topic.config);
      // A restarted broker only trusts what its own log proves; the HW is re-learned as leader below.
      this.replicas.set(key, replica);
      this.applyPartitionChange(registration);
    }
  }

  private dropTopic(topic: TopicRegistration): void {
    for (const registration of topic.partitions) {
      const key = `${topic.name}-${registration.partition}`;
      if (!this.replicas.delete(key)) continue;
      this.disk.deleteLog(topic.name, registration.partition);
      this.purgatory.failPartition(topic.name, registration.partition, 'UNKNOWN_TOPIC_OR_PARTITION');
    }
  }

  private applyPartitionChange(registration: PartitionRegistration): void {
    const replica = this.replica(registration.topic, registration.partition);
    if (!replica) return;
    replica.registration = registration;
    replica.leaderEpoch = registration.leaderEpoch;
    if (replica.isLeader) {
      // A new leader starts from what it knows; its HW can only be proven up to the ISR's LEOs.
      if (replica.maybeIncrementHighWatermark()) this.onHighWatermarkAdvanced(replica);
    } else {
      this.purgatory.failPartition(registration.topic, registration.partition, 'NOT_LEADER_OR_FOLLOWER');
    }
  }

  private enforceRetention(): void {
    const now = this.ctx.nowMs;
    for (const replica of this.replicas.values()) {
      const results = replica.log.deleteOldSegments(now, replica.highWatermark);
      for (const result of results) {
        this.emit({
          type: 'segments-deleted',
          topic: replica.topic,
          partition: replica.partition,
          broker: this.brokerId,
          reason: result.reason,
          baseOffsets: result.deleted.map((s) => s.baseOffset),
          logStartOffset: replica.log.logStartOffset,
        });
      }
    }
  }
}
