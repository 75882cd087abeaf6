// createSimulation: builds the cluster and the clients of a scenario on a kernel, runs its
// schedule, applies user actions (each recorded with its virtual time) and reports snapshots.
import { Kernel } from './kernel/index.ts';
import type { TraceEvent } from './kernel/types.ts';
import type { ActionResult, Simulation } from './api.ts';
import type { EngineEvent } from './events.ts';
import { actionSchema, type Action, type Scenario, type TopicSpec } from './scenario/schema.ts';
import { resolveBrokerConfig, type BrokerConfig } from './config/broker-config.ts';
import { resolveTopicConfig } from './config/topic-config.ts';
import { PRODUCER_ID_BLOCK_SIZE } from './controller/cluster-metadata.ts';
import { MetadataImage } from './controller/metadata-image.ts';
import { QuorumController } from './controller/quorum-controller.ts';
import { controllerNode } from './controller/quorum/index.ts';
import * as control from './controller/replication-control.ts';
import type { MetadataRecordBody } from './controller/quorum/records.ts';
import { Broker, brokerNode, type ConnectionControl } from './broker/broker.ts';
import { BrokerDisk } from './broker/broker-disk.ts';
import { MemoryStorage, type LogStorage } from './log/index.ts';
import { KraftBrokerMetadata, MetadataLogDir, type KraftSettings } from './broker/kraft-metadata.ts';
import type { Producer } from './clients/producer/producer.ts';
import { estimateRecordSize } from './clients/producer/producer-batch.ts';
import type { Consumer } from './clients/consumer/consumer.ts';
import { createConsumer, createProducer, type ClientFactory, type ClientSpec } from './scene/clients.ts';
import { bound, boundFn, registerFunctions } from './snapshot/bound.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { HistoryReport, PartitionDigests } from './check/index.ts';
import type { RecordMatch, RecordQuery } from './goals/log-search.ts';
import type { InspectQuery, InspectResult } from './inspect/types.ts';
import { applySceneAction, isSceneAction } from './scene/actions.ts';
import { buildSnapshot } from './snapshot-builder.ts';
import { History, checkHistory } from './check/index.ts';
import { collectDigests, collectFinalLogs } from './final-logs.ts';
import { findRecords } from './goals/log-search.ts';
import { inspect } from './inspect/index.ts';
import { localReplica } from './local-replica.ts';

/** controller.socket.timeout.ms: the request timeout of the broker-to-controller channels. */
const CONTROLLER_SOCKET_TIMEOUT_MS = 30_000;
/**
 * node.id of the first controller; the others follow. Brokers are numbered from 0, and node ids
 * are unique across a KRaft cluster (a broker's id is its replica id when it fetches the metadata).
 */
export const CONTROLLER_ID_BASE = 100;
const TRACE_LIMIT = 5000;
const MAX_EVENTS_PER_RUN = 50_000_000;
const MAX_INPUTS = 100_000;

const utf8 = new TextEncoder();

/** A broker machine: its disk and metadata log survive its processes. */
export interface BrokerSlot {
  disk: BrokerDisk;
  logDir: MetadataLogDir;
  actor: Broker;
  /** The current process's metadata and control plane. */
  kraft: KraftBrokerMetadata;
  /** The process runs (it may still be registering or starting). */
  up: boolean;
  /** Processes started so far: the incarnation id of the current one. */
  incarnation: number;
}

