// Scene actions: clients and brokers added, removed or reconfigured by hand while the simulation
// runs. Like every action they are inputs stamped with their virtual time; refusals are values.
import type { ActionResult } from '../api.ts';
import type { EngineEvent } from '../events.ts';
import { consumerSchema, producerSchema, type Action, type ConsumerSpec, type ProducerSpec } from '../scenario/schema.ts';
import { Broker } from '../broker/broker.ts';
import { brokerNode } from '../broker/node-id.ts';
import { BrokerDisk } from '../broker/broker-disk.ts';
import { KraftBrokerMetadata, MetadataLogDir } from '../broker/kraft-metadata.ts';
import { activeController, shutdownGranted, stopBroker, CONTROLLER_ID_BASE, type SimulationParts } from '../simulation.ts';
import { createConsumer, createProducer, startClient, type ClientSpec } from './clients.ts';
import { closeClient } from './close-client.ts';
import type { Producer } from '../clients/producer/producer.ts';
import { boundFn, registerFunctions } from '../snapshot/bound.ts';

export type SceneAction = Extract<Action, { type: 'add-producer' | 'add-consumer' | 'remove-client' | 'reconfigure-client' | 'add-broker' | 'remove-broker' }>;

const SCENE_ACTIONS: ReadonlySet<string> = new Set(['add-producer', 'add-consumer', 'remove-client', 'reconfigure-client', 'add-broker', 'remove-broker']);

/** At most this many brokers at once (node ids below the controllers' CONTROLLER_ID_BASE). */
export const MAX_BROKERS = 16;
/** At most this many clients at once. */
export const MAX_CLIENTS = 64;

export function isSceneAction(action: Action): action is SceneAction {
  return SCENE_ACTIONS.has(action.type);
}

export function applySceneAction(parts: SimulationParts, action: SceneAction): ActionResult {
  switch (action.type) {
    case 'add-producer':
    case 'add-consumer': {
      const spec: ClientSpec = action.type === 'add-producer' ? { kind: 'producer', spec: action.producer } : { kind: 'consumer', spec: action.consumer };
      const id = spec.spec.id;
      if (parts.clientSpecs.has(id)) return { ok: false, error: 'CLIENT_ID_IN_USE', message: `a client with id "${id}" already exists` };
      if (parts.clientSpecs.size >= MAX_CLIENTS) return { ok: false, error: 'TOO_MANY_CLIENTS', message: `at most ${MAX_CLIENTS} clients` };
      const problem = spec.kind === 'consumer' ? consumerSpecProblem(spec.spec) : null;
      if (problem !== null) return { ok: false, error: 'INVALID_CONFIG', message: problem };
      const actor = spec.kind === 'producer' ? createProducer(parts, spec.spec) : createConsumer(parts, spec.spec);
      parts.kernel.emit({ type: 'client-added', client: id, kind: spec.kind } satisfies EngineEvent, actor.id);
      startClient(parts, actor);
      return { ok: true };
    }
    case 'remove-client': {
      const spec = parts.clientSpecs.get(action.client);
      if (!spec) return { ok: false, error: 'UNKNOWN_CLIENT', message: `no client "${action.client}" in the simulation` };
      if (parts.closingClients.has(action.client)) return { ok: false, error: 'CLIENT_CLOSING', message: `client ${action.client} is already being closed` };
      closeClient(parts, action.client, 'removed', boundFn(forgetClient, action.client));
      return { ok: true };
    }
    case 'reconfigure-client':
      return reconfigure(parts, action);
    case 'add-broker':
      return addBroker(parts);
    case 'remove-broker':
      return removeBroker(parts, action.broker);
  }
}

/** The checks the scenario schema makes across a consumer's fields (scenarioSchema.superRefine). */
export function consumerSpecProblem(spec: ConsumerSpec): string | null {
  const config = spec.config ?? {};
  if (spec.commit !== undefined && spec.commit !== 'none' && config['group.id'] === undefined) return 'commits go to a consumer group: set config "group.id"';
  if (spec.commit === 'auto' && config['enable.auto.commit'] === false) return 'commit "auto" needs enable.auto.commit=true';
  if (config['group.instance.id'] !== undefined && config['group.id'] === undefined) return 'group.instance.id needs a group.id';
  return null;
}

