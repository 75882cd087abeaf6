import { describe, expect, it } from 'vitest';
import { makeReplicatedCluster } from './harness.ts';

describe('followers replicate the leader', () => {
  it('a follower catches up: every replica ends with the leader’s records, and the HW is the smallest LEO in the ISR', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    const acked = c.produce(0, 't', 0, ['a', 'b', 'c'], 1);
    c.run(20);
    expect(acked()).toMatchObject({ error: 'NONE', baseOffset: 0 });
    for (const b of [0, 1, 2]) expect(c.values(b)).toEqual(['a', 'b', 'c']);
    expect(c.replica(0).highWatermark).toBe(3);
    expect(c.events('records-replicated').map((e) => [e.broker, e.firstOffset, e.lastOffset])).toEqual([
      [1, 0, 2],
      [2, 0, 2],
    ]);

    // Follower 2 stops hearing from the leader: the HW waits for it while it is in the ISR.
    c.cut(0, 2);
    c.produce(0, 't', 0, ['d', 'e'], 1);
    c.run(20);
    expect(c.replica(0).log.logEndOffset).toBe(5);
    expect(c.replica(1).log.logEndOffset).toBe(5);
    expect(c.replica(2).log.logEndOffset).toBe(3);
    expect(c.registration().isr).toEqual([0, 1, 2]);
    expect(c.replica(0).highWatermark).toBe(3);
    // A consumer reads only below the HW; the records above it are not committed yet.
    expect(c.consume(0, 't', 0, 3)).toMatchObject({ error: 'NONE', highWatermark: 3, records: new Uint8Array(0) });
  });

  it('a follower’s HW lags the leader’s by one fetch: it learns the HW from the answer to its next fetch', () => {
    const c = makeReplicatedCluster(2);
    c.createTopic('t', 1, 2);
    c.run(10);
    c.produce(0, 't', 0, ['a'], 1);
    c.run(5);
    // The follower has the record; its next fetch told the leader, whose HW moved at once...
    expect(c.replica(1).log.logEndOffset).toBe(1);
    expect(c.replica(0).highWatermark).toBe(1);
    // ...but the answer to that fetch carried the HW from before it, and with nothing new to
    // send the leader holds it for replica.fetch.wait.max.ms.
    expect(c.replica(1).highWatermark).toBe(0);
    c.run(490);
    expect(c.replica(1).highWatermark).toBe(0);
    c.run(20);
    expect(c.replica(1).highWatermark).toBe(1);
  });

  it('serves a follower up to the leader’s LEO and a consumer only up to the HW', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    c.cut(0, 2);
    c.produce(0, 't', 0, ['x', 'y'], 1);
    c.run(10);
    // Follower 1 got both records although the HW (held by follower 2) is still 0.
    expect(c.values(1)).toEqual(['x', 'y']);
    expect(c.replica(0).highWatermark).toBe(0);
    expect(c.consume(0, 't', 0, 0)?.records.length).toBe(0);
  });

  it('a follower’s fetch with nothing new waits up to replica.fetch.wait.max.ms, and is answered as soon as records arrive', () => {
    const c = makeReplicatedCluster(2, { 'replica.fetch.wait.max.ms': 400 });
    c.createTopic('t', 1, 2);
    c.run(100);
    // The first fetch (t≈1) waits at the leader; the broker sends no other request meanwhile.
    expect(c.brokers[0]!.purgatory.size).toBe(1);
    const before = c.kernel.trace.since(0).length;
    c.produce(0, 't', 0, ['now'], 1);
    c.run(3);
    expect(c.replica(1).log.logEndOffset).toBe(1);
    expect(c.kernel.trace.since(before).filter((e) => e.type === 'records-replicated')).toHaveLength(1);
  });

  it('restarts fetching from a new leader, keeping what it agrees on', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    c.produce(0, 't', 0, ['a', 'b'], -1);
    c.run(600);
    c.crash(0);
    c.fence(0);
    expect(c.registration()).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1, 2] });
    expect(c.brokers[2]!.fetchers.leaderOf('t', 0)).toBe(1);
    const acked = c.produce(1, 't', 0, ['c'], -1);
    c.run(20);
    expect(acked()).toMatchObject({ error: 'NONE', baseOffset: 2 });
    expect(c.values(2)).toEqual(['a', 'b', 'c']);
    expect(c.events('replica-truncated')).toEqual([]);
    // The new leader recorded where its epoch starts; the follower learned it from the batches.
    expect(c.replica(1).log.leaderEpochs()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 2 },
    ]);
    expect(c.replica(2).log.leaderEpochs()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: 2 },
    ]);
  });
});
