// The same scale-out (1 → 4 members, 3 partitions) with an eager assignor (range) and with
// cooperative-sticky (KIP-429). Eager stops the world: before joining, every member revokes all it
// owns, and nobody consumes until the new assignment. Cooperative revokes only what moves, keeps
// consuming the rest, and hands the moved partitions over in a second rebalance.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, expectNoDoubleOwnership, groupOf, groupScenario, memberConfig, members, only, runCollecting, simulate } from './harness.ts';

const STARTS_MS = [0, 5_000, 10_000, 15_000];

function scaleOut(strategy: 'range' | 'cooperative-sticky'): { sim: Simulation; events: TraceEvent[] } {
  const sim = simulate(
    groupScenario({
      seed: 61,
      ratePerSec: 30,
      count: 700,
      consumers: members(STARTS_MS, { config: memberConfig({ 'partition.assignment.strategy': [strategy] }), commit: 'sync-after-processing' }),
    }),
  );
  return { sim, events: runCollecting(sim, 28_000) };
}

/** What each consumer owned just before each event, replaying assigned/revoked/lost. */
function replayOwnership(events: TraceEvent[], visit: (e: TraceEvent, owned: Map<string, Set<number>>) => void): void {
  const owned = new Map<string, Set<number>>();
  for (const e of events) {
    visit(e, owned);
    if (e.type === 'partitions-assigned' || e.type === 'partitions-revoked' || e.type === 'partitions-lost') {
      const ev = e as unknown as { consumer: string; partitions: { partition: number }[] };
      const set = owned.get(ev.consumer) ?? new Set<number>();
      for (const tp of ev.partitions) {
        if (e.type === 'partitions-assigned') set.add(tp.partition);
        else set.delete(tp.partition);
      }
      owned.set(ev.consumer, set);
    }
  }
}

/** The rounds of rebalancing: from each new member's JoinGroup to the next one's (or the end). */
function rounds(events: TraceEvent[]): TraceEvent[][] {
  const starts = only(events, 'group-join-received')
    .filter((e) => e.member === '')
    .map((e) => e.seq);
  return starts.map((seq, i) => events.filter((e) => e.seq >= seq && (i + 1 >= starts.length || e.seq < starts[i + 1]!)));
}

describe('eager rebalancing (range) on a scale-out', () => {
  let run: { sim: Simulation; events: TraceEvent[] };
  beforeAll(() => {
    run = scaleOut('range');
  });

  it('makes every member revoke all it owns before the new assignment', () => {
    let revocations = 0;
    replayOwnership(run.events, (e, owned) => {
      if (e.type !== 'partitions-revoked') return;
      const ev = e as unknown as { consumer: string; partitions: { partition: number }[] };
      revocations++;
      expect(ev.partitions.map((tp) => tp.partition).sort()).toEqual([...(owned.get(ev.consumer) ?? [])].sort());
    });
    // Joins 2, 3 and 4 make the 1, 2 and 3 members owning partitions revoke them: 1 + 2 + 3.
    expect(revocations).toBe(6);
    for (const round of rounds(run.events).slice(1)) {
      const revoked = only(round, 'partitions-revoked');
      const assigned = only(round, 'partitions-assigned');
      // The barrier: every revocation of the round before any assignment.
      expect(Math.max(...revoked.map((e) => e.seq))).toBeLessThan(Math.min(...assigned.map((e) => e.seq)));
    }
  });

  it('stops the world: a member consumes nothing between its revocation and its new assignment', () => {
    for (const round of rounds(run.events).slice(1)) {
      for (const revoke of only(round, 'partitions-revoked')) {
        const assigned = only(round, 'partitions-assigned').find((e) => e.consumer === revoke.consumer && e.seq > revoke.seq)!;
        const consumedMeanwhile = only(round, 'records-consumed').filter((e) => e.node === `consumer-${revoke.consumer}` && e.seq > revoke.seq && e.seq < assigned.seq);
        expect(consumedMeanwhile).toEqual([]);
      }
    }
  });

  it('takes one generation per new member', () => {
    expect(groupOf(run.sim).generation).toBe(4);
    expect(only(run.events, 'group-rebalance-started')).toHaveLength(4);
  });
});