function reconfigure(parts: SimulationParts, action: Extract<Action, { type: 'reconfigure-client' }>): ActionResult {
  const current = parts.clientSpecs.get(action.client);
  if (!current) return { ok: false, error: 'UNKNOWN_CLIENT', message: `no client "${action.client}" in the simulation` };
  if (parts.closingClients.has(action.client)) return { ok: false, error: 'CLIENT_CLOSING', message: `client ${action.client} is being closed` };
  const invalid = (message: string): ActionResult => ({ ok: false, error: 'INVALID_CONFIG', message });
  let next: ClientSpec;
  if (current.kind === 'producer') {
    if (action.consumerConfig !== undefined || action.commit !== undefined) return invalid(`${action.client} is a producer: consumer settings do not apply`);
    const parsed = producerSchema.safeParse({ ...current.spec, config: { ...current.spec.config, ...action.producerConfig } });
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    next = { kind: 'producer', spec: parsed.data };
  } else {
    if (action.producerConfig !== undefined) return invalid(`${action.client} is a consumer: producer settings do not apply`);
    const config = { ...current.spec.config, ...action.consumerConfig };
    // A commit mode by hand turns auto-commit off; going back to 'auto' turns it on again.
    if (action.commit === 'auto' && config['enable.auto.commit'] === false && action.consumerConfig?.['enable.auto.commit'] === undefined) delete config['enable.auto.commit'];
    const parsed = consumerSchema.safeParse({ ...current.spec, config, ...(action.commit !== undefined ? { commit: action.commit } : {}) });
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const problem = consumerSpecProblem(parsed.data);
    if (problem !== null) return invalid(problem);
    next = { kind: 'consumer', spec: parsed.data };
  }
  const changes = describeChanges(current, next);
  if (changes.length === 0) return { ok: false, error: 'NOTHING_TO_CHANGE', message: `the configuration of ${action.client} would stay the same` };
  const oldProducer = parts.producers.get(action.client);
  closeClient(parts, action.client, 'reconfigured', boundFn(startReconfigured, action.client, current, next, changes, oldProducer));
  return { ok: true };
}

/** After remove-client: the client is gone once its process has ended. */
function forgetClient(id: string, parts: SimulationParts): void {
  parts.producers.delete(id);
  parts.consumers.delete(id);
  parts.clientFactories.delete(id);
  parts.clientSpecs.delete(id);
}

/** After reconfigure-client: a new process with the new settings takes the old one's place. */
function startReconfigured(id: string, current: ClientSpec, next: ClientSpec, changes: string[], oldProducer: Producer | undefined, parts: SimulationParts): void {
  const actor =
    next.kind === 'producer'
      ? createProducer(parts, next.spec, sameWorkload(current, next) ? (oldProducer?.workload ?? null) : null)
      : createConsumer(parts, { ...next.spec, startMs: undefined });
  if (oldProducer && next.kind === 'producer') keepWeakestGuarantees(parts, next.spec, oldProducer);
  startClient(parts, actor);
  parts.kernel.emit({ type: 'client-reconfigured', client: id, kind: next.kind, changes } satisfies EngineEvent, actor.id);
}

registerFunctions('scene', { forgetClient, startReconfigured });

