// A KRaft controller process (QuorumController) as an actor: one voter of the metadata quorum
// (ControllerNode) and, while it is the Raft leader, the active controller. The active controller
// answers the brokers' BrokerRegistration, BrokerHeartbeat, AlterPartition and CreateTopics
// requests by writing records to the metadata log; it applies its own records to a working image at
// once and answers each request only once the records are committed (the controller's purgatory).
// It fences a broker whose session runs out (broker.session.timeout.ms without a heartbeat).
//
// Every controller also keeps the committed image: the bootstrap snapshot plus every committed
// record, replayed in order. A standby becomes active once it has replayed its own epoch's
// LeaderChange record, which means everything before it is committed and applied; it then starts
// every broker's session afresh (ClusterControlManager.activate), so a failover never fences a
// broker that keeps heartbeating.
import type { Actor, ActorContext, NodeId, Random } from '../kernel/types.ts';
import type { EngineEvent } from '../events.ts';
import { resolveTopicConfig, type TopicConfig } from '../config/topic-config.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import {
  isControllerMessage,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  type ControllerRequestEnvelope,
  type ControllerResponseBody,
  type ControllerResponseEnvelope,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
} from '../protocol/controller-messages.ts';
import { ControllerNode, type LeaderAndEpoch, type MetadataRecord, type QuorumConfig } from './quorum/index.ts';
import type { MetadataRecordBody } from './quorum/records.ts';
import { TimerSlots } from './quorum/timer-slots.ts';
import { MetadataImage, type MetadataChange } from './metadata-image.ts';
import { BrokerHeartbeatManager, type BrokerControlState } from './broker-heartbeat-manager.ts';
import * as control from './replication-control.ts';
import { bound } from '../snapshot/bound.ts';

export interface ControllerSettings {
  /** broker.session.timeout.ms */
  brokerSessionTimeoutMs: number;
  /** The cluster's topic defaults (the brokers' log.* configs), to resolve topic configs. */
  topicDefaults: TopicConfig;
  /** Broker configs the controller uses to create topics automatically. */
  numPartitions: number;
  defaultReplicationFactor: number;
  /** auto.leader.rebalance.enable */
  autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds, in ms. */
  leaderImbalanceCheckIntervalMs: number;
  /** unclean.leader.election.interval.ms */
  uncleanLeaderElectionIntervalMs: number;
  /** eligible.leader.replicas.enable (KIP-966); false when absent. */
  eligibleLeaderReplicasEnable?: boolean;
}

/** ReplicationControlManager's maxElectionsPerImbalance (QuorumController.MAX_ELECTIONS_PER_IMBALANCE). */
const MAX_ELECTIONS_PER_RUN = 1000;
/** A periodic election that left work undone runs again this soon (QuorumController's 10 ms). */
const IMMEDIATE_RERUN_MS = 10;

/** QuorumController.ImbalanceSchedule: whether a periodic election is armed, and how soon the next may be. */
type Schedule = 'scheduled' | 'deferred' | 'immediately';

export interface QuorumControllerOptions {
  nodeId: number;
  voters: readonly number[];
  quorum?: Partial<QuorumConfig>;
  settings: ControllerSettings;
  /** The metadata every node starts from (the bootstrap snapshot), applied before the log. */
  bootstrap: readonly MetadataRecordBody[];
}

/** Why a broker was fenced, for the trace. */
type FenceReason = 'session-timeout' | 'shutdown';

interface Waiting {
  /** Answer once this offset is committed. */
  offset: number;
  /** Who asked, and what. */
  from: NodeId;
  request: ControllerRequestEnvelope;
  /** The answer; if leadership is lost first, NOT_CONTROLLER instead. */
  body: ControllerResponseBody;
}

