// A KIP-848 group's records in __consumer_offsets, driven with raw ConsumerGroupHeartbeats: every
// change writes the records Kafka writes and is answered once they are committed; a heartbeat that
// changes nothing writes nothing; a write that reaches no log is answered with Kafka's mapping and
// leaves the group as it was; and a coordinator that replays the partition (onResign, then
// onBecomeLeader) gets the same group back, with sessions running for its members.
import { describe, expect, it } from 'vitest';
import { makeCluster } from '../harness.ts';
import type { ConsumerGroupHeartbeatResponse, FindCoordinatorResponse, OffsetCommitResponse } from '../../../../sim/protocol/group-messages.ts';
import { decodeOffsetsKey } from '../../../../sim/broker/group/offsets-records.ts';
import { decodeRecordBatches } from '../../../../sim/log/index.ts';
import type { BrokerConfigInput } from '../../../../sim/config/broker-config.ts';

const OFFSETS = '__consumer_offsets';

function setup(brokers = 1, config: BrokerConfigInput = {}) {
  const cluster = makeCluster(brokers, { 'offsets.topic.num.partitions': 1, 'offsets.topic.replication.factor': brokers, ...config });
  cluster.createTopic('pedidos', 3);
  cluster.request<FindCoordinatorResponse>(0, { api: 'FindCoordinator', keyType: 0, key: 'g' });
  const found = cluster.request<FindCoordinatorResponse>(0, { api: 'FindCoordinator', keyType: 0, key: 'g' }, 500)!;
  expect(found.error).toBe('NONE');
  const coordinator = cluster.brokers[found.nodeId]!;
  const heartbeat = (memberId: string | null, memberEpoch: number, owned: number[] | null, extra: { instanceId?: string; serverAssignor?: string } = {}, waitMs = 100) =>
    cluster.request<ConsumerGroupHeartbeatResponse>(
      found.nodeId,
      {
        api: 'ConsumerGroupHeartbeat',
        groupId: 'g',
        memberId: memberId ?? '',
        memberEpoch,
        instanceId: extra.instanceId ?? null,
        rebalanceTimeoutMs: 20_000,
        subscribedTopicNames: ['pedidos'],
        serverAssignor: extra.serverAssignor ?? null,
        topicPartitions: owned === null ? null : owned.length > 0 ? [{ topic: 'pedidos', partitions: owned }] : [],
      },
      waitMs,
    );
  const commit = (memberId: string | null, memberEpoch: number, partition: number, committedOffset: number) =>
    cluster.request<OffsetCommitResponse>(found.nodeId, {
      api: 'OffsetCommit',
      groupId: 'g',
      generationIdOrMemberEpoch: memberEpoch,
      memberId: memberId ?? '',
      groupInstanceId: null,
      topics: [{ name: 'pedidos', partitions: [{ partition, committedOffset, committedLeaderEpoch: 0, metadata: null }] }],
    });
  const replica = () => coordinator.replica(OFFSETS, 0)!;
  /** The record types in the partition, oldest first ("type" or "type†" for a tombstone). */
  const recordTypes = (fromOffset = 0) => {
    const log = replica().log;
    const read = log.read(fromOffset, 1024 * 1024, log.logEndOffset);
    return decodeRecordBatches(read.records)
      .flatMap((b) => b.records)
      .filter((r) => r.offset >= fromOffset)
      .map((r) => decodeOffsetsKey(r.key!).type.replace('consumer-group-', '') + (r.value === null ? '†' : ''));
  };
  const group = () => coordinator.groups.consumerGroups.groups.get('g')!;
  /** What the coordinator shows and holds of the group, offsets sorted. */
  const image = () => {
    const view = coordinator.groups.describe('g')!;
    return { view: { ...view, offsets: [...view.offsets].sort((a, b) => a.partition - b.partition) }, held: group().snapshot(), state: group().currentState };
  };
  const reload = () => {
    coordinator.groups.onResign(0);
    expect(coordinator.groups.describe('g')).toBeNull();
    coordinator.groups.onBecomeLeader(0);
  };
  return { ...cluster, coordinator, heartbeat, commit, replica, recordTypes, group, image, reload };
}

describe('KIP-848 group records', () => {
  it('writes the member, the group epoch, the target assignment and the current assignment when a member joins', () => {
    const c = setup();
    const start = c.replica().log.logEndOffset;
    const a = c.heartbeat('', 0, [])!;
    expect(a).toMatchObject({ error: 'NONE', memberEpoch: 1, assignment: [{ topic: 'pedidos', partitions: [0, 1, 2] }] });
    expect(c.recordTypes(start)).toEqual(['member-metadata', 'metadata', 'target-assignment-member', 'target-assignment-metadata', 'current-member-assignment']);
  });

  it('writes nothing for a heartbeat that changes nothing, and answers it at once', () => {
    const c = setup();
    const a = c.heartbeat('', 0, [])!;
    const end = c.replica().log.logEndOffset;
    expect(c.heartbeat(a.memberId, 1, [0, 1, 2])).toMatchObject({ error: 'NONE', memberEpoch: 1 });
    expect(c.replica().log.logEndOffset).toBe(end);
  });

  it('writes the leaver’s three tombstones and the new group epoch', () => {
    const c = setup();
    const a = c.heartbeat('', 0, [])!;
    const start = c.replica().log.logEndOffset;
    expect(c.heartbeat(a.memberId, -1, null)).toMatchObject({ error: 'NONE', memberEpoch: -1 });
    expect(c.recordTypes(start)).toEqual(['current-member-assignment†', 'target-assignment-member†', 'member-metadata†', 'metadata']);
  });

  it('answers only once the records are committed (the follower has fetched them)', () => {
    const c = setup(2);
    const id = c.probe.send(`broker-${c.coordinator.brokerId}`, {
      api: 'ConsumerGroupHeartbeat',
      groupId: 'g',
      memberId: '',
      memberEpoch: 0,
      instanceId: null,
      rebalanceTimeoutMs: 20_000,
      subscribedTopicNames: ['pedidos'],
      serverAssignor: null,
      topicPartitions: [],
    });
    c.kernel.runFor(1.5);
    expect(c.replica().log.logEndOffset).toBeGreaterThan(c.replica().highWatermark);
    expect(c.probe.responses.has(id)).toBe(false);
    c.kernel.runFor(1000);
    expect(c.replica().highWatermark).toBe(c.replica().log.logEndOffset);
    expect(c.probe.responses.get(id)).toMatchObject({ error: 'NONE', memberEpoch: 1 });
  });

  it('answers COORDINATOR_NOT_AVAILABLE when the write is refused (ISR below min.insync.replicas) and keeps the group as it was', () => {
    const c = setup(2, { 'min.insync.replicas': 2 });
    const a = c.heartbeat('', 0, [])!;
    expect(a.error).toBe('NONE');
    const before = c.image();
    const end = c.replica().log.logEndOffset;
    c.replica().isr = [c.coordinator.brokerId];
    expect(c.heartbeat('', 0, [])).toMatchObject({ error: 'COORDINATOR_NOT_AVAILABLE', memberEpoch: -1 });
    expect(c.replica().log.logEndOffset).toBe(end);
    expect(c.image()).toEqual(before);
  });
});