export interface SimulationParts {
  kernel: Kernel;
  /** The committed metadata, as the controller that has applied the most of it sees it. */
  readonly metadata: MetadataImage;
  brokerConfig: BrokerConfig;
  controllers: QuorumController[];
  kraftSettings: KraftSettings;
  brokers: Map<number, BrokerSlot>;
  producers: Map<string, Producer>;
  consumers: Map<string, Consumer>;
  /** Builds a fresh process of a client (for restart-client), replacing it in its map. */
  clientFactories: Map<string, ClientFactory>;
  /** Each client's spec, as added or last reconfigured. */
  clientSpecs: Map<string, ClientSpec>;
  /** Clients being closed (remove-client, reconfigure-client): no other action may touch them meanwhile. */
  closingClients: Set<string>;
  /** How brokers reset each other's connections (shared by every broker and client). */
  connections: ConnectionControl;
  /** Links cut by actions, so that heal-network can mend them. */
  cutLinks: Map<string, [string, string]>;
  /** What every client was told and did, for the history checker. */
  history: History;
  /** The log directory of a new broker machine (SimulationOptions.brokerStorage). */
  brokerStorage: (brokerId: number) => LogStorage;
}

/** How a simulation is built, beyond its scenario. None of it changes what happens in it. */
export interface SimulationOptions {
  /**
   * Gives each broker machine its log directory, called once per machine (an added broker is a new
   * machine: an empty directory). Default: memory. The trace is the same whatever it returns.
   */
  brokerStorage?: (brokerId: number) => LogStorage;
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const network = scenario.cluster.network ?? { latencyMs: 1, jitterMs: 0.5 };
  const kernel = new Kernel({
    seed: scenario.seed,
    network: { defaultLink: { latencyMs: network.latencyMs, jitterMs: network.jitterMs }, maxInFlight: 1_000_000 },
    traceLimit: TRACE_LIMIT,
    maxEventsPerRun: MAX_EVENTS_PER_RUN,
  });
  const brokerConfig = resolveBrokerConfig(scenario.cluster.config ?? {});
  const brokerIds = Array.from({ length: scenario.cluster.brokers }, (_, i) => i);
  const controllerIds = Array.from({ length: scenario.cluster.controllers }, (_, i) => CONTROLLER_ID_BASE + i);
  const connections = new KernelConnections(kernel);
  const bootstrap = bootstrapRecords(brokerIds, scenario.topics, brokerConfig, kernel);
  const kraftSettings: KraftSettings = {
    voters: controllerIds,
    topicDefaults: brokerConfig.topicDefaults,
    bootstrap,
    heartbeatIntervalMs: brokerConfig.brokerHeartbeatIntervalMs,
    sessionTimeoutMs: brokerConfig.brokerSessionTimeoutMs,
    controllerSocketTimeoutMs: CONTROLLER_SOCKET_TIMEOUT_MS,
    initialRegistrationTimeoutMs: brokerConfig.initialBrokerRegistrationTimeoutMs,
    allocateProducerIdBlock: bound(new ProducerIdBlocks(), 'allocate'),
  };
  const controllers = controllerIds.map(
    (nodeId) =>
      new QuorumController({
        nodeId,
        voters: controllerIds,
        bootstrap,
        settings: {
          brokerSessionTimeoutMs: brokerConfig.brokerSessionTimeoutMs,
          topicDefaults: brokerConfig.topicDefaults,
          numPartitions: brokerConfig.numPartitions,
          defaultReplicationFactor: brokerConfig.defaultReplicationFactor,
          autoLeaderRebalanceEnable: brokerConfig.autoLeaderRebalanceEnable,
          leaderImbalanceCheckIntervalMs: brokerConfig.leaderImbalanceCheckIntervalMs,
          uncleanLeaderElectionIntervalMs: brokerConfig.uncleanLeaderElectionIntervalMs,
          eligibleLeaderReplicasEnable: brokerConfig.eligibleLeaderReplicasEnable,
        },
      }),
  );
  const parts = new Parts(kernel, brokerConfig, controllers, kraftSettings, connections, options.brokerStorage ?? boundFn(memoryStorage));