/** What only the active controller has. */
interface ActiveState {
  epoch: number;
  image: MetadataImage;
  heartbeats: BrokerHeartbeatManager;
  /** Offset of the last record this controller wrote (its LeaderChange at first). */
  lastWrittenOffset: number;
  waiting: Waiting[];
  /** Trace events of its writes, emitted once they are committed. */
  onCommit: { offset: number; events: EngineEvent[] }[];
  /** The periodic preferred and unclean elections. */
  preferred: Schedule;
  unclean: Schedule;
}

export class QuorumController implements Actor {
  readonly id: NodeId;
  readonly nodeId: number;
  readonly node: ControllerNode;
  private committedImage: MetadataImage;
  private active: ActiveState | null = null;
  private context: ActorContext | null = null;
  private random: Random | null = null;
  private readonly timers = new TimerSlots('controller-timer');

  constructor(private readonly options: QuorumControllerOptions) {
    this.nodeId = options.nodeId;
    this.node = new ControllerNode({
      nodeId: options.nodeId,
      voters: options.voters,
      config: options.quorum,
      listener: {
        onCommit: bound<(records: readonly MetadataRecord[]) => void>(this, 'onCommit'),
        onLeaderChange: bound<(leader: LeaderAndEpoch) => void>(this, 'onLeaderChange'),
        onRestart: bound<() => void>(this, 'onRestart'),
      },
    });
    this.id = this.node.id;
    this.committedImage = this.bootstrapImage();
  }

  /** The committed metadata as this controller has applied it. */
  get image(): MetadataImage {
    return this.committedImage;
  }

  /** The image the active controller decides on (its own writes included); null on a standby. */
  get activeImage(): MetadataImage | null {
    return this.active?.image ?? null;
  }

  get isActive(): boolean {
    return this.claimed() !== null;
  }

  private get ctx(): ActorContext {
    if (this.context === null) throw new Error(`${this.id} used before start`);
    return this.context;
  }

  // --- the actor ---

  start(ctx: ActorContext): void {
    this.context = ctx;
    this.random ??= ctx.random.fork('placement');
    this.timers.forgetAll();
    this.active = null;
    this.node.start(ctx);
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    if (isControllerMessage(message)) {
      if (message.kind === 'controller-request') this.handleRequest(from, message);
      return;
    }
    this.node.onMessage(from, message, ctx);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (!this.timers.owns(payload)) return this.node.onTimer(payload, ctx);
    const name = this.timers.take(payload);
    const active = this.claimed();
    if (active === null) return;
    if (name === 'fence-check') this.fenceStaleBrokers();
    else if (name === 'preferred-election') this.balancePartitionLeaders(active);
    else if (name === 'unclean-election') this.electUncleanLeaders(active);
    this.afterWriteEvent();
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.node.onDisconnect(peer, ctx);
  }

  // --- operations the simulation calls directly (an admin tool next to the controller) ---

