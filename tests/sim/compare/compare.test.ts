// Side by side: the two scenarios of a comparison differ in the named setting only, and running
// them shows the difference a class is meant to see.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario } from '../../../sim/index.ts';
import type { Scenario } from '../../../sim/scenario/schema.ts';
import { COMPARISON_KINDS, COMPARISON_SCENARIOS, OwnershipTracker, comparisonPair, runVerdict, verdictDifferences, type RunVerdict } from '../../../sim/compare/index.ts';
import type { TraceEvent } from '../../../sim/kernel/types.ts';

function libraryScenario(name: string): Scenario {
  const parsed = parseScenario(JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
  return parsed.scenario;
}

/** Runs a scenario to `untilMs` in slices small enough that the trace buffer never skips an event. */
function verdictOf(scenario: Scenario, untilMs: number): RunVerdict {
  const sim = createSimulation(scenario);
  const tracker = new OwnershipTracker();
  let lastSeq = 0;
  while (sim.nowMs() < untilMs) {
    sim.runUntil(Math.min(untilMs, sim.nowMs() + 100));
    const events = sim.traceEvents(lastSeq);
    if (events.length > 0) expect(events[0]!.seq).toBe(lastSeq + 1);
    for (const event of events) tracker.observe(event);
    lastSeq = events.at(-1)?.seq ?? lastSeq;
  }
  return runVerdict(sim.nowMs(), sim.check(), tracker.pauses(sim.nowMs()));
}

describe('comparisonPair', () => {
  it('changes only the named setting of every comparison, on the scenario each one starts from', () => {
    for (const kind of COMPARISON_KINDS) {
      const base = libraryScenario(COMPARISON_SCENARIOS[kind]);
      const result = comparisonPair(base, kind);
      expect(result.ok, kind).toBe(true);
      if (!result.ok) continue;
      const { a, b, changes } = result.pair;
      expect(changes.length, kind).toBeGreaterThan(0);
      // Both sides still parse: a comparison never makes an invalid scenario.
      expect(parseScenario(a).ok, `${kind} A`).toBe(true);
      expect(parseScenario(b).ok, `${kind} B`).toBe(true);
      // Apart from client and cluster configs, the two runs are the same scenario.
      const strip = (s: Scenario) => ({ ...s, cluster: { ...s.cluster, config: undefined }, producers: s.producers.map((p) => ({ ...p, config: undefined })), consumers: s.consumers.map((c) => ({ ...c, config: undefined })), topics: s.topics.map((t) => ({ ...t, configs: undefined })) });
      expect(strip(a)).toEqual(strip(b));
      expect(strip(a)).toEqual(strip(base));
    }
  });

  it('refuses a comparison the scenario gives nothing to change', () => {
    const base = libraryScenario('acks1-leader-cai');
    const result = comparisonPair({ ...base, consumers: [] }, 'assignor');
    expect(result).toMatchObject({ ok: false, error: 'NOTHING_TO_COMPARE' });
  });
});

describe('running both sides', () => {
  it('acks=1 loses acknowledged records when the leader dies; acks=all loses none', () => {
    const result = comparisonPair(libraryScenario('acks1-leader-cai'), 'acks');
    if (!result.ok) throw new Error(result.message);
    const a = verdictOf(result.pair.a, 30_000);
    const b = verdictOf(result.pair.b, 30_000);
    expect(a.lost).toBeGreaterThan(0);
    expect(b.lost).toBe(0);
    expect(verdictDifferences(a, b).find((d) => d.metric === 'lost')).toMatchObject({ a: a.lost, b: 0, better: 'b' });
  });

  it('an eager assignor stops the whole group at each rebalance; cooperative-sticky never does, but moved partitions wait longer', () => {
    const result = comparisonPair(libraryScenario('grupo-eager-vs-cooperativo'), 'assignor');
    if (!result.ok) throw new Error(result.message);
    const a = verdictOf(result.pair.a, 25_000);
    const b = verdictOf(result.pair.b, 25_000);
    expect(a.stopTheWorldMs).toBeGreaterThan(0);
    expect(b.stopTheWorldMs).toBe(0);
    // A partition that changes owner waits for the second rebalance of KIP-429, which starts only
    // once every member has heard of it through a heartbeat (heartbeat.interval.ms).
    expect(b.longestGapMs).toBeGreaterThan(a.longestGapMs);
    expect(a.groups.map((g) => g.group)).toEqual(['cooperativo', 'eager']);
  });
});

describe('OwnershipTracker', () => {
  const at = (timeMs: number, body: Record<string, unknown>): TraceEvent => ({ seq: 0, timeMs, node: 'x', ...body }) as TraceEvent;
  const p = (partition: number) => ({ topic: 't', partition });

  it('counts the time each partition spends between an owner revoking it and the next owner getting it', () => {
    const tracker = new OwnershipTracker();
    tracker.observe(at(0, { type: 'partitions-assigned', consumer: 'c1', group: 'g', partitions: [p(0), p(1)] }));
    tracker.observe(at(1000, { type: 'partitions-revoked', consumer: 'c1', group: 'g', partitions: [p(0), p(1)] }));
    tracker.observe(at(1300, { type: 'partitions-assigned', consumer: 'c1', group: 'g', partitions: [p(0)] }));
    tracker.observe(at(1500, { type: 'partitions-assigned', consumer: 'c2', group: 'g', partitions: [p(1)] }));
    expect(tracker.pauses(2000)).toEqual([{ group: 'g', unownedPartitionMs: 300 + 500, longestGapMs: 500, unownedNow: 0, stopTheWorldMs: 300 }]);
  });

  it('treats a crashed consumer as owning nothing, and ignores a revoke by a former owner', () => {
    const tracker = new OwnershipTracker();
    tracker.observe(at(0, { type: 'partitions-assigned', consumer: 'c1', group: 'g', partitions: [p(0)] }));
    tracker.observe(at(100, { type: 'node-down', target: 'consumer-c1' }));
    tracker.observe(at(700, { type: 'partitions-assigned', consumer: 'c2', group: 'g', partitions: [p(0)] }));
    tracker.observe(at(800, { type: 'partitions-revoked', consumer: 'c1', group: 'g', partitions: [p(0)] }));
    expect(tracker.pauses(1000)).toEqual([{ group: 'g', unownedPartitionMs: 600, longestGapMs: 600, unownedNow: 0, stopTheWorldMs: 600 }]);
  });

  it('counts a stretch still open up to the time asked', () => {
    const tracker = new OwnershipTracker();
    tracker.observe(at(0, { type: 'partitions-assigned', consumer: 'c1', group: 'g', partitions: [p(0)] }));
    tracker.observe(at(100, { type: 'partitions-lost', consumer: 'c1', group: 'g', partitions: [p(0)], reason: 'x' }));
    expect(tracker.pauses(400)).toEqual([{ group: 'g', unownedPartitionMs: 300, longestGapMs: 300, unownedNow: 1, stopTheWorldMs: 300 }]);
  });
});
