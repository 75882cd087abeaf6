// The classic group coordinator driven with raw requests on a one-broker cluster: the
// MEMBER_ID_REQUIRED round trip, the initial rebalance delay, SyncGroup, heartbeats and their
// errors, session expiry, commits and their validation, and a coordinator that replays its log.
import { describe, expect, it } from 'vitest';
import { makeCluster } from '../harness.ts';
import type {
  ConsumerSubscription,
  FindCoordinatorResponse,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupResponse,
  OffsetCommitResponse,
  OffsetFetchResponse,
  SyncGroupResponse,
  DescribeGroupsResponse,
  ListGroupsResponse,
} from '../../../../sim/protocol/group-messages.ts';
import { decodeOffsetCommitValue, decodeOffsetsKey } from '../../../../sim/broker/group/offsets-records.ts';
import { decodeRecordBatches } from '../../../../sim/log/index.ts';

const subscription: ConsumerSubscription = { topics: ['pedidos'], ownedPartitions: [], generationId: -1 };

function setup() {
  const cluster = makeCluster(1, { 'offsets.topic.num.partitions': 1, 'offsets.topic.replication.factor': 1 });
  cluster.createTopic('pedidos', 3);
  // The first FindCoordinator creates __consumer_offsets; the broker answers "not available" meanwhile.
  const first = cluster.request<FindCoordinatorResponse>(0, { api: 'FindCoordinator', keyType: 0, key: 'g' });
  const second = cluster.request<FindCoordinatorResponse>(0, { api: 'FindCoordinator', keyType: 0, key: 'g' });
  const join = (memberId: string, extra: Partial<JoinGroupRequest> = {}, waitMs = 100) =>
    cluster.request<JoinGroupResponse>(
      0,
      {
        api: 'JoinGroup',
        groupId: 'g',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 20_000,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription }],
        ...extra,
      },
      waitMs,
    );
  const sync = (memberId: string, generationId: number, assignments: { memberId: string; assignment: { topic: string; partitions: number[] }[] }[] = []) =>
    cluster.request<SyncGroupResponse>(0, { api: 'SyncGroup', groupId: 'g', generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments });
  const heartbeat = (memberId: string, generationId: number) => cluster.request<HeartbeatResponse>(0, { api: 'Heartbeat', groupId: 'g', generationId, memberId, groupInstanceId: null });
  const commit = (memberId: string, generation: number, partitions: { partition: number; committedOffset: number }[], topic = 'pedidos') =>
    cluster.request<OffsetCommitResponse>(0, {
      api: 'OffsetCommit',
      groupId: 'g',
      generationIdOrMemberEpoch: generation,
      memberId,
      groupInstanceId: null,
      topics: [{ name: topic, partitions: partitions.map((p) => ({ ...p, committedLeaderEpoch: 0, metadata: null })) }],
    });
  const state = () => cluster.brokers[0]!.groups.describe('g')?.state;
  /** Joins one member through MEMBER_ID_REQUIRED and the initial delay, and syncs it. */
  const joinedMember = () => {
    const required = join('')!;
    const joined = join(required.memberId, {}, 3500)!;
    sync(joined.memberId, joined.generationId, [{ memberId: joined.memberId, assignment: [{ topic: 'pedidos', partitions: [0, 1, 2] }] }]);
    return joined;
  };
  return { ...cluster, first, second, join, sync, heartbeat, commit, state, joinedMember };
}

