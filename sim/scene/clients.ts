// Client processes of the scene: how a producer or consumer spec becomes an actor on the kernel,
// at the start of a scenario and when one is added, restarted or reconfigured by hand.
import type { ProducerSpec, ConsumerSpec } from '../scenario/schema.ts';
import { resolveProducerConfig } from '../config/producer-config.ts';
import { resolveConsumerConfig, type ConsumerConfigInput } from '../config/consumer-config.ts';
import { Producer, type ProducerObserver } from '../clients/producer/producer.ts';
import { WorkloadGenerator } from '../clients/producer/workload.ts';
import { Consumer, type ConsumerObserver } from '../clients/consumer/consumer.ts';
import type { History } from '../check/index.ts';
import type { ConsumerConfig } from '../config/consumer-config.ts';
import type { SimulationParts } from '../simulation.ts';

export type ClientSpec = { kind: 'producer'; spec: ProducerSpec } | { kind: 'consumer'; spec: ConsumerSpec };

/**
 * Registers a producer of `spec` and returns its first process (not yet on the kernel). Its
 * factory makes the next process for restart-client, with the same spec.
 */
export function createProducer(parts: SimulationParts, spec: ProducerSpec, keepWorkload: WorkloadGenerator | null = null): Producer {
  const { kernel } = parts;
  // The workload is the application's source of records: it outlives a crash of the producer (and
  // a reconfiguration, which restarts the producer, not the application).
  const workload = keepWorkload ?? (spec.workload ? new WorkloadGenerator(spec.id, spec.workload, kernel.random.fork(`workload:${spec.id}`)) : null);
  const bootstrap = bootstrapBrokers(parts);
  const factory = new ProducerFactory(parts, spec, workload, bootstrap);
  const producer = factory.build();
  parts.history.describeProducer(spec.id, {
    acks: producer.config.acks,
    idempotent: producer.config.enableIdempotence,
    maxInFlightRequestsPerConnection: producer.config.maxInFlightRequestsPerConnection,
  });
  observeProducer(parts, producer);
  parts.producers.set(spec.id, producer);
  parts.clientSpecs.set(spec.id, { kind: 'producer', spec });
  parts.clientFactories.set(spec.id, factory);
  return producer;
}

/** The consumer counterpart of createProducer. */
export function createConsumer(parts: SimulationParts, spec: ConsumerSpec): Consumer {
  const processing = { perRecordMs: spec.processing?.perRecordMs ?? 0, perPollMs: spec.processing?.perPollMs ?? 1 };
  const config = resolveConsumerConfig(consumerConfigOf(spec));
  const bootstrap = bootstrapBrokers(parts);
  const factory = new ConsumerFactory(parts, spec, config, processing, bootstrap);
  const consumer = factory.build(spec.startMs ?? 0);
  observeConsumer(parts, consumer);
  parts.consumers.set(spec.id, consumer);
  parts.clientSpecs.set(spec.id, { kind: 'consumer', spec });
  parts.clientFactories.set(spec.id, factory);
  return consumer;
}

/** The consumer configs a spec resolves to. */
export function consumerConfigOf(spec: ConsumerSpec): ConsumerConfigInput {
  return {
    ...spec.config,
    // An application that commits by hand turns auto-commit off unless it says otherwise.
    ...(spec.commit !== undefined && spec.commit !== 'auto' && spec.config?.['enable.auto.commit'] === undefined ? { 'enable.auto.commit': false } : {}),
  };
}

/** Puts a client process on the kernel: a new node, or a new process of a node closed before (same id). */
export function startClient(parts: SimulationParts, actor: Producer | Consumer): void {
  if (parts.kernel.nodeIds().includes(actor.id)) parts.kernel.restart(actor.id, actor);
  else parts.kernel.addActor(actor);
}

/** The brokers a new client knows at start (bootstrap.servers): every broker of the cluster now. */
function bootstrapBrokers(parts: SimulationParts): number[] {
  return [...parts.brokers.keys()].sort((a, b) => a - b);
}

