// The scenario the app opens with: a small cluster, one topic, a producer and a consumer in the
// consumer group "leitores" (committing automatically), so the first screen shows a group.
// Short segment.ms and retention so that a class sees segments roll and be deleted in minutes.
// scenarios/primeiro-cluster.json is the same scenario as JSON; keep the two equal.
import type { ScenarioInput } from '../schema.ts';

export const defaultScenarioInput: ScenarioInput = {
  name: 'Primeiro cluster',
  description: 'Três brokers, o tópico "pedidos" com três partições, um produtor e um consumidor no grupo "leitores".',
  seed: 42,
  cluster: {
    brokers: 3,
    network: { latencyMs: 2, jitterMs: 1 },
    config: { 'log.retention.check.interval.ms': 10_000 },
  },
  topics: [
    {
      name: 'pedidos',
      partitions: 3,
      replicationFactor: 3,
      configs: { 'segment.ms': 20_000, 'retention.ms': 60_000, 'min.insync.replicas': 2 },
    },
  ],
  producers: [
    {
      id: 'p1',
      topic: 'pedidos',
      config: { acks: 'all', 'linger.ms': 5 },
      workload: { ratePerSec: 20, keys: { kind: 'sequence', prefix: 'cliente-', cardinality: 12 }, valueSizeBytes: 100 },
    },
  ],
  consumers: [
    {
      id: 'c1',
      topic: 'pedidos',
      config: { 'group.id': 'leitores', 'auto.offset.reset': 'earliest' },
      commit: 'auto',
      processing: { perRecordMs: 5, perPollMs: 2 },
    },
  ],
  schedule: [],
};
