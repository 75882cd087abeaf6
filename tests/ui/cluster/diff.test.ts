// The moments the view calls out, taken from real runs of the engine: crash a partition's leader
// and the diff names the new leader with a higher epoch and the ISR shrinking.
import { describe, expect, test } from 'vitest';
import { createSimulation, defaultScenario } from '../../../sim/index.ts';
import type { ClusterSnapshot } from '../../../sim/snapshot.ts';
import { diffSnapshots, momentTarget, type Moment } from '../../../src/ui/cluster/diff.ts';
import { brokerViews } from '../../../src/ui/cluster/model.ts';

const ordinary = (s: ClusterSnapshot) => s.topics.find((t) => !t.internal)!;

describe('diffs between snapshots', () => {
  test('crashing a leader: the leadership moves with its epoch up, the ISR shrinks, the broker goes down', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5000);
    const before = sim.snapshot();
    const p0 = ordinary(before).partitions[0]!;
    const crashed = p0.leader;
    expect(sim.apply({ type: 'crash-broker', broker: crashed }).ok).toBe(true);
    // Let the controller notice (broker.session.timeout.ms) and elect.
    sim.runUntil(30_000);
    const after = sim.snapshot();
    const moments = diffSnapshots(before, after);

    const moved = moments.find((m): m is Extract<Moment, { kind: 'leader-moved' }> => m.kind === 'leader-moved' && m.partition === p0.partition);
    const p0After = ordinary(after).partitions[0]!;
    expect(moved).toEqual({
      kind: 'leader-moved',
      topic: p0.topic,
      partition: p0.partition,
      from: crashed,
      to: p0After.leader,
      epochFrom: p0.leaderEpoch,
      epochTo: p0After.leaderEpoch,
    });
    expect(moved!.to).not.toBe(crashed);
    expect(moved!.epochTo).toBeGreaterThan(moved!.epochFrom);
    expect(moments).toContainEqual({ kind: 'isr-shrink', topic: p0.topic, partition: p0.partition, broker: crashed });
    expect(moments).toContainEqual({ kind: 'broker-state', broker: crashed, from: 'up', to: 'down' });
    expect(momentTarget(moved!)).toBe(`replica:${p0.topic}-${p0.partition}@${moved!.to}`);

    // The model agrees: the crashed broker's replicas are offline, the new leader leads.
    const views = brokerViews(after);
    expect(views.find((b) => b.id === crashed)!.replicas.every((r) => r.role === 'offline')).toBe(true);
    expect(views.find((b) => b.id === moved!.to)!.replicas.find((r) => r.partition === p0.partition)!.role).toBe('leader');
  });

  test('nothing to call out between a snapshot and itself, after a reload, or going back in time', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(3000);
    const a = sim.snapshot();
    sim.runUntil(6000);
    const b = sim.snapshot();
    expect(diffSnapshots(a, a)).toEqual([]);
    expect(diffSnapshots(null, b)).toEqual([]);
    expect(diffSnapshots(b, a)).toEqual([]);
  });

  test('a restarted broker comes back into the ISR', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5000);
    const follower = ordinary(sim.snapshot()).partitions[0]!.replicas.find((r) => r !== ordinary(sim.snapshot()).partitions[0]!.leader)!;
    sim.apply({ type: 'crash-broker', broker: follower });
    sim.runUntil(30_000);
    const down = sim.snapshot();
    sim.apply({ type: 'restart-broker', broker: follower });
    sim.runUntil(60_000);
    const back = sim.snapshot();
    const moments = diffSnapshots(down, back);
    expect(moments.some((m) => m.kind === 'isr-expand' && m.broker === follower)).toBe(true);
  });
});

describe('the model of a snapshot', () => {
  test('every ordinary replica appears once on its broker with the partition leader marked, internal ones summed', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5000);
    const s = sim.snapshot();
    const views = brokerViews(s);
    for (const p of ordinary(s).partitions) {
      for (const broker of p.replicas) {
        const replica = views.find((b) => b.id === broker)!.replicas.filter((r) => r.partition === p.partition);
        expect(replica).toHaveLength(1);
        expect(replica[0]!.role).toBe(p.leader === broker ? 'leader' : 'follower');
        // One scale per partition, so that replicas compare: it spans every replica's log.
        expect(replica[0]!.scaleMax).toBeGreaterThanOrEqual(Math.max(...p.replicaStates.map((r) => r.logEndOffset)));
      }
    }
    const internal = s.topics.find((t) => t.internal)!;
    const summed = views.reduce((n, b) => n + b.internal.reduce((m, i) => m + i.replicas, 0), 0);
    expect(summed).toBe(internal.partitions.reduce((n, p) => n + p.replicas.length, 0));
  });
});
