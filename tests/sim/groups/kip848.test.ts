// The same scale-out (1 → 4 members, 3 partitions) under KIP-848 (group.protocol=consumer): one
// RPC, ConsumerGroupHeartbeat; every join bumps the group epoch and the coordinator's server-side
// assignor computes a new target assignment; members reconcile one by one — revoke what moved,
// then receive what was freed — with no JoinGroup/SyncGroup barrier, so nobody stops consuming the
// partitions it keeps. Side by side with a classic eager group, the traces differ in exactly that.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, expectNoDoubleOwnership, groupOf, groupScenario, members, memberConfig, only, runCollecting, simulate, stateChanges } from './harness.ts';

// 5 s apart, as in the classic tests: later than group.initial.rebalance.delay.ms, so each join is its own rebalance there.
const STARTS_MS = [0, 5_000, 10_000, 15_000];
const UNTIL_MS = 32_000;

function kip848(seed: number, assignor?: 'uniform' | 'range'): { sim: Simulation; events: TraceEvent[] } {
  const config = { 'group.id': GROUP, 'group.protocol': 'consumer' as const, 'auto.offset.reset': 'earliest' as const, ...(assignor ? { 'group.remote.assignor': assignor } : {}) };
  const sim = simulate(groupScenario({ seed, ratePerSec: 20, count: 500, consumers: members(STARTS_MS, { config, commit: 'sync-after-processing' }) }));
  return { sim, events: runCollecting(sim, UNTIL_MS) };
}

/** For each consumer, the times its owned set went from something to nothing (a stop). */
function stops(events: TraceEvent[]): { consumer: string; atMs: number }[] {
  const owned = new Map<string, Set<number>>();
  const found: { consumer: string; atMs: number }[] = [];
  for (const e of events) {
    if (e.type !== 'partitions-assigned' && e.type !== 'partitions-revoked') continue;
    const ev = e as unknown as { consumer: string; partitions: { partition: number }[] };
    const set = owned.get(ev.consumer) ?? new Set<number>();
    const before = set.size;
    for (const tp of ev.partitions) (e.type === 'partitions-assigned' ? set.add(tp.partition) : set.delete(tp.partition));
    owned.set(ev.consumer, set);
    if (before > 0 && set.size === 0) found.push({ consumer: ev.consumer, atMs: e.timeMs });
  }
  return found;
}

/**
 * KIP-848 members stop (own nothing) only when the target assignment leaves them nothing — the
 * uniform assignor may pick an owner to go idle — never to wait for a barrier.
 */
function expectStopsOnlyWhenIdleInTarget(events: TraceEvent[]): number {
  const found = stops(events);
  for (const stop of found) {
    const target = only(events, 'group-target-assignment').filter((t) => t.timeMs <= stop.atMs).at(-1)!;
    const [, mine] = Object.entries(target.target).find(([memberId]) => memberId.startsWith(`${stop.consumer}-`))!;
    expect(mine, `${stop.consumer} stopped at ${stop.atMs} ms though its target was not empty`).toEqual([]);
  }
  return found.length;
}

