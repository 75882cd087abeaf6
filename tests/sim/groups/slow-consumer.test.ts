// A member that does not call poll() within max.poll.interval.ms (KIP-62): its heartbeat thread
// keeps the session alive but gives up the membership — LeaveGroup, its partitions lost — the
// group rebalances without it, and it joins again, as a new member, at its next poll().
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, expectNoDoubleOwnership, groupOf, groupScenario, memberConfig, memberIdsByClient, only, runCollecting, simulate } from './harness.ts';

const MAX_POLL_INTERVAL_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;

describe('a paused application thread exceeds max.poll.interval.ms', () => {
  const PAUSE_MS = 10_000;
  const RESUME_MS = 25_000;
  let sim: Simulation;
  let events: TraceEvent[];
  beforeAll(() => {
    sim = simulate(
      groupScenario({
        seed: 31,
        ratePerSec: 20,
        count: 700,
        consumers: ['rapido', 'lento'].map((id) => ({ id, topic: 'pedidos', config: memberConfig(), commit: 'sync-after-processing' as const })),
        schedule: [
          { atMs: PAUSE_MS, action: { type: 'pause-consumer', consumer: 'lento' } },
          { atMs: RESUME_MS, action: { type: 'resume-consumer', consumer: 'lento' } },
        ],
      }),
    );
    events = runCollecting(sim, 45_000);
  });

  it('expires the poll timer max.poll.interval.ms after the last poll, on the heartbeat thread', () => {
    const expired = only(events, 'poll-timeout-expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ consumer: 'lento', group: GROUP, maxPollIntervalMs: MAX_POLL_INTERVAL_MS });
    expect(expired[0]!.timeMs - PAUSE_MS).toBeGreaterThanOrEqual(MAX_POLL_INTERVAL_MS);
    expect(expired[0]!.timeMs - PAUSE_MS).toBeLessThanOrEqual(MAX_POLL_INTERVAL_MS + HEARTBEAT_INTERVAL_MS);
    // The session never expired: heartbeats went on while the application stalled.
    expect(only(events, 'group-member-removed')).toEqual([]);
  });

  it('sends LeaveGroup, loses its partitions, and the group rebalances without it', () => {
    const expired = only(events, 'poll-timeout-expired')[0]!;
    const lost = only(events, 'partitions-lost').find((e) => e.consumer === 'lento')!;
    expect(lost.reason).toMatch(/poll timeout/);
    expect(lost.partitions.length).toBeGreaterThan(0);
    const left = only(events, 'group-member-left');
    expect(left).toHaveLength(1);
    expect(left[0]!.member.startsWith('lento-')).toBe(true);
    expect(left[0]!.reason).toBe('consumer poll timeout has expired');
    expect(left[0]!.timeMs - expired.timeMs).toBeLessThan(50);
    const rebalance = only(events, 'group-rebalance-started').find((e) => e.seq > left[0]!.seq)!;
    expect(rebalance.reason).toMatch(/left the group/);
    // Until lento comes back, rapido holds everything.
    const next = only(events, 'group-sync-answered').filter((e) => e.seq > rebalance.seq && e.timeMs < RESUME_MS);
    expect(next.map((e) => e.member.split('-')[0])).toEqual(['rapido']);
    expect(next[0]!.assignment.map((tp) => tp.partition)).toEqual([0, 1, 2]);
  });

  it('rejoins as a new member at its next poll() and gets partitions again', () => {
    const ids = memberIdsByClient(events).get('lento')!;
    expect(ids).toHaveLength(2);
    const rejoin = only(events, 'group-join-received').find((e) => e.client === 'lento' && e.timeMs >= RESUME_MS)!;
    expect(rejoin.member).toBe('');
    expect(rejoin.timeMs - RESUME_MS).toBeLessThan(50);
    const required = only(events, 'group-join-answered').find((e) => e.seq > rejoin.seq && e.error === 'MEMBER_ID_REQUIRED')!;
    expect(required.member).toBe(ids[1]);
    const group = groupOf(sim);
    expect(group.state).toBe('Stable');
    expect(group.members.map((m) => m.memberId).sort()).toEqual([ids[1], memberIdsByClient(events).get('rapido')![0]].sort());
    const owner = expectEachPartitionOwnedOnce(group, 3);
    expect([...owner.values()]).toContain('lento');
    expectNoDoubleOwnership(events);
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  });
});

describe('processing slower than max.poll.interval.ms', () => {
  let sim: Simulation;
  let events: TraceEvent[];
  beforeAll(() => {
    sim = simulate(
      groupScenario({
        seed: 32,
        ratePerSec: 20,
        count: 600,
        consumers: [
          { id: 'rapido', topic: 'pedidos', config: memberConfig(), commit: 'sync-after-processing' },
          // 5 records × 2.5 s = 12.5 s between two polls, over the 10 s allowed.
          { id: 'lento', topic: 'pedidos', startMs: 8_000, config: memberConfig({ 'max.poll.records': 5 }), processing: { perRecordMs: 2_500 }, commit: 'sync-after-processing' },
        ],
      }),
    );
    events = runCollecting(sim, 45_000);
  });

  it('leaves on poll timeout while busy, and joins again once it polls', () => {
    const expired = only(events, 'poll-timeout-expired').filter((e) => e.consumer === 'lento');
    expect(expired.length).toBeGreaterThanOrEqual(1);
    const polls = only(events, 'records-consumed').filter((e) => e.node === 'consumer-lento');
    const lastPoll = polls.filter((e) => e.timeMs < expired[0]!.timeMs).at(-1)!;
    expect(expired[0]!.timeMs - lastPoll.timeMs).toBeGreaterThanOrEqual(MAX_POLL_INTERVAL_MS);
    expect(expired[0]!.timeMs - lastPoll.timeMs).toBeLessThanOrEqual(MAX_POLL_INTERVAL_MS + HEARTBEAT_INTERVAL_MS);
    const left = only(events, 'group-member-left').find((e) => e.seq > expired[0]!.seq)!;
    expect(left.reason).toBe('consumer poll timeout has expired');
    expect(only(events, 'group-rebalance-started').some((e) => e.seq > left.seq)).toBe(true);
    // The processing ends 12.5 s after the poll; the next poll() joins again with a new member id.
    const rejoin = only(events, 'group-join-received').find((e) => e.client === 'lento' && e.seq > left.seq)!;
    expect(rejoin.member).toBe('');
    expect(rejoin.timeMs - lastPoll.timeMs).toBeGreaterThanOrEqual(12_500);
    expect(memberIdsByClient(events).get('lento')!.length).toBeGreaterThanOrEqual(2);
  });

  it('has the records the slow member was processing processed again by another member', () => {
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.processedTwice.count).toBeGreaterThan(0);
    for (const d of report.processedTwice.examples) expect(d.consumers).toEqual(['lento', 'rapido']);
    expectNoDoubleOwnership(events);
  });
});
