// A KRaft broker's metadata and control plane: the broker's copy of the metadata log, replicated
// from the controller quorum as an observer (MetadataFetcher); its metadata image, rebuilt from the
// bootstrap snapshot and the committed records in order; its lifecycle with the active controller
// (registration, heartbeats, controlled shutdown); and its requests to that controller
// (AlterPartition, CreateTopics). What the broker learns of the cluster reaches it only by these
// messages, so its view lags the controller's by the network.
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { TopicConfig, TopicConfigInput } from '../config/topic-config.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import type { CreateTopicsResponse } from '../protocol/controller-messages.ts';
import { controllerNode, MetadataFetcher, type MetadataRecord, type QuorumConfig } from '../controller/quorum/index.ts';
import type { MetadataRecordBody } from '../controller/quorum/records.ts';
import { BOOTSTRAP_OFFSET, MetadataImage, type MetadataChange, type PartitionRegistration, type TopicRegistration } from '../controller/metadata-image.ts';
import type { BrokerMetadata } from './broker-metadata.ts';
import type { Broker, BrokerEvent } from './broker.ts';
import { ControllerChannel, type ChannelOutcome } from './controller-channel.ts';
import { BrokerLifecycleManager, type BrokerState } from './broker-lifecycle.ts';
import { AlterPartitionManager } from './alter-partition-manager.ts';
import { bound } from '../snapshot/bound.ts';

export interface KraftSettings {
  /** node.id of every controller (controller.quorum.voters). */
  voters: readonly number[];
  quorum?: Partial<QuorumConfig>;
  topicDefaults: TopicConfig;
  /** The metadata every node starts from (the bootstrap snapshot). */
  bootstrap: readonly MetadataRecordBody[];
  /** broker.heartbeat.interval.ms */
  heartbeatIntervalMs: number;
  /** broker.session.timeout.ms */
  sessionTimeoutMs: number;
  /** initial.broker.registration.timeout.ms: a new process that cannot register by then shuts down. */
  initialRegistrationTimeoutMs?: number;
  /** controller.socket.timeout.ms: the AlterPartition channel's request timeout. */
  controllerSocketTimeoutMs: number;
  /** AllocateProducerIds, answered at once by a stand-in shared by the cluster (see producer-id-manager.ts). */
  allocateProducerIdBlock(brokerId: number): { brokerId: number; firstProducerId: number; size: number };
}

/** The broker's metadata log directory: it outlives the broker's processes. */
export class MetadataLogDir {
  readonly fetcher: MetadataFetcher;
  private sink: KraftBrokerMetadata | null = null;

  constructor(brokerId: number, settings: KraftSettings) {
    this.fetcher = new MetadataFetcher({
      replicaId: brokerId,
      voters: settings.voters,
      config: settings.quorum,
      name: `broker-${brokerId}`,
      onCommit: bound<(records: readonly MetadataRecord[]) => void>(this, 'deliver'),
    });
  }

  /** The fetcher's newly committed records go to the process now running, if any. */
  private deliver(records: readonly MetadataRecord[]): void {
    this.sink?.onCommit(records);
  }

  /**
   * The clean shutdown file (KIP-966): the broker epoch of a process that shut down cleanly, read
   * and removed by the next process at start; null after a crash or a power loss.
   */
  cleanShutdownBrokerEpoch: number | null = null;

  /** The process now running reads the log. */
  bind(sink: KraftBrokerMetadata): void {
    this.sink = sink;
  }
}

export class KraftBrokerMetadata implements BrokerMetadata {
  readonly image: MetadataImage;
  readonly channel: ControllerChannel;
  readonly lifecycle: BrokerLifecycleManager;
  private readonly alterPartitions: AlterPartitionManager;
  private broker: Broker | null = null;
  private context: ActorContext | null = null;
  private publishing = false;
  private readonly autoCreating = new Set<string>();

  /**
   * `registered`: a broker of the bootstrap snapshot, registered and unfenced with this epoch
   * when the simulation begins; null for a process that must register.
   */
  constructor(
    readonly brokerId: number,
    readonly incarnationId: number,
    private readonly logDir: MetadataLogDir,
    private readonly settings: KraftSettings,
    private readonly registered: { brokerEpoch: number } | null,
    private readonly onShutdownGranted: (reason: 'shutdown' | 'registration-timeout') => void,
  ) {
    this.image = new MetadataImage(settings.topicDefaults);
    for (const record of settings.bootstrap) this.image.replay(record, BOOTSTRAP_OFFSET);
    const previousBrokerEpoch = logDir.cleanShutdownBrokerEpoch;
    logDir.cleanShutdownBrokerEpoch = null;
    this.channel = new ControllerChannel(bound<() => NodeId | null>(this, 'activeController'));
    this.lifecycle = new BrokerLifecycleManager(
      {
        brokerId,
        incarnationId,
        channel: this.channel,
        previousBrokerEpoch,
        metadataOffset: bound<() => number>(this, 'metadataOffset'),
        onCaughtUp: bound<() => void>(this, 'publish'),
        onShutdownGranted: bound<() => void>(this, 'shutDown', 'shutdown'),
        onRegistrationTimeout: bound<() => void>(this, 'shutDown', 'registration-timeout'),
        emit: bound<(event: BrokerEvent) => void>(this, 'emitEvent'),
      },
      { heartbeatIntervalMs: settings.heartbeatIntervalMs, sessionTimeoutMs: settings.sessionTimeoutMs, initialRegistrationTimeoutMs: settings.initialRegistrationTimeoutMs },
    );
    this.alterPartitions = new AlterPartitionManager(brokerId, this.channel, settings.controllerSocketTimeoutMs);
  }

