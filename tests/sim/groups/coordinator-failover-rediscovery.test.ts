// After the coordinator's broker crashed and another broker loaded the group, Kafka's members
// reach the new coordinator within a few retry.backoff.ms (AbstractCoordinator: FindCoordinator
// goes to the least loaded node, never to one whose connection just failed; finding a coordinator
// resets the session timer) and heartbeat it before the session timeout the new coordinator starts
// for every loaded member. The group stays Stable in its generation: a coordinator move is not a
// rebalance.
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUP, groupOf, only } from './harness.ts';
import { CRASH_MS, failoverRun } from './failover-run.ts';

const SESSION_TIMEOUT_MS = 6_000;

describe('members after the coordinator failover', () => {
  let run: ReturnType<typeof failoverRun>;
  beforeAll(() => {
    run = failoverRun(30_000);
  });

  it('find the new coordinator and keep it', () => {
    const loaded = only(run.events, 'group-coordinator-loaded').find((e) => e.timeMs > CRASH_MS && e.groups.includes(GROUP))!;
    for (const consumer of ['c1', 'c2']) {
      const found = only(run.events, 'coordinator-found').find((e) => e.consumer === consumer && e.seq > loaded.seq);
      expect(found, `${consumer} finds broker ${loaded.broker}`).toBeDefined();
      expect(found!.broker).toBe(loaded.broker);
      expect(found!.timeMs - loaded.timeMs).toBeLessThan(SESSION_TIMEOUT_MS);
      const lostAgain = only(run.events, 'coordinator-lost').filter((e) => e.consumer === consumer && e.seq > found!.seq);
      expect(lostAgain, `${consumer} loses the new coordinator again`).toEqual([]);
    }
  });

  it('are not expired by the new coordinator, and the group keeps its generation', () => {
    const generation = only(run.events, 'group-join-answered').filter((e) => e.error === 'NONE' && e.timeMs < CRASH_MS).at(-1)!.generation;
    expect(only(run.events, 'group-member-removed')).toEqual([]);
    expect(only(run.events, 'group-rebalance-started').filter((e) => e.timeMs > CRASH_MS)).toEqual([]);
    const group = groupOf(run.sim);
    expect(group.state).toBe('Stable');
    expect(group.generation).toBe(generation);
    expect(run.sim.snapshot().consumers.map((c) => c.coordinator)).toEqual([group.coordinator, group.coordinator]);
  });
});