describe('KIP-848 (group.protocol=consumer) scale-out from 1 to 4 consumers', () => {
  let sim: Simulation;
  let events: TraceEvent[];
  beforeAll(() => {
    ({ sim, events } = kip848(91));
  });

  it('uses ConsumerGroupHeartbeat only: no JoinGroup, no SyncGroup, no classic Heartbeat', () => {
    expect(only(events, 'group-consumer-heartbeat').length).toBeGreaterThan(10);
    expect(only(events, 'group-join-received')).toEqual([]);
    expect(only(events, 'group-join-answered')).toEqual([]);
    expect(only(events, 'group-sync-answered')).toEqual([]);
    expect(only(events, 'group-heartbeat-answered')).toEqual([]);
    expect(only(events, 'group-consumer-heartbeat').every((e) => e.error === 'NONE')).toBe(true);
  });

  it('bumps the group epoch once per join and computes a target assignment for each epoch', () => {
    const targets = only(events, 'group-target-assignment');
    expect(targets.map((t) => t.groupEpoch)).toEqual([1, 2, 3, 4]);
    expect(targets.every((t) => t.assignor === 'uniform')).toBe(true);
    expect(targets.map((t) => Object.keys(t.target).length)).toEqual([1, 2, 3, 4]);
    for (const t of targets) {
      const partitions = Object.values(t.target).flatMap((list) => list.map((tp) => tp.partition));
      expect(partitions.sort()).toEqual([0, 1, 2]);
    }
    // Sticky: a member keeps its partitions in the next target unless they must move for balance.
    const last = targets.at(-1)!;
    expect(Object.values(last.target).filter((list) => list.length === 0)).toHaveLength(1);
  });

  it('goes through Empty, Reconciling and Stable (KIP-848 states), never a classic one', () => {
    const changes = stateChanges(events);
    expect(changes[0]!.startsWith('Empty→')).toBe(true);
    const states = new Set(changes.flatMap((c) => c.split('→')));
    for (const s of states) expect(['Empty', 'Assigning', 'Reconciling', 'Stable']).toContain(s);
    expect(states.has('Reconciling')).toBe(true);
    expect(only(events, 'group-state-changed').every((e) => e.protocol === 'consumer')).toBe(true);
    expect(changes.at(-1)).toBe('Reconciling→Stable');
  });

  it('ends Stable at epoch 4, every partition owned by exactly one member, one member idle', () => {
    const group = groupOf(sim);
    expect(group).toMatchObject({ protocol: 'consumer', state: 'Stable', generation: 4, assignmentEpoch: 4, assignor: 'uniform', leader: null });
    expectEachPartitionOwnedOnce(group, 3);
    expect(group.members.filter((m) => m.assigned.length === 0)).toHaveLength(1);
    expect(group.members.every((m) => m.state === 'STABLE' && m.memberEpoch === 4)).toBe(true);
    expect(sim.snapshot().consumers.every((c) => c.groupProtocol === 'consumer' && c.generation === 4)).toBe(true);
  });

  it('reconciles member by member: revoke first, hand over later, never two owners', () => {
    expectNoDoubleOwnership(events);
    const heartbeats = only(events, 'group-consumer-heartbeat');
    // A member that must give partitions back hears it (UNREVOKED_PARTITIONS), one that waits for them is told so (UNRELEASED_PARTITIONS).
    expect(heartbeats.some((e) => e.memberState === 'UNREVOKED_PARTITIONS')).toBe(true);
    expect(heartbeats.some((e) => e.memberState === 'UNRELEASED_PARTITIONS')).toBe(true);
    // While Reconciling, members sit at different epochs: there is no barrier.
    const reconciling = only(events, 'group-state-changed').find((e) => e.to === 'Reconciling')!;
    const stable = only(events, 'group-state-changed').find((e) => e.seq > reconciling.seq && e.to === 'Stable')!;
    const epochs = new Set(heartbeats.filter((e) => e.seq > reconciling.seq && e.seq < stable.seq).map((e) => e.memberEpoch));
    expect(epochs.size).toBeGreaterThan(1);
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  });

  it('lets members keep consuming what they keep while others reconcile', () => {
    expect(expectStopsOnlyWhenIdleInTarget(events)).toBeLessThanOrEqual(1);
    const windows = only(events, 'group-state-changed').filter((e) => e.to === 'Reconciling');
    for (const start of windows) {
      const end = only(events, 'group-state-changed').find((e) => e.seq > start.seq && e.to !== 'Reconciling')!;
      const c1 = only(events, 'records-consumed').filter((e) => e.node === 'consumer-c1' && e.seq > start.seq && e.seq < end.seq);
      expect(c1.length, `c1 consumes between ${start.timeMs} and ${end.timeMs} ms`).toBeGreaterThan(0);
    }
  });

  it('uses the server assignor the members ask for (group.remote.assignor=range)', () => {
    const { sim: ranged, events: rangedEvents } = kip848(92, 'range');
    expect(only(rangedEvents, 'group-target-assignment').every((t) => t.assignor === 'range')).toBe(true);
    expect(groupOf(ranged).assignor).toBe('range');
    expectEachPartitionOwnedOnce(groupOf(ranged), 3);
  });
});

describe('KIP-848 and classic side by side on the same scale-out', () => {
  it('the classic eager group stops every owner at each join; the KIP-848 group stops only a member it leaves idle', () => {
    const { events: modern } = kip848(93);
    const classicSim = simulate(
      groupScenario({ seed: 93, ratePerSec: 20, count: 500, consumers: members(STARTS_MS, { config: memberConfig({ 'partition.assignment.strategy': ['range'] }), commit: 'sync-after-processing' }) }),
    );
    const classic = runCollecting(classicSim, UNTIL_MS);
    // Classic: JoinGroup/SyncGroup rounds, no ConsumerGroupHeartbeat; each join stops all owners (1 + 2 + 3).
    expect(only(classic, 'group-join-answered').length).toBeGreaterThan(0);
    expect(only(classic, 'group-consumer-heartbeat')).toEqual([]);
    expect(stops(classic)).toHaveLength(6);
    expect(stateChanges(classic)).toContain('PreparingRebalance→CompletingRebalance');
    // KIP-848: heartbeats only, and the owners keep what they keep.
    expect(only(modern, 'group-join-answered')).toEqual([]);
    expect(expectStopsOnlyWhenIdleInTarget(modern)).toBeLessThanOrEqual(1);
    expect(stateChanges(modern).some((c) => c.includes('PreparingRebalance') || c.includes('CompletingRebalance'))).toBe(false);
    // Both end with the same shape.
    expectEachPartitionOwnedOnce(groupOf(classicSim), 3);
  });
});
