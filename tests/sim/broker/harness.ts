// A one-to-three-broker cluster on a bare kernel, with a probe actor that sends raw requests and
// keeps the answers: for testing the broker's request handling on its own.
import { Kernel } from '../../../sim/kernel/index.ts';
import type { Actor, ActorContext, NodeId } from '../../../sim/kernel/types.ts';
import { ClusterMetadata } from '../../../sim/controller/cluster-metadata.ts';
import { Broker, brokerNode } from '../../../sim/broker/broker.ts';
import { BrokerDisk } from '../../../sim/broker/broker-disk.ts';
import { resolveBrokerConfig, type BrokerConfigInput } from '../../../sim/config/broker-config.ts';
import { resolveTopicConfig, type TopicConfigInput } from '../../../sim/config/topic-config.ts';
import { encodeRecordBatch } from '../../../sim/log/index.ts';
import type { KafkaRequestBody, KafkaResponseBody, RequestEnvelope } from '../../../sim/protocol/messages.ts';

export class Probe implements Actor {
  readonly id: NodeId = 'probe';
  readonly responses = new Map<number, KafkaResponseBody>();
  ctx!: ActorContext;
  private nextCorrelationId = 1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }

  send(to: NodeId, body: KafkaRequestBody): number {
    const correlationId = this.nextCorrelationId++;
    const request: RequestEnvelope = { kind: 'request', correlationId, clientId: 'probe', body };
    this.ctx.send(to, request);
    return correlationId;
  }

  onMessage(_from: NodeId, message: unknown): void {
    const m = message as { kind: string; correlationId: number; body: KafkaResponseBody };
    if (m.kind === 'response') this.responses.set(m.correlationId, m.body);
  }

  onTimer(): void {}
}

export function makeCluster(brokerCount = 1, config: BrokerConfigInput = {}) {
  const kernel = new Kernel({ seed: 7, network: { defaultLink: { latencyMs: 1, jitterMs: 0 }, maxInFlight: 100_000 }, traceLimit: 10_000, maxEventsPerRun: 1_000_000 });
  const brokerConfig = resolveBrokerConfig(config);
  const ids = Array.from({ length: brokerCount }, (_, i) => i);
  const metadata = new ClusterMetadata(ids, kernel.random.fork('controller'));
  const brokers = ids.map((id) => new Broker(id, brokerConfig, metadata, new BrokerDisk(), { closeConnection: (a, b) => kernel.network.resetConnection(a, b) }));
  metadata.onChange((change) => brokers.forEach((b) => b.onMetadataChange(change)));
  brokers.forEach((b) => kernel.addActor(b));
  const probe = new Probe();
  kernel.addActor(probe);

  const createTopic = (name: string, partitions: number, configs: TopicConfigInput = {}) => {
    const result = metadata.createTopic(name, partitions, 1, resolveTopicConfig(brokerConfig.topicDefaults, configs));
    if (!result.ok) throw new Error(result.message);
    return result.topic;
  };
  /** Sends and runs the clock until the answer arrives (or `waitMs` passes). */
  const request = <R extends KafkaResponseBody>(broker: number, body: KafkaRequestBody, waitMs = 100): R | undefined => {
    const id = probe.send(brokerNode(broker), body);
    kernel.runFor(waitMs);
    return probe.responses.get(id) as R | undefined;
  };
  return { kernel, metadata, brokers, probe, createTopic, request };
}

const utf8 = new TextEncoder();

export function batchOf(values: string[], timestampMs = 1_000, key: string | null = null): Uint8Array {
  return encodeRecordBatch({
    baseOffset: 0,
    partitionLeaderEpoch: -1,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    isTransactional: false,
    records: values.map((v, i) => ({ timestamp: timestampMs + i, key: key === null ? null : utf8.encode(key), value: utf8.encode(v), headers: [] })),
  });
}
