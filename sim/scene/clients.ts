// Client processes of the scene: how a producer or consumer spec becomes an actor on the kernel,
// at the start of a scenario and when one is added, restarted or reconfigured by hand.
import type { ProducerSpec, ConsumerSpec } from '../scenario/schema.ts';
import { resolveProducerConfig } from '../config/producer-config.ts';
import { resolveConsumerConfig, type ConsumerConfigInput } from '../config/consumer-config.ts';
import { Producer } from '../clients/producer/producer.ts';
import { WorkloadGenerator } from '../clients/producer/workload.ts';
import { Consumer } from '../clients/consumer/consumer.ts';
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
  const make = () => new Producer(spec.id, spec.topic, resolveProducerConfig(spec.config ?? {}), workload, spec.workload?.startMs ?? 0, bootstrap, parts.connections);
  const producer = make();
  parts.history.describeProducer(spec.id, {
    acks: producer.config.acks,
    idempotent: producer.config.enableIdempotence,
    maxInFlightRequestsPerConnection: producer.config.maxInFlightRequestsPerConnection,
  });
  observeProducer(parts, producer);
  parts.producers.set(spec.id, producer);
  parts.clientSpecs.set(spec.id, { kind: 'producer', spec });
  parts.clientFactories.set(spec.id, () => {
    const fresh = make();
    observeProducer(parts, fresh);
    parts.producers.set(spec.id, fresh);
    return fresh;
  });
  return producer;
}

/** The consumer counterpart of createProducer. */
export function createConsumer(parts: SimulationParts, spec: ConsumerSpec): Consumer {
  const processing = { perRecordMs: spec.processing?.perRecordMs ?? 0, perPollMs: spec.processing?.perPollMs ?? 1 };
  const config = resolveConsumerConfig(consumerConfigOf(spec));
  const bootstrap = bootstrapBrokers(parts);
  const make = (startMs: number) => new Consumer(spec.id, spec.topic, config, spec.partitions ?? null, processing, startMs, bootstrap, parts.connections, spec.commit ?? null);
  const consumer = make(spec.startMs ?? 0);
  observeConsumer(parts, consumer);
  parts.consumers.set(spec.id, consumer);
  parts.clientSpecs.set(spec.id, { kind: 'consumer', spec });
  parts.clientFactories.set(spec.id, () => {
    const fresh = make(0);
    observeConsumer(parts, fresh);
    parts.consumers.set(spec.id, fresh);
    return fresh;
  });
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
  const group = consumer.config.groupId;
  consumer.observer = {
    consumed: (topic, partition, run) => history.recordConsumed(id, topic, partition, [run]),
    positionReset: (topic, partition, offset, reason) => history.recordPositionReset(id, topic, partition, offset, reason),
    ...(group === null
      ? {}
      : {
          processed: (topic: string, partition: number, run: readonly [number, number]) => history.recordProcessed(group, id, topic, partition, run),
          committed: (topic: string, partition: number, offset: number) => history.recordCommitted(group, id, topic, partition, offset),
        }),
  };
}
