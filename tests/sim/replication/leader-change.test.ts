import { describe, expect, it } from 'vitest';
import { makeReplicatedCluster } from './harness.ts';

describe('leadership moves', () => {
  it('a leader that loses leadership fails its waiting acks=all produces with NOT_LEADER_OR_FOLLOWER, then truncates what it alone had', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3);
    c.run(10);
    c.produce(0, 't', 0, ['a', 'b'], -1);
    c.run(600);
    // Broker 0 is cut off from its followers; it appends a record nobody else gets.
    c.cut(0, 1);
    c.cut(0, 2);
    const waiting = c.produce(0, 't', 0, ['only-on-0'], -1);
    c.run(10);
    expect(c.replica(0).log.logEndOffset).toBe(3);
    expect(waiting()).toBeUndefined();
    // The controller fences broker 0 (its heartbeats no longer arrive) while the process still runs.
    c.fence(0);
    expect(c.registration()).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1, 2] });
    c.run(5);
    expect(waiting()).toMatchObject({ error: 'NOT_LEADER_OR_FOLLOWER', baseOffset: 2 });
    expect(c.replica(0).isLeader).toBe(false);
    // The new leader keeps its HW and takes new writes in epoch 1.
    expect(c.replica(1).highWatermark).toBe(2);
    expect(c.produce(1, 't', 0, ['new'], -1)).toBeDefined();
    c.run(20);
    expect(c.values(1)).toEqual(['a', 'b', 'new']);

    // Reconnected, broker 0 fetches with lastFetchedEpoch 0 at offset 3; the leader's epoch 0 ends
    // at 2 (DivergingEpoch{0, 2}); broker 0 truncates to 2 and fetches epoch 1's record.
    c.heal(0, 1);
    c.heal(0, 2);
    c.run(1_500);
    expect(c.events('replica-truncated')).toEqual([
      expect.objectContaining({ topic: 't', partition: 0, broker: 0, fromOffset: 3, toOffset: 2, reason: 'diverging-epoch' }),
    ]);
    expect(c.values(0)).toEqual(['a', 'b', 'new']);
    expect(c.replica(0).log.leaderEpochs()).toEqual(c.replica(1).log.leaderEpochs());
    // Fenced, it cannot rejoin the ISR; unfenced, it does.
    expect(c.registration().isr).toEqual([1, 2]);
    c.metadata.brokerUp(0);
    c.run(1_000);
    expect(c.registration().isr).toEqual([0, 1, 2]);
    expect(c.events('alter-partition-failed')).toEqual([]);
  });

  it('a follower whose last epoch the leader never had truncates to the end of the epoch they share', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3, { 'unclean.leader.election.enable': true });
    c.run(10);
    c.produce(0, 't', 0, ['x0', 'x1', 'x2'], -1);
    c.run(600);
    // Epoch 1, leader 1: broker 2 is cut off and misses y3..y5.
    c.crash(0);
    c.fence(0);
    c.cut(1, 2);
    c.produce(1, 't', 0, ['y3', 'y4', 'y5'], 1);
    c.run(10);
    // Epoch 2, leader 2: it writes z3, z4 that nobody else gets.
    c.crash(1);
    c.fence(1);
    expect(c.registration()).toMatchObject({ leader: 2, leaderEpoch: 2, isr: [2] });
    c.produce(2, 't', 0, ['z3', 'z4'], 1);
    c.run(10);
    expect(c.replica(2).log.leaderEpochs()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ]);
    // Broker 2, the whole ISR, goes down too: no leader (epoch 3). Broker 1 comes back and leads
    // uncleanly in epoch 4.
    c.crash(2);
    c.fence(2);
    expect(c.registration()).toMatchObject({ leader: -1, leaderEpoch: 3, isr: [2] });
    c.heal(1, 2);
    c.restart(1);
    expect(c.registration()).toMatchObject({ leader: 1, leaderEpoch: 4, isr: [1] });
    expect(c.events('unclean-leader-elected')).toEqual([expect.objectContaining({ leader: 1, leaderEpoch: 4, previousIsr: [2], isr: [1] })]);
    c.produce(1, 't', 0, ['w6'], 1);
    c.run(10);
    // Broker 2 comes back fetching at 5 with lastFetchedEpoch 2. Leader 1 never had epoch 2: its
    // largest epoch below is 1, which ends at 6 where epoch 4 starts → DivergingEpoch{1, 6}. Broker 2 never had epoch 1:
    // its largest below is 0, which ends (for it) at 3, so it truncates to 3 and asks again with
    // epoch 0, which the leader agrees ends at 3.
    c.restart(2);
    c.run(1_500);
    expect(c.events('replica-truncated')).toEqual([expect.objectContaining({ broker: 2, fromOffset: 5, toOffset: 3, reason: 'diverging-epoch' })]);
    expect(c.values(2)).toEqual(['x0', 'x1', 'x2', 'y3', 'y4', 'y5', 'w6']);
    expect(c.replica(2).log.leaderEpochs()).toEqual(c.replica(1).log.leaderEpochs());
    expect(c.registration().isr).toEqual([1, 2]);
  });

  it('a restarted broker starts from its checkpointed HW (replication-offset-checkpoint), bounded by its log', () => {
    const c = makeReplicatedCluster(2, { 'replica.high.watermark.checkpoint.interval.ms': 1_000 });
    c.createTopic('t', 1, 2);
    c.run(10);
    c.produce(0, 't', 0, ['a', 'b', 'c'], -1);
    c.run(2_000);
    expect(c.replica(1).highWatermark).toBe(3);
    c.crash(1);
    c.fence(1);
    c.restart(1);
    expect(c.replica(1).highWatermark).toBe(3);
  });
});

describe('a follower behind the leader’s log start offset', () => {
  it('gets OFFSET_OUT_OF_RANGE, asks the leader’s offsets (ListOffsets) and starts over at its log start offset', () => {
    const c = makeReplicatedCluster(2, { 'log.retention.check.interval.ms': 1_000 });
    c.createTopic('t', 1, 2, { 'segment.ms': 1_000, 'retention.ms': 5_000 });
    c.run(10);
    c.crash(1);
    c.fence(1);
    for (const value of ['a', 'b', 'c']) {
      c.produce(0, 't', 0, [value], 1);
      c.run(2_000);
    }
    c.run(6_000);
    // Retention removed every record (all older than retention.ms, all below the HW).
    expect(c.replica(0).log.logStartOffset).toBe(3);
    c.restart(1);
    c.run(100);
    expect(c.events('replica-truncated')).toEqual([expect.objectContaining({ broker: 1, fromOffset: 0, toOffset: 3, reason: 'leader-log-start-offset' })]);
    expect(c.replica(1).log.logStartOffset).toBe(3);
    c.produce(0, 't', 0, ['d'], 1);
    c.run(100);
    expect(c.values(1)).toEqual(['d']);
    expect(c.registration().isr).toEqual([0, 1]);
  });
});
