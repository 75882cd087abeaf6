// Brokers reach the controller only over the network: they register, heartbeat every
// broker.heartbeat.interval.ms, and the controller fences one whose heartbeats stop for
// broker.session.timeout.ms — crashed, isolated, or cut off from the controller alone.
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_INTERVAL_MS, SESSION_TIMEOUT_MS, cluster, simulate } from './harness.ts';

describe('broker sessions', () => {
  it('an isolated broker is fenced after broker.session.timeout.ms and its partitions get new leaders with a new epoch', () => {
    const run = simulate(cluster());
    run.runUntil(3_000);
    const oldLeader = run.partition().leader;
    expect(run.apply({ type: 'isolate-broker', broker: oldLeader })).toEqual({ ok: true });
    // Its last heartbeat came at most one interval before the isolation: not fenced before that plus the session.
    run.runUntil(3_000 + SESSION_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS);
    expect(run.ofType('broker-fenced')).toEqual([]);
    expect(run.partition()).toMatchObject({ leader: oldLeader, leaderEpoch: 0 });
    run.runUntil(3_000 + SESSION_TIMEOUT_MS + 500);
    const [fenced] = run.ofType('broker-fenced');
    expect(fenced).toMatchObject({ broker: oldLeader, reason: 'session-timeout', node: 'controller-100' });
    expect(fenced!.timeMs).toBeGreaterThan(3_000 + SESSION_TIMEOUT_MS - HEARTBEAT_INTERVAL_MS);
    expect(fenced!.timeMs).toBeLessThanOrEqual(3_000 + SESSION_TIMEOUT_MS + 100);
    const [changed] = run.ofType('leader-changed');
    expect(changed).toMatchObject({ previousLeader: oldLeader, leaderEpoch: 1 });
    expect(changed!.leader).not.toBe(oldLeader);
    expect(run.partition()).toMatchObject({ leader: changed!.leader, leaderEpoch: 1 });
    expect(run.partition().isr).not.toContain(oldLeader);
    // The process still runs; only the controller has given up on it.
    expect(run.sim.snapshot().brokers[oldLeader]).toMatchObject({ fenced: true, state: 'running' });
    run.noViolations();
  });

  it('a broker cut off from the controller alone is fenced though it still replicates; healed, it is unfenced and rejoins the ISR', () => {
    const run = simulate(cluster());
    run.runUntil(2_000);
    const follower = run.partition().replicas.find((b) => b !== run.partition().leader)!;
    run.apply({ type: 'cut-link', a: `broker-${follower}`, b: 'controller-100' });
    run.runUntil(2_000 + SESSION_TIMEOUT_MS + 500);
    expect(run.ofType('broker-fenced', { broker: follower })).toHaveLength(1);
    expect(run.partition().isr).not.toContain(follower);
    // A fenced broker may not rejoin the ISR, however caught up it is.
    run.runUntil(20_000);
    expect(run.partition().isr).not.toContain(follower);
    run.apply({ type: 'heal-link', a: `broker-${follower}`, b: 'controller-100' });
    run.runUntil(40_000);
    // Its next heartbeat unfences it (its metadata offset is past its registration), then its
    // leader's ISR expansion takes it back.
    const [unfenced] = run.ofType('broker-unfenced', { broker: follower });
    expect(unfenced).toBeDefined();
    const [expanded] = run.ofType('isr-expanded');
    expect(expanded).toMatchObject({ added: [follower], reason: 'caught-up' });
    expect(expanded!.timeMs).toBeGreaterThan(unfenced!.timeMs);
    expect(run.partition().isr).toHaveLength(3);
    expect(run.sim.check().lost.count).toBe(0);
    run.noViolations();
  });

  it('a restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) while its old session lasts, then registers fenced and is unfenced once caught up', () => {
    const run = simulate(cluster({ partitions: 3 }));
    run.runUntil(5_000);
    run.apply({ type: 'crash-broker', broker: 0 });
    run.runUntil(6_000);
    expect(run.apply({ type: 'restart-broker', broker: 0 })).toEqual({ ok: true });
    run.runUntil(30_000);
    const refused = run.ofType('broker-registration-refused', { broker: 0 });
    const [fenced] = run.ofType('broker-fenced', { broker: 0 });
    const [registered] = run.ofType('broker-registered', { broker: 0 });
    const [unfenced] = run.ofType('broker-unfenced', { broker: 0 });
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.timeMs < fenced!.timeMs)).toBe(true);
    // The registration retries back off exponentially: it succeeds at a retry after the fencing.
    expect(registered!.timeMs).toBeGreaterThan(fenced!.timeMs);
    expect(registered!.brokerEpoch as number).toBeGreaterThan(0);
    expect(unfenced!.timeMs).toBeGreaterThan(registered!.timeMs);
    // Back in every ISR through the leaders' expansions.
    for (const p of run.sim.snapshot().topics[0]!.partitions) expect(p.isr).toContain(0);
    expect(run.sim.snapshot().brokers[0]).toMatchObject({ status: 'up', state: 'running', fenced: false, brokerEpoch: registered!.brokerEpoch });
    expect(run.sim.check().lost.count).toBe(0);
    run.noViolations();
  });

  it('a broker restarted after its session ended registers at once', () => {
    const run = simulate(cluster());
    run.runUntil(2_000);
    run.apply({ type: 'crash-broker', broker: 1 });
    run.runUntil(2_000 + SESSION_TIMEOUT_MS + 1_000);
    expect(run.ofType('broker-fenced', { broker: 1 })).toHaveLength(1);
    run.apply({ type: 'restart-broker', broker: 1 });
    run.runUntil(15_000);
    expect(run.ofType('broker-registration-refused')).toEqual([]);
    const [registered] = run.ofType('broker-registered', { broker: 1 });
    expect(registered!.timeMs).toBeLessThan(2_000 + SESSION_TIMEOUT_MS + 1_100);
    expect(run.ofType('broker-unfenced', { broker: 1 })).toHaveLength(1);
  });

  it('is deterministic: the same scenario, seed and faults give the same trace', () => {
    const hash = (seed: number) => {
      const run = simulate({
        ...cluster({ seed, partitions: 3 }),
        schedule: [
          { atMs: 2_000, action: { type: 'isolate-broker', broker: 1 } },
          { atMs: 4_000, action: { type: 'shutdown-broker', broker: 2 } },
          { atMs: 14_000, action: { type: 'heal-network' } },
          { atMs: 15_000, action: { type: 'restart-broker', broker: 2 } },
          { atMs: 16_000, action: { type: 'crash-broker', broker: 0 } },
          { atMs: 18_000, action: { type: 'restart-broker', broker: 0 } },
        ],
      });
      run.sim.runUntil(35_000);
      return run.sim.traceHash();
    };
    expect(hash(5)).toBe(hash(5));
    expect(hash(5)).not.toBe(hash(6));
  });
});
