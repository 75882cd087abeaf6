// Runs a small scenario with its brokers' logs in a FileStorageGroup over a fake port, for the
// download and recovery tests.
import { parseScenario, type ScenarioInput } from '../../../sim/index.ts';
import { createSimulation } from '../../../sim/simulation.ts';
import type { Simulation } from '../../../sim/api.ts';
import { FileStorageGroup } from '../../../sim/log/file-storage.ts';
import { FakeFilePort } from './fake-file-port.ts';

export const filesScenario: ScenarioInput = {
  seed: 5,
  cluster: { brokers: 3 },
  topics: [{ name: 't', partitions: 2, replicationFactor: 3, configs: { 'segment.index.bytes': 96, 'index.interval.bytes': 300 } }],
  producers: [{ id: 'p', topic: 't', config: { acks: 'all', 'linger.ms': 5 }, workload: { ratePerSec: 300, keys: { kind: 'sequence', prefix: 'chave-', cardinality: 7 }, valueSizeBytes: 40 } }],
  consumers: [],
};

export async function runOverFiles(untilMs: number): Promise<{ sim: Simulation; port: FakeFilePort; group: FileStorageGroup }> {
  const parsed = parseScenario(filesScenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const port = new FakeFilePort({ asyncOnly: true });
  const group = new FileStorageGroup(port, { cacheBytes: 32 * 1024, syncWriteBytes: 2048 });
  const sim = createSimulation(parsed.scenario, { brokerStorage: group.brokerStorage() });
  for (let t = 200; t <= untilMs; t += 200) {
    sim.runUntil(t);
    await group.flush();
  }
  return { sim, port, group };
}