  /** CreateTopics; NOT_CONTROLLER unless this controller is active. */
  createTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig, autoCreated = false): control.CreateTopicOutcome {
    if (this.claimed() === null) return { ok: false, error: 'NOT_CONTROLLER', message: `controller ${this.nodeId} is not the active controller` };
    const result = control.createTopic(this.writer(), name, partitions, replicationFactor, config, this.random!, { autoCreated });
    this.afterWriteEvent();
    return result;
  }

  /** DeleteTopics: UNKNOWN_TOPIC_OR_PARTITION when there is no such topic, NOT_CONTROLLER unless active. */
  deleteTopic(name: string): 'NONE' | 'UNKNOWN_TOPIC_OR_PARTITION' | 'NOT_CONTROLLER' {
    if (this.claimed() === null) return 'NOT_CONTROLLER';
    const deleted = control.deleteTopic(this.writer(), name) !== undefined;
    this.afterWriteEvent();
    return deleted ? 'NONE' : 'UNKNOWN_TOPIC_OR_PARTITION';
  }

  /**
   * UnregisterBroker (KIP-631, kafka-cluster.sh unregister): the registration goes away with an
   * UnregisterBrokerRecord; BROKER_ID_NOT_REGISTERED when there is none, NOT_CONTROLLER unless active.
   */
  unregisterBroker(brokerId: number): 'NONE' | 'BROKER_ID_NOT_REGISTERED' | 'NOT_CONTROLLER' {
    if (this.claimed() === null) return 'NOT_CONTROLLER';
    const writer = this.writer();
    const registration = writer.image.brokers.get(brokerId);
    if (registration === undefined) return 'BROKER_ID_NOT_REGISTERED';
    writer.write([{ type: 'UnregisterBroker', brokerId, brokerEpoch: registration.brokerEpoch }]);
    this.active?.heartbeats.remove(brokerId);
    this.afterWriteEvent();
    return 'NONE';
  }

  // --- requests from brokers ---

  private handleRequest(from: NodeId, request: ControllerRequestEnvelope): void {
    const active = this.claimed();
    if (active === null) return this.respond(from, request, errorResponse(request, 'NOT_CONTROLLER'));
    const body = request.body;
    let answer: Answer;
    switch (body.api) {
      case 'BrokerRegistration':
        answer = this.registerBroker(active, body);
        break;
      case 'BrokerHeartbeat':
        answer = this.processHeartbeat(active, body);
        break;
      case 'AlterPartition': {
        const response = control.alterPartition(this.writer(), body);
        answer = () => response;
        break;
      }
      case 'CreateTopics': {
        const response = this.createTopics(body);
        answer = () => response;
        break;
      }
    }
    this.afterWriteEvent();
    // A refusal is answered at once; any other answer waits until everything this controller has
    // written so far is committed.
    const offset = active.lastWrittenOffset;
    if (answer.now === true || offset <= this.committedImage.lastAppliedOffset) return this.respond(from, request, answer());
    // Every answer is built from values fixed by now: building it now or at the commit is the same.
    active.waiting.push({ offset, from, request, body: answer() });
  }

  private respond(to: NodeId, request: ControllerRequestEnvelope, body: ControllerResponseBody): void {
    const response: ControllerResponseEnvelope = { kind: 'controller-response', correlationId: request.correlationId, body };
    this.ctx.send(to, response);
  }

  /** ClusterControlManager.registerBroker. */
  private registerBroker(active: ActiveState, request: BrokerRegistrationRequest): Answer<BrokerRegistrationResponse> {
    const now = this.ctx.nowMs;
    const existing = active.image.brokers.get(request.brokerId);
    if (existing !== undefined && existing.incarnationId !== request.incarnationId) {
      // Another process holds this broker id while its session lasts.
      if (active.heartbeats.hasValidSession(request.brokerId, now)) {
        return refusal({ api: 'BrokerRegistration', error: 'DUPLICATE_BROKER_REGISTRATION', brokerEpoch: -1 });
      }
      active.heartbeats.remove(request.brokerId);
    }
    const brokerEpoch = control.registerBroker(this.writer('session-timeout'), request.brokerId, request.incarnationId, request.previousBrokerEpoch);
    active.heartbeats.touch(request.brokerId, active.image.brokers.get(request.brokerId)!.fenced, -1, now);
    this.scheduleFenceCheck();
    return () => ({ api: 'BrokerRegistration', error: 'NONE', brokerEpoch });
  }

  /** ReplicationControlManager.processBrokerHeartbeat. */
  private processHeartbeat(active: ActiveState, request: BrokerHeartbeatRequest): Answer<BrokerHeartbeatResponse> {
    const registration = active.image.brokers.get(request.brokerId);
    if (registration === undefined || registration.brokerEpoch !== request.brokerEpoch) {
      return refusal({ api: 'BrokerHeartbeat', error: 'STALE_BROKER_EPOCH', isCaughtUp: false, isFenced: true, shouldShutDown: false });
    }
    const brokerId = request.brokerId;
    const heartbeats = active.heartbeats;
    const registrationOffset = registration.brokerEpoch;
    const { current, next } = heartbeats.nextState(brokerId, request, registrationOffset, () => active.image.leaderships(brokerId).length > 0);
    if (current !== next) {
      if (next === 'fenced') control.fenceBroker(this.writer('session-timeout'), brokerId);
      else if (next === 'unfenced') control.unfenceBroker(this.writer(), brokerId);
      else if (next === 'controlled-shutdown') control.enterControlledShutdown(this.writer(), brokerId);
      else control.fenceBroker(this.writer('shutdown'), brokerId);
    }
    const fenced = isFenced(next);
    heartbeats.touch(brokerId, fenced, request.currentMetadataOffset, this.ctx.nowMs);
    // processBatchEndOffset: the controlled shutdown is complete once every active broker has
    // applied the records that moved this broker's leaderships.
    if (next === 'controlled-shutdown') heartbeats.maybeUpdateControlledShutdownOffset(brokerId, active.lastWrittenOffset);
    this.scheduleFenceCheck();
    const isCaughtUp = request.currentMetadataOffset >= registrationOffset;
    return () => ({ api: 'BrokerHeartbeat', error: 'NONE', isCaughtUp, isFenced: fenced, shouldShutDown: next === 'shutdown-now' });
  }

  private createTopics(request: CreateTopicsRequest): CreateTopicsResponse {
    const settings = this.options.settings;
    return {
      api: 'CreateTopics',
      topics: request.topics.map((t) => {
        const partitions = t.numPartitions === -1 ? settings.numPartitions : t.numPartitions;
        const replicationFactor = t.replicationFactor === -1 ? settings.defaultReplicationFactor : t.replicationFactor;
        const result = this.createTopic(t.name, partitions, replicationFactor, resolveTopicConfig(settings.topicDefaults, t.configs ?? {}), true);
        return { name: t.name, error: result.ok ? 'NONE' : result.error };
      }),
    };
  }

  // --- sessions ---

  /** rescheduleMaybeFenceStaleBrokers: wake up when the next session may run out. */
  private scheduleFenceCheck(): void {
    const next = this.active?.heartbeats.nextCheckTimeMs() ?? null;
    if (next === null) return this.timers.cancel(this.ctx, 'fence-check');
    this.timers.set(this.ctx, 'fence-check', Math.max(0, next - this.ctx.nowMs));
  }

  /** maybeFenceOneStaleBroker, once per stale broker: it leaves every ISR and is fenced. */
  private fenceStaleBrokers(): void {
    const active = this.active;
    if (active === null) return;
    for (const brokerId of active.heartbeats.staleBrokers(this.ctx.nowMs)) {
      control.fenceBroker(this.writer('session-timeout'), brokerId);
      active.heartbeats.fence(brokerId);
    }
    this.scheduleFenceCheck();
  }

  // --- periodic elections (QuorumController.maybeScheduleNextBalancePartitionLeaders and
  // maybeScheduleNextElectUncleanLeaders, checked after every write event) ---

  private afterWriteEvent(): void {
    const active = this.active;
    if (active === null) return;
    const settings = this.options.settings;
    if (active.preferred !== 'scheduled' && settings.autoLeaderRebalanceEnable && control.hasImbalancedLeaders(active.image)) {
      this.timers.set(this.ctx, 'preferred-election', active.preferred === 'immediately' ? IMMEDIATE_RERUN_MS : settings.leaderImbalanceCheckIntervalMs);
      active.preferred = 'scheduled';
    }
    if (active.unclean !== 'scheduled' && control.hasLeaderlessPartitions(active.image)) {
      this.timers.set(this.ctx, 'unclean-election', active.unclean === 'immediately' ? IMMEDIATE_RERUN_MS : settings.uncleanLeaderElectionIntervalMs);
      active.unclean = 'scheduled';
    }
  }

  /** maybeBalancePartitionLeaders: partitions go back to their preferred replica (KRaft ignores leader.imbalance.per.broker.percentage). */
  private balancePartitionLeaders(active: ActiveState): void {
    const elected = control.electPreferredLeaders(this.writer(), MAX_ELECTIONS_PER_RUN);
    active.preferred = elected >= MAX_ELECTIONS_PER_RUN ? 'immediately' : 'deferred';
  }

  /** maybeElectUncleanLeaders: leaderless partitions of topics with unclean.leader.election.enable. */
  private electUncleanLeaders(active: ActiveState): void {
    const elected = control.electUncleanLeaders(this.writer(), MAX_ELECTIONS_PER_RUN);
    active.unclean = elected >= MAX_ELECTIONS_PER_RUN ? 'immediately' : 'deferred';
  }

  // --- the metadata log ---

  /** Writes through the quorum and applies at once to the working image. */
  private writer(fenceReason: FenceReason = 'session-timeout'): control.MetadataWriter {
    const active = this.active;
    if (active === null) throw new Error(`${this.id} wrote while not active`);
    const node = this.node;
    return {
      image: active.image,
      get nextOffset() {
        return node.nextWriteOffset() ?? -1;
      },
      write: (records) => {
        if (records.length === 0) return;
        const result = node.propose(records);
        if (!result.ok) throw new Error(`${this.id}: the active controller's proposal was refused (${result.error})`);
        const changes: MetadataChange[] = [];
        records.forEach((record, i) => {
          const change = active.image.replay(record, result.baseOffset + i);
          if (change !== null) changes.push(change);
        });
        active.lastWrittenOffset = result.lastOffset;
        active.onCommit.push({ offset: result.lastOffset, events: changes.flatMap((c) => traceOf(c, fenceReason)) });
      },
    };
  }

  private onCommit(records: readonly MetadataRecord[]): void {
    for (const record of records) {
      this.committedImage.replay(record, record.offset);
      const epoch = this.node.election.epoch;
      if (this.active === null && record.type === 'LeaderChange' && record.leaderId === this.nodeId && record.epoch === epoch && this.node.isActiveController()) {
        this.activate(epoch, record.offset);
      }
    }
    const active = this.active;
    if (active === null) return;
    const committed = this.committedImage.lastAppliedOffset;
    while (active.onCommit.length > 0 && active.onCommit[0]!.offset <= committed) {
      for (const event of active.onCommit.shift()!.events) this.ctx.emit(event);
    }
    const ready = active.waiting.filter((w) => w.offset <= committed);
    active.waiting = active.waiting.filter((w) => w.offset > committed);
    for (const waiting of ready) this.respond(waiting.from, waiting.request, waiting.body);
  }

  /** QuorumController claims leadership: a working copy of the committed image and fresh sessions. */
  private activate(epoch: number, leaderChangeOffset: number): void {
    const image = this.committedImage.clone();
    const heartbeats = new BrokerHeartbeatManager(this.options.settings.brokerSessionTimeoutMs);
    for (const broker of image.brokers.values()) heartbeats.touch(broker.brokerId, broker.fenced, -1, this.ctx.nowMs);
    this.active = { epoch, image, heartbeats, lastWrittenOffset: leaderChangeOffset, waiting: [], onCommit: [], preferred: 'deferred', unclean: 'deferred' };
    this.scheduleFenceCheck();
    this.afterWriteEvent();
  }

  private onLeaderChange(leader: LeaderAndEpoch): void {
    const active = this.active;
    if (active === null || (leader.leaderId === this.nodeId && leader.epoch === active.epoch)) return;
    this.renounce();
  }

  /**
   * The active state, if this node still leads the epoch it claimed; a leader that resigned
   * (check-quorum) is told so only by its next write in Kafka (NotLeaderException), and renounces.
   */
  private claimed(): ActiveState | null {
    const active = this.active;
    if (active === null) return null;
    if (this.node.isActiveController() && this.node.election.epoch === active.epoch) return active;
    this.renounce();
    return null;
  }

  /** QuorumController.renounce: what was not committed is forgotten; waiting brokers try again. */
  private renounce(): void {
    const active = this.active;
    if (active === null) return;
    this.active = null;
    this.timers.cancelAll(this.ctx);
    for (const waiting of active.waiting) this.respond(waiting.from, waiting.request, errorResponse(waiting.request, 'NOT_CONTROLLER'));
  }

  private onRestart(): void {
    this.committedImage = this.bootstrapImage();
    this.active = null;
  }

  private bootstrapImage(): MetadataImage {
    const image = new MetadataImage(this.options.settings.topicDefaults);
    image.eligibleLeaderReplicasEnabled = this.options.settings.eligibleLeaderReplicasEnable ?? false;
    for (const record of this.options.bootstrap) image.replay(record, -1);
    return image;
  }
}

