// initial.broker.registration.timeout.ms (BrokerLifecycleManager's RegistrationTimeoutEvent): a new
// broker process that cannot register with the controller quorum in time shuts itself down.
import { describe, expect, it } from 'vitest';
import { resolveBrokerConfig } from '../../../sim/config/broker-config.ts';
import { simulate } from './harness.ts';

const scenario = (controllerDown: boolean) => ({
  seed: 5,
  cluster: { brokers: 3, controllers: 1 as const, config: { 'initial.broker.registration.timeout.ms': 5_000 } },
  topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
  schedule: [
    { atMs: 1_000, action: { type: 'crash-broker' as const, broker: 2 } },
    ...(controllerDown ? [{ atMs: 2_000, action: { type: 'crash-controller' as const, controller: 0 } }] : []),
    // After the controller fenced the old process (broker.session.timeout.ms): a new one may register.
    { atMs: 12_000, action: { type: 'restart-broker' as const, broker: 2 } },
  ],
});

describe('initial.broker.registration.timeout.ms', () => {
  it('defaults to 60 s', () => {
    expect(resolveBrokerConfig({}).initialBrokerRegistrationTimeoutMs).toBe(60_000);
  });

  it('a broker that cannot reach any controller shuts itself down when the timeout expires, and can be started again', () => {
    const { sim, runUntil, ofType, apply } = simulate(scenario(true));
    runUntil(16_900);
    expect(ofType('broker-registration-timed-out')).toHaveLength(0);
    expect(sim.snapshot().brokers[2]).toMatchObject({ state: 'starting' });
    runUntil(17_100);
    const timedOut = ofType('broker-registration-timed-out');
    expect(timedOut).toMatchObject([{ broker: 2, timeoutMs: 5_000, node: 'broker-2', timeMs: 17_000 }]);
    expect(ofType('broker-stopped', { broker: 2 }).map((e) => e.reason)).toEqual(['crash', 'registration-timeout']);
    expect(sim.snapshot().brokers[2]).toMatchObject({ status: 'down', state: 'stopped' });
    // A stopped broker may be started again; with a controller back (and the old registration's
    // session over) it registers.
    apply({ type: 'restart-controller', controller: 0 });
    runUntil(30_000);
    expect(apply({ type: 'restart-broker', broker: 2 })).toEqual({ ok: true });
    runUntil(40_000);
    expect(ofType('broker-registration-timed-out')).toHaveLength(1);
    expect(sim.snapshot().brokers[2]).toMatchObject({ status: 'up', state: 'running' });
  });

  it('a broker that registers in time keeps running', () => {
    const { sim, runUntil, ofType } = simulate(scenario(false));
    runUntil(30_000);
    expect(ofType('broker-registration-timed-out')).toHaveLength(0);
    expect(sim.snapshot().brokers[2]).toMatchObject({ status: 'up', state: 'running' });
  });
});
