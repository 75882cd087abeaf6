import { describe, expect, it } from 'vitest';
import { ClusterMetadata, type MetadataChange } from '../../../sim/controller/cluster-metadata.ts';
import { createRandom } from '../../../sim/kernel/random.ts';
import { DEFAULT_TOPIC_CONFIG } from '../../../sim/config/topic-config.ts';
import type { AlterPartitionRequest } from '../../../sim/protocol/messages.ts';

function controller(brokers = 3, unclean = false) {
  const metadata = new ClusterMetadata(
    Array.from({ length: brokers }, (_, i) => i),
    createRandom(1),
  );
  const changes: Extract<MetadataChange, { type: 'partition-changed' }>[] = [];
  metadata.onChange((c) => {
    if (c.type === 'partition-changed') changes.push({ ...c, partition: { ...c.partition, isr: [...c.partition.isr] } });
  });
  const result = metadata.createTopic('t', 1, brokers, { ...DEFAULT_TOPIC_CONFIG, uncleanLeaderElectionEnable: unclean }, false, [Array.from({ length: brokers }, (_, i) => i)]);
  if (!result.ok) throw new Error(result.message);
  const alter = (brokerId: number, newIsr: number[], epochs: { leaderEpoch?: number; partitionEpoch?: number } = {}) => {
    const p = metadata.partition('t', 0)!;
    const request: AlterPartitionRequest = {
      api: 'AlterPartition',
      brokerId,
      topics: [{ topicName: 't', partitions: [{ partitionIndex: 0, leaderEpoch: epochs.leaderEpoch ?? p.leaderEpoch, partitionEpoch: epochs.partitionEpoch ?? p.partitionEpoch, newIsr }] }],
    };
    return metadata.alterPartition(request).topics[0]!.partitions[0]!;
  };
  return { metadata, changes, alter, partition: () => metadata.partition('t', 0)! };
}

describe('the controller’s AlterPartition', () => {
  it('accepts the leader’s new ISR and bumps the partition epoch, not the leader epoch', () => {
    const c = controller();
    expect(c.alter(0, [0, 2])).toMatchObject({ error: 'NONE', leaderId: 0, isr: [0, 2], leaderEpoch: 0, partitionEpoch: 1 });
    expect(c.partition()).toMatchObject({ isr: [0, 2], leader: 0, leaderEpoch: 0, partitionEpoch: 1 });
    expect(c.changes).toEqual([expect.objectContaining({ reason: 'alter-partition', previousIsr: [0, 1, 2], unclean: false })]);
    // Expanding back; the ISR is kept in replica order.
    expect(c.alter(0, [2, 0, 1])).toMatchObject({ error: 'NONE', isr: [0, 1, 2], partitionEpoch: 2 });
  });

  it('changes nothing for the ISR it already has', () => {
    const c = controller();
    expect(c.alter(0, [0, 1, 2])).toMatchObject({ error: 'NONE', partitionEpoch: 0 });
    expect(c.changes).toEqual([]);
  });

  it('refuses a stale partition epoch with INVALID_UPDATE_VERSION', () => {
    const c = controller();
    c.alter(0, [0, 1]);
    expect(c.alter(0, [0], { partitionEpoch: 0 })).toMatchObject({ error: 'INVALID_UPDATE_VERSION' });
    expect(c.partition().isr).toEqual([0, 1]);
  });

  it('refuses an old leader epoch with FENCED_LEADER_EPOCH, and newer epochs than its own with NOT_CONTROLLER', () => {
    const c = controller();
    c.metadata.brokerDown(0);
    expect(c.partition()).toMatchObject({ leader: 1, leaderEpoch: 1 });
    expect(c.alter(0, [0, 1], { leaderEpoch: 0 })).toMatchObject({ error: 'FENCED_LEADER_EPOCH' });
    expect(c.alter(1, [1], { leaderEpoch: 2 })).toMatchObject({ error: 'NOT_CONTROLLER' });
  });

  it('refuses a request from a broker that does not lead the partition, and an ISR without the leader or with strangers', () => {
    const c = controller(4);
    const layout = c.partition();
    expect(layout.replicas).toEqual([0, 1, 2, 3]);
    expect(c.alter(1, [1, 2])).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(c.alter(0, [1, 2])).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(c.alter(0, [0, 0])).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(c.alter(0, [0, 7])).toMatchObject({ error: 'INVALID_REQUEST' });
    expect(c.changes).toEqual([]);
  });

  it('refuses to add a fenced broker to the ISR (INELIGIBLE_REPLICA)', () => {
    const c = controller();
    c.metadata.brokerDown(2);
    expect(c.partition().isr).toEqual([0, 1]);
    expect(c.alter(0, [0, 1, 2])).toMatchObject({ error: 'INELIGIBLE_REPLICA' });
  });
});

describe('unclean leader election', () => {
  it('without it, a partition whose last ISR member is fenced stays offline, keeping that member in the ISR', () => {
    const c = controller(3, false);
    c.alter(0, [0]);
    c.metadata.brokerDown(0);
    expect(c.partition()).toMatchObject({ leader: -1, isr: [0], leaderEpoch: 1 });
    // A replica outside the ISR coming back does not lead; the ISR member coming back does.
    c.metadata.brokerDown(1);
    c.metadata.brokerUp(1);
    expect(c.partition()).toMatchObject({ leader: -1, isr: [0] });
    c.metadata.brokerUp(0);
    expect(c.partition()).toMatchObject({ leader: 0, isr: [0], leaderEpoch: 2 });
  });

  it('with it, the first live replica in replica order leads at once, with ISR = [it]', () => {
    const c = controller(3, true);
    c.alter(0, [0]);
    c.metadata.brokerDown(0);
    expect(c.partition()).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 1 });
    expect(c.changes.at(-1)).toMatchObject({ reason: 'broker-fenced', unclean: true, previousIsr: [0] });
  });

  it('with it, a replica outside the ISR that comes back leads an offline partition', () => {
    const c = controller(2, true);
    c.alter(0, [0]);
    c.metadata.brokerDown(1);
    c.metadata.brokerDown(0);
    expect(c.partition()).toMatchObject({ leader: -1, isr: [0] });
    c.metadata.brokerUp(1);
    expect(c.partition()).toMatchObject({ leader: 1, isr: [1] });
    expect(c.changes.at(-1)).toMatchObject({ reason: 'broker-unfenced', unclean: true });
  });

  it('the periodic check elects offline partitions of topics that allow it', () => {
    const c = controller(2, false);
    c.alter(0, [0]);
    c.metadata.brokerDown(0);
    expect(c.metadata.electUncleanLeaders()).toBe(0);
    c.metadata.topics.get('t')!.config = { ...c.metadata.topics.get('t')!.config, uncleanLeaderElectionEnable: true };
    expect(c.metadata.electUncleanLeaders()).toBe(1);
    expect(c.partition()).toMatchObject({ leader: 1, isr: [1] });
  });
});
