// createSimulation: builds the cluster and the clients of a scenario on a kernel, runs its
// schedule, applies user actions (each recorded with its virtual time) and reports snapshots.
import { Kernel } from './kernel/index.ts';
import type { TraceEvent } from './kernel/types.ts';
import type { ActionResult, Simulation } from './api.ts';
import type { EngineEvent } from './events.ts';
import type { Action, Scenario, TopicSpec } from './scenario/schema.ts';
import { resolveBrokerConfig, type BrokerConfig } from './config/broker-config.ts';
import { resolveTopicConfig } from './config/topic-config.ts';
import { resolveProducerConfig } from './config/producer-config.ts';
import { resolveConsumerConfig } from './config/consumer-config.ts';
import { ClusterMetadata, type MetadataChange } from './controller/cluster-metadata.ts';
import { Broker, brokerNode, type ConnectionControl } from './broker/broker.ts';
import { BrokerDisk } from './broker/broker-disk.ts';
import { Producer } from './clients/producer/producer.ts';
import { WorkloadGenerator } from './clients/producer/workload.ts';
import { estimateRecordSize } from './clients/producer/producer-batch.ts';
import { Consumer } from './clients/consumer/consumer.ts';
import { buildSnapshot } from './snapshot-builder.ts';
import { History, checkHistory } from './check/index.ts';
import { collectDigests, collectFinalLogs } from './final-logs.ts';

/** broker.session.timeout.ms: a crashed broker is fenced (and loses its leaderships) after this. */
const BROKER_SESSION_TIMEOUT_MS = 9000;
const TRACE_LIMIT = 5000;
const MAX_EVENTS_PER_RUN = 50_000_000;
const MAX_INPUTS = 100_000;

const utf8 = new TextEncoder();

export interface SimulationParts {
  kernel: Kernel;
  metadata: ClusterMetadata;
  brokerConfig: BrokerConfig;
  /**
   * `up`: the process runs (it may still wait to register); `registration` counts registrations,
   * so that a session timer of an older one knows it is stale.
   */
  brokers: Map<number, { disk: BrokerDisk; actor: Broker; up: boolean; registration: number }>;
  producers: Map<string, Producer>;
  consumers: Map<string, Consumer>;
  /** Builds a fresh process of a client (for restart-client), replacing it in its map. */
  clientFactories: Map<string, () => Producer | Consumer>;
  /** Links cut by actions, so that heal-network can mend them. */
  cutLinks: Map<string, [string, string]>;
  /** What every client was told and did, for the history checker. */
  history: History;
}