/** How a request is answered: a function building the answer, and whether it goes out at once. */
type Answer<B extends ControllerResponseBody = ControllerResponseBody> = (() => B) & { now?: boolean };

function refusal<B extends ControllerResponseBody>(body: B): Answer<B> {
  return Object.assign(() => body, { now: true });
}

function isFenced(state: BrokerControlState): boolean {
  return state === 'fenced' || state === 'shutdown-now';
}

function errorResponse(request: ControllerRequestEnvelope, error: 'NOT_CONTROLLER'): ControllerResponseBody {
  const body = request.body;
  switch (body.api) {
    case 'BrokerRegistration':
      return { api: 'BrokerRegistration', error, brokerEpoch: -1 };
    case 'BrokerHeartbeat':
      return { api: 'BrokerHeartbeat', error, isCaughtUp: false, isFenced: true, shouldShutDown: false };
    case 'AlterPartition':
      return alterPartitionError(body, error);
    case 'CreateTopics':
      return { api: 'CreateTopics', topics: body.topics.map((t) => ({ name: t.name, error })) };
  }
}

function alterPartitionError(request: AlterPartitionRequest, error: 'NOT_CONTROLLER'): AlterPartitionResponse {
  return {
    api: 'AlterPartition',
    topics: request.topics.map((t) => ({
      topicName: t.topicName,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, error, leaderId: -1, leaderEpoch: -1, isr: [], partitionEpoch: -1 })),
    })),
  };
}

