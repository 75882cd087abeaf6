import { describe, expect, it } from 'vitest';
import { makeReplicatedCluster } from './harness.ts';

describe('acks=all and min.insync.replicas', () => {
  it('acks=all is answered only when every ISR member has the records', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    // Follower 2 is far away: 100 ms each way.
    c.kernel.network.setLink('broker-0', 'broker-2', { latencyMs: 100, jitterMs: 0 });
    c.run(1_000);
    const sentAt = c.kernel.nowMs;
    const acked = c.produce(0, 't', 0, ['a'], -1);
    c.run(50);
    expect(c.replica(1).log.logEndOffset).toBe(1);
    expect(acked()).toBeUndefined();
    c.run(1_000);
    expect(acked()).toMatchObject({ error: 'NONE', baseOffset: 0 });
    const replicated = c.events('records-replicated').find((e) => e.broker === 2)!;
    const answeredAt = c.events('high-watermark-advanced').find((e) => e.highWatermark === 1)!.timeMs;
    expect(replicated.timeMs).toBeGreaterThan(sentAt + 100);
    // The HW (and the answer) moved when follower 2's next fetch told the leader it had the record.
    expect(answeredAt).toBe(replicated.timeMs + 100);
  });

  it('min.insync.replicas=2 with ISR {leader}: acks=all is refused with NOT_ENOUGH_REPLICAS before anything is written', () => {
    const c = makeReplicatedCluster(2);
    c.createTopic('t', 1, 2, { 'min.insync.replicas': 2 });
    c.run(10);
    c.crash(1);
    c.fence(1);
    expect(c.registration().isr).toEqual([0]);
    const answer = c.produce(0, 't', 0, ['a'], -1);
    c.run(10);
    expect(answer()).toMatchObject({ error: 'NOT_ENOUGH_REPLICAS', baseOffset: -1 });
    expect(c.replica(0).log.logEndOffset).toBe(0);
    expect(c.events('produce-rejected')).toEqual([expect.objectContaining({ error: 'NOT_ENOUGH_REPLICAS' })]);
  });

  it('…and the HW stays frozen even for acks=1 writes until the ISR grows back (KAFKA-15583)', () => {
    const c = makeReplicatedCluster(2);
    c.createTopic('t', 1, 2, { 'min.insync.replicas': 2 });
    c.run(10);
    c.produce(0, 't', 0, ['before'], -1);
    c.run(600);
    expect(c.replica(0).highWatermark).toBe(1);
    c.crash(1);
    c.fence(1);
    const answer = c.produce(0, 't', 0, ['x', 'y'], 1);
    c.run(10);
    // Acknowledged and in the leader's log, yet not committed: consumers cannot see it.
    expect(answer()).toMatchObject({ error: 'NONE', baseOffset: 1 });
    expect(c.replica(0).log.logEndOffset).toBe(3);
    expect(c.replica(0).highWatermark).toBe(1);
    expect(c.consume(0, 't', 0, 1)?.records.length).toBe(0);
    // The follower comes back: at LEO ≥ HW it rejoins the ISR, then its fetches move the HW.
    c.restart(1);
    c.run(20);
    expect(c.registration().isr).toEqual([0, 1]);
    expect(c.replica(0).highWatermark).toBe(3);
    expect(c.values(1)).toEqual(['before', 'x', 'y']);
  });

  it('an ISR that shrinks below min.insync.replicas while acks=all waits freezes the HW: REQUEST_TIMED_OUT, the records stay in the leader’s log', () => {
    const c = makeReplicatedCluster(2, { 'replica.lag.time.max.ms': 10_000 });
    c.createTopic('t', 1, 2, { 'min.insync.replicas': 2 });
    c.run(10);
    c.cut(0, 1);
    const answer = c.produce(0, 't', 0, ['a'], -1, 30_000);
    c.run(16_000);
    expect(c.registration().isr).toEqual([0]);
    expect(answer()).toBeUndefined();
    c.run(15_000);
    expect(answer()).toMatchObject({ error: 'REQUEST_TIMED_OUT', baseOffset: 0 });
    expect(c.values(0)).toEqual(['a']);
    expect(c.replica(0).highWatermark).toBe(0);
  });

  it('reports NOT_ENOUGH_REPLICAS_AFTER_APPEND when the HW passed the records but the ISR is below min.insync.replicas (checkEnoughReplicasReachOffset)', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3, { 'min.insync.replicas': 2 });
    c.run(10);
    c.produce(0, 't', 0, ['a'], -1);
    c.run(20);
    const leader = c.replica(0);
    expect(leader.highWatermark).toBe(1);
    expect(leader.checkEnoughReplicasReachOffset(1)).toEqual({ done: true, error: 'NONE' });
    expect(leader.checkEnoughReplicasReachOffset(2)).toEqual({ done: false, error: 'NONE' });
    // With the strict min ISR (KAFKA-15583) the HW cannot pass new records while the ISR is too
    // small, so a waiting produce meets this only in races Kafka's threads allow; the rule stays.
    leader.isr = [0];
    expect(leader.checkEnoughReplicasReachOffset(1)).toEqual({ done: true, error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' });
    expect(c.replica(1).checkEnoughReplicasReachOffset(1)).toEqual({ done: false, error: 'NOT_LEADER_OR_FOLLOWER' });
  });

  it('acks=all waits at most the request’s timeout: REQUEST_TIMED_OUT while a follower in the ISR lags', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    c.cut(0, 2);
    const answer = c.produce(0, 't', 0, ['a'], -1, 1_500);
    c.run(1_400);
    expect(answer()).toBeUndefined();
    c.run(200);
    expect(answer()).toMatchObject({ error: 'REQUEST_TIMED_OUT', baseOffset: 0 });
    expect(c.registration().isr).toEqual([0, 1, 2]);
  });

  it('min.insync.replicas above the replication factor is enforced only up to it', () => {
    const c = makeReplicatedCluster(2);
    c.createTopic('t', 1, 2, { 'min.insync.replicas': 3 });
    c.run(10);
    const answer = c.produce(0, 't', 0, ['a'], -1);
    c.run(20);
    expect(answer()).toMatchObject({ error: 'NONE', baseOffset: 0 });
  });
});