  // Controllers first: a broker's first metadata fetch goes to one of them.
  for (const controller of controllers) kernel.addActor(controller);
  for (const id of brokerIds) {
    const disk = new BrokerDisk(parts.brokerStorage(id));
    const logDir = new MetadataLogDir(id, kraftSettings);
    // The brokers of the bootstrap snapshot are registered and unfenced when the simulation begins.
    const kraft = new KraftBrokerMetadata(id, 0, logDir, kraftSettings, { brokerEpoch: -1 }, boundFn(shutdownGranted, parts, id, 0));
    const actor = new Broker(id, brokerConfig, kraft, disk, connections);
    parts.brokers.set(id, { disk, logDir, actor, kraft, up: true, incarnation: 0 });
    kernel.addActor(actor);
  }
  for (const spec of scenario.producers) kernel.addActor(createProducer(parts, spec));
  for (const spec of scenario.consumers) kernel.addActor(createConsumer(parts, spec));

  const simulation = new EngineSimulation(scenario.seed, parts);
  for (const entry of scenario.schedule) kernel.scheduleAt(entry.atMs, bound(simulation, 'applyScheduled', entry.action));
  return simulation;
}

/** The parts of one simulation (a class: a captured simulation holds no closures, see sim/snapshot). */
class Parts implements SimulationParts {
  brokers = new Map<number, BrokerSlot>();
  producers = new Map<string, Producer>();
  consumers = new Map<string, Consumer>();
  clientFactories = new Map<string, ClientFactory>();
  clientSpecs = new Map<string, ClientSpec>();
  closingClients = new Set<string>();
  cutLinks = new Map<string, [string, string]>();
  history = new History();
  /** committedMetadata's previous answer. */
  private latestMetadata: MetadataImage | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly brokerConfig: BrokerConfig,
    readonly controllers: QuorumController[],
    readonly kraftSettings: KraftSettings,
    readonly connections: ConnectionControl,
    readonly brokerStorage: (brokerId: number) => LogStorage,
  ) {}

  get metadata(): MetadataImage {
    this.latestMetadata = committedMetadata(this.controllers, this.latestMetadata);
    return this.latestMetadata;
  }
}

/** How brokers reset each other's connections: through the kernel's network. */
class KernelConnections implements ConnectionControl {
  constructor(private readonly kernel: Kernel) {}

  closeConnection(a: string, b: string): void {
    this.kernel.network.resetConnection(a, b);
  }
}

/** A stand-in for AllocateProducerIds: blocks never handed out twice, cluster-wide. */
class ProducerIdBlocks {
  private next = 0;

  allocate(brokerId: number): { brokerId: number; firstProducerId: number; size: number } {
    const firstProducerId = this.next;
    this.next += PRODUCER_ID_BLOCK_SIZE;
    return { brokerId, firstProducerId, size: PRODUCER_ID_BLOCK_SIZE };
  }
}

function memoryStorage(): LogStorage {
  return new MemoryStorage();
}

class EngineSimulation implements Simulation {
  private readonly recorded: { timeMs: number; action: Action }[] = [];

  constructor(
    readonly seed: number,
    readonly parts: Parts,
  ) {}

  private get kernel(): Kernel {
    return this.parts.kernel;
  }

  nowMs(): number {
    return this.kernel.nowMs;
  }

  eventCount(): number {
    return this.kernel.eventCount;
  }

  step(): boolean {
    return this.kernel.step();
  }

  runFor(durationMs: number): void {
    this.kernel.runFor(durationMs);
  }

  runUntil(timeMs: number): void {
    this.kernel.runUntil(timeMs);
  }

  apply(action: Action): ActionResult {
    if (this.recorded.length >= MAX_INPUTS) return { ok: false, error: 'TOO_MANY_INPUTS', message: `more than ${MAX_INPUTS} inputs in one session (seed ${this.seed})` };
    const result = applyAction(this.parts, action);
    if (result.ok) this.recorded.push({ timeMs: this.kernel.nowMs, action });
    return result;
  }

  /** A scenario's schedule entry, due now. */
  applyScheduled(action: Action): void {
    this.apply(action);
  }

  snapshot(): ClusterSnapshot {
    return buildSnapshot(this.parts);
  }

  traceHash(): string {
    return this.kernel.trace.hash();
  }

  setTraceListener(listener: ((event: TraceEvent) => void) | null): void {
    this.kernel.trace.setListener(listener);
  }