/** The trace events of a committed change, written by the active controller. */
function traceOf(change: MetadataChange, fenceReason: FenceReason): EngineEvent[] {
  switch (change.type) {
    case 'topic-created': {
      const t = change.topic;
      return [{ type: 'topic-created', topic: t.name, partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0, autoCreated: change.autoCreated }];
    }
    case 'topic-deleted':
      return [{ type: 'topic-deleted', topic: change.topic.name }];
    case 'partition-changed': {
      const p = change.partition;
      if (p.leader === change.previousLeader) return [];
      return [{ type: 'leader-changed', topic: p.topic, partition: p.partition, leader: p.leader, previousLeader: change.previousLeader, leaderEpoch: p.leaderEpoch, isr: [...p.isr] }];
    }
    case 'broker-changed': {
      const { broker, previous } = change;
      if (previous === undefined || previous.incarnationId !== broker.incarnationId) {
        return [{ type: 'broker-registered', broker: broker.brokerId, brokerEpoch: broker.brokerEpoch }];
      }
      if (broker.fenced && !previous.fenced) return [{ type: 'broker-fenced', broker: broker.brokerId, reason: fenceReason }];
      if (!broker.fenced && previous.fenced) return [{ type: 'broker-unfenced', broker: broker.brokerId }];
      if (broker.inControlledShutdown && !previous.inControlledShutdown) return [{ type: 'broker-controlled-shutdown', broker: broker.brokerId }];
      return [];
    }
    case 'partition-created':
      return [];
  }
}
