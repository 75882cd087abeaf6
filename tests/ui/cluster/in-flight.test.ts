import { describe, expect, test } from 'vitest';
import { apiFamily, flows, interpolatedTime, onTheWire, progress } from '../../../src/ui/cluster/in-flight.ts';
import type { InFlightSnapshot } from '../../../sim/snapshot.ts';

const msg = (from: string, to: string, api: string, sentAtMs: number, arrivesAtMs: number, kind: 'request' | 'response' = 'request'): InFlightSnapshot => ({
  from,
  to,
  api,
  kind,
  sentAtMs,
  arrivesAtMs,
});

describe('a message in flight', () => {
  test('is where virtual time puts it: (now − sentAt) / (arrivesAt − sentAt), clamped to the link', () => {
    const m = msg('producer-p1', 'broker-0', 'Produce', 100, 110);
    expect(progress(m, 100)).toBe(0);
    expect(progress(m, 102.5)).toBeCloseTo(0.25);
    expect(progress(m, 110)).toBe(1);
    expect(progress(m, 90)).toBe(0);
    expect(progress(m, 500)).toBe(1);
  });

  test('a message that arrives when it is sent is at its destination', () => {
    expect(progress(msg('broker-0', 'broker-1', 'Fetch', 5, 5), 5)).toBe(1);
  });

  test('is on the wire from sentAt (inclusive) to arrivesAt (exclusive)', () => {
    const list = [msg('a', 'b', 'X', 0, 10), msg('a', 'b', 'X', 5, 6), msg('a', 'b', 'X', 20, 30)];
    expect(onTheWire(list, 5)).toEqual([list[0], list[1]]);
    expect(onTheWire(list, 6)).toEqual([list[0]]);
    expect(onTheWire(list, 15)).toEqual([]);
  });

  test('belongs to a family by API and by who talks: consumers and followers fetch apart, controllers first', () => {
    expect(apiFamily(msg('producer-p1', 'broker-0', 'Produce', 0, 1))).toBe('produce');
    expect(apiFamily(msg('broker-0', 'consumer-c1', 'Fetch', 0, 1))).toBe('fetch-consumer');
    expect(apiFamily(msg('broker-1', 'broker-0', 'Fetch', 0, 1))).toBe('fetch-follower');
    expect(apiFamily(msg('consumer-c1', 'broker-2', 'Heartbeat', 0, 1))).toBe('group');
    expect(apiFamily(msg('consumer-c1', 'broker-2', 'OffsetCommit', 0, 1))).toBe('group');
    expect(apiFamily(msg('broker-0', 'controller-100', 'BrokerHeartbeat', 0, 1))).toBe('controller');
    // Raft's Fetch between controllers is controller traffic, not replication of a topic.
    expect(apiFamily(msg('controller-101', 'controller-100', 'Fetch', 0, 1))).toBe('controller');
    expect(apiFamily(msg('producer-p1', 'broker-0', 'Metadata', 0, 1))).toBe('other');
  });
});

describe('flows (too many messages to draw one by one)', () => {
  test('count every message once, per link and family, in both directions', () => {
    const list = [
      msg('producer-p1', 'broker-0', 'Produce', 0, 5),
      msg('producer-p1', 'broker-0', 'Produce', 1, 6),
      msg('broker-0', 'producer-p1', 'Produce', 2, 7, 'response'),
      msg('broker-1', 'broker-0', 'Fetch', 0, 5),
      msg('broker-0', 'broker-1', 'Fetch', 0, 5, 'response'),
    ];
    const result = flows(list);
    expect(result.reduce((n, f) => n + f.forward + f.backward, 0)).toBe(list.length);
    const produce = result.find((f) => f.family === 'produce')!;
    expect([produce.a, produce.b, produce.forward, produce.backward]).toEqual(['broker-0', 'producer-p1', 1, 2]);
    const replication = result.find((f) => f.family === 'fetch-follower')!;
    expect(replication.forward + replication.backward).toBe(2);
    expect(result.map((f) => f.key)).toEqual([...result.map((f) => f.key)].sort());
  });
});

describe('virtual time between worker frames', () => {
  const frame = { timeMs: 1000, wallMs: 50_000 };
  test('paused: exactly the frame time, however long ago it came', () => {
    expect(interpolatedTime(frame, 60_000, false, 1, 70)).toBe(1000);
  });
  test('playing: moves on with the wall clock times the speed', () => {
    expect(interpolatedTime(frame, 50_010, true, 1, 70)).toBe(1010);
    expect(interpolatedTime(frame, 50_010, true, 0.1, 7)).toBeCloseTo(1001);
    expect(interpolatedTime(frame, 50_010, true, 10, 700)).toBe(1100);
  });
  test('never runs further ahead of the engine than the cap', () => {
    expect(interpolatedTime(frame, 55_000, true, 1, 70)).toBe(1070);
  });
});