  traceEvents(sinceSeq = 0): TraceEvent[] {
    return this.kernel.trace.since(sinceSeq);
  }

  inputs(): { timeMs: number; action: Action }[] {
    return this.recorded.map((i) => ({ ...i }));
  }

  check(): HistoryReport {
    return checkHistory(this.parts.history, collectFinalLogs(this.parts));
  }

  replicaDigests(): PartitionDigests[] {
    return collectDigests(this.parts);
  }

  findRecords(query: RecordQuery): RecordMatch[] {
    return findRecords(this.parts, query);
  }

  inspect(query: InspectQuery): InspectResult {
    return inspect(query, (r) => localReplica(this.parts, r.broker, r.topic, r.partition));
  }
}

/**
 * The metadata the cluster starts from, as a bootstrap snapshot every controller and broker loads:
 * the brokers registered and unfenced, the scenario's topics placed (Kafka's format tool writes only
 * features; the engine starts from a cluster that is already up, with its topics).
 */
function bootstrapRecords(brokerIds: number[], topics: readonly TopicSpec[], brokerConfig: BrokerConfig, kernel: Kernel): MetadataRecordBody[] {
  const records: MetadataRecordBody[] = [];
  const image = new MetadataImage(brokerConfig.topicDefaults);
  const writer: control.MetadataWriter = {
    image,
    nextOffset: -1,
    write: (batch) => {
      for (const record of batch) {
        image.replay(record, -1);
        records.push(record);
      }
    },
  };
  writer.write(brokerIds.map((brokerId) => ({ type: 'RegisterBroker', brokerId, brokerEpoch: -1, incarnationId: 0, rack: null, fenced: false })));
  const random = kernel.random.fork('controller');
  for (const spec of topics) {
    const config = resolveTopicConfig(brokerConfig.topicDefaults, spec.configs ?? {});
    control.createTopic(writer, spec.name, spec.partitions, spec.replicationFactor ?? brokerConfig.defaultReplicationFactor, config, random);
  }
  return records;
}

/**
 * The committed image of the controller that has applied the most of the log, up or down. Every
 * committed log is a prefix of the same history, so the furthest is the truth; `previous` keeps it
 * while a restarted controller replays its log from the start (it replaces its image by a new one).
 */
function committedMetadata(controllers: readonly QuorumController[], previous: MetadataImage | null): MetadataImage {
  let best = previous ?? controllers[0]!.image;
  for (const controller of controllers) if (controller.image.lastAppliedOffset > best.lastAppliedOffset) best = controller.image;
  return best;
}

export function activeController(parts: SimulationParts): QuorumController | undefined {
  return parts.controllers.find((c) => c.isActive && parts.kernel.isUp(c.id));
}

function createTopic(parts: SimulationParts, spec: TopicSpec): ActionResult {
  const { brokerConfig } = parts;
  const controller = activeController(parts);
  if (controller === undefined) return { ok: false, error: 'NOT_CONTROLLER', message: 'no active controller right now (an election may be under way); try again' };
  const config = resolveTopicConfig(brokerConfig.topicDefaults, spec.configs ?? {});
  const result = controller.createTopic(spec.name, spec.partitions, spec.replicationFactor ?? brokerConfig.defaultReplicationFactor, config);
  return result.ok ? { ok: true } : { ok: false, error: result.error, message: result.message };
}

