// OffsetForLeaderEpoch (API 23) served by the leader: the end offset of a leader epoch from its
// leader-epoch cache, fenced by the current leader epoch, as ReplicaManager.lastOffsetForLeaderEpoch.
import { describe, expect, it } from 'vitest';
import { brokerNode } from '../../../sim/broker/broker.ts';
import type { OffsetForLeaderEpochResponse } from '../../../sim/protocol/messages.ts';
import { makeReplicatedCluster } from '../replication/harness.ts';

/** Replicas [0, 1, 2]: epoch 0 under broker 0 writes offsets 0–1; broker 0 is fenced; epoch 1 under broker 1 writes offset 2. */
function twoEpochs() {
  const c = makeReplicatedCluster(3);
  c.createTopic('t', 1, 3);
  c.run(10);
  c.produce(0, 't', 0, ['a', 'b']);
  c.run(1_000);
  c.crash(0);
  c.fence(0);
  c.run(10);
  expect(c.registration()).toMatchObject({ leader: 1, leaderEpoch: 1 });
  c.produce(1, 't', 0, ['c']);
  c.run(1_000);
  const ask = (broker: number, leaderEpoch: number, currentLeaderEpoch = -1, topic = 't') => {
    const id = c.probe.send(brokerNode(broker), { api: 'OffsetForLeaderEpoch', replicaId: -1, topics: [{ name: topic, partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }] });
    c.run(10);
    return (c.probe.responses.get(id) as OffsetForLeaderEpochResponse).topics[0]!.partitions[0]!;
  };
  return { c, ask };
}

describe('OffsetForLeaderEpoch', () => {
  it('answers where an older epoch ends (the start of the next) and the LEO for the latest epoch', () => {
    const { ask } = twoEpochs();
    expect(ask(1, 0, 1)).toEqual({ partition: 0, error: 'NONE', leaderEpoch: 0, endOffset: 2 });
    expect(ask(1, 1, 1)).toEqual({ partition: 0, error: 'NONE', leaderEpoch: 1, endOffset: 3 });
  });

  it('answers -1/-1 for an epoch the leader-epoch cache cannot place', () => {
    const { ask } = twoEpochs();
    expect(ask(1, 7)).toEqual({ partition: 0, error: 'NONE', leaderEpoch: -1, endOffset: -1 });
    expect(ask(1, -1)).toEqual({ partition: 0, error: 'NONE', leaderEpoch: -1, endOffset: -1 });
  });

  it('fences a requester with an older current leader epoch (FENCED_LEADER_EPOCH) and one with a newer (UNKNOWN_LEADER_EPOCH)', () => {
    const { ask } = twoEpochs();
    expect(ask(1, 0, 0)).toMatchObject({ error: 'FENCED_LEADER_EPOCH', leaderEpoch: -1, endOffset: -1 });
    expect(ask(1, 0, 5)).toMatchObject({ error: 'UNKNOWN_LEADER_EPOCH', leaderEpoch: -1, endOffset: -1 });
  });

  it('a follower answers NOT_LEADER_OR_FOLLOWER, and an unknown partition UNKNOWN_TOPIC_OR_PARTITION', () => {
    const { ask } = twoEpochs();
    expect(ask(2, 0, 1)).toMatchObject({ error: 'NOT_LEADER_OR_FOLLOWER', endOffset: -1 });
    expect(ask(1, 0, -1, 'nope')).toMatchObject({ error: 'UNKNOWN_TOPIC_OR_PARTITION', endOffset: -1 });
  });
});
