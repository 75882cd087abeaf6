// The controller is the KRaft quorum: the active controller is the Raft leader, every metadata
// change is a record committed by a majority, and killing the active controller elects another.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim/index.ts';
import { SESSION_TIMEOUT_MS, cluster, simulate } from './harness.ts';

const activeIndex = (run: ReturnType<typeof simulate>) => run.sim.snapshot().controllers!.findIndex((c) => c.active);

describe('the controller quorum', () => {
  it('elects an active controller, which the snapshot shows with its epoch, log end offset and high watermark', () => {
    const run = simulate(cluster({ controllers: 3 }));
    run.runUntil(4_000);
    const controllers = run.sim.snapshot().controllers!;
    expect(controllers.map((c) => c.node)).toEqual(['controller-100', 'controller-101', 'controller-102']);
    const active = controllers.filter((c) => c.active);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ role: 'leader', status: 'up' });
    for (const c of controllers) {
      expect(c).toMatchObject({ epoch: active[0]!.epoch, leader: active[0]!.id });
      expect(c.highWatermark).toBeLessThanOrEqual(c.logEndOffset);
    }
    expect(run.ofType('controller-elected')).toHaveLength(1);
  });

  it('crashing the active controller elects another; a broker crash after that is still handled', () => {
    const run = simulate(cluster({ controllers: 3, partitions: 3, count: 900 }));
    run.runUntil(5_000);
    const first = activeIndex(run);
    const firstEpoch = run.sim.snapshot().controllers![first]!.epoch;
    expect(run.apply({ type: 'crash-controller', controller: first })).toEqual({ ok: true });
    run.runUntil(10_000);
    const second = activeIndex(run);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(second).not.toBe(first);
    expect(run.sim.snapshot().controllers![second]!.epoch).toBeGreaterThan(firstEpoch);
    expect(run.sim.snapshot().controllers![first]).toMatchObject({ status: 'down', active: false });
    // The new active controller gave every broker a fresh session: nobody was fenced by the failover.
    expect(run.ofType('broker-fenced')).toEqual([]);

    run.apply({ type: 'crash-broker', broker: 0 });
    run.runUntil(10_000 + SESSION_TIMEOUT_MS + 1_000);
    const [fenced] = run.ofType('broker-fenced', { broker: 0 });
    expect(fenced).toMatchObject({ node: `controller-${100 + second}`, reason: 'session-timeout' });
    for (const p of run.sim.snapshot().topics[0]!.partitions) {
      expect(p.leader).not.toBe(0);
      expect(p.isr).not.toContain(0);
    }

    // The old controller comes back as a follower and catches up with the committed log.
    expect(run.apply({ type: 'restart-controller', controller: first })).toEqual({ ok: true });
    run.apply({ type: 'restart-broker', broker: 0 });
    run.runUntil(50_000);
    const controllers = run.sim.snapshot().controllers!;
    expect(controllers[first]).toMatchObject({ status: 'up', active: false, role: 'follower', leader: 100 + second });
    expect(controllers[first]!.highWatermark).toBeGreaterThan(0);
    for (const p of run.sim.snapshot().topics[0]!.partitions) expect(p.isr).toContain(0);
    const report = run.sim.check();
    expect(report.totals.acked).toBe(900);
    expect(report.lost.count).toBe(0);
    run.noViolations();
  });

  it('without a majority of controllers nothing is decided: a crashed broker is not fenced until a majority is back', () => {
    const run = simulate(cluster({ controllers: 3 }));
    run.runUntil(4_000);
    const active = activeIndex(run);
    const others = [0, 1, 2].filter((c) => c !== active);
    // The active controller alone cannot commit anything: it resigns (check-quorum), and nobody else can be elected.
    run.apply({ type: 'crash-controller', controller: others[0]! });
    run.apply({ type: 'crash-controller', controller: others[1]! });
    const leader = run.partition().leader;
    run.apply({ type: 'crash-broker', broker: leader });
    run.runUntil(4_000 + 3 * SESSION_TIMEOUT_MS);
    expect(run.ofType('broker-fenced')).toEqual([]);
    expect(run.partition()).toMatchObject({ leader, leaderEpoch: 0 });
    expect(run.sim.snapshot().controllers!.some((c) => c.active)).toBe(false);
    // One controller back: a majority again; the new active controller fences the dead leader.
    run.apply({ type: 'restart-controller', controller: others[0]! });
    run.runUntil(4_000 + 5 * SESSION_TIMEOUT_MS);
    expect(run.ofType('broker-fenced', { broker: leader })).toHaveLength(1);
    expect(run.partition().leader).not.toBe(leader);
    run.noViolations();
  });

  it('refuses nonsense on controllers and changes nothing', () => {
    const run = simulate(cluster({ controllers: 3 }));
    run.runUntil(3_000);
    expect(run.apply({ type: 'restart-controller', controller: 0 })).toMatchObject({ ok: false, error: 'CONTROLLER_RUNNING' });
    expect(run.apply({ type: 'crash-controller', controller: 3 })).toMatchObject({ ok: false, error: 'UNKNOWN_CONTROLLER' });
    expect(run.apply({ type: 'crash-controller', controller: 1 })).toEqual({ ok: true });
    expect(run.apply({ type: 'crash-controller', controller: 1 })).toMatchObject({ ok: false, error: 'CONTROLLER_NOT_RUNNING' });
    expect(run.sim.inputs().map((i) => i.action)).toEqual([{ type: 'crash-controller', controller: 1 }]);
  });

  it('validates controllers in scenarios: 1, 3 or 5 of them, known indexes and node names', () => {
    const base = { seed: 1, cluster: { brokers: 3, controllers: 3 }, topics: [] };
    expect(parseScenario({ ...base, cluster: { brokers: 3, controllers: 2 } }).ok).toBe(false);
    expect(parseScenario({ ...base, cluster: { brokers: 3 } })).toMatchObject({ ok: true, scenario: { cluster: { controllers: 1 } } });
    const bad = parseScenario({ ...base, schedule: [{ atMs: 1, action: { type: 'crash-controller', controller: 3 } }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.message).toBe('no controller 3 (controllers are numbered 0 to 2)');
    expect(parseScenario({ ...base, schedule: [{ atMs: 1, action: { type: 'split-network', sideA: ['controller-102'], sideB: ['broker-0'] } }] }).ok).toBe(true);
    const unknownNode = parseScenario({ ...base, schedule: [{ atMs: 1, action: { type: 'cut-link', a: 'controller-103', b: 'broker-0' } }] });
    expect(unknownNode.ok).toBe(false);
    if (!unknownNode.ok) expect(unknownNode.errors[0]!.message).toBe('no node "controller-103" in the scenario');
  });

  it('is deterministic with three controllers and controller faults', () => {
    const hash = (seed: number) => {
      const run = simulate({
        ...cluster({ controllers: 3, seed, partitions: 3 }),
        schedule: [
          { atMs: 3_000, action: { type: 'crash-controller', controller: 0 } },
          { atMs: 3_000, action: { type: 'crash-controller', controller: 1 } },
          { atMs: 6_000, action: { type: 'restart-controller', controller: 0 } },
          { atMs: 8_000, action: { type: 'crash-broker', broker: 1 } },
          { atMs: 12_000, action: { type: 'restart-controller', controller: 1 } },
          { atMs: 20_000, action: { type: 'restart-broker', broker: 1 } },
        ],
      });
      run.sim.runUntil(35_000);
      return run.sim.traceHash();
    };
    expect(hash(8)).toBe(hash(8));
    expect(hash(8)).not.toBe(hash(9));
  });
});
