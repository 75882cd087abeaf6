import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';

function simulate(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createSimulation(parsed.scenario);
}
const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

const base: ScenarioInput = {
  seed: 21,
  cluster: { brokers: 2 },
  topics: [{ name: 't', partitions: 2 }],
  producers: [{ id: 'p', topic: 't', config: { acks: 1, 'request.timeout.ms': 2000, 'delivery.timeout.ms': 60000 }, workload: { ratePerSec: 20, count: 400, keys: { kind: 'sequence', prefix: 'k', cardinality: 8 } } }],
  consumers: [{ id: 'c', topic: 't', config: { 'auto.offset.reset': 'earliest' } }],
};

describe('faults that make no sense change nothing', () => {
  it('refuses to restart a running broker, crash a crashed one, or name unknown nodes', () => {
    const sim = simulate(base);
    sim.runUntil(1000);
    const hash = sim.traceHash();
    expect(sim.apply({ type: 'restart-broker', broker: 0 })).toMatchObject({ ok: false, error: 'BROKER_RUNNING' });
    expect(sim.apply({ type: 'split-network', sideA: ['broker-0'], sideB: ['broker-7'] })).toMatchObject({ ok: false, error: 'UNKNOWN_NODE' });
    expect(sim.apply({ type: 'cut-link', a: 'broker-0', b: 'broker-0' })).toMatchObject({ ok: false, error: 'INVALID_FAULT' });
    expect(sim.apply({ type: 'split-network', sideA: ['broker-0'], sideB: ['broker-0'] })).toMatchObject({ ok: false, error: 'INVALID_FAULT' });
    expect(sim.apply({ type: 'restart-client', client: 'p' })).toMatchObject({ ok: false, error: 'CLIENT_RUNNING' });
    expect(sim.traceHash()).toBe(hash);
    expect(sim.inputs()).toEqual([]);
  });

  it('rejects a scenario whose schedule names a node that does not exist', () => {
    const result = parseScenario({ ...base, schedule: [{ atMs: 5, action: { type: 'cut-link', a: 'broker-0', b: 'consumer-zz' } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'schedule.0.action', message: 'no node "consumer-zz" in the scenario' });
  });
});

describe('network faults', () => {
  it('a cut link between producer and leader breaks the connection: requests fail at once and are retried; after healing, every record is delivered', () => {
    const sim = simulate({
      ...base,
      schedule: [
        { atMs: 3000, action: { type: 'cut-link', a: 'producer-p', b: 'broker-0' } },
        { atMs: 3000, action: { type: 'cut-link', a: 'producer-p', b: 'broker-1' } },
        { atMs: 9000, action: { type: 'heal-network' } },
      ],
    });
    sim.runUntil(40_000);
    const events = sim.traceEvents();
    expect(ofType(events, 'link-cut')).toHaveLength(2);
    expect(ofType(events, 'link-healed')).toHaveLength(2);
    expect(ofType(events, 'produce-retry').some((e) => e.error === 'NETWORK_EXCEPTION')).toBe(true);
    expect(ofType(events, 'connection-broken').length).toBeGreaterThan(0);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 400, acked: 400, failedTotal: 0 });
    // A request whose answer was lost may have been appended, and is sent again: without
    // idempotence, that is a duplicate — the log may hold more than was acked, never less.
    const leo = snap.topics[0]!.partitions.reduce((sum, p) => sum + p.logEndOffset, 0);
    expect(leo).toBeGreaterThanOrEqual(400);
  });

  it('an isolated broker keeps running but nobody reaches it', () => {
    const sim = simulate({ ...base, schedule: [{ atMs: 2000, action: { type: 'isolate-broker', broker: 1 } }] });
    sim.runUntil(8000);
    const snap = sim.snapshot();
    expect(snap.brokers[1]!.status).toBe('up');
    expect(ofType(sim.traceEvents(), 'partition')[0]).toMatchObject({ sideA: ['broker-1'] });
    const stuck = snap.topics[0]!.partitions.find((p) => p.leader === 1)!;
    const moving = snap.topics[0]!.partitions.find((p) => p.leader === 0)!;
    sim.runUntil(12_000);
    const later = sim.snapshot().topics[0]!.partitions;
    expect(later[stuck.partition]!.logEndOffset).toBe(stuck.logEndOffset);
    expect(later[moving.partition]!.logEndOffset).toBeGreaterThan(moving.logEndOffset);
  });

  it('a slow link makes the produce latency grow by its latency', () => {
    const fast = simulate(base);
    fast.runUntil(10_000);
    const slow = simulate({
      ...base,
      schedule: [
        { atMs: 0, action: { type: 'slow-link', a: 'producer-p', b: 'broker-0', latencyMs: 200 } },
        { atMs: 0, action: { type: 'slow-link', a: 'producer-p', b: 'broker-1', latencyMs: 200 } },
      ],
    });
    slow.runUntil(10_000);
    const fastLatency = fast.snapshot().producers[0]!.latencyMsAvg;
    const slowLatency = slow.snapshot().producers[0]!.latencyMsAvg;
    expect(slowLatency - fastLatency).toBeGreaterThan(350);
    expect(slowLatency - fastLatency).toBeLessThan(450);
  });
});

describe('client crashes', () => {
  it('a crashed producer loses what it held; a restarted one carries on from the application', () => {
    const sim = simulate({
      ...base,
      producers: [{ id: 'p', topic: 't', config: { acks: 1, 'linger.ms': 1000 }, workload: { ratePerSec: 50, count: 1000 } }],
      schedule: [
        { atMs: 4500, action: { type: 'crash-client', client: 'p' } },
        { atMs: 6000, action: { type: 'restart-client', client: 'p' } },
      ],
    });
    sim.runUntil(5000);
    expect(sim.snapshot().producers[0]!.status).toBe('crashed');
    const logBefore = sim.snapshot().topics[0]!.partitions.reduce((s, p) => s + p.logEndOffset, 0);
    sim.runUntil(30_000);
    const snap = sim.snapshot();
    expect(snap.producers[0]!.status).toBe('done');
    const logAfter = snap.topics[0]!.partitions.reduce((s, p) => s + p.logEndOffset, 0);
    // The lingering batch (up to 1 s of records) died with the process: fewer than 1000 arrive.
    expect(logAfter).toBeLessThan(1000);
    expect(logAfter - logBefore).toBe(snap.producers[0]!.acked);
  });

  it('a crashed consumer stops; restarted, it begins again from auto.offset.reset', () => {
    const sim = simulate({ ...base, schedule: [{ atMs: 5000, action: { type: 'crash-client', client: 'c' } }, { atMs: 8000, action: { type: 'restart-client', client: 'c' } }] });
    sim.runUntil(7000);
    expect(sim.snapshot().consumers[0]!.status).toBe('crashed');
    sim.runUntil(30_000);
    const snap = sim.snapshot();
    // earliest: the new process reads everything again (no committed offsets without a group).
    expect(snap.consumers[0]!.consumed).toBe(snap.topics[0]!.partitions.reduce((s, p) => s + p.highWatermark, 0));
  });
});