function applyAction(parts: SimulationParts, action: Action): ActionResult {
  const { kernel } = parts;
  // Actions also come from the app over comlink, unchecked by any type: validate them here.
  const parsed = actionSchema.safeParse(action);
  if (!parsed.success) {
    return { ok: false, error: 'INVALID_REQUEST', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  if (isSceneAction(action)) return applySceneAction(parts, parsed.data as typeof action);
  const touched = clientOf(action);
  if (touched !== null && parts.closingClients.has(touched)) {
    return { ok: false, error: 'CLIENT_CLOSING', message: `client ${touched} is being closed; wait until it has closed` };
  }
  switch (action.type) {
    case 'produce': {
      const producer = parts.producers.get(action.producer);
      if (!producer) return unknown('producer', action.producer);
      const record = {
        key: action.key == null ? null : utf8.encode(action.key),
        keyText: action.key ?? null,
        value: action.value == null ? null : utf8.encode(action.value),
        headers: (action.headers ?? []).map((h) => ({ key: h.key, value: h.value === null ? null : utf8.encode(h.value) })),
        partition: action.partition,
        byHand: true,
      };
      // KafkaProducer.ensureValidRecordSize: a record larger than max.request.size never leaves the client.
      const size = estimateRecordSize(record) + 61;
      if (size > producer.config.maxRequestSize) {
        return { ok: false, error: 'MESSAGE_TOO_LARGE', message: `the record is ${size} bytes when serialized, larger than max.request.size ${producer.config.maxRequestSize}` };
      }
      if (!kernel.isUp(producer.id)) return { ok: false, error: 'CLIENT_CRASHED', message: `producer ${action.producer} is not running` };
      producer.send(record);
      return { ok: true };
    }
    case 'create-topic':
      return createTopic(parts, action.topic);
    case 'delete-topic': {
      const controller = activeController(parts);
      if (controller === undefined) return { ok: false, error: 'NOT_CONTROLLER', message: 'no active controller right now (an election may be under way); try again' };
      return controller.deleteTopic(action.name) === 'NONE'
        ? { ok: true }
        : { ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION', message: `no topic "${action.name}"` };
    }
    case 'crash-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (!broker.up) return { ok: false, error: 'BROKER_NOT_RUNNING', message: `broker ${action.broker} is already down` };
      // The controller notices only when the broker's heartbeats stop for broker.session.timeout.ms.
      stopBroker(parts, action.broker, 'crash');
      return { ok: true };
    }
    case 'power-loss': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (!broker.up) return { ok: false, error: 'BROKER_NOT_RUNNING', message: `broker ${action.broker} is already down` };
      stopBroker(parts, action.broker, 'power-loss');
      for (const lost of broker.disk.losePower(kernel.nowMs)) {
        const cut = lost.dir.lastIndexOf('-');
        kernel.emit(
          { type: 'page-cache-lost', broker: action.broker, topic: lost.dir.slice(0, cut), partition: Number(lost.dir.slice(cut + 1)), fromOffset: lost.fromOffset, toOffset: lost.toOffset } satisfies EngineEvent,
          broker.actor.id,
        );
      }
      return { ok: true };
    }
    case 'shutdown-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (!broker.up) return { ok: false, error: 'BROKER_NOT_RUNNING', message: `broker ${action.broker} is not running` };
      const state = broker.kraft.state;
      if (state === 'pending-controlled-shutdown' || state === 'shutting-down') {
        return { ok: false, error: 'BROKER_SHUTTING_DOWN', message: `broker ${action.broker} is already shutting down` };
      }
      // BrokerServer.shutdown: a controlled shutdown through the controller, given at most
      // broker.session.timeout.ms before the process stops anyway.
      const incarnation = broker.incarnation;
      broker.kraft.beginControlledShutdown();
      kernel.schedule(parts.brokerConfig.brokerSessionTimeoutMs, boundFn(stopIncarnation, parts, action.broker, incarnation, 'shutdown'));
      return { ok: true };
    }
    case 'restart-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (broker.up) return { ok: false, error: 'BROKER_RUNNING', message: `broker ${action.broker} is running` };
      // A new process registers; while the old one's session lasts the controller refuses it
      // (DUPLICATE_BROKER_REGISTRATION) and it tries again (ClusterControlManager.registerBroker).
      startBroker(parts, action.broker);
      return { ok: true };
    }
    case 'slow-disk':
    case 'heal-disk': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (action.type === 'heal-disk' && broker.disk.appendLatencyMs === 0) {
        return { ok: false, error: 'DISK_NOT_SLOW', message: `the disk of broker ${action.broker} is not slow` };
      }
      // The disk is the machine's: slow whether the process runs or not, and across restarts.
      broker.disk.appendLatencyMs = action.type === 'slow-disk' ? action.latencyMs : 0;
      kernel.emit(
        action.type === 'slow-disk'
          ? ({ type: 'broker-disk-slowed', broker: action.broker, latencyMs: action.latencyMs } satisfies EngineEvent)
          : ({ type: 'broker-disk-healed', broker: action.broker } satisfies EngineEvent),
        broker.actor.id,
      );
      return { ok: true };
    }
    case 'crash-controller':
    case 'restart-controller': {
      const controller = parts.controllers[action.controller];
      if (!controller) {
        return { ok: false, error: 'UNKNOWN_CONTROLLER', message: `no controller ${action.controller} (controllers are numbered 0 to ${parts.controllers.length - 1})` };
      }
      const up = kernel.isUp(controller.id);
      if (action.type === 'crash-controller') {
        if (!up) return { ok: false, error: 'CONTROLLER_NOT_RUNNING', message: `controller ${action.controller} is already down` };
        kernel.crash(controller.id);
      } else {
        if (up) return { ok: false, error: 'CONTROLLER_RUNNING', message: `controller ${action.controller} is running; crash it first` };
        // The same process state on disk: the metadata log and the quorum-state file survive.
        kernel.restart(controller.id);
      }
      return { ok: true };
    }
    case 'pause-producer':
    case 'resume-producer': {
      const producer = parts.producers.get(action.producer);
      if (!producer) return unknown('producer', action.producer);
      producer.paused = action.type === 'pause-producer';
      kernel.emit({ type: producer.paused ? 'client-paused' : 'client-resumed', client: action.producer } satisfies EngineEvent, producer.id);
      return { ok: true };
    }
    case 'pause-consumer':
    case 'resume-consumer': {
      const consumer = parts.consumers.get(action.consumer);
      if (!consumer) return unknown('consumer', action.consumer);
      kernel.emit({ type: action.type === 'pause-consumer' ? 'client-paused' : 'client-resumed', client: action.consumer } satisfies EngineEvent, consumer.id);
      if (action.type === 'pause-consumer') consumer.pause();
      else consumer.resume();
      return { ok: true };
    }
    case 'crash-client':
    case 'restart-client': {
      const client = parts.producers.get(action.client) ?? parts.consumers.get(action.client);
      if (!client) return unknown('client', action.client);
      const up = kernel.isUp(client.id);
      if (action.type === 'crash-client') {
        if (!up) return { ok: false, error: 'CLIENT_CRASHED', message: `client ${action.client} is already down` };
        kernel.crash(client.id);
      } else {
        if (up) return { ok: false, error: 'CLIENT_RUNNING', message: `client ${action.client} is running; crash it first` };
        kernel.restart(client.id, parts.clientFactories.get(action.client)!.make());
      }
      return { ok: true };
    }
    case 'isolate-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      const others = kernel.nodeIds().filter((id) => id !== broker.actor.id);
      kernel.network.partition([broker.actor.id], others);
      return { ok: true };
    }
    case 'split-network': {
      const bad = checkNodes(kernel, [...action.sideA, ...action.sideB]);
      if (bad) return bad;
      const overlap = action.sideA.find((id) => action.sideB.includes(id));
      if (overlap) return { ok: false, error: 'INVALID_FAULT', message: `node ${overlap} cannot be on both sides` };
      kernel.network.partition(action.sideA, action.sideB);
      return { ok: true };
    }
    case 'heal-network': {
      kernel.network.heal();
      for (const [a, b] of parts.cutLinks.values()) kernel.network.healLink(a, b);
      parts.cutLinks.clear();
      return { ok: true };
    }
    case 'cut-link':
    case 'heal-link':
    case 'slow-link': {
      const bad = checkNodes(kernel, [action.a, action.b]);
      if (bad) return bad;
      if (action.a === action.b) return { ok: false, error: 'INVALID_FAULT', message: 'a link joins two different nodes' };
      const key = [action.a, action.b].sort().join('|');
      if (action.type === 'cut-link') {
        kernel.network.cutLink(action.a, action.b);
        parts.cutLinks.set(key, [action.a, action.b]);
      } else if (action.type === 'heal-link') {
        kernel.network.healLink(action.a, action.b);
        parts.cutLinks.delete(key);
      } else {
        kernel.network.setLink(action.a, action.b, { latencyMs: action.latencyMs, jitterMs: action.jitterMs ?? 0 });
      }
      return { ok: true };
    }
  }
}