describe('KIP-848 group replay on a new coordinator', () => {
  it('gets back members, epochs, states, assignments, partition epochs and the target mid-reconciliation', () => {
    const c = setup();
    const a = c.heartbeat('', 0, [])!;
    expect(c.commit(a.memberId, 1, 0, 42)?.topics[0]!.partitions[0]!.error).toBe('NONE');
    const b = c.heartbeat('', 0, [], { instanceId: 'estatico' })!;
    // a still owns everything: it must revoke first (UNREVOKED_PARTITIONS); b waits (UNRELEASED_PARTITIONS).
    expect(c.heartbeat(a.memberId, 1, [0, 1, 2])).toMatchObject({ error: 'NONE', memberEpoch: 1 });
    expect(c.heartbeat(b.memberId, 2, [])).toMatchObject({ error: 'NONE', memberEpoch: 2 });
    const before = c.image();
    expect(before.view.members.map((m) => m.state).sort()).toEqual(['UNRELEASED_PARTITIONS', 'UNREVOKED_PARTITIONS']);
    expect(before.held.partitionEpochs.size).toBe(3);
    c.reload();
    expect(c.image()).toEqual(before);
    expect(c.image().view.offsets).toEqual([{ topic: 'pedidos', partition: 0, offset: 42 }]);
    // The members go on from where they were: a revokes, b gets what a released.
    const revoked = c.heartbeat(a.memberId, 1, before.view.members.find((m) => m.memberId === a.memberId)!.assigned.map((tp) => tp.partition))!;
    expect(revoked).toMatchObject({ error: 'NONE', memberEpoch: 2 });
    const caughtUp = c.heartbeat(b.memberId, 2, [])!;
    expect(caughtUp.error).toBe('NONE');
    expect(caughtUp.assignment!.flatMap((tp) => tp.partitions).length + revoked.assignment!.flatMap((tp) => tp.partitions).length).toBe(3);
  });

  it('gets back a Stable group after a static member left for a while and a dynamic one left for good, with the chosen assignor', () => {
    const c = setup();
    const a = c.heartbeat('', 0, [], { serverAssignor: 'range' })!;
    const b = c.heartbeat('', 0, [], { instanceId: 'estatico', serverAssignor: 'range' })!;
    const d = c.heartbeat('', 0, [], { serverAssignor: 'range' })!;
    // Everyone reconciles to epoch 3 (range over 3 partitions and 3 members: one each).
    for (let round = 0; round < 3; round++) {
      for (const m of [a, b, d]) {
        const view = c.coordinator.groups.describe('g')!.members.find((x) => x.memberId === m.memberId)!;
        c.heartbeat(m.memberId, view.memberEpoch, view.assigned.map((tp) => tp.partition), m === b ? { instanceId: 'estatico', serverAssignor: 'range' } : { serverAssignor: 'range' });
      }
    }
    expect(c.image().state).toBe('Stable');
    expect(c.heartbeat(d.memberId, -1, null)?.error).toBe('NONE');
    expect(c.heartbeat(b.memberId, -2, null, { instanceId: 'estatico' })?.error).toBe('NONE');
    const before = c.image();
    expect(before.view.members.map((m) => m.memberEpoch).sort()).toEqual([-2, 3]);
    expect(before.view.assignor).toBe('range');
    c.reload();
    expect(c.image()).toEqual(before);
  });

  it('starts the loaded members’ sessions: a member that never comes back is removed, and its removal is written', () => {
    const c = setup();
    const a = c.heartbeat('', 0, [])!;
    const b = c.heartbeat('', 0, [])!;
    c.reload();
    expect(c.image().view.members).toHaveLength(2);
    // Only a heartbeats during the session timeout (45 s).
    for (let t = 0; t < 50_000; t += 5_000) {
      const view = c.coordinator.groups.describe('g')!.members.find((m) => m.memberId === a.memberId)!;
      c.heartbeat(a.memberId, view.memberEpoch, view.assigned.map((tp) => tp.partition), {}, 5_000);
    }
    const members = c.image().view.members;
    expect(members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(members.map((m) => m.memberId)).not.toContain(b.memberId);
    const before = c.image();
    c.reload();
    expect(c.image()).toEqual(before);
  });
});
