// Which failure tools make sense for a target as the latest snapshot shows it, and why not: a
// disabled button says its reason (tooltip and aria-description).
import type { BrokerSnapshot, ConsumerSnapshot, ControllerSnapshot, ProducerSnapshot } from '../../../sim/snapshot.ts';
import type { DisabledReason } from '../../i18n/messages/tools.ts';

/** null = allowed; otherwise the reason it is not. */
export type Availability = DisabledReason | null;

export type BrokerTool = 'crash-broker' | 'restart-broker' | 'shutdown-broker' | 'power-loss' | 'isolate-broker' | 'slow-disk' | 'heal-disk';

export function brokerTools(broker: BrokerSnapshot): Record<BrokerTool, Availability> {
  const up = broker.status === 'up';
  const stopping = broker.state === 'pending-controlled-shutdown' || broker.state === 'shutting-down';
  return {
    'crash-broker': up ? null : 'brokerDown',
    'restart-broker': up ? 'brokerRunning' : null,
    'shutdown-broker': !up ? 'brokerDown' : stopping ? 'brokerShuttingDown' : null,
    'power-loss': up ? null : 'brokerDown',
    'isolate-broker': up ? null : 'brokerDown',
    // The disk belongs to the machine: it can be slowed whether the process runs or not.
    'slow-disk': null,
    'heal-disk': (broker.diskLatencyMs ?? 0) > 0 ? null : 'diskNotSlow',
  };
}

export function controllerTools(controller: ControllerSnapshot): Record<'crash-controller' | 'restart-controller', Availability> {
  const up = controller.status === 'up';
  return { 'crash-controller': up ? null : 'controllerDown', 'restart-controller': up ? 'controllerRunning' : null };
}

export function producerTools(producer: ProducerSnapshot): Record<'crash-client' | 'restart-client' | 'pause-producer' | 'resume-producer', Availability> {
  const up = producer.status !== 'crashed';
  return {
    'crash-client': up ? null : 'clientCrashed',
    'restart-client': up ? 'clientRunning' : null,
    'pause-producer': !up ? 'clientCrashed' : producer.paused ? 'clientPaused' : null,
    'resume-producer': !up ? 'clientCrashed' : producer.paused === false ? 'clientNotPaused' : null,
  };
}

export function consumerTools(consumer: ConsumerSnapshot): Record<'crash-client' | 'restart-client' | 'pause-consumer' | 'resume-consumer', Availability> {
  const up = consumer.status !== 'crashed';
  return {
    'crash-client': up ? null : 'clientCrashed',
    'restart-client': up ? 'clientRunning' : null,
    'pause-consumer': !up ? 'clientCrashed' : consumer.status === 'paused' ? 'clientPaused' : null,
    'resume-consumer': !up ? 'clientCrashed' : consumer.status !== 'paused' ? 'clientNotPaused' : null,
  };
}

/** Every network node of the snapshot, by the ids the network actions take. */
export function networkNodes(snapshot: { brokers: BrokerSnapshot[]; controllers?: ControllerSnapshot[]; producers: ProducerSnapshot[]; consumers: ConsumerSnapshot[] }): string[] {
  return [
    ...snapshot.brokers.map((b) => b.node),
    ...(snapshot.controllers ?? []).map((c) => c.node),
    ...snapshot.producers.map((p) => `producer-${p.id}`),
    ...snapshot.consumers.map((c) => `consumer-${c.id}`),
  ];
}

export type Side = 'A' | 'B' | 'out';

/** The split-network action for the sides chosen, or why it cannot be made. */
export function splitAction(sides: Record<string, Side>): { type: 'split-network'; sideA: string[]; sideB: string[] } | DisabledReason {
  const sideA = Object.keys(sides).filter((id) => sides[id] === 'A').sort();
  const sideB = Object.keys(sides).filter((id) => sides[id] === 'B').sort();
  if (sideA.length === 0 || sideB.length === 0) return 'emptySide';
  return { type: 'split-network', sideA, sideB };
}
