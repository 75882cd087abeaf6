// A Kafka broker as an actor: it hosts partition replicas on its disk, serves Metadata, Produce,
// Fetch and ListOffsets, and replicates — as leader it tracks its followers, moves the high
// watermark and keeps the ISR (AlterPartition to the controller); as follower it fetches from the
// leader with its replica fetchers and truncates where its log diverges. What it knows of the
// cluster, and how it talks to the controller, is its BrokerMetadata (KRaft: kraft-metadata.ts).
import type { Actor, ActorContext, NodeId } from '../kernel/types.ts';
import type { EngineEvent, ReplicationEvent } from '../events.ts';
import type { BrokerConfig } from '../config/broker-config.ts';
import type { AppendInfo } from '../log/index.ts';
import type { MetadataChange, PartitionRegistration, TopicRegistration } from '../controller/metadata-image.ts';
import type { BrokerMetadata } from './broker-metadata.ts';
import type { KafkaRequestBody, KafkaResponseBody, ProduceRequest, RequestEnvelope, ResponseEnvelope } from '../protocol/messages.ts';
import { isKafkaMessage } from '../protocol/messages.ts';
import { bound } from '../snapshot/bound.ts';
import { BrokerDisk } from './broker-disk.ts';
import { PartitionReplica, type ReplicaHost } from './partition-replica.ts';
import type { FollowerState } from './follower-state.ts';
import { handleMetadata } from './handle-metadata.ts';
import { handleProduce } from './handle-produce.ts';
import { handleFetch } from './handle-fetch.ts';
import { handleListOffsets } from './handle-list-offsets.ts';
import { handleInitProducerId } from './handle-init-producer-id.ts';
import { handleOffsetsForLeaderEpoch } from './handle-offsets-for-leader-epoch.ts';
import { Purgatory } from './purgatory.ts';
import type { ProducerIdManager } from './producer-id-manager.ts';
import { ReplicaFetcherManager } from './replica-fetcher-manager.ts';
import { isrChangeReason, maybeExpandIsr, maybeShrinkIsr, sendAlterPartition, type AlterPartitionTimer } from './isr.ts';
import { traceIsrChange } from './isr-events.ts';
import { GroupCoordinator } from './group/group-coordinator.ts';
import { OFFSETS_TOPIC } from './group/coordinator-log.ts';

export { brokerNode } from './node-id.ts';
import { brokerNode } from './node-id.ts';

/** What a broker may do to the network beyond sending: Kafka closes a connection to signal some errors. */
export interface ConnectionControl {
  closeConnection(from: NodeId, to: NodeId): void;
}

/** Everything a broker writes to the trace. */
export type BrokerEvent = EngineEvent | ReplicationEvent;

type Timer =
  | { kind: 'retention-check' }
  | { kind: 'purgatory-expire'; id: number }
  | { kind: 'isr-expiration' }
  | { kind: 'hw-checkpoint' }
  | { kind: 'disk-write'; id: number }
  | AlterPartitionTimer;

export class Broker implements Actor, ReplicaHost {
  readonly id: NodeId;
  readonly replicas = new Map<string, PartitionReplica>();
  /**
   * The same replicas by topic, then partition: replica() runs for every partition of every Fetch
   * and every snapshot, and building the "topic-partition" key string there cost ~5% of a large
   * scene's run. `replicas` stays the one iterated, so that the order of events does not change.
   */
  private readonly replicasByTopic = new Map<string, Map<number, PartitionReplica>>();
  readonly purgatory = new Purgatory(this);
  readonly fetchers = new ReplicaFetcherManager(this);
  readonly groups: GroupCoordinator;
  private context: ActorContext | null = null;
  /** Log appends waiting for a slow disk, in order; see whenAppended. */
  private readonly diskWrites = new Map<number, () => void>();
  private nextDiskWrite = 1;
  private diskBusyUntilMs = 0;
  /** This process's source of producer ids, made at its first InitProducerId (handle-init-producer-id.ts). */
  producerIds: ProducerIdManager | null = null;

  constructor(
    readonly brokerId: number,
    readonly config: BrokerConfig,
    readonly metadata: BrokerMetadata,
    readonly disk: BrokerDisk,
    readonly connections: ConnectionControl,
  ) {
    this.id = brokerNode(brokerId);
    this.groups = new GroupCoordinator(this, config.groups);
  }

  get ctx(): ActorContext {
    if (!this.context) throw new Error(`broker ${this.brokerId} used before start`);
    return this.context;
  }