export function createSimulation(scenario: Scenario): Simulation {
  const network = scenario.cluster.network ?? { latencyMs: 1, jitterMs: 0.5 };
  const kernel = new Kernel({
    seed: scenario.seed,
    network: { defaultLink: { latencyMs: network.latencyMs, jitterMs: network.jitterMs }, maxInFlight: 1_000_000 },
    traceLimit: TRACE_LIMIT,
    maxEventsPerRun: MAX_EVENTS_PER_RUN,
  });
  const brokerConfig = resolveBrokerConfig(scenario.cluster.config ?? {});
  const brokerIds = Array.from({ length: scenario.cluster.brokers }, (_, i) => i);
  const metadata = new ClusterMetadata(brokerIds, kernel.random.fork('controller'));
  const connections: ConnectionControl = { closeConnection: (a, b) => kernel.network.resetConnection(a, b) };
  const parts: SimulationParts = { kernel, metadata, brokerConfig, brokers: new Map(), producers: new Map(), consumers: new Map(), clientFactories: new Map(), cutLinks: new Map(), history: new History() };
  const inputs: { timeMs: number; action: Action }[] = [];

  metadata.onChange((change) => {
    traceMetadataChange(kernel, change);
    for (const broker of parts.brokers.values()) if (broker.up) broker.actor.onMetadataChange(change);
  });

  for (const id of brokerIds) {
    const disk = new BrokerDisk();
    const actor = new Broker(id, brokerConfig, metadata, disk, connections);
    parts.brokers.set(id, { disk, actor, up: true, registration: 0 });
    kernel.addActor(actor);
  }
  for (const topic of scenario.topics) createTopic(parts, topic);
  for (const spec of scenario.producers) {
    // The workload is the application's source of records: it outlives a crash of the producer.
    const workload = spec.workload ? new WorkloadGenerator(spec.id, spec.workload, kernel.random.fork(`workload:${spec.id}`)) : null;
    const make = () =>
      new Producer(spec.id, spec.topic, resolveProducerConfig(spec.config ?? {}), workload, spec.workload?.startMs ?? 0, brokerIds, connections);
    const producer = make();
    parts.history.describeProducer(spec.id, {
      acks: producer.config.acks,
      idempotent: producer.config.enableIdempotence,
      maxInFlightRequestsPerConnection: producer.config.maxInFlightRequestsPerConnection,
    });
    observeProducer(parts, producer);
    parts.producers.set(spec.id, producer);
    parts.clientFactories.set(spec.id, () => {
      const fresh = make();
      observeProducer(parts, fresh);
      parts.producers.set(spec.id, fresh);
      return fresh;
    });
    kernel.addActor(producer);
  }
  for (const spec of scenario.consumers) {
    const processing = { perRecordMs: spec.processing?.perRecordMs ?? 0, perPollMs: spec.processing?.perPollMs ?? 1 };
    const make = (startMs: number) =>
      new Consumer(spec.id, spec.topic, resolveConsumerConfig(spec.config ?? {}), spec.partitions ?? null, processing, startMs, brokerIds, connections);
    const consumer = make(spec.startMs ?? 0);
    observeConsumer(parts, consumer);
    parts.consumers.set(spec.id, consumer);
    parts.clientFactories.set(spec.id, () => {
      const fresh = make(0);
      observeConsumer(parts, fresh);
      parts.consumers.set(spec.id, fresh);
      return fresh;
    });
    kernel.addActor(consumer);
  }

  const apply = (action: Action): ActionResult => {
    if (inputs.length >= MAX_INPUTS) return { ok: false, error: 'TOO_MANY_INPUTS', message: `more than ${MAX_INPUTS} inputs in one session (seed ${scenario.seed})` };
    const result = applyAction(parts, action);
    if (result.ok) inputs.push({ timeMs: kernel.nowMs, action });
    return result;
  };
  for (const entry of scenario.schedule) kernel.scheduleAt(entry.atMs, () => void apply(entry.action));

  return {
    seed: scenario.seed,
    nowMs: () => kernel.nowMs,
    step: () => kernel.step(),
    runFor: (durationMs) => kernel.runFor(durationMs),
    runUntil: (timeMs) => kernel.runUntil(timeMs),
    apply,
    snapshot: () => buildSnapshot(parts),
    traceHash: () => kernel.trace.hash(),
    traceEvents: (sinceSeq = 0): TraceEvent[] => kernel.trace.since(sinceSeq),
    inputs: () => inputs.map((i) => ({ ...i })),
    check: () => checkHistory(parts.history, collectFinalLogs(parts)),
    replicaDigests: () => collectDigests(parts),
  };
}

function observeProducer(parts: SimulationParts, producer: Producer): void {
  const { history } = parts;
  const id = producer.clientId;
  producer.observer = {
    sent: (recordId) => history.recordSent(id, recordId, producer.topic),
    acked: (topic, partition, baseOffset, recordIds) => history.recordAcked(id, topic, partition, baseOffset, recordIds),
    failed: (topic, partition, recordIds, error) => history.recordFailed(id, topic, partition, recordIds, error),
  };
}

function observeConsumer(parts: SimulationParts, consumer: Consumer): void {
  const { history } = parts;
  const id = consumer.clientId;
  consumer.observer = {
    consumed: (topic, partition, run) => history.recordConsumed(id, topic, partition, [run]),
    positionReset: (topic, partition, offset, reason) => history.recordPositionReset(id, topic, partition, offset, reason),
  };
}

function createTopic(parts: SimulationParts, spec: TopicSpec): ActionResult {
  const { brokerConfig, metadata } = parts;
  const config = resolveTopicConfig(brokerConfig.topicDefaults, spec.configs ?? {});
  const result = metadata.createTopic(spec.name, spec.partitions, spec.replicationFactor ?? brokerConfig.defaultReplicationFactor, config);
  return result.ok ? { ok: true } : { ok: false, error: result.error, message: result.message };
}

