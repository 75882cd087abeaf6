// shutdown-broker: the broker asks the controller to shut down (BrokerHeartbeat wantShutDown); the
// controller moves its leaderships and takes it out of every ISR first
// (handleBrokerInControlledShutdown), and lets it stop once the other brokers have learnt that.
import { describe, expect, it } from 'vitest';
import { SESSION_TIMEOUT_MS, cluster, simulate } from './harness.ts';

describe('controlled shutdown', () => {
  it('moves leadership before the broker stops: no offline window, nothing acknowledged lost, no session timeout to wait', () => {
    const run = simulate(cluster({ partitions: 3, count: 800 }));
    run.runUntil(5_000);
    const led = run.sim.snapshot().topics[0]!.partitions.filter((p) => p.leader === 0).map((p) => p.partition);
    expect(led.length).toBeGreaterThan(0);
    expect(run.apply({ type: 'shutdown-broker', broker: 0 })).toEqual({ ok: true });
    // Every slice of the run, every partition has a leader.
    let offline = 0;
    while (run.sim.nowMs() < 12_000) {
      run.runUntil(run.sim.nowMs() + 50);
      offline += run.sim.snapshot().topics[0]!.partitions.filter((p) => p.leader < 0).length;
    }
    expect(offline).toBe(0);
    const [asked] = run.ofType('broker-controlled-shutdown', { broker: 0 });
    const moved = run.ofType('leader-changed', { previousLeader: 0 });
    const [fenced] = run.ofType('broker-fenced', { broker: 0 });
    const [stopped] = run.ofType('broker-stopped', { broker: 0 });
    expect(moved.map((e) => e.partition).sort()).toEqual(led);
    expect(moved.every((e) => e.timeMs >= asked!.timeMs && e.timeMs < stopped!.timeMs)).toBe(true);
    expect(fenced).toMatchObject({ reason: 'shutdown' });
    expect(stopped).toMatchObject({ reason: 'shutdown' });
    expect(fenced!.timeMs).toBeLessThanOrEqual(stopped!.timeMs);
    // It stops once the others have applied the new leaders — well before a session timeout.
    expect(stopped!.timeMs - 5_000).toBeLessThan(SESSION_TIMEOUT_MS / 2);
    for (const p of run.sim.snapshot().topics[0]!.partitions) expect(p.isr).not.toContain(0);
    expect(run.sim.snapshot().brokers[0]).toMatchObject({ status: 'down', state: 'stopped', fenced: true });

    // Fenced, it has no session left: a new process registers at once.
    run.apply({ type: 'restart-broker', broker: 0 });
    run.runUntil(50_000);
    expect(run.ofType('broker-registration-refused')).toEqual([]);
    for (const p of run.sim.snapshot().topics[0]!.partitions) expect(p.isr).toContain(0);
    const report = run.sim.check();
    expect(report.totals.acked).toBe(800);
    expect(report.lost.count).toBe(0);
    run.noViolations();
  });

  it('refuses nonsense and changes nothing: a stopped broker, one already shutting down, an unknown one', () => {
    const run = simulate(cluster());
    run.runUntil(1_000);
    expect(run.apply({ type: 'shutdown-broker', broker: 1 })).toEqual({ ok: true });
    expect(run.apply({ type: 'shutdown-broker', broker: 1 })).toMatchObject({ ok: false, error: 'BROKER_SHUTTING_DOWN' });
    run.runUntil(8_000);
    expect(run.apply({ type: 'shutdown-broker', broker: 1 })).toMatchObject({ ok: false, error: 'BROKER_NOT_RUNNING' });
    expect(run.apply({ type: 'shutdown-broker', broker: 7 })).toMatchObject({ ok: false });
    expect(run.sim.inputs().map((i) => i.action.type)).toEqual(['shutdown-broker']);
  });
});