  get running(): boolean {
    return this.context !== null;
  }

  // --- ReplicaHost ---

  get nowMs(): number {
    return this.ctx.nowMs;
  }

  get replicaLagTimeMaxMs(): number {
    return this.config.replicaLagTimeMaxMs;
  }

  isReplicaIsrEligible(brokerId: number): boolean {
    return this.metadata.isUsable(brokerId);
  }

  // --- lifecycle ---

  start(ctx: ActorContext): void {
    this.context = ctx;
    // A KRaft broker that restarts follows the metadata only once it has caught up (publishImage).
    if (this.metadata.start?.(this, ctx) ?? true) this.publishImage();
    ctx.setTimer(this.config.logRetentionCheckIntervalMs, { kind: 'retention-check' } satisfies Timer);
    // ReplicaManager.startup: "isr-expiration" every replica.lag.time.max.ms / 2, so that a follower
    // leaves the ISR between 1 and 1.5 times replica.lag.time.max.ms after it stopped keeping up.
    ctx.setTimer(0, { kind: 'isr-expiration' } satisfies Timer);
    // "highwatermark-checkpoint" every replica.high.watermark.checkpoint.interval.ms, from the start.
    ctx.setTimer(0, { kind: 'hw-checkpoint' } satisfies Timer);
    this.emit({ type: 'broker-started', broker: this.brokerId });
  }

  /** The process died: nothing runs any more; the disk stays with the cluster. */
  stop(): void {
    this.context = null;
  }

  emit(event: BrokerEvent): void {
    this.ctx.emit(event);
  }

  closeConnection(to: NodeId): void {
    this.connections.closeConnection(this.id, to);
  }

  replica(topic: string, partition: number): PartitionReplica | undefined {
    return this.replicasByTopic.get(topic)?.get(partition);
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    if (this.metadata.onMessage?.(from, message, ctx)) return;
    if (!isKafkaMessage(message)) return;
    if (message.kind === 'response') {
      this.fetchers.handleResponse(message.correlationId, message.body);
      return;
    }
    // A starting broker accepts no connections yet.
    if (this.metadata.serving === false) {
      this.closeConnection(from);
      return;
    }
    const response = this.handle(from, message, ctx);
    if (response) this.respond(from, message, response);
  }

