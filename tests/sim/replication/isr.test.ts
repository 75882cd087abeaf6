import { describe, expect, it } from 'vitest';
import { makeReplicatedCluster } from './harness.ts';

describe('the leader keeps the ISR', () => {
  it('a stopped follower leaves the ISR after replica.lag.time.max.ms, and acks=all then completes without it', () => {
    // isr-expiration runs every replica.lag.time.max.ms / 2 = 5 s: at 10 s follower 2 (last caught
    // up at t≈1 ms) is still within 10 s; at 15 s it is out.
    const c = makeReplicatedCluster(3, { 'replica.lag.time.max.ms': 10_000 });
    c.createTopic('t', 1, 3);
    c.run(10);
    c.cut(0, 2);
    const acked = c.produce(0, 't', 0, ['a'], -1);
    c.run(14_900);
    expect(acked()).toBeUndefined();
    expect(c.registration().isr).toEqual([0, 1, 2]);
    c.run(200);
    expect(c.registration()).toMatchObject({ isr: [0, 1], leader: 0, leaderEpoch: 0, partitionEpoch: 1 });
    expect(c.events('isr-shrunk')).toEqual([
      expect.objectContaining({ topic: 't', partition: 0, leader: 0, isr: [0, 1], removed: [2], reason: 'lagging', partitionEpoch: 1, timeMs: 15_000 }),
    ]);
    expect(acked()).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.replica(0).highWatermark).toBe(1);
  });

  it('a slow follower that never reaches the leader’s LEO leaves the ISR too', () => {
    const c = makeReplicatedCluster(2, { 'replica.lag.time.max.ms': 10_000, 'replica.fetch.max.bytes': 100 });
    c.createTopic('t', 1, 2);
    c.run(10);
    // A 5 s link: each fetch takes 10 s to come back, while the producer keeps the LEO moving.
    c.kernel.network.setLink('broker-0', 'broker-1', { latencyMs: 5_000, jitterMs: 0 });
    for (let i = 0; i < 40; i++) {
      c.produce(0, 't', 0, [`v${i}`], 1);
      c.run(500);
    }
    expect(c.events('isr-shrunk')).toEqual([expect.objectContaining({ removed: [1], reason: 'lagging' })]);
    expect(c.registration().isr).toEqual([0]);
  });

  it('a follower rejoins the ISR once it has caught up to the HW', () => {
    const c = makeReplicatedCluster(3, { 'replica.lag.time.max.ms': 10_000 });
    c.createTopic('t', 1, 3);
    c.run(10);
    c.cut(0, 2);
    c.produce(0, 't', 0, ['a', 'b'], -1);
    c.run(16_000);
    expect(c.registration().isr).toEqual([0, 1]);
    c.heal(0, 2);
    // Follower 2's fetch lost at the cut broke its connection: it backs off replica.fetch.backoff.ms
    // and tries again, refused while the link is cut; the first fetch after the heal catches up.
    c.run(20_000);
    expect(c.values(2)).toEqual(['a', 'b']);
    expect(c.registration()).toMatchObject({ isr: [0, 1, 2], leaderEpoch: 0, partitionEpoch: 2 });
    const expanded = c.events('isr-expanded');
    expect(expanded).toEqual([expect.objectContaining({ added: [2], isr: [0, 1, 2], reason: 'caught-up', partitionEpoch: 2 })]);
    expect(expanded[0]!.timeMs).toBeGreaterThan(16_010);
    expect(expanded[0]!.timeMs).toBeLessThan(16_010 + 2_000);
  });

  it('the controller takes a fenced broker out of every ISR and elects the first live ISR member in replica order', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 2, 3, {}, [
      [0, 1, 2],
      [2, 1, 0],
    ]);
    c.run(10);
    c.crash(2);
    c.fence(2);
    expect(c.registration('t', 0)).toMatchObject({ leader: 0, leaderEpoch: 0, isr: [0, 1], partitionEpoch: 1 });
    expect(c.registration('t', 1)).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1, 0], partitionEpoch: 1 });
    expect(c.events('isr-shrunk').map((e) => [e.partition, e.leader, e.removed, e.reason])).toEqual([
      [0, 0, [2], 'broker-fenced'],
      [1, 1, [2], 'broker-fenced'],
    ]);
    // The last ISR member stays in the ISR, without a leader.
    c.crash(1);
    c.fence(1);
    c.crash(0);
    c.fence(0);
    expect(c.registration('t', 0)).toMatchObject({ leader: -1, isr: [0] });
    expect(c.registration('t', 1)).toMatchObject({ leader: -1, isr: [0] });
  });
});
