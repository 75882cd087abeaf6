// The coordinator of a KIP-848 group (group.protocol=consumer) crashes. Kafka writes these groups
// to __consumer_offsets (members, group epoch, target and current assignments), so the broker that
// takes over the group's partition replays them: the members find it, go on heartbeating with the
// same member ids and epochs (no FENCED_MEMBER_EPOCH, no UNKNOWN_MEMBER_ID, nothing lost), their
// committed offsets are there, and no acknowledged record is skipped.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupOffsetSnapshot, Simulation, TraceEvent } from '../../../sim/index.ts';
import { GROUP, expectEachPartitionOwnedOnce, groupOf, groupScenario, only, runCollecting, simulate } from './harness.ts';

const SEED = 848;
const CRASH_MS = 11_000;
const UNTIL_MS = 60_000;

interface Run {
  sim: Simulation;
  events: TraceEvent[];
  coordinator: number;
  committedBefore: GroupOffsetSnapshot[];
}

/** Three brokers, two KIP-848 members committing after processing; the coordinator crashes at CRASH_MS. */
function kip848FailoverRun(): Run {
  const config = { 'group.id': GROUP, 'group.protocol': 'consumer' as const, 'auto.offset.reset': 'earliest' as const };
  const sim = simulate(
    groupScenario({
      seed: SEED,
      brokers: 3,
      ratePerSec: 15,
      count: 600,
      consumers: ['c1', 'c2'].map((id) => ({ id, topic: 'pedidos', config, commit: 'sync-after-processing' as const })),
    }),
  );
  const first = runCollecting(sim, CRASH_MS);
  const group = groupOf(sim);
  const coordinator = group.coordinator;
  const committedBefore = group.offsets;
  const result = sim.apply({ type: 'crash-broker', broker: coordinator });
  if (!result.ok) throw new Error(`crash-broker ${coordinator}: ${result.message}`);
  const rest = runCollecting(sim, UNTIL_MS).filter((e) => e.seq > first.at(-1)!.seq);
  return { sim, events: [...first, ...rest], coordinator, committedBefore };
}

/** The successful heartbeat answers, per client (member ids start with the client id). */
function answersByClient(events: TraceEvent[]): Map<string, { timeMs: number; broker: number; member: string; memberEpoch: number }[]> {
  const byClient = new Map<string, { timeMs: number; broker: number; member: string; memberEpoch: number }[]>();
  for (const e of only(events, 'group-consumer-heartbeat')) {
    if (e.error !== 'NONE' || e.memberEpoch < 0) continue;
    const client = e.member.split('-')[0]!;
    byClient.set(client, [...(byClient.get(client) ?? []), { timeMs: e.timeMs, broker: e.broker, member: e.member, memberEpoch: e.memberEpoch }]);
  }
  return byClient;
}

describe(`a KIP-848 group's coordinator crashes (seed ${SEED}; reproduce: npx vitest run tests/sim/groups/kip848-failover.test.ts)`, () => {
  let run: Run;
  beforeAll(() => {
    run = kip848FailoverRun();
  });

  it('has a reconciled group with committed offsets before the crash', () => {
    const before = answersByClient(run.events.filter((e) => e.timeMs < CRASH_MS));
    expect([...before.keys()].sort()).toEqual(['c1', 'c2']);
    expect(run.committedBefore.length).toBeGreaterThan(0);
    expect(run.committedBefore.every((o) => o.committed > 0)).toBe(true);
  });

  it('loads the group, members included, on another broker', () => {
    const loaded = only(run.events, 'group-coordinator-loaded').filter((e) => e.timeMs > CRASH_MS && e.groups.includes(GROUP));
    expect(loaded.length).toBeGreaterThanOrEqual(1);
    expect(loaded[0]!.broker).not.toBe(run.coordinator);
    const found = only(run.events, 'coordinator-found').filter((e) => e.seq > loaded[0]!.seq);
    expect(new Set(found.map((e) => e.consumer))).toEqual(new Set(['c1', 'c2']));
    const group = groupOf(run.sim);
    expect(group.coordinator).toBe(loaded[0]!.broker);
    expect(group.state).toBe('Stable');
    expectEachPartitionOwnedOnce(group, 3);
  });

  it('keeps each member its id and epoch across the failover: no fencing, no unknown member, no partitions lost', () => {
    const fenced = only(run.events, 'group-consumer-heartbeat').filter((e) => e.error === 'FENCED_MEMBER_EPOCH' || e.error === 'UNKNOWN_MEMBER_ID');
    expect(fenced).toEqual([]);
    expect(only(run.events, 'partitions-lost')).toEqual([]);
    const newCoordinator = groupOf(run.sim).coordinator;
    for (const [client, answers] of answersByClient(run.events)) {
      expect(new Set(answers.map((a) => a.member)).size, `${client} has one member id`).toBe(1);
      const lastBefore = answers.filter((a) => a.timeMs < CRASH_MS).at(-1)!;
      const firstAfter = answers.find((a) => a.timeMs > CRASH_MS && a.broker === newCoordinator)!;
      expect(firstAfter, `${client} heartbeats to the new coordinator`).toBeDefined();
      expect(firstAfter.memberEpoch, `${client} keeps its epoch`).toBe(lastBefore.memberEpoch);
    }
  });

  it('keeps the committed offsets, and the checker finds no acknowledged record never processed', () => {
    const after = groupOf(run.sim).offsets;
    for (const o of run.committedBefore) {
      const now = after.find((a) => a.partition === o.partition)!;
      expect(now.committed, `partition ${o.partition}`).toBeGreaterThanOrEqual(o.committed);
    }
    const check = run.sim.check();
    const report = check.groups[GROUP]!;
    expect(report.commitsWentBackwards.count).toBe(0);
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
    expect(check.lost.count).toBe(0);
  });
});
