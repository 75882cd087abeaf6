// Scenes for the cluster view's end-to-end test: the default one with a scheduled crash, and a
// large one to see the level of detail at work.
import { readFileSync } from 'node:fs';

export const defaultScenarioJson = (): Record<string, unknown> => JSON.parse(readFileSync('scenarios/primeiro-cluster.json', 'utf8')) as Record<string, unknown>;

/** The largest cluster the scenario format takes (9 brokers), 200 partitions, 10 producers, 3 groups of 10. */
export function largeScene(): Record<string, unknown> {
  return {
    name: 'Cena grande',
    seed: 7,
    cluster: { brokers: 9, controllers: 3, network: { latencyMs: 3, jitterMs: 1 } },
    topics: [{ name: 'eventos', partitions: 200, replicationFactor: 3 }],
    producers: Array.from({ length: 10 }, (_, i) => ({
      id: `p${i}`,
      topic: 'eventos',
      config: { acks: 'all', 'linger.ms': 5 },
      workload: { ratePerSec: 50, keys: { kind: 'sequence', prefix: 'k', cardinality: 1000 }, valueSizeBytes: 100 },
    })),
    consumers: [0, 1, 2].flatMap((g) =>
      Array.from({ length: 10 }, (_, i) => ({
        id: `g${g}c${i}`,
        topic: 'eventos',
        config: { 'group.id': `grupo-${g}`, 'auto.offset.reset': 'earliest' },
      })),
    ),
  };
}

/** The standard bench scene: 3 brokers, 1 controller, a 6-partition RF=3 topic, 2 producers at 50 records/s, a group of 3. */
export function standardScene(): Record<string, unknown> {
  return {
    name: 'Cena padrão',
    seed: 11,
    cluster: { brokers: 3, network: { latencyMs: 2, jitterMs: 1 } },
    topics: [{ name: 'pedidos', partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
    producers: ['p1', 'p2'].map((id) => ({
      id,
      topic: 'pedidos',
      config: { acks: 'all', 'linger.ms': 5 },
      workload: { ratePerSec: 50, keys: { kind: 'sequence', prefix: 'k', cardinality: 24 }, valueSizeBytes: 100 },
    })),
    consumers: ['c1', 'c2', 'c3'].map((id) => ({ id, topic: 'pedidos', config: { 'group.id': 'leitores', 'auto.offset.reset': 'earliest' } })),
  };
}