function traceMetadataChange(kernel: Kernel, change: MetadataChange): void {
  let event: EngineEvent;
  if (change.type === 'topic-created') {
    const t = change.topic;
    event = { type: 'topic-created', topic: t.name, partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0, autoCreated: change.autoCreated };
  } else if (change.type === 'topic-deleted') {
    event = { type: 'topic-deleted', topic: change.topic.name };
  } else {
    const p = change.partition;
    if (p.leader === change.previousLeader) return;
    event = { type: 'leader-changed', topic: p.topic, partition: p.partition, leader: p.leader, previousLeader: change.previousLeader, leaderEpoch: p.leaderEpoch, isr: [...p.isr] };
  }
  kernel.emit(event, 'controller');
}

function applyAction(parts: SimulationParts, action: Action): ActionResult {
  const { kernel, metadata } = parts;
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
    case 'delete-topic':
      return metadata.deleteTopic(action.name)
        ? { ok: true }
        : { ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION', message: `no topic "${action.name}"` };
    case 'crash-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (!broker.up) return { ok: false, error: 'BROKER_NOT_RUNNING', message: `broker ${action.broker} is already down` };
      broker.up = false;
      kernel.emit({ type: 'broker-stopped', broker: action.broker, reason: 'crash' } satisfies EngineEvent, broker.actor.id);
      // A process still waiting to register dies with nothing to undo: the old session's timer runs on.
      if (!kernel.isUp(broker.actor.id)) return { ok: true };
      kernel.crash(broker.actor.id);
      broker.actor.stop();
      // The controller notices only when the broker's session expires (broker.session.timeout.ms).
      const registration = broker.registration;
      kernel.schedule(BROKER_SESSION_TIMEOUT_MS, () => {
        if (broker.registration !== registration || !metadata.isAlive(action.broker)) return;
        metadata.brokerDown(action.broker);
        if (broker.up) startBroker(parts, action.broker);
      });
      return { ok: true };
    }
    case 'restart-broker': {
      const broker = parts.brokers.get(action.broker);
      if (!broker) return unknown('broker', String(action.broker));
      if (broker.up) return { ok: false, error: 'BROKER_RUNNING', message: `broker ${action.broker} is running` };
      broker.up = true;
      if (metadata.isAlive(action.broker)) {
        // ClusterControlManager.registerBroker: while the old incarnation's session is valid, a new
        // one is refused (DUPLICATE_BROKER_REGISTRATION) and retries; it joins once the controller
        // has fenced the old one, when broker.session.timeout.ms runs out (scheduled at the crash).
        kernel.emit({ type: 'broker-registration-refused', broker: action.broker, error: 'DUPLICATE_BROKER_REGISTRATION' } satisfies EngineEvent, brokerNode(action.broker));
        return { ok: true };
      }
      startBroker(parts, action.broker);
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
      if (action.type === 'pause-consumer') consumer.paused = true;
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
        kernel.restart(client.id, parts.clientFactories.get(action.client)!());
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

function checkNodes(kernel: Kernel, ids: string[]): ActionResult | null {
  const known = new Set(kernel.nodeIds());
  const missing = ids.find((id) => !known.has(id));
  return missing === undefined ? null : { ok: false, error: 'UNKNOWN_NODE', message: `no node "${missing}" in the simulation` };
}

/** A new incarnation of a broker starts over its disk, registers and is unfenced. */
function startBroker(parts: SimulationParts, brokerId: number): void {
  const broker = parts.brokers.get(brokerId)!;
  broker.registration += 1;
  broker.actor = new Broker(brokerId, parts.brokerConfig, parts.metadata, broker.disk, broker.actor.connections);
  parts.kernel.restart(brokerNode(brokerId), broker.actor);
  parts.metadata.brokerUp(brokerId);
}

function unknown(kind: string, id: string): ActionResult {
  return { ok: false, error: 'UNKNOWN_CLIENT', message: `no ${kind} "${id}" in the simulation` };
}
