// auto.leader.rebalance.enable: leader.imbalance.check.interval.seconds after a write that left a
// partition away from its preferred replica (replicas[0]), the KRaft controller moves it back, if
// that replica is in the ISR and usable. leader.imbalance.per.broker.percentage is not read (KRaft).
import { describe, expect, it } from 'vitest';
import { SESSION_TIMEOUT_MS, cluster, simulate } from './harness.ts';

function failOverPreferred(brokerConfig: Record<string, unknown>) {
  const run = simulate(cluster({ brokerConfig, count: 2000 }));
  run.runUntil(2_000);
  const preferred = run.partition().replicas[0]!;
  expect(run.partition().leader).toBe(preferred);
  run.apply({ type: 'crash-broker', broker: preferred });
  run.runUntil(2_000 + SESSION_TIMEOUT_MS + 500);
  const [fenced] = run.ofType('broker-fenced', { broker: preferred });
  expect(run.partition().leader).not.toBe(preferred);
  run.apply({ type: 'restart-broker', broker: preferred });
  return { run, preferred, fencedAtMs: fenced!.timeMs };
}

describe('preferred leader election', () => {
  it('moves leadership back to the preferred replica once per leader.imbalance.check.interval.seconds, whatever leader.imbalance.per.broker.percentage says', () => {
    const { run, preferred, fencedAtMs } = failOverPreferred({ 'leader.imbalance.check.interval.seconds': 30, 'leader.imbalance.per.broker.percentage': 100 });
    run.runUntil(fencedAtMs + 29_000);
    // Back in the ISR, but still a follower: the check has not run yet.
    expect(run.partition().isr).toContain(preferred);
    expect(run.partition().leader).not.toBe(preferred);
    run.runUntil(fencedAtMs + 32_000);
    const back = run.ofType('leader-changed', { leader: preferred });
    expect(back).toHaveLength(1);
    expect(back[0]!.timeMs).toBeGreaterThanOrEqual(fencedAtMs + 30_000);
    expect(run.partition()).toMatchObject({ leader: preferred, leaderEpoch: 2 });
    run.runUntil(110_000);
    const report = run.sim.check();
    expect(report.totals.acked).toBe(2000);
    expect(report.lost.count).toBe(0);
    run.noViolations();
  });

  it('leaves leadership where it is with auto.leader.rebalance.enable=false', () => {
    const { run, preferred } = failOverPreferred({ 'auto.leader.rebalance.enable': false, 'leader.imbalance.check.interval.seconds': 30 });
    run.runUntil(80_000);
    expect(run.partition().isr).toContain(preferred);
    expect(run.partition().leader).not.toBe(preferred);
    expect(run.ofType('leader-changed', { leader: preferred })).toEqual([]);
  });
});