describe('classic group coordinator', () => {
  it('creates __consumer_offsets on the first FindCoordinator, then names its leader', () => {
    const c = setup();
    expect(c.first).toMatchObject({ error: 'COORDINATOR_NOT_AVAILABLE', nodeId: -1 });
    expect(c.second).toMatchObject({ error: 'NONE', nodeId: 0, node: 'broker-0' });
    const topic = c.metadata.topics.get('__consumer_offsets')!;
    expect(topic.partitions).toHaveLength(1);
    expect(topic.config.cleanupPolicy).toEqual(['compact']);
    expect(topic.config.segmentBytes).toBe(100 * 1024 * 1024);
  });

  it('gives a new member its id with MEMBER_ID_REQUIRED, then completes the join after group.initial.rebalance.delay.ms', () => {
    const c = setup();
    const required = c.join('')!;
    expect(required.error).toBe('MEMBER_ID_REQUIRED');
    expect(required.memberId).toMatch(/^probe-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The JoinGroup waits in the coordinator for the initial delay (3 s by default).
    expect(c.join(required.memberId, {}, 2900)).toBeUndefined();
    expect(c.state()).toBe('PreparingRebalance');
    c.kernel.runFor(200);
    const answer = [...c.probe.responses.values()].at(-1) as JoinGroupResponse;
    expect(answer).toMatchObject({ error: 'NONE', generationId: 1, protocolName: 'range', leader: required.memberId, memberId: required.memberId });
    expect(answer.members).toEqual([{ memberId: required.memberId, groupInstanceId: null, metadata: subscription }]);
    expect(c.state()).toBe('CompletingRebalance');
  });

  it('becomes Stable with the leader assignment, and answers heartbeats', () => {
    const c = setup();
    const member = c.joinedMember();
    expect(c.state()).toBe('Stable');
    expect(c.sync(member.memberId, member.generationId)).toMatchObject({ error: 'NONE', assignment: [{ topic: 'pedidos', partitions: [0, 1, 2] }] });
    expect(c.heartbeat(member.memberId, member.generationId)?.error).toBe('NONE');
    expect(c.heartbeat(member.memberId, member.generationId + 1)?.error).toBe('ILLEGAL_GENERATION');
    expect(c.heartbeat('nobody', member.generationId)?.error).toBe('UNKNOWN_MEMBER_ID');
  });

  it('tells members to rejoin with REBALANCE_IN_PROGRESS when another member joins', () => {
    const c = setup();
    const first = c.joinedMember();
    const second = c.join('')!;
    c.join(second.memberId, {}, 50);
    expect(c.state()).toBe('PreparingRebalance');
    expect(c.heartbeat(first.memberId, first.generationId)?.error).toBe('REBALANCE_IN_PROGRESS');
    // The first member rejoins: everyone is in, the join completes at once (no initial delay now).
    const rejoined = c.join(first.memberId)!;
    expect(rejoined).toMatchObject({ error: 'NONE', generationId: 2, leader: first.memberId });
    expect(rejoined.members.map((m) => m.memberId)).toEqual([first.memberId, second.memberId]);
  });

  it('removes a member that stops heartbeating after session.timeout.ms and empties the group', () => {
    const c = setup();
    const member = c.joinedMember();
    c.kernel.runFor(9_000);
    expect(c.state()).toBe('Stable');
    c.kernel.runFor(2_000);
    expect(c.state()).toBe('Empty');
    expect(c.heartbeat(member.memberId, member.generationId)?.error).toBe('UNKNOWN_MEMBER_ID');
  });

  it('leaves at once on LeaveGroup, and says UNKNOWN_MEMBER_ID for a stranger', () => {
    const c = setup();
    const member = c.joinedMember();
    const left = c.request<LeaveGroupResponse>(0, { api: 'LeaveGroup', groupId: 'g', members: [{ memberId: member.memberId, groupInstanceId: null }, { memberId: 'x', groupInstanceId: null }] });
    expect(left?.members.map((m) => m.error)).toEqual(['NONE', 'UNKNOWN_MEMBER_ID']);
    expect(c.state()).toBe('Empty');
  });

  it("refuses bad joins with Kafka's errors and changes nothing", () => {
    const c = setup();
    expect(c.join('', { groupId: '' })?.error).toBe('INVALID_GROUP_ID');
    expect(c.join('', { sessionTimeoutMs: 1000 })?.error).toBe('INVALID_SESSION_TIMEOUT');
    expect(c.join('', { protocols: [] })?.error).toBe('INCONSISTENT_GROUP_PROTOCOL');
    expect(c.join('not-a-member')?.error).toBe('UNKNOWN_MEMBER_ID');
    const member = c.joinedMember();
    const other = c.join('', { protocols: [{ name: 'roundrobin', metadata: subscription }] });
    expect(other?.error).toBe('INCONSISTENT_GROUP_PROTOCOL');
    expect(c.state()).toBe('Stable');
    expect(c.heartbeat(member.memberId, member.generationId)?.error).toBe('NONE');
  });

  it('commits for a member of the current generation, writes the record, and serves it back', () => {
    const c = setup();
    const member = c.joinedMember();
    const answer = c.commit(member.memberId, member.generationId, [{ partition: 0, committedOffset: 17 }, { partition: 9, committedOffset: 3 }]);
    expect(answer?.topics[0]!.partitions).toEqual([
      { partition: 0, error: 'NONE' },
      { partition: 9, error: 'UNKNOWN_TOPIC_OR_PARTITION' },
    ]);
    const fetched = c.request<OffsetFetchResponse>(0, { api: 'OffsetFetch', groupId: 'g', topics: [{ name: 'pedidos', partitions: [0, 1] }] });
    expect(fetched?.topics[0]!.partitions.map((p) => [p.partition, p.committedOffset])).toEqual([
      [0, 17],
      [1, -1],
    ]);
    // The commit is a record of __consumer_offsets, in Kafka's layout.
    const log = c.brokers[0]!.replica('__consumer_offsets', 0)!.log;
    const records = decodeRecordBatches(log.read(0, 1 << 20, log.logEndOffset).records).flatMap((b) => b.records);
    const commits = records.map((r) => decodeOffsetsKey(r.key!)).filter((k) => k.type === 'offset-commit');
    expect(commits).toEqual([{ type: 'offset-commit', group: 'g', topic: 'pedidos', partition: 0 }]);
    const value = records.find((r) => decodeOffsetsKey(r.key!).type === 'offset-commit')!.value!;
    expect(decodeOffsetCommitValue(value)).toMatchObject({ offset: 17, leaderEpoch: 0 });
  });

  it('refuses commits from a stale generation or a stranger, and during CompletingRebalance', () => {
    const c = setup();
    const member = c.joinedMember();
    expect(c.commit(member.memberId, member.generationId + 5, [{ partition: 0, committedOffset: 1 }])?.topics[0]!.partitions[0]!.error).toBe('ILLEGAL_GENERATION');
    expect(c.commit('stranger', member.generationId, [{ partition: 0, committedOffset: 1 }])?.topics[0]!.partitions[0]!.error).toBe('UNKNOWN_MEMBER_ID');
    expect(c.commit('', -1, [{ partition: 0, committedOffset: 1 }])?.topics[0]!.partitions[0]!.error).toBe('UNKNOWN_MEMBER_ID');
    const second = c.join('')!;
    c.join(second.memberId, {}, 50);
    const rejoined = c.join(member.memberId)!;
    expect(c.state()).toBe('CompletingRebalance');
    expect(c.commit(member.memberId, rejoined.generationId, [{ partition: 0, committedOffset: 1 }])?.topics[0]!.partitions[0]!.error).toBe('REBALANCE_IN_PROGRESS');
  });

  it('accepts a commit outside any generation for an empty group (a consumer using assign())', () => {
    const c = setup();
    expect(c.commit('', -1, [{ partition: 1, committedOffset: 5 }])?.topics[0]!.partitions[0]!.error).toBe('NONE');
    expect(c.state()).toBe('Empty');
  });

  it('replays its partition when it leads it again: offsets, generation and members come back', () => {
    const c = setup();
    const member = c.joinedMember();
    c.commit(member.memberId, member.generationId, [{ partition: 2, committedOffset: 40 }]);
    const coordinator = c.brokers[0]!.groups;
    coordinator.onResign(0);
    expect(coordinator.describe('g')).toBeNull();
    expect(c.heartbeat(member.memberId, member.generationId)?.error).toBe('COORDINATOR_LOAD_IN_PROGRESS');
    coordinator.onBecomeLeader(0);
    expect(coordinator.describe('g')).toMatchObject({ state: 'Stable', generation: 1, leader: member.memberId, offsets: [{ topic: 'pedidos', partition: 2, offset: 40 }] });
    expect(c.heartbeat(member.memberId, member.generationId)?.error).toBe('NONE');
  });

  it('describes and lists the group', () => {
    const c = setup();
    const member = c.joinedMember();
    const described = c.request<DescribeGroupsResponse>(0, { api: 'DescribeGroups', groups: ['g', 'nada'] });
    expect(described?.groups[0]).toMatchObject({ groupId: 'g', error: 'NONE', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described?.groups[0]!.members[0]).toMatchObject({ memberId: member.memberId, assignment: [{ topic: 'pedidos', partitions: [0, 1, 2] }] });
    expect(described?.groups[1]).toMatchObject({ groupId: 'nada', groupState: 'Dead' });
    const listed = c.request<ListGroupsResponse>(0, { api: 'ListGroups', statesFilter: ['stable'] });
    expect(listed?.groups).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }]);
  });
});