/** The client an ordinary action acts on, if any. */
function clientOf(action: Action): string | null {
  if ('producer' in action && typeof action.producer === 'string') return action.producer;
  if ('consumer' in action && typeof action.consumer === 'string') return action.consumer;
  if ('client' in action) return action.client;
  return null;
}

function checkNodes(kernel: Kernel, ids: string[]): ActionResult | null {
  const known = new Set(kernel.nodeIds());
  const missing = ids.find((id) => !known.has(id));
  return missing === undefined ? null : { ok: false, error: 'UNKNOWN_NODE', message: `no node "${missing}" in the simulation` };
}

/** A new process of a broker starts over its disk and metadata log; it registers and catches up. */
export function startBroker(parts: SimulationParts, brokerId: number): void {
  const broker = parts.brokers.get(brokerId)!;
  broker.up = true;
  broker.incarnation += 1;
  const incarnation = broker.incarnation;
  broker.kraft = new KraftBrokerMetadata(brokerId, incarnation, broker.logDir, parts.kraftSettings, null, boundFn(shutdownGranted, parts, brokerId, incarnation));
  broker.actor = new Broker(brokerId, parts.brokerConfig, broker.kraft, broker.disk, broker.actor.connections);
  parts.kernel.restart(brokerNode(brokerId), broker.actor);
}

