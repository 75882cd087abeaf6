// The broker coordinating a group crashes. The leadership of the group's __consumer_offsets
// partition moves to another replica (offsets.topic.replication.factor = 3), which replays the
// partition: the group and its committed offsets come back on the new coordinator, the members
// see their coordinator lost and find the new one, and no acknowledged record is skipped.
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUP, expectEachPartitionOwnedOnce, groupOf, only } from './harness.ts';
import { CRASH_MS, failoverRun } from './failover-run.ts';

describe('the group coordinator broker crashes', () => {
  let run: ReturnType<typeof failoverRun>;
  beforeAll(() => {
    run = failoverRun(60_000);
  });

  it('names the leader of __consumer_offsets-<abs(hash(group)) % 50> as coordinator before the crash', () => {
    const found = only(run.events, 'coordinator-found').filter((e) => e.timeMs < CRASH_MS);
    expect(found.map((e) => e.broker)).toEqual([run.coordinator, run.coordinator]);
    // "g".hashCode() = 103, 103 % 50 = 3.
    expect(groupOf(run.sim).offsetsPartition).toBe(3);
    expect(run.committedBefore.every((o) => o.committed > 0)).toBe(true);
  });

  it('shows the members losing their coordinator when it goes', () => {
    const lost = only(run.events, 'coordinator-lost').filter((e) => e.timeMs >= CRASH_MS);
    for (const consumer of ['c1', 'c2']) {
      const first = lost.find((e) => e.consumer === consumer)!;
      expect(first, consumer).toBeDefined();
      expect(first.broker).toBe(run.coordinator);
      // The connection to the crashed broker breaks at once.
      expect(first).toMatchObject({ timeMs: CRASH_MS, error: 'NETWORK_EXCEPTION' });
    }
  });

  it('loads the group on another broker, which replays its offsets partition', () => {
    const loaded = only(run.events, 'group-coordinator-loaded').filter((e) => e.groups.includes(GROUP));
    expect(loaded.length).toBeGreaterThanOrEqual(1);
    const after = loaded.find((e) => e.timeMs > CRASH_MS)!;
    expect(after.broker).not.toBe(run.coordinator);
    expect(after.partition).toBe(3);
    expect(after.offsets).toBeGreaterThan(0);
    const found = only(run.events, 'coordinator-found').filter((e) => e.seq > after.seq);
    expect(new Set(found.map((e) => e.consumer))).toEqual(new Set(['c1', 'c2']));
    expect(found.every((e) => e.broker === after.broker)).toBe(true);
    const group = groupOf(run.sim);
    expect(group.coordinator).toBe(after.broker);
    expect(group.state).toBe('Stable');
    expectEachPartitionOwnedOnce(group, 3);
  });

  it('keeps the committed offsets: none goes back, and the group ends caught up with no record skipped', () => {
    const after = groupOf(run.sim).offsets;
    for (const o of run.committedBefore) {
      const now = after.find((a) => a.partition === o.partition)!;
      expect(now.committed, `partition ${o.partition}`).toBeGreaterThanOrEqual(o.committed);
    }
    const report = run.sim.check().groups[GROUP]!;
    expect(report.commitsWentBackwards.count).toBe(0);
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
    expect(run.sim.check().lost.count).toBe(0);
  });
});
