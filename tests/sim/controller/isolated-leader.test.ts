// A leader cut off from the controller and its followers, with its producer still beside it:
// AlterPartition is a request over the network, so it cannot shrink the ISR to itself and commit
// alone; the controller fences it and elects a new leader; healed, it truncates and rejoins.
import { describe, expect, it } from 'vitest';
import { SESSION_TIMEOUT_MS, cluster, simulate } from './harness.ts';

describe('an isolated leader', () => {
  it('cannot shrink its ISR nor commit; after the heal it truncates what it alone had and rejoins the ISR', () => {
    // min.insync.replicas=1 and a short replica.lag.time.max.ms: with a controller it could reach,
    // the leader would shrink the ISR to itself within the session timeout and acknowledge alone.
    const run = simulate(cluster({ minIsr: 1, brokerConfig: { 'replica.lag.time.max.ms': 3_000 } }));
    run.runUntil(3_000);
    const oldLeader = run.partition().leader;
    const others = [0, 1, 2].filter((b) => b !== oldLeader).map((b) => `broker-${b}`);
    const splitAt = 3_000;
    expect(run.apply({ type: 'split-network', sideA: [`broker-${oldLeader}`, 'producer-p'], sideB: [...others, 'controller-100'] })).toEqual({ ok: true });
    const hwAtSplit = run.partition().highWatermark;
    run.runUntil(splitAt + SESSION_TIMEOUT_MS - 2_000);
    // It keeps appending what the producer sends, but nothing becomes committed.
    const afterSplit = (type: string) => run.ofType(type, { broker: oldLeader }).filter((e) => e.timeMs > splitAt + 10);
    expect(afterSplit('record-batch-appended').length).toBeGreaterThan(0);
    expect(afterSplit('high-watermark-advanced')).toEqual([]);
    expect(run.ofType('isr-shrunk')).toEqual([]);
    expect(run.sim.snapshot().topics[0]!.partitions[0]!.replicaStates.find((r) => r.broker === oldLeader)!.highWatermark).toBe(hwAtSplit);

    run.runUntil(15_000);
    const [changed] = run.ofType('leader-changed');
    expect(changed).toMatchObject({ previousLeader: oldLeader, leaderEpoch: 1 });
    expect(run.ofType('isr-shrunk')[0]).toMatchObject({ removed: [oldLeader], reason: 'broker-fenced', leader: changed!.leader });
    // Still nothing committed on the old side.
    expect(afterSplit('high-watermark-advanced')).toEqual([]);

    run.apply({ type: 'heal-network' });
    run.runUntil(60_000);
    expect(run.ofType('replica-truncated', { broker: oldLeader })).toEqual([expect.objectContaining({ reason: 'diverging-epoch' })]);
    expect(run.ofType('isr-expanded').at(-1)).toMatchObject({ added: [oldLeader] });
    expect(run.partition().isr).toHaveLength(3);
    const report = run.sim.check();
    expect(report.totals.acked).toBe(600);
    expect(report.lost.count).toBe(0);
    expect(report.replicasDiverged.count).toBe(0);
    run.noViolations();
  });
});