/** The process stops: at once for a crash; after its last checkpoint for a shutdown. */
export function stopBroker(parts: SimulationParts, brokerId: number, reason: 'crash' | 'shutdown' | 'power-loss' | 'registration-timeout'): void {
  const broker = parts.brokers.get(brokerId)!;
  broker.up = false;
  parts.kernel.emit({ type: 'broker-stopped', broker: brokerId, reason } satisfies EngineEvent, broker.actor.id);
  // ReplicaManager.shutdown writes the HW checkpoint on a clean stop, and the log manager the clean
  // shutdown file with the broker epoch (KIP-966).
  if (reason === 'shutdown') {
    broker.actor.checkpointHighWatermarks();
    broker.logDir.cleanShutdownBrokerEpoch = broker.kraft.lifecycle.brokerEpoch;
  }
  parts.kernel.crash(broker.actor.id);
  broker.actor.stop();
}

/**
 * The controller let the broker go (shouldShutDown), or the process gave up registering: it stops
 * once the current event is over.
 */
export function shutdownGranted(parts: SimulationParts, brokerId: number, incarnation: number, reason: 'shutdown' | 'registration-timeout'): void {
  parts.kernel.schedule(0, boundFn(stopIncarnation, parts, brokerId, incarnation, reason));
}

/** Stops the broker's process if it is still the one numbered `incarnation`. */
function stopIncarnation(parts: SimulationParts, brokerId: number, incarnation: number, reason: 'shutdown' | 'registration-timeout'): void {
  const broker = parts.brokers.get(brokerId)!;
  if (broker.up && broker.incarnation === incarnation) stopBroker(parts, brokerId, reason);
}

registerFunctions('simulation', { memoryStorage, shutdownGranted, stopIncarnation });

export function unknown(kind: string, id: string): ActionResult {
  return { ok: false, error: 'UNKNOWN_CLIENT', message: `no ${kind} "${id}" in the simulation` };
}

export const simulationClasses = { Parts, KernelConnections, ProducerIdBlocks, EngineSimulation };