describe('cooperative rebalancing (cooperative-sticky) on the same scale-out', () => {
  let run: { sim: Simulation; events: TraceEvent[] };
  beforeAll(() => {
    run = scaleOut('cooperative-sticky');
  });

  it('revokes only the partitions that move, never all a member owns', () => {
    const revoked: { consumer: string; partitions: number[]; owned: number[] }[] = [];
    replayOwnership(run.events, (e, owned) => {
      if (e.type !== 'partitions-revoked') return;
      const ev = e as unknown as { consumer: string; partitions: { partition: number }[] };
      revoked.push({ consumer: ev.consumer, partitions: ev.partitions.map((tp) => tp.partition), owned: [...(owned.get(ev.consumer) ?? [])] });
    });
    // c2's join moves one partition away from c1, c3's join one more; c4's moves nothing.
    expect(revoked).toHaveLength(2);
    for (const r of revoked) {
      expect(r.partitions).toHaveLength(1);
      expect(r.owned.length).toBeGreaterThan(r.partitions.length);
    }
    // A member never gives back what it keeps: nobody but c1 revokes, and c1 keeps one partition throughout.
    expect(new Set(revoked.map((r) => r.consumer))).toEqual(new Set(['c1']));
  });

  it('keeps consuming the partitions it keeps while the group rebalances', () => {
    for (const round of rounds(run.events).slice(1, 3)) {
      const start = only(round, 'group-rebalance-started')[0]!;
      const end = only(round, 'group-state-changed').filter((e) => e.to === 'Stable').at(-1)!;
      const c1 = only(round, 'records-consumed').filter((e) => e.node === 'consumer-c1' && e.seq > start.seq && e.seq < end.seq);
      expect(c1.length, `c1 polls records during the rebalance from ${start.timeMs} to ${end.timeMs} ms`).toBeGreaterThan(0);
    }
  });

  it('takes two generations for a join that moves partitions (revoke, then rejoin to hand them over), one otherwise', () => {
    const [first, second, third, fourth] = rounds(run.events);
    const generationsIn = (round: TraceEvent[]) => new Set(only(round, 'group-join-answered').filter((e) => e.error === 'NONE').map((e) => e.generation)).size;
    expect(generationsIn(first!)).toBe(1);
    expect(generationsIn(second!)).toBe(2);
    expect(generationsIn(third!)).toBe(2);
    expect(generationsIn(fourth!)).toBe(1);
    for (const round of [second!, third!]) {
      const revoke = only(round, 'partitions-revoked')[0]!;
      const rejoin = only(round, 'group-join-received').find((e) => e.seq > revoke.seq && e.client === revoke.consumer)!;
      expect(rejoin.reason).toBe('need to revoke partitions and re-join');
      // The moved partition goes to the new member only in the second generation.
      const handedOver = only(round, 'partitions-assigned').find((e) => e.partitions.some((tp) => tp.partition === revoke.partitions[0]!.partition))!;
      expect(handedOver.seq).toBeGreaterThan(rejoin.seq);
      expect(handedOver.consumer).not.toBe('c1');
    }
    expect(groupOf(run.sim).generation).toBe(6);
  });

  it('never lets two members own a partition at once, and ends like eager: one owner each, one member idle', () => {
    expectNoDoubleOwnership(run.events);
    const group = groupOf(run.sim);
    expect(group.assignor).toBe('cooperative-sticky');
    expectEachPartitionOwnedOnce(group, 3);
    expect(group.members.filter((m) => m.assigned.length === 0)).toHaveLength(1);
    const report = run.sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  });
});
