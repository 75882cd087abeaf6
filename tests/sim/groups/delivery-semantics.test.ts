// Where a member commits decides what its crash costs. Committing before processing (at-most-once):
// a crash while processing leaves records committed that nobody processed, and the member taking
// over starts after them. Committing after processing (at-least-once): a crash after processing
// and before the commit lands makes the next owner process those records again; none is skipped.
import { describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, groupScenario, memberConfig, only, runCollecting, simulate, type Traced } from './harness.ts';

const PER_POLL_MS = 300;
const LATENCY_MS = 20;
const RECORDS_PER_POLL = 10;

function twoMembers(commit: 'sync-before-processing' | 'sync-after-processing', seed: number): Simulation {
  return simulate(
    groupScenario({
      seed,
      partitions: 2,
      ratePerSec: 50,
      count: 1_000,
      latencyMs: LATENCY_MS,
      consumers: ['c1', 'c2'].map((id) => ({
        id,
        topic: 'pedidos',
        config: memberConfig({ 'max.poll.records': RECORDS_PER_POLL }),
        processing: { perPollMs: PER_POLL_MS },
        commit,
      })),
    }),
  );
}

/** Runs until c1 returns a full poll after `afterMs`; returns that poll and the events so far. */
function nextFullPoll(sim: Simulation, afterMs: number): { poll: Traced<'records-consumed'>; events: TraceEvent[] } {
  const events = runCollecting(sim, afterMs);
  for (;;) {
    const poll = only(events, 'records-consumed').find((e) => e.node === 'consumer-c1' && e.timeMs >= afterMs && e.records === RECORDS_PER_POLL);
    if (poll) return { poll, events };
    if (sim.nowMs() > afterMs + 5_000) throw new Error('c1 polled no full batch');
    events.push(...runCollecting(sim, sim.nowMs() + 10, 10).filter((e) => e.seq > events.at(-1)!.seq));
  }
}

function crashAt(sim: Simulation, events: TraceEvent[], atMs: number, untilMs: number): TraceEvent[] {
  events.push(...runCollecting(sim, atMs, 10).filter((e) => e.seq > events.at(-1)!.seq));
  expect(sim.apply({ type: 'crash-client', client: 'c1' }).ok).toBe(true);
  events.push(...runCollecting(sim, untilMs).filter((e) => e.seq > events.at(-1)!.seq));
  return events;
}

describe('delivery semantics of a member crash', () => {
  it('at-most-once: commit before processing, crash while processing → the poll\'s records are never processed', () => {
    const sim = twoMembers('sync-before-processing', 71);
    const { poll, events } = nextFullPoll(sim, 9_000);
    // poll() → commit (one round trip) → processing: crash half-way through the processing.
    crashAt(sim, events, poll.timeMs + 2 * LATENCY_MS + PER_POLL_MS / 2, 40_000);
    const committed = only(events, 'offsets-committed').filter((e) => e.member.startsWith('c1-') && e.timeMs > poll.timeMs);
    expect(committed).toHaveLength(1);
    expect(committed[0]!.offsets.map((o) => o.offset)).toEqual(Object.values(poll.position));

    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(RECORDS_PER_POLL);
    expect(report.processedTwice.count).toBe(0);
    // The skipped records sit just below the offset c1 committed, and c2 took over from there.
    for (const skipped of report.neverProcessed.examples) {
      expect(skipped.offset).toBeLessThan(poll.position[String(skipped.partition)]!);
    }
    expect(report.notYetProcessed).toBe(0);
    expect(sim.check().groupsClean).toBe(false);
    expect(sim.check().lost.count).toBe(0);
  });

  it('at-least-once: commit after processing, crash before the commit lands → records processed twice, none skipped', () => {
    const sim = twoMembers('sync-after-processing', 72);
    const { poll, events } = nextFullPoll(sim, 9_000);
    // poll() → processing → commit: crash while the commit is on its way to the coordinator.
    crashAt(sim, events, poll.timeMs + PER_POLL_MS + LATENCY_MS / 2, 40_000);
    const committed = only(events, 'offsets-committed').filter((e) => e.member.startsWith('c1-') && e.timeMs > poll.timeMs);
    expect(committed).toEqual([]);

    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
    expect(report.processedTwice.count).toBe(RECORDS_PER_POLL);
    for (const twice of report.processedTwice.examples) {
      expect(twice.times).toBe(2);
      expect(twice.consumers).toEqual(['c1', 'c2']);
    }
    expect(report.processedRecords).toBe(1_000 + RECORDS_PER_POLL);
    expect(sim.check().groupsClean).toBe(true);
  });
});
