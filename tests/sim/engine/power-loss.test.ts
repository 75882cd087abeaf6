import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';

function run(input: ScenarioInput, untilMs: number) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = createSimulation(parsed.scenario);
  sim.runUntil(untilMs);
  return sim;
}
const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

const single = (fault: 'power-loss' | 'crash-broker'): ScenarioInput => ({
  seed: 4,
  cluster: { brokers: 1 },
  topics: [{ name: 't', partitions: 1 }],
  producers: [{ id: 'p', topic: 't', config: { acks: 1 }, workload: { ratePerSec: 20, count: 200 } }],
  schedule: [
    { atMs: 5_000, action: { type: fault, broker: 0 } },
    { atMs: 30_000, action: { type: 'restart-broker', broker: 0 } },
  ],
});

describe('power loss (Kafka does not fsync each write)', () => {
  it('with one replica, a power loss takes away acknowledged records still in the page cache', () => {
    const sim = run(single('power-loss'), 60_000);
    const lost = ofType(sim.traceEvents(), 'page-cache-lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ broker: 0, topic: 't', partition: 0, toOffset: 0 });
    expect(lost[0]!.fromOffset as number).toBeGreaterThan(50);
    expect(sim.check().lost.count).toBe(lost[0]!.fromOffset);
  });

  it('a process crash on the same schedule loses nothing: the page cache survives it', () => {
    const sim = run(single('crash-broker'), 60_000);
    expect(ofType(sim.traceEvents(), 'page-cache-lost')).toHaveLength(0);
    expect(sim.check().lost.count).toBe(0);
  });

  it('with RF=3 and acks=all, a power loss of the leader loses nothing acknowledged', () => {
    const sim = run(
      {
        seed: 4,
        cluster: { brokers: 3 },
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
        producers: [{ id: 'p', topic: 't', config: { acks: 'all' }, workload: { ratePerSec: 20, count: 400 } }],
        schedule: [
          { atMs: 5_000, action: { type: 'power-loss', broker: 0 } },
          { atMs: 30_000, action: { type: 'restart-broker', broker: 0 } },
        ],
      },
      60_000,
    );
    expect(ofType(sim.traceEvents(), 'page-cache-lost').length).toBeGreaterThan(0);
    expect(sim.check().lost.count).toBe(0);
    expect(sim.snapshot().producers[0]!.acked).toBe(400);
  });

  it('refuses a power loss of a broker that is already down', () => {
    const sim = run(single('crash-broker'), 6_000);
    expect(sim.apply({ type: 'power-loss', broker: 0 })).toMatchObject({ ok: false, error: 'BROKER_NOT_RUNNING' });
  });
});
