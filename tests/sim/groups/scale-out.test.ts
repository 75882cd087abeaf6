// A classic consumer group growing from one to four members on a three-partition topic: the
// initial rebalance waits group.initial.rebalance.delay.ms (extended while members keep coming,
// capped at the rebalance timeout), each dynamic member gets its id through MEMBER_ID_REQUIRED,
// every join is a new generation, and at the end each partition has one owner and one member idles.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import {
  GROUP,
  expectEachPartitionOwnedOnce,
  expectNoDoubleOwnership,
  groupOf,
  groupScenario,
  members,
  memberIdsByClient,
  only,
  runCollecting,
  simulate,
  stateChanges,
  type Traced,
} from './harness.ts';

const VALID_CLASSIC_TRANSITIONS = new Set([
  'Empty→PreparingRebalance',
  'PreparingRebalance→CompletingRebalance',
  'PreparingRebalance→Empty',
  'CompletingRebalance→Stable',
  'CompletingRebalance→PreparingRebalance',
  'Stable→PreparingRebalance',
]);

/** A rebalance after the first ends within about a heartbeat interval (1 s) plus a poll. */
const FAST_HEARTBEAT_BOUND_MS = 1_500;

describe('classic group scale-out from 1 to 4 consumers on 3 partitions', () => {
  let sim: Simulation;
  let events: TraceEvent[];
  let joins: Traced<'group-join-answered'>[];
  beforeAll(() => {
    // c1 alone first, then one more member every 5 s.
    sim = simulate(groupScenario({ seed: 11, ratePerSec: 20, count: 500, consumers: members([0, 5_000, 10_000, 15_000], { commit: 'sync-after-processing' }) }));
    events = runCollecting(sim, 30_000);
    joins = only(events, 'group-join-answered').filter((e) => e.group === GROUP);
  });

  it('ends Stable with every partition owned by exactly one member and one member idle', () => {
    const group = groupOf(sim);
    expect(group.state).toBe('Stable');
    expect(group.protocol).toBe('classic');
    expect(group.assignor).toBe('range');
    expect(group.members.map((m) => m.clientId).sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
    const owner = expectEachPartitionOwnedOnce(group, 3);
    const idle = group.members.filter((m) => m.assigned.length === 0);
    expect(idle).toHaveLength(1);
    expect(new Set(owner.values()).size).toBe(3);
    // The snapshot's offsets table names the same owner, and the group caught up.
    for (const o of group.offsets) {
      expect(group.members.find((m) => m.memberId === o.owner)?.clientId).toBe(owner.get(o.partition));
      expect(o.lag).toBe(0);
    }
    expect(sim.snapshot().consumers.every((c) => c.memberState === 'STABLE' && c.generation === group.generation)).toBe(true);
  });

  it('goes Empty → PreparingRebalance → CompletingRebalance → Stable, then rebalances once per new member', () => {
    const changes = stateChanges(events);
    expect(changes.slice(0, 3)).toEqual(['Empty→PreparingRebalance', 'PreparingRebalance→CompletingRebalance', 'CompletingRebalance→Stable']);
    for (const change of changes) expect(VALID_CLASSIC_TRANSITIONS.has(change), change).toBe(true);
    // Three more members, three more rounds of Stable → PreparingRebalance → CompletingRebalance → Stable.
    expect(changes.filter((c) => c === 'Stable→PreparingRebalance')).toHaveLength(3);
    expect(changes.filter((c) => c === 'CompletingRebalance→Stable')).toHaveLength(4);
    expect(only(events, 'group-rebalance-started').filter((e) => e.group === GROUP)).toHaveLength(4);
  });

  it('bumps the generation once per completed join phase: 1, 2, 3, 4', () => {
    const generations = [...new Set(joins.filter((e) => e.error === 'NONE').map((e) => e.generation))];
    expect(generations).toEqual([1, 2, 3, 4]);
    expect(groupOf(sim).generation).toBe(4);
    // The leader gets every member's subscription, followers none: 1, 2, 3, then 4 members listed.
    const leaderAnswers = joins.filter((e) => e.error === 'NONE' && e.member === e.leader);
    expect(leaderAnswers.map((e) => e.members)).toEqual([1, 2, 3, 4]);
    expect(joins.filter((e) => e.error === 'NONE' && e.member !== e.leader).every((e) => e.members === 0)).toBe(true);
    // c1 joined first and stays the leader.
    expect(new Set(leaderAnswers.map((e) => e.leader)).size).toBe(1);
    expect(leaderAnswers[0]!.leader.startsWith('c1-')).toBe(true);
  });

  it('gives each dynamic member its id with MEMBER_ID_REQUIRED, then takes the JoinGroup again with that id', () => {
    const received = only(events, 'group-join-received');
    for (const client of ['c1', 'c2', 'c3', 'c4']) {
      const first = received.find((e) => e.client === client)!;
      expect(first.member).toBe('');
      const required = joins.find((e) => e.error === 'MEMBER_ID_REQUIRED' && e.member.startsWith(`${client}-`))!;
      expect(required, client).toBeDefined();
      expect(required.seq).toBeGreaterThan(first.seq);
      // Kafka's id for a dynamic member: client.id + "-" + a UUID.
      expect(required.member).toMatch(new RegExp(`^${client}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
      const again = received.find((e) => e.seq > required.seq && e.client === client)!;
      expect(again.member).toBe(required.member);
    }
    expect([...memberIdsByClient(events).values()].every((ids) => ids.length === 1)).toBe(true);
  });

  it('waits group.initial.rebalance.delay.ms (3000) before completing the first join', () => {
    const changes = only(events, 'group-state-changed');
    const preparing = changes.find((e) => e.from === 'Empty' && e.to === 'PreparingRebalance')!;
    const completing = changes.find((e) => e.from === 'PreparingRebalance' && e.to === 'CompletingRebalance')!;
    expect(completing.timeMs - preparing.timeMs).toBe(3_000);
    // Later rebalances do not wait: they complete as soon as every known member rejoined.
    const later = changes.filter((e) => e.from === 'Stable' && e.to === 'PreparingRebalance');
    for (const start of later) {
      const done = changes.find((e) => e.seq > start.seq && e.to === 'CompletingRebalance')!;
      expect(done.timeMs - start.timeMs).toBeLessThan(FAST_HEARTBEAT_BOUND_MS);
    }
  });

  it('never lets two members hold a partition at once, and processes every record', () => {
    const final = expectNoDoubleOwnership(events);
    expect([...final.values()].flatMap((s) => [...s]).sort()).toEqual([0, 1, 2]);
    const report = sim.check().groups[GROUP]!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
    expect(report.commitsWentBackwards.count).toBe(0);
    expect(report.processedRecords).toBeGreaterThanOrEqual(500);
  });
});

describe('initial rebalance delay', () => {
  it('is extended by another group.initial.rebalance.delay.ms when a member joins during it', () => {
    const sim = simulate(groupScenario({ seed: 12, ratePerSec: 0, consumers: members([0, 1_000]) }));
    const events = runCollecting(sim, 10_000);
    const changes = only(events, 'group-state-changed');
    const preparing = changes.find((e) => e.to === 'PreparingRebalance')!;
    const completing = changes.find((e) => e.to === 'CompletingRebalance')!;
    expect(completing.timeMs - preparing.timeMs).toBe(6_000);
    // Both members are in the first generation: one rebalance only.
    expect(completing.generation).toBe(1);
    expect(only(events, 'group-join-answered').filter((e) => e.error === 'NONE' && e.generation === 1)).toHaveLength(2);
    expect(only(events, 'group-rebalance-started')).toHaveLength(1);
  });

  it('is capped at the rebalance timeout (max.poll.interval.ms) when members keep joining', () => {
    // Members every 2 s: 3000 + 3000 + 3000 + 1000 = 10 000 ms, the members' max.poll.interval.ms.
    const sim = simulate(groupScenario({ seed: 13, ratePerSec: 0, consumers: members([0, 2_000, 4_000, 6_000, 8_000, 10_000]) }));
    const events = runCollecting(sim, 16_000);
    const changes = only(events, 'group-state-changed');
    const preparing = changes.find((e) => e.to === 'PreparingRebalance')!;
    const completing = changes.find((e) => e.to === 'CompletingRebalance')!;
    expect(completing.timeMs - preparing.timeMs).toBe(10_000);
    // c6 arrived as the join completed or after it: it comes in with the next generation.
    const firstGeneration = only(events, 'group-join-answered').filter((e) => e.error === 'NONE' && e.generation === 1);
    expect(firstGeneration.length).toBeGreaterThanOrEqual(5);
  });
});