/** "name=value" for each setting that differs, in a stable order. */
export function describeChanges(before: ClientSpec, after: ClientSpec): string[] {
  const a: Record<string, unknown> = { ...before.spec.config, ...(before.kind === 'consumer' ? { commit: before.spec.commit } : {}) };
  const b: Record<string, unknown> = { ...after.spec.config, ...(after.kind === 'consumer' ? { commit: after.spec.commit } : {}) };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${k}=${b[k] === undefined ? '(default)' : JSON.stringify(b[k])}`);
}

function sameWorkload(a: ClientSpec, b: ClientSpec): boolean {
  return a.kind === 'producer' && b.kind === 'producer' && JSON.stringify(a.spec.workload) === JSON.stringify(b.spec.workload);
}

/**
 * The history checker judges a producer by what it promised; records sent before the change were
 * sent under the old settings, so it keeps the weaker of both (acks, idempotence, in-flight).
 */
function keepWeakestGuarantees(parts: SimulationParts, _spec: ProducerSpec, old: { config: { acks: 0 | 1 | -1; enableIdempotence: boolean; maxInFlightRequestsPerConnection: number } }): void {
  const fresh = parts.producers.get(_spec.id)!;
  const strength = (acks: 0 | 1 | -1) => (acks === -1 ? 2 : acks);
  parts.history.describeProducer(_spec.id, {
    acks: strength(old.config.acks) <= strength(fresh.config.acks) ? old.config.acks : fresh.config.acks,
    idempotent: old.config.enableIdempotence && fresh.config.enableIdempotence,
    maxInFlightRequestsPerConnection: Math.max(old.config.maxInFlightRequestsPerConnection, fresh.config.maxInFlightRequestsPerConnection),
  });
}

function addBroker(parts: SimulationParts): ActionResult {
  if (parts.brokers.size >= MAX_BROKERS) return { ok: false, error: 'TOO_MANY_BROKERS', message: `at most ${MAX_BROKERS} brokers` };
  let id = 0;
  while (parts.brokers.has(id)) id += 1;
  if (id >= CONTROLLER_ID_BASE) return { ok: false, error: 'TOO_MANY_BROKERS', message: `broker ids stop below ${CONTROLLER_ID_BASE}` };
  // A new machine: an empty disk and an empty metadata log. Its process registers with the
  // controller (RegisterBrokerRecord, fenced), catches up with the metadata and is unfenced.
  const incarnation = 1;
  const disk = new BrokerDisk(parts.brokerStorage(id));
  const logDir = new MetadataLogDir(id, parts.kraftSettings);
  const brokerId = id;
  const kraft = new KraftBrokerMetadata(id, incarnation, logDir, parts.kraftSettings, null, boundFn(shutdownGranted, parts, brokerId, incarnation));
  const actor = new Broker(id, parts.brokerConfig, kraft, disk, parts.connections);
  parts.brokers.set(id, { disk, logDir, actor, kraft, up: true, incarnation });
  parts.kernel.emit({ type: 'broker-added', broker: id } satisfies EngineEvent, actor.id);
  if (parts.kernel.nodeIds().includes(brokerNode(id))) parts.kernel.restart(brokerNode(id), actor);
  else parts.kernel.addActor(actor);
  return { ok: true };
}

function removeBroker(parts: SimulationParts, brokerId: number): ActionResult {
  const broker = parts.brokers.get(brokerId);
  if (!broker) return { ok: false, error: 'BROKER_ID_NOT_REGISTERED', message: `no broker ${brokerId} in the cluster` };
  const held: string[] = [];
  for (const topic of parts.metadata.topics.values()) {
    for (const p of topic.partitions) if (p.replicas.includes(brokerId)) held.push(`${topic.name}-${p.partition}`);
  }
  if (held.length > 0) {
    // Kafka does not move replicas by itself: an operator reassigns them (kafka-reassign-partitions.sh) first.
    const shown = held.slice(0, 5).join(', ') + (held.length > 5 ? `, … (${held.length} in all)` : '');
    return { ok: false, error: 'BROKER_HAS_REPLICAS', message: `broker ${brokerId} still holds replicas (${shown}); reassign them first` };
  }
  const controller = activeController(parts);
  if (controller === undefined) return { ok: false, error: 'NOT_CONTROLLER', message: 'no active controller right now (an election may be under way); try again' };
  // Without replicas there is no leadership to move: the process stops at once, as after a
  // controlled shutdown with nothing to do, and the controller drops its registration.
  if (broker.up) stopBroker(parts, brokerId, 'shutdown');
  const result = controller.unregisterBroker(brokerId);
  if (result !== 'NONE' && result !== 'BROKER_ID_NOT_REGISTERED') return { ok: false, error: result, message: `the controller refused: ${result}` };
  parts.brokers.delete(brokerId);
  parts.kernel.emit({ type: 'broker-unregistered', broker: brokerId } satisfies EngineEvent);
  return { ok: true };
}
