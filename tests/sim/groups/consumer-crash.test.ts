// A member of a classic group crashes (no LeaveGroup): the coordinator only notices when its
// session expires, session.timeout.ms after the last sign of life (a heartbeat or a commit), then
// the others rebalance and take its partitions from the last committed offset. With commits after
// processing nothing acknowledged is skipped (at-least-once); some records may be processed twice.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, expectNoDoubleOwnership, groupOf, groupScenario, memberConfig, only, runCollecting, simulate, stateChanges } from './harness.ts';

const CRASH_MS = 12_000;

describe('a crashed member is removed after session.timeout.ms and the rest rebalance', () => {
  let sim: Simulation;
  let events: TraceEvent[];
  beforeAll(() => {
    sim = simulate(
      groupScenario({
        seed: 21,
        ratePerSec: 20,
        count: 600,
        consumers: ['c1', 'c2', 'c3'].map((id) => ({
          id,
          topic: 'pedidos',
          config: memberConfig({ 'max.poll.records': 20 }),
          processing: { perRecordMs: 5 },
          commit: 'sync-after-processing' as const,
        })),
        schedule: [{ atMs: CRASH_MS, action: { type: 'crash-client', client: 'c2' } }],
      }),
    );
    events = runCollecting(sim, 40_000);
  });

  it('removes the member for session-timeout exactly session.timeout.ms after its last heartbeat or commit', () => {
    const removed = only(events, 'group-member-removed');
    expect(removed).toHaveLength(1);
    const gone = removed[0]!;
    expect(gone.reason).toBe('session-timeout');
    expect(gone.member.startsWith('c2-')).toBe(true);
    // A member's heartbeats and its commits both keep its session alive.
    const signs = [
      ...only(events, 'group-heartbeat-answered').filter((e) => e.member === gone.member && e.error === 'NONE'),
      ...only(events, 'offsets-committed').filter((e) => e.member === gone.member && e.error === 'NONE'),
    ].filter((e) => e.timeMs <= CRASH_MS + 5);
    const lastSign = Math.max(...signs.map((e) => e.timeMs));
    expect(lastSign).toBeGreaterThan(CRASH_MS - 1_100);
    expect(gone.timeMs - lastSign).toBeCloseTo(6_000, 6);
    // Nothing happened to the group in between: the crash sends no LeaveGroup.
    expect(only(events, 'group-member-left')).toEqual([]);
    expect(only(events, 'group-rebalance-started').filter((e) => e.timeMs > CRASH_MS && e.timeMs < gone.timeMs)).toEqual([]);
  });

  it('rebalances the survivors into a new generation that owns every partition', () => {
    const gone = only(events, 'group-member-removed')[0]!;
    const rebalance = only(events, 'group-rebalance-started').find((e) => e.seq > gone.seq)!;
    expect(rebalance.reason).toMatch(/session\.timeout\.ms/);
    expect(stateChanges(events.filter((e) => e.seq >= rebalance.seq))).toEqual(['Stable→PreparingRebalance', 'PreparingRebalance→CompletingRebalance', 'CompletingRebalance→Stable']);
    const group = groupOf(sim);
    expect(group.state).toBe('Stable');
    expect(group.generation).toBe(rebalance.generation + 1);
    expect(group.members.map((m) => m.clientId).sort()).toEqual(['c1', 'c3']);
    expectEachPartitionOwnedOnce(group, 3);
    expectNoDoubleOwnership(events);
  });

  it('loses no acknowledged record (commit after processing): nothing skipped, everything processed in the end', () => {
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
    expect(report.commitsWentBackwards.count).toBe(0);
    // At-least-once: duplicates are allowed, and any are records the crashed member had processed.
    for (const d of report.processedTwice.examples) expect(d.consumers).toContain('c2');
    expect(report.processedRecords).toBe(600 + report.processedTwice.count);
    expect(sim.check().groupsClean).toBe(true);
  });
});