  /**
   * Runs `append` once the disk can take it: at once on a healthy disk with nothing queued; with
   * the slow-disk fault, after the appends queued before it, appendLatencyMs each. A request
   * handler blocked on a slow disk is how Kafka slows down: produce answers late, a follower's
   * fetcher appends late and fetches again only after that.
   */
  whenAppended(append: () => void): void {
    const now = this.ctx.nowMs;
    const latencyMs = this.disk.appendLatencyMs;
    if (latencyMs === 0 && this.diskBusyUntilMs <= now) return append();
    this.diskBusyUntilMs = Math.max(now, this.diskBusyUntilMs) + latencyMs;
    const id = this.nextDiskWrite++;
    this.diskWrites.set(id, append);
    this.ctx.setTimer(this.diskBusyUntilMs - now, { kind: 'disk-write', id } satisfies Timer);
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.metadata.onDisconnect?.(peer, ctx);
    this.fetchers.handleDisconnect(peer);
    this.purgatory.dropClient(peer);
    this.groups.dropClient(peer);
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
      case 'Produce': {
        // The leader's append waits for its disk (at once on a healthy one); it answers after.
        const produce = request as RequestEnvelope<typeof body>;
        this.whenAppended(bound<() => void>(this, 'appendProduce', from, produce, ctx));
        return null;
      }
      case 'Fetch':
        return handleFetch(this, from, request as RequestEnvelope<typeof body>);
      case 'ListOffsets':
        return handleListOffsets(this, body);
      case 'InitProducerId':
        return handleInitProducerId(this, body);
      // Any broker answers FindCoordinator; the group's coordinator answers the rest.
      case 'FindCoordinator':
        return this.groups.findCoordinator(body);
      case 'JoinGroup':
        return this.groups.joinGroup(from, request as RequestEnvelope<typeof body>);
      case 'SyncGroup':
        return this.groups.syncGroup(from, request as RequestEnvelope<typeof body>);
      case 'Heartbeat':
        return this.groups.heartbeat(body);
      case 'LeaveGroup':
        return this.groups.leaveGroup(body);
      case 'OffsetCommit':
        return this.groups.offsetCommit(from, request as RequestEnvelope<typeof body>);
      case 'OffsetFetch':
        return this.groups.offsetFetch(body);
      case 'DescribeGroups':
        return this.groups.describeGroups(body);
      case 'ListGroups':
        return this.groups.listGroups(body);
      case 'ConsumerGroupHeartbeat':
        return this.groups.consumerGroupHeartbeat(from, request as RequestEnvelope<typeof body>);
      case 'OffsetForLeaderEpoch':
        return handleOffsetsForLeaderEpoch(this, body);
    }
  }

  /** A Produce's append, once the disk takes it; answered now unless it waits in the purgatory. */
  private appendProduce(from: NodeId, produce: RequestEnvelope<ProduceRequest>, ctx: ActorContext): void {
    const response = handleProduce(this, from, produce, ctx);
    if (response) this.respond(from, produce, response);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (this.metadata.onTimer?.(payload, ctx)) return;
    if (this.fetchers.handleTimer(payload as { kind?: string })) return;
    if (this.groups.handleTimer(payload as { kind?: string })) return;
    const timer = payload as Timer;
    switch (timer.kind) {
      case 'retention-check':
        this.enforceRetention();
        ctx.setTimer(this.config.logRetentionCheckIntervalMs, timer);
        break;
      case 'purgatory-expire':
        this.purgatory.expire(timer.id);
        break;
      case 'isr-expiration':
        for (const replica of this.replicas.values()) maybeShrinkIsr(this, replica);
        ctx.setTimer(this.config.replicaLagTimeMaxMs / 2, timer);
        break;
      case 'hw-checkpoint':
        this.checkpointHighWatermarks();
        ctx.setTimer(this.config.replicaHighWatermarkCheckpointIntervalMs, timer);
        break;
      case 'alter-partition':
        sendAlterPartition(this, timer);
        break;
      case 'disk-write': {
        const append = this.diskWrites.get(timer.id)!;
        this.diskWrites.delete(timer.id);
        append();
        break;
      }
    }
  }

  /** The metadata image changed (the controller's records reached this broker). */
  onMetadataChange(change: MetadataChange): void {
    if (!this.running) return;
    if (change.type === 'topic-created') this.hostTopic(change.topic);
    else if (change.type === 'partition-created') this.hostPartition(change.topic, change.partition);
    else if (change.type === 'topic-deleted') this.dropTopic(change.topic);
    else if (change.type === 'partition-changed') this.applyPartitionChange(change.partition, change);
  }

  /** The first publish of the metadata (BrokerMetadataPublisher): every local replica takes its role. */
  publishImage(): void {
    for (const topic of this.metadata.topics.values()) this.hostTopic(topic);
  }

  /** replication-offset-checkpoint: what a restarted broker will believe its HW is. */
  checkpointHighWatermarks(): void {
    for (const replica of this.replicas.values()) this.disk.checkpointHighWatermark(replica.topic, replica.partition, replica.highWatermark);
  }

  // --- leader side ---

  /** What a leader's append leaves in the trace: the new active segment if it rolled, and the batch. */
  traceLeaderAppend(replica: PartitionReplica, info: AppendInfo): void {
    const { topic, partition } = replica;
    if (info.rolled) {
      const active = replica.log.segments().at(-1)!;
      this.emit({ type: 'segment-rolled', topic, partition, broker: this.brokerId, baseOffset: active.baseOffset, fileName: active.fileName });
    }
    this.emit({
      type: 'record-batch-appended',
      topic,
      partition,
      broker: this.brokerId,
      firstOffset: info.firstOffset,
      lastOffset: info.lastOffset,
      records: info.recordCount,
      sizeBytes: info.sizeBytes,
      leaderEpoch: replica.leaderEpoch,
    });
  }

  /** After an append on the leader: the HW may move (one ISR member), parked fetches may complete. */
  onLeaderAppend(replica: PartitionReplica): void {
    if (replica.maybeIncrementHighWatermark()) this.onHighWatermarkAdvanced(replica);
    // ReplicaManager.addCompletePurgatoryAction: a new LEO can complete followers' fetches.
    else this.purgatory.checkPartition(replica.topic, replica.partition);
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
    if (replica.topic === OFFSETS_TOPIC) this.groups.log.checkPartition(replica.partition);
  }

  /**
   * Partition.updateFollowerFetchState: a follower fetched at `fetchOffset` while this leader's LEO
   * was `leaderEndOffset`. It may join the ISR, and its new LEO may move the HW.
   */
  updateFollowerFetchState(replica: PartitionReplica, follower: FollowerState, fetchOffset: number, followerStartOffset: number, leaderEndOffset: number): void {
    const previous = follower.logEndOffset;
    follower.updateFetchState(fetchOffset, followerStartOffset, this.ctx.nowMs, leaderEndOffset);
    maybeExpandIsr(this, replica, follower);
    if (previous !== follower.logEndOffset && replica.maybeIncrementHighWatermark()) this.onHighWatermarkAdvanced(replica);
  }

  // --- partitions ---

  private hostTopic(topic: TopicRegistration): void {
    for (const registration of topic.partitions) this.hostPartition(topic, registration);
  }

  private hostPartition(topic: TopicRegistration, registration: PartitionRegistration): void {
    if (!registration.replicas.includes(this.brokerId)) return;
    const key = `${topic.name}-${registration.partition}`;
    if (this.replicas.has(key)) return;
    const log = this.disk.openLog(topic.name, topic.topicId, registration.partition, topic.config, this.ctx.nowMs);
    const replica = new PartitionReplica(topic.name, registration.partition, this.brokerId, log, registration, topic.config, this);
    // A restarted broker starts from its last checkpointed HW, bounded by its log.
    const checkpointed = this.disk.checkpointedHighWatermark(topic.name, registration.partition);
    replica.highWatermark = Math.max(log.logStartOffset, Math.min(checkpointed, log.logEndOffset));
    this.replicas.set(key, replica);
    let byPartition = this.replicasByTopic.get(topic.name);
    if (byPartition === undefined) this.replicasByTopic.set(topic.name, (byPartition = new Map()));
    byPartition.set(registration.partition, replica);
    this.applyPartitionChange(registration, null);
  }

  private dropTopic(topic: TopicRegistration): void {
    for (const registration of topic.partitions) {
      const key = `${topic.name}-${registration.partition}`;
      if (!this.replicas.delete(key)) continue;
      this.replicasByTopic.get(topic.name)?.delete(registration.partition);
      this.fetchers.removePartition(topic.name, registration.partition);
      this.disk.deleteLog(topic.name, registration.partition);
      this.purgatory.failPartition(topic.name, registration.partition, 'UNKNOWN_TOPIC_OR_PARTITION');
      if (topic.name === OFFSETS_TOPIC) this.groups.onResign(registration.partition);
    }
  }

  /** ReplicaManager.applyDelta for one partition: become (or stay) its leader or a follower. */
  private applyPartitionChange(registration: PartitionRegistration, change: Extract<MetadataChange, { type: 'partition-changed' }> | null): void {
    const replica = this.replica(registration.topic, registration.partition);
    if (!replica) return;
    const pendingReason = isrChangeReason(replica, registration.partitionEpoch);
    if (registration.leader === this.brokerId) this.makeLeader(replica, registration);
    else this.makeFollower(replica, registration);
    if (change !== null && registration.leader === this.brokerId) traceIsrChange(this, replica, change, pendingReason);
    // The group coordinator follows the leadership of the __consumer_offsets partitions.
    if (replica.topic === OFFSETS_TOPIC) {
      if (replica.isLeader) {
        this.groups.onBecomeLeader(replica.partition);
        this.groups.log.checkPartition(replica.partition);
      } else {
        this.groups.onResign(replica.partition);
      }
    }
  }

  private makeLeader(replica: PartitionReplica, registration: PartitionRegistration): void {
    const wasFollower = !replica.isLeader;
    if (!replica.becomeLeader(registration)) return;
    if (wasFollower) this.fetchers.removePartition(replica.topic, replica.partition);
    // Its HW stays as it was; it can only move forward as followers fetch (or at once with ISR = {it}).
    if (replica.maybeIncrementHighWatermark()) this.onHighWatermarkAdvanced(replica);
  }

  private makeFollower(replica: PartitionReplica, registration: PartitionRegistration): void {
    const result = replica.becomeFollower(registration);
    if (result === null) return;
    if (result.wasLeader) this.purgatory.failPartition(replica.topic, replica.partition, 'NOT_LEADER_OR_FOLLOWER');
    if (!result.isNewLeaderEpoch) return;
    // The fetcher restarts whenever the leader epoch changed; there is none to fetch from while the
    // leader is unknown or not alive (ReplicaManager.applyLocalFollowersDelta).
    if (registration.leader >= 0 && this.metadata.isAlive(registration.leader)) {
      this.fetchers.addPartition(replica, registration.leader, registration.leaderEpoch);
    } else {
      this.fetchers.removePartition(replica.topic, replica.partition);
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
