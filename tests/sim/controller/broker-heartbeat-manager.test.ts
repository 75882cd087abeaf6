// The active controller's heartbeat rules (BrokerHeartbeatManager.calculateNextBrokerState, 3.9).
import { describe, expect, it } from 'vitest';
import { BrokerHeartbeatManager } from '../../../sim/controller/broker-heartbeat-manager.ts';
import type { BrokerHeartbeatRequest } from '../../../sim/protocol/controller-messages.ts';

const beat = (over: Partial<BrokerHeartbeatRequest> = {}): BrokerHeartbeatRequest => ({
  api: 'BrokerHeartbeat',
  brokerId: 1,
  brokerEpoch: 40,
  currentMetadataOffset: 50,
  wantFence: false,
  wantShutDown: false,
  ...over,
});

describe('BrokerHeartbeatManager', () => {
  it('a session lasts broker.session.timeout.ms after the last contact, and a fenced broker has none', () => {
    const m = new BrokerHeartbeatManager(9000);
    m.touch(1, false, -1, 1000);
    expect(m.hasValidSession(1, 10_000)).toBe(true);
    expect(m.staleBrokers(9_999)).toEqual([]);
    expect(m.nextCheckTimeMs()).toBe(10_000);
    expect(m.staleBrokers(10_000)).toEqual([1]);
    expect(m.hasValidSession(1, 10_001)).toBe(false);
    m.touch(2, false, -1, 500);
    expect(m.staleBrokers(20_000)).toEqual([2, 1]);
    m.fence(1);
    expect(m.hasValidSession(1, 1000)).toBe(false);
    expect(m.staleBrokers(20_000)).toEqual([2]);
  });

  it('unfences a broker that asks to be once it has applied its own registration record', () => {
    const m = new BrokerHeartbeatManager(9000);
    m.touch(1, true, -1, 0);
    expect(m.nextState(1, beat({ wantFence: true }), 40, () => false).next).toBe('fenced');
    expect(m.nextState(1, beat({ currentMetadataOffset: 39 }), 40, () => false).next).toBe('fenced');
    expect(m.nextState(1, beat({ currentMetadataOffset: 40 }), 40, () => false)).toEqual({ current: 'fenced', next: 'unfenced' });
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => false).next).toBe('shutdown-now');
  });

  it('a leader that wants to shut down enters controlled shutdown; it may stop once it leads nothing and the active brokers caught up', () => {
    const m = new BrokerHeartbeatManager(9000);
    m.touch(1, false, 50, 0);
    m.touch(2, false, 50, 0);
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => false).next).toBe('shutdown-now');
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => true).next).toBe('controlled-shutdown');
    m.maybeUpdateControlledShutdownOffset(1, 60);
    expect(m.inControlledShutdown(1)).toBe(true);
    // Still leading: wait. Leading nothing, but broker 2 has not applied offset 60 yet: wait.
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => true).next).toBe('controlled-shutdown');
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => false).next).toBe('controlled-shutdown');
    m.touch(2, false, 60, 100);
    expect(m.nextState(1, beat({ wantShutDown: true }), 40, () => false)).toEqual({ current: 'controlled-shutdown', next: 'shutdown-now' });
  });
});
