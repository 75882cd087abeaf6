// A replicated cluster on a bare kernel: brokers with their disks, the metadata stand-in for the
// controller, a probe that sends raw requests, and the faults the replication tests need (crash,
// fence, restart, cut links). Every step runs the kernel, so what happens is what the brokers do.
import { Kernel } from '../../../sim/kernel/index.ts';
import type { TraceEvent } from '../../../sim/kernel/types.ts';
import { ClusterMetadata } from '../../../sim/controller/cluster-metadata.ts';
import { Broker, brokerNode } from '../../../sim/broker/broker.ts';
import { BrokerDisk } from '../../../sim/broker/broker-disk.ts';
import { resolveBrokerConfig, type BrokerConfigInput } from '../../../sim/config/broker-config.ts';
import { resolveTopicConfig, type TopicConfigInput } from '../../../sim/config/topic-config.ts';
import { decodeRecordBatches } from '../../../sim/log/index.ts';
import type { FetchResponse, KafkaResponseBody, ProduceResponse } from '../../../sim/protocol/messages.ts';
import { Probe, batchOf } from '../broker/harness.ts';

export { batchOf };

type ProducePartition = ProduceResponse['topics'][number]['partitions'][number];
type FetchPartition = FetchResponse['topics'][number]['partitions'][number];

export function makeReplicatedCluster(brokerCount = 3, config: BrokerConfigInput = {}, seed = 7) {
  const kernel = new Kernel({ seed, network: { defaultLink: { latencyMs: 1, jitterMs: 0 }, maxInFlight: 100_000 }, traceLimit: 100_000, maxEventsPerRun: 5_000_000 });
  const brokerConfig = resolveBrokerConfig(config);
  const ids = Array.from({ length: brokerCount }, (_, i) => i);
  const metadata = new ClusterMetadata(ids, kernel.random.fork('controller'));
  const connections = { closeConnection: (a: string, b: string) => kernel.network.resetConnection(a, b) };
  const disks = ids.map(() => new BrokerDisk());
  const brokers = ids.map((id) => new Broker(id, brokerConfig, metadata, disks[id]!, connections));
  metadata.onChange((change) => brokers.forEach((b) => b.onMetadataChange(change)));
  brokers.forEach((b) => kernel.addActor(b));
  const probe = new Probe();
  kernel.addActor(probe);

  const cluster = {
    kernel,
    metadata,
    brokers,
    probe,
    config: brokerConfig,

    /** A topic whose every partition has the replicas 0, 1, ... rf-1 in that order (leader 0), unless given. */
    createTopic(name: string, partitions: number, replicationFactor: number, configs: TopicConfigInput = {}, assignment?: number[][]) {
      const replicas = Array.from({ length: replicationFactor }, (_, i) => i);
      const lists = assignment ?? Array.from({ length: partitions }, () => replicas);
      const result = metadata.createTopic(name, partitions, replicationFactor, resolveTopicConfig(brokerConfig.topicDefaults, configs), false, lists);
      if (!result.ok) throw new Error(result.message);
      return result.topic;
    },

    /** Sends a Produce from the probe and returns a getter for its answer. */
    produce(broker: number, topic: string, partition: number, values: string[], acks: 0 | 1 | -1 = -1, timeoutMs = 30_000) {
      const id = probe.send(brokerNode(broker), { api: 'Produce', acks, timeoutMs, topics: [{ name: topic, partitions: [{ partition, records: batchOf(values, Math.floor(kernel.nowMs)) }] }] });
      return () => (probe.responses.get(id) as ProduceResponse | undefined)?.topics[0]?.partitions[0] as ProducePartition | undefined;
    },

    /** A consumer Fetch from the probe (no waiting); the answer for the partition. */
    consume(broker: number, topic: string, partition: number, fetchOffset: number): FetchPartition | undefined {
      const id = probe.send(brokerNode(broker), {
        api: 'Fetch',
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 52_428_800,
        topics: [{ name: topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, partitionMaxBytes: 1_048_576 }] }],
      });
      kernel.runFor(5);
      return (probe.responses.get(id) as FetchResponse | undefined)?.topics[0]?.partitions[0];
    },

    run(ms: number) {
      kernel.runFor(ms);
    },

    /** The process dies; the controller notices only when told (fence). */
    crash(id: number) {
      kernel.crash(brokerNode(id));
      brokers[id]!.stop();
    },

    /** The controller fences the broker (its session expired). */
    fence(id: number) {
      metadata.brokerDown(id);
    },

    /** A new process over the same disk; the controller unfences it. */
    restart(id: number) {
      const broker = new Broker(id, brokerConfig, metadata, disks[id]!, connections);
      brokers[id] = broker;
      kernel.restart(brokerNode(id), broker);
      metadata.brokerUp(id);
      return broker;
    },

    cut(a: number, b: number) {
      kernel.network.cutLink(brokerNode(a), brokerNode(b));
    },

    heal(a: number, b: number) {
      kernel.network.healLink(brokerNode(a), brokerNode(b));
    },

    replica(broker: number, topic = 't', partition = 0) {
      const replica = brokers[broker]!.replica(topic, partition);
      if (!replica) throw new Error(`broker ${broker} has no replica of ${topic}-${partition}`);
      return replica;
    },

    registration(topic = 't', partition = 0) {
      return metadata.partition(topic, partition)!;
    },

    /** The values in a replica's log, in offset order. */
    values(broker: number, topic = 't', partition = 0): string[] {
      const log = cluster.replica(broker, topic, partition).log;
      if (log.logEndOffset === log.logStartOffset) return [];
      const bytes = log.read(log.logStartOffset, 1 << 30, log.logEndOffset).records;
      return decodeRecordBatches(bytes).flatMap((b) => b.records.map((r) => new TextDecoder().decode(r.value!)));
    },

    events(type?: string): TraceEvent[] {
      const all = kernel.trace.since(0);
      return type === undefined ? all : all.filter((e) => e.type === type);
    },
  };
  return cluster;
}

export function answered(body: KafkaResponseBody | undefined): boolean {
  return body !== undefined;
}
