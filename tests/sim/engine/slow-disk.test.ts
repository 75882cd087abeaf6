// The slow-disk fault: a broker whose disk takes latencyMs for each log append, one after another.
// The leader's produce appends and a follower's fetched appends wait for it, so acks=all slows
// down and a follower that cannot keep up leaves the ISR after replica.lag.time.max.ms.
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';
import { ptBR } from '../../../src/i18n/pt-BR.ts';

function simulate(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createSimulation(parsed.scenario);
}

function collect(sim: ReturnType<typeof simulate>, untilMs: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (let t = sim.nowMs() + 100; t <= untilMs; t += 100) {
    sim.runUntil(t);
    events.push(...sim.traceEvents(events.at(-1)?.seq ?? 0));
  }
  return events;
}

const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

/** Broker 0 leads t-0 (replicas [0, 1, 2]); acks=all, min.insync.replicas=2, a record every 50 ms. */
const cluster = (schedule: ScenarioInput['schedule'], config: Record<string, number> = {}): ScenarioInput => ({
  seed: 9,
  cluster: { brokers: 3, network: { latencyMs: 1, jitterMs: 0 }, config },
  topics: [{ name: 't', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
  producers: [{ id: 'p', topic: 't', config: { acks: 'all', 'linger.ms': 0 }, workload: { ratePerSec: 20, count: 400 } }],
  schedule,
});

function leaderOf(sim: ReturnType<typeof simulate>): number {
  return sim.snapshot().topics[0]!.partitions[0]!.leader;
}

describe('slow disk', () => {
  it('a slow disk on the leader delays acks=all answers by its latency, and the heal brings them back', () => {
    const probe = simulate(cluster([]));
    probe.runUntil(100);
    const leader = leaderOf(probe);
    const sim = simulate(
      cluster([
        { atMs: 5_000, action: { type: 'slow-disk', broker: leader, latencyMs: 300 } },
        { atMs: 12_000, action: { type: 'heal-disk', broker: leader } },
      ]),
    );
    const events = collect(sim, 25_000);
    const acked = ofType(events, 'produce-acked');
    const latencies = (from: number, to: number) => acked.filter((e) => e.timeMs >= from && e.timeMs < to).map((e) => e.latencyMs as number);
    expect(Math.max(...latencies(1_000, 5_000))).toBeLessThan(50);
    const slow = latencies(6_000, 12_000);
    expect(slow.length).toBeGreaterThan(0);
    expect(Math.min(...slow)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...latencies(15_000, 25_000))).toBeLessThan(50);
    expect(sim.snapshot().producers[0]).toMatchObject({ sent: 400, acked: 400, failedTotal: 0 });
    expect(sim.check().lost.count).toBe(0);
  });

  it('a follower whose disk cannot keep up leaves the ISR after replica.lag.time.max.ms, and rejoins once healed', () => {
    const probe = simulate(cluster([]));
    probe.runUntil(100);
    const follower = probe.snapshot().topics[0]!.partitions[0]!.replicas.find((r) => r !== leaderOf(probe))!;
    const sim = simulate(
      cluster(
        [
          // Each fetched append takes longer than replica.lag.time.max.ms: the follower cannot catch up.
          { atMs: 3_000, action: { type: 'slow-disk', broker: follower, latencyMs: 5_000 } },
          { atMs: 15_000, action: { type: 'heal-disk', broker: follower } },
        ],
        { 'replica.lag.time.max.ms': 2_000 },
      ),
    );
    const events = collect(sim, 30_000);
    const shrunk = ofType(events, 'isr-shrunk').filter((e) => (e.removed as number[]).includes(follower));
    expect(shrunk).toHaveLength(1);
    expect(shrunk[0]).toMatchObject({ reason: 'lagging' });
    expect(shrunk[0]!.timeMs).toBeGreaterThan(3_000 + 2_000);
    expect(shrunk[0]!.timeMs).toBeLessThan(15_000);
    const expanded = ofType(events, 'isr-expanded').filter((e) => (e.added as number[]).includes(follower));
    expect(expanded.length).toBeGreaterThan(0);
    expect(expanded.at(-1)!.timeMs).toBeGreaterThan(15_000);
    expect(sim.snapshot().topics[0]!.partitions[0]!.isr).toHaveLength(3);
    expect(sim.check().lost.count).toBe(0);
  });

  it('leaves a trail in the trace, with Portuguese texts, and shows the latency in the snapshot', () => {
    const sim = simulate(cluster([{ atMs: 1_000, action: { type: 'slow-disk', broker: 2, latencyMs: 250 } }]));
    sim.runUntil(1_500);
    expect(sim.snapshot().brokers[2]).toMatchObject({ diskLatencyMs: 250 });
    expect(sim.apply({ type: 'heal-disk', broker: 2 })).toEqual({ ok: true });
    expect(sim.snapshot().brokers[2]).toMatchObject({ diskLatencyMs: 0 });
    const trail = sim.traceEvents().filter((e) => e.type === 'broker-disk-slowed' || e.type === 'broker-disk-healed');
    expect(trail).toMatchObject([
      { type: 'broker-disk-slowed', broker: 2, latencyMs: 250, node: 'broker-2', timeMs: 1_000 },
      { type: 'broker-disk-healed', broker: 2, node: 'broker-2', timeMs: 1_500 },
    ]);
    const texts = ptBR.events.engine;
    const format = { integer: String, decimal: (v: number) => String(v), bytes: String, time: String, durationMs: (ms: number) => `${ms} ms`, list: (items: string[]) => items.join(', ') };
    expect(texts['broker-disk-slowed'](trail[0] as never, format)).toContain('O disco do broker 2 ficou lento');
    expect(texts['broker-disk-healed'](trail[1] as never, format)).toBe('O disco do broker 2 voltou ao normal');
  });

  it('refuses bad input with a clear error and changes nothing', () => {
    const bad = parseScenario(cluster([{ atMs: 1, action: { type: 'slow-disk', broker: 7, latencyMs: 100 } }]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.message).toBe('no broker 7 (brokers are numbered 0 to 2)');
    const negative = parseScenario(cluster([{ atMs: 1, action: { type: 'slow-disk', broker: 0, latencyMs: -5 } }]));
    expect(negative.ok).toBe(false);
    const sim = simulate(cluster([]));
    sim.runUntil(100);
    const before = sim.traceHash();
    expect(sim.apply({ type: 'heal-disk', broker: 1 })).toMatchObject({ ok: false, error: 'DISK_NOT_SLOW' });
    expect(sim.apply({ type: 'slow-disk', broker: 9, latencyMs: 10 })).toMatchObject({ ok: false });
    expect(sim.traceHash()).toBe(before);
    expect(sim.inputs()).toEqual([]);
  });
});