/** Makes the next process of a client, for restart-client: the same spec, and the same workload. */
export interface ClientFactory {
  /** A fresh process, observed and put in its map (not yet on the kernel). */
  make(): Producer | Consumer;
}

class ProducerFactory implements ClientFactory {
  constructor(
    private readonly parts: SimulationParts,
    private readonly spec: ProducerSpec,
    private readonly workload: WorkloadGenerator | null,
    private readonly bootstrap: number[],
  ) {}

  build(): Producer {
    const { spec } = this;
    return new Producer(spec.id, spec.topic, resolveProducerConfig(spec.config ?? {}), this.workload, spec.workload?.startMs ?? 0, this.bootstrap, this.parts.connections);
  }

  make(): Producer {
    const fresh = this.build();
    observeProducer(this.parts, fresh);
    this.parts.producers.set(this.spec.id, fresh);
    return fresh;
  }
}

class ConsumerFactory implements ClientFactory {
  constructor(
    private readonly parts: SimulationParts,
    private readonly spec: ConsumerSpec,
    private readonly config: ConsumerConfig,
    private readonly processing: { perRecordMs: number; perPollMs: number },
    private readonly bootstrap: number[],
  ) {}

  build(startMs: number): Consumer {
    const { spec } = this;
    return new Consumer(spec.id, spec.topic, this.config, spec.partitions ?? null, this.processing, startMs, this.bootstrap, this.parts.connections, spec.commit ?? null);
  }

  make(): Consumer {
    const fresh = this.build(0);
    observeConsumer(this.parts, fresh);
    this.parts.consumers.set(this.spec.id, fresh);
    return fresh;
  }
}

/** What a producer tells the history checker (a class: a captured simulation holds no closures). */
class ProducerHistory implements ProducerObserver {
  constructor(
    private readonly history: History,
    private readonly id: string,
    private readonly producer: Producer,
  ) {}

  sent(recordId: number): void {
    this.history.recordSent(this.id, recordId, this.producer.topic);
  }

  acked(topic: string, partition: number, baseOffset: number, recordIds: readonly number[]): void {
    this.history.recordAcked(this.id, topic, partition, baseOffset, recordIds);
  }

  failed(topic: string, partition: number, recordIds: readonly number[], error: string): void {
    this.history.recordFailed(this.id, topic, partition, recordIds, error);
  }
}

/** What a consumer tells the history checker. */
class ConsumerHistory implements ConsumerObserver {
  constructor(
    protected readonly history: History,
    protected readonly id: string,
  ) {}

  consumed(topic: string, partition: number, run: readonly [from: number, to: number, leaderEpoch: number]): void {
    this.history.recordConsumed(this.id, topic, partition, [run]);
  }

  positionReset(topic: string, partition: number, offset: number, reason: string): void {
    this.history.recordPositionReset(this.id, topic, partition, offset, reason);
  }
}

/** A group member also reports what it processed and committed. */
class GroupMemberHistory extends ConsumerHistory {
  constructor(
    history: History,
    id: string,
    private readonly group: string,
  ) {
    super(history, id);
  }

  processed(topic: string, partition: number, run: readonly [number, number]): void {
    this.history.recordProcessed(this.group, this.id, topic, partition, run);
  }

  committed(topic: string, partition: number, offset: number): void {
    this.history.recordCommitted(this.group, this.id, topic, partition, offset);
  }
}

function observeProducer(parts: SimulationParts, producer: Producer): void {
  producer.observer = new ProducerHistory(parts.history, producer.clientId, producer);
}

function observeConsumer(parts: SimulationParts, consumer: Consumer): void {
  const group = consumer.config.groupId;
  consumer.observer = group === null ? new ConsumerHistory(parts.history, consumer.clientId) : new GroupMemberHistory(parts.history, consumer.clientId, group);
}

export const sceneClasses = { ProducerFactory, ConsumerFactory, ProducerHistory, ConsumerHistory, GroupMemberHistory };
