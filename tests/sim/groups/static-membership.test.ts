// Static membership (KIP-345, group.instance.id): a static member joins without the
// MEMBER_ID_REQUIRED round trip, sends no LeaveGroup when it goes, and when a new process of it
// rejoins within session.timeout.ms it takes its old place — a new member id, the same
// partitions, the same generation, no rebalance. Away longer, its session expires like anyone's.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, groupOf, groupScenario, memberConfig, only, runCollecting, simulate } from './harness.ts';

const SESSION_TIMEOUT_MS = 10_000;

function staticGroup(seed: number, crashMs: number, restartMs: number) {
  return groupScenario({
    seed,
    ratePerSec: 20,
    count: 600,
    consumers: ['a', 'b', 'c'].map((id) => ({
      id,
      topic: 'pedidos',
      config: memberConfig({ 'group.instance.id': `instancia-${id}`, 'session.timeout.ms': SESSION_TIMEOUT_MS }),
      commit: 'sync-after-processing' as const,
    })),
    schedule: [
      { atMs: crashMs, action: { type: 'crash-client', client: 'b' } },
      { atMs: restartMs, action: { type: 'restart-client', client: 'b' } },
    ],
  });
}

describe('a static member restarted within session.timeout.ms', () => {
  const CRASH_MS = 10_000;
  const RESTART_MS = 14_000;
  let sim: Simulation;
  let events: TraceEvent[];
  let before: Map<string, number[]>;
  beforeAll(() => {
    sim = simulate(staticGroup(41, CRASH_MS, RESTART_MS));
    const first = runCollecting(sim, CRASH_MS - 100);
    before = new Map(groupOf(sim).members.map((m) => [m.instanceId!, m.assigned.map((tp) => tp.partition)]));
    const rest = runCollecting(sim, 35_000).filter((e) => e.seq > first.at(-1)!.seq);
    events = [...first, ...rest];
  });

  it('joins with an id derived from group.instance.id, without MEMBER_ID_REQUIRED', () => {
    const joins = only(events, 'group-join-answered');
    expect(joins.filter((e) => e.error === 'MEMBER_ID_REQUIRED')).toEqual([]);
    for (const e of joins.filter((j) => j.error === 'NONE')) expect(e.member).toMatch(/^instancia-[abc]-[0-9a-f-]{36}$/);
    expect(groupOf(sim).members.map((m) => m.instanceId).sort()).toEqual(['instancia-a', 'instancia-b', 'instancia-c']);
  });

  it('replaces the old member id by the new one and starts no rebalance', () => {
    const replaced = only(events, 'group-static-member-replaced');
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ group: GROUP, instanceId: 'instancia-b' });
    expect(replaced[0]!.timeMs).toBeGreaterThanOrEqual(RESTART_MS);
    expect(replaced[0]!.newMember).not.toBe(replaced[0]!.oldMember);
    // One rebalance only: the first one. Nobody left, nobody was removed.
    expect(only(events, 'group-rebalance-started')).toHaveLength(1);
    expect(only(events, 'group-rebalance-started').filter((e) => e.timeMs >= CRASH_MS)).toEqual([]);
    expect(only(events, 'group-member-left')).toEqual([]);
    expect(only(events, 'group-member-removed')).toEqual([]);
    // The new process is answered with the current generation and the same assignment.
    const answer = only(events, 'group-join-answered').find((e) => e.member === replaced[0]!.newMember)!;
    expect(answer).toMatchObject({ error: 'NONE', generation: 1 });
    const group = groupOf(sim);
    expect(group.state).toBe('Stable');
    expect(group.generation).toBe(1);
    expect(group.members.find((m) => m.instanceId === 'instancia-b')!.memberId).toBe(replaced[0]!.newMember);
  });

  it('gives the restarted member the partitions it had, and the others keep theirs', () => {
    const after = new Map(groupOf(sim).members.map((m) => [m.instanceId!, m.assigned.map((tp) => tp.partition)]));
    expect(after).toEqual(before);
    const assigned = only(events, 'partitions-assigned').filter((e) => e.consumer === 'b');
    expect(assigned.at(-1)!.timeMs).toBeGreaterThanOrEqual(RESTART_MS);
    expect(assigned.at(-1)!.partitions.map((tp) => tp.partition)).toEqual(before.get('instancia-b'));
    // The others never gave anything back.
    expect(only(events, 'partitions-revoked')).toEqual([]);
    expectEachPartitionOwnedOnce(groupOf(sim), 3);
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  });
});

describe('a static member away longer than session.timeout.ms', () => {
  it('is removed when its session expires and the group rebalances; its return is a second rebalance', () => {
    const CRASH_MS = 10_000;
    const sim = simulate(staticGroup(42, CRASH_MS, 25_000));
    const events = runCollecting(sim, 40_000);
    const removed = only(events, 'group-member-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ instanceId: 'instancia-b', reason: 'session-timeout' });
    expect(removed[0]!.timeMs - CRASH_MS).toBeGreaterThan(SESSION_TIMEOUT_MS - 1_100);
    expect(removed[0]!.timeMs - CRASH_MS).toBeLessThanOrEqual(SESSION_TIMEOUT_MS);
    const rebalances = only(events, 'group-rebalance-started');
    expect(rebalances).toHaveLength(3);
    expect(rebalances[1]!.seq).toBeGreaterThan(removed[0]!.seq);
    // Back after its session ended: a new member for the coordinator, no replacement.
    expect(only(events, 'group-static-member-replaced')).toEqual([]);
    expect(rebalances[2]!.timeMs).toBeGreaterThanOrEqual(25_000);
    expectEachPartitionOwnedOnce(groupOf(sim), 3);
    expect(groupOf(sim).generation).toBe(3);
  });
});