  get state(): BrokerState {
    return this.lifecycle.state;
  }

  get serving(): boolean {
    return this.publishing;
  }

  // --- the metadata cache ---

  get topics(): ReadonlyMap<string, TopicRegistration> {
    return this.image.topics;
  }

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.image.partition(topic, partition);
  }

  isAlive(brokerId: number): boolean {
    return this.image.isAlive(brokerId);
  }

  isUsable(brokerId: number): boolean {
    return this.image.isUsable(brokerId);
  }

  aliveBrokerIds(): number[] {
    return this.image.aliveBrokerIds();
  }

  allocateProducerIdBlock(brokerId: number): { brokerId: number; firstProducerId: number; size: number } {
    return this.settings.allocateProducerIdBlock(brokerId);
  }

  // --- requests to the controller ---

  /** AutoTopicCreationManager: one CreateTopics in flight per topic; the topic appears in the metadata. */
  createTopic(name: string, partitions: number, replicationFactor: number, _config: TopicConfig, _autoCreated: boolean, overrides?: TopicConfigInput): { ok: true } {
    if (this.autoCreating.has(name) || this.context === null) return { ok: true };
    this.autoCreating.add(name);
    const topic = { name, numPartitions: partitions, replicationFactor, ...(overrides ? { configs: overrides } : {}) };
    this.channel.send<CreateTopicsResponse>(
      this.context,
      { api: 'CreateTopics', topics: [topic] },
      this.settings.controllerSocketTimeoutMs,
      bound<(outcome: ChannelOutcome<CreateTopicsResponse>) => void>(this, 'topicCreationAnswered', name),
    );
    return { ok: true };
  }

  /** The CreateTopics of `name` was answered or failed: a later request may ask again. */
  private topicCreationAnswered(name: string): void {
    this.autoCreating.delete(name);
  }

  submitAlterPartition(_broker: Broker, request: AlterPartitionRequest, wanted: () => boolean, done: (response: AlterPartitionResponse) => void): void {
    if (this.context !== null) this.alterPartitions.submit(this.context, request, wanted, done);
  }

  /** BrokerLifecycleManager.beginControlledShutdown. */
  beginControlledShutdown(): void {
    this.lifecycle.beginControlledShutdown();
  }

  // --- driven by the broker actor ---

  start(broker: Broker, ctx: ActorContext): boolean {
    this.broker = broker;
    this.context = ctx;
    this.logDir.bind(this);
    this.logDir.fetcher.start(ctx);
    if (this.registered !== null) {
      this.publishing = true;
      this.lifecycle.startRegistered(ctx, this.registered.brokerEpoch);
      return true;
    }
    this.lifecycle.start(ctx);
    return false;
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): boolean {
    return this.logDir.fetcher.onMessage(from, message, ctx) || this.channel.handleMessage(message, ctx);
  }

  onTimer(payload: unknown, ctx: ActorContext): boolean {
    return (
      this.logDir.fetcher.onTimer(payload, ctx) ||
      this.lifecycle.handleTimer(payload) ||
      this.channel.handleTimer(payload) ||
      this.alterPartitions.handleTimer(payload, ctx)
    );
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.logDir.fetcher.onDisconnect(peer, ctx);
    this.channel.handleDisconnect(peer, ctx);
  }

  /**
   * Newly committed records: the image follows; once publishing, the broker's replicas too — after
   * the whole batch, as Kafka publishes a MetadataDelta (a fenced broker and the ISR change that
   * removed it reach the partitions together).
   */
  onCommit(records: readonly MetadataRecord[]): void {
    const changes: MetadataChange[] = [];
    for (const record of records) {
      const change = this.image.replay(record, record.offset);
      if (change !== null) changes.push(change);
    }
    if (!this.publishing) return;
    for (const change of collapsePartitionChanges(changes)) this.broker?.onMetadataChange(change);
  }

  // --- the control plane's hosts (bound callbacks of the channel and the lifecycle manager) ---

  /** The controller the channel sends to: the quorum leader the metadata fetcher knows, if any. */
  private activeController(): NodeId | null {
    const leader = this.logDir.fetcher.leaderAndEpoch().leaderId;
    return leader === null ? null : controllerNode(leader);
  }

  private metadataOffset(): number {
    return this.image.lastAppliedOffset;
  }

  private shutDown(reason: 'shutdown' | 'registration-timeout'): void {
    this.onShutdownGranted(reason);
  }

  private emitEvent(event: BrokerEvent): void {
    this.broker?.emit(event);
  }

  /** Caught up with its own registration: the first publish, then the broker asks to be unfenced. */
  private publish(): void {
    if (this.publishing) return;
    this.publishing = true;
    this.broker?.publishImage();
    this.lifecycle.setReadyToUnfence();
  }
}

/**
 * One change per partition in a delta: the registration objects already hold the final state, so
 * the first change's previous leader and ISR stand for the whole delta (the last one's reason).
 */
function collapsePartitionChanges(changes: readonly MetadataChange[]): MetadataChange[] {
  const out: MetadataChange[] = [];
  const byPartition = new Map<PartitionRegistration, number>();
  for (const change of changes) {
    if (change.type !== 'partition-changed') {
      out.push(change);
      continue;
    }
    const index = byPartition.get(change.partition);
    if (index === undefined) {
      byPartition.set(change.partition, out.length);
      out.push(change);
      continue;
    }
    const first = out[index] as typeof change;
    out[index] = { ...change, previousLeader: first.previousLeader, previousIsr: first.previousIsr, unclean: first.unclean || change.unclean };
  }
  return out;
}
