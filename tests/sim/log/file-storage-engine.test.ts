import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from '../../../sim/index.ts';
import { createSimulation, type SimulationOptions } from '../../../sim/simulation.ts';
import { FileStorageGroup } from '../../../sim/log/file-storage.ts';
import { TimelineSession } from '../../../sim/timeline/session.ts';
import { NodeFilePort } from '../../../cli/bench-file-port.ts';
import { FakeFilePort } from './fake-file-port.ts';

const scenario: ScenarioInput = {
  seed: 11,
  cluster: { brokers: 3 },
  // Small indexes roll segments often, so that files are created, rolled and deleted.
  topics: [{ name: 't', partitions: 3, replicationFactor: 3, configs: { 'segment.index.bytes': 64, 'index.interval.bytes': 256, 'retention.bytes': 20_000 } }],
  producers: [{ id: 'p', topic: 't', config: { acks: 'all', 'linger.ms': 5 }, workload: { ratePerSec: 400, keys: { kind: 'sequence', prefix: 'k', cardinality: 9 }, valueSizeBytes: 60 } }],
  consumers: [{ id: 'c', topic: 't', config: { 'group.id': 'g', 'auto.offset.reset': 'earliest' } }],
  schedule: [
    { atMs: 1500, action: { type: 'add-broker' } },
    { atMs: 3000, action: { type: 'crash-broker', broker: 1 } },
    { atMs: 5000, action: { type: 'restart-broker', broker: 1 } },
    { atMs: 6000, action: { type: 'remove-broker', broker: 3 } },
    { atMs: 7000, action: { type: 'add-broker' } },
  ],
};

async function runWith(options: SimulationOptions, flush: () => Promise<void>): Promise<string> {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = createSimulation(parsed.scenario, options);
  for (let t = 250; t <= 10_000; t += 250) {
    sim.runUntil(t);
    await flush();
  }
  return sim.traceHash();
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the engine over FileStorage', () => {
  it('gives the same trace hash as over memory, with real files and with OPFS-like asynchronous handles', async () => {
    const memory = await runWith({}, async () => {});
    const fake = new FakeFilePort({ asyncOnly: true });
    const fakeGroup = new FileStorageGroup(fake, { cacheBytes: 16 * 1024, syncWriteBytes: 1024 });
    const overFake = await runWith({ brokerStorage: fakeGroup.brokerStorage() }, () => fakeGroup.flush());
    const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-engine-'));
    dirs.push(dir);
    const nodeGroup = new FileStorageGroup(new NodeFilePort(dir), { cacheBytes: 16 * 1024 });
    const overNode = await runWith({ brokerStorage: nodeGroup.brokerStorage() }, () => nodeGroup.flush());
    expect(overFake).toBe(memory);
    expect(overNode).toBe(memory);
    // The logs really went to files: a broker added again with a used id got a new directory.
    const paths = [...fake.files.keys()];
    expect(paths.some((p) => p.startsWith('broker-0/t-0/') && p.endsWith('.log'))).toBe(true);
    expect(fakeGroup.storages.map((s) => s.root)).toEqual(['broker-0', 'broker-1', 'broker-2', 'broker-3', 'broker-3.2']);
    expect(fakeGroup.health().fileBytes).toBeGreaterThan(50_000);
    nodeGroup.close();
  });
});

describe('a timeline session over FileStorage', () => {
  it('rewinds and checkpoints with a directory group per simulation, to the same trace as in memory', async () => {
    const parsed = parseScenario({ ...scenario, schedule: [] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const groups: FileStorageGroup[] = [];
    const overFiles = new TimelineSession(parsed.scenario, (s) => {
      const group = new FileStorageGroup(new FakeFilePort({ asyncOnly: true }));
      groups.push(group);
      return createSimulation(s, { brokerStorage: group.brokerStorage() });
    });
    const inMemory = new TimelineSession(parsed.scenario);
    for (const session of [overFiles, inMemory]) {
      session.runUntil(3000);
      for (const group of groups) await group.flush();
      session.buildCheckpoint(1_000_000);
      session.apply({ type: 'crash-broker', broker: 2 });
      session.runUntil(6000);
      for (const group of groups) await group.flush();
      session.rewind(4000);
      session.runUntil(7000);
    }
    expect(overFiles.sim.traceHash()).toBe(inMemory.sim.traceHash());
    // The first simulation, the checkpoint's and the rewind's each had their own directories.
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(overFiles.simulations.length).toBeGreaterThanOrEqual(1);
  });
});
