// Bad input around consumer groups gets Kafka's error codes and a clear message, and leaves the
// group and its offsets as they were: an empty group id (INVALID_GROUP_ID), a member whose
// assignors have nothing in common with the group's (INCONSISTENT_GROUP_PROTOCOL), a scenario
// that commits without a group, and commits the coordinator must refuse in part or in whole.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim/index.ts';
import type {
  JoinGroupResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchResponse,
  SyncGroupResponse,
} from '../../../sim/protocol/group-messages.ts';
import { makeCluster } from '../broker/harness.ts';
import { GROUP, groupOf, groupScenario, memberConfig, only, runCollecting, simulate } from './harness.ts';

describe('bad input from consumers', () => {
  it('an empty group.id is refused with INVALID_GROUP_ID: the consumer stops with that error, the rest runs on', () => {
    const sim = simulate(groupScenario({ seed: 81, count: 100, consumers: [{ id: 'c1', topic: 'pedidos', config: memberConfig({ 'group.id': '' }), commit: 'sync-after-processing' }] }));
    const events = runCollecting(sim, 8_000);
    const answers = only(events, 'group-join-answered');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ group: '', error: 'INVALID_GROUP_ID', generation: -1 });
    const consumer = sim.snapshot().consumers[0]!;
    expect(consumer.error).toMatch(/^INVALID_GROUP_ID: /);
    expect(consumer.consumed).toBe(0);
    expect(only(events, 'consumer-error')).toEqual([expect.objectContaining({ consumer: 'c1', error: 'INVALID_GROUP_ID' })]);
    // No group came into being on the coordinator, and the producer was not disturbed.
    for (const group of sim.snapshot().groups) expect(group.members).toEqual([]);
    expect(sim.snapshot().producers[0]!.acked).toBe(100);
  });

  it('a member whose partition.assignment.strategy shares nothing with the group gets INCONSISTENT_GROUP_PROTOCOL; the group is untouched', () => {
    const sim = simulate(
      groupScenario({
        seed: 82,
        count: 200,
        consumers: [
          { id: 'c1', topic: 'pedidos', config: memberConfig({ 'partition.assignment.strategy': ['range'] }), commit: 'sync-after-processing' },
          { id: 'c2', topic: 'pedidos', startMs: 6_000, config: memberConfig({ 'partition.assignment.strategy': ['roundrobin', 'sticky'] }), commit: 'sync-after-processing' },
        ],
      }),
    );
    const events = runCollecting(sim, 15_000);
    const refused = only(events, 'group-join-answered').filter((e) => e.error === 'INCONSISTENT_GROUP_PROTOCOL');
    expect(refused).toHaveLength(1);
    expect(only(events, 'group-join-received').find((e) => e.seq < refused[0]!.seq && e.client === 'c2')).toBeDefined();
    const c2 = sim.snapshot().consumers.find((c) => c.id === 'c2')!;
    expect(c2.error).toMatch(/^INCONSISTENT_GROUP_PROTOCOL: /);
    expect(c2.consumed).toBe(0);
    // The refusal changed nothing: one rebalance (c1's), generation 1, c1 reads everything.
    expect(only(events, 'group-rebalance-started')).toHaveLength(1);
    const group = groupOf(sim);
    expect(group).toMatchObject({ state: 'Stable', generation: 1, assignor: 'range' });
    expect(group.members.map((m) => m.clientId)).toEqual(['c1']);
    expect(sim.check().groups[GROUP]!.notYetProcessed).toBe(0);
  });

  it('a scenario that commits without a group.id is refused by parseScenario, naming the field', () => {
    const input = groupScenario({ seed: 83, consumers: [{ id: 'c1', topic: 'pedidos', commit: 'sync-after-processing' }] });
    const parsed = parseScenario(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([{ path: 'consumers.0.commit', message: 'commits go to a consumer group: set config "group.id"' }]);
    // commit "none" needs no group, and a group.instance.id does.
    expect(parseScenario(groupScenario({ seed: 83, consumers: [{ id: 'c1', topic: 'pedidos', commit: 'none' }] })).ok).toBe(true);
    const orphan = parseScenario(groupScenario({ seed: 83, consumers: [{ id: 'c1', topic: 'pedidos', config: { 'group.instance.id': 'i1' } }] }));
    expect(orphan.ok ? [] : orphan.errors.map((e) => e.path)).toEqual(['consumers.0.config.group.instance.id']);
  });
});

describe('bad commits sent to the coordinator', () => {
  /** One broker, topic pedidos (2 partitions), __consumer_offsets ready, group g's coordinator found. */
  function coordinator() {
    const c = makeCluster(1, { 'offsets.topic.replication.factor': 1, 'offsets.topic.num.partitions': 5, 'group.initial.rebalance.delay.ms': 0 });
    c.createTopic('pedidos', 2);
    c.request(0, { api: 'FindCoordinator', keyType: 0, key: GROUP });
    expect(c.request(0, { api: 'FindCoordinator', keyType: 0, key: GROUP })).toMatchObject({ error: 'NONE', nodeId: 0 });
    return c;
  }
  const commit = (generation: number, memberId: string, topics: OffsetCommitRequest['topics']): OffsetCommitRequest => ({
    api: 'OffsetCommit',
    groupId: GROUP,
    generationIdOrMemberEpoch: generation,
    memberId,
    groupInstanceId: null,
    topics,
  });
  const at = (partition: number, committedOffset: number) => ({ partition, committedOffset, committedLeaderEpoch: -1, metadata: null });
  const committed = (c: ReturnType<typeof coordinator>) =>
    c.request<OffsetFetchResponse>(0, { api: 'OffsetFetch', groupId: GROUP, topics: null })!.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partition}@${p.committedOffset}`));

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist and commits the others of the request', () => {
    const c = coordinator();
    const answer = c.request<OffsetCommitResponse>(0, commit(-1, '', [{ name: 'pedidos', partitions: [at(0, 5), at(7, 3), at(1, 9)] }, { name: 'nada', partitions: [at(0, 1)] }]), 500);
    expect(answer).toEqual({
      api: 'OffsetCommit',
      topics: [
        { name: 'pedidos', partitions: [{ partition: 0, error: 'NONE' }, { partition: 7, error: 'UNKNOWN_TOPIC_OR_PARTITION' }, { partition: 1, error: 'NONE' }] },
        { name: 'nada', partitions: [{ partition: 0, error: 'UNKNOWN_TOPIC_OR_PARTITION' }] },
      ],
    });
    expect(committed(c)).toEqual(['pedidos-0@5', 'pedidos-1@9']);
  });

  it('takes a member\'s commit for a partition it was not assigned (the classic protocol does not check), and refuses stale generations and unknown members', () => {
    const c = coordinator();
    const subscription = { topics: ['pedidos'], ownedPartitions: [], generationId: -1 };
    const join = (memberId: string) =>
      c.request<JoinGroupResponse>(0, {
        api: 'JoinGroup',
        groupId: GROUP,
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 10_000,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription }],
      })!;
    const first = join('');
    expect(first.error).toBe('MEMBER_ID_REQUIRED');
    const joined = join(first.memberId);
    expect(joined).toMatchObject({ error: 'NONE', generationId: 1, leader: first.memberId });
    const sync = c.request<SyncGroupResponse>(0, {
      api: 'SyncGroup',
      groupId: GROUP,
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: first.memberId, assignment: [{ topic: 'pedidos', partitions: [0] }] }],
    });
    expect(sync).toMatchObject({ error: 'NONE', assignment: [{ topic: 'pedidos', partitions: [0] }] });

    const answer = c.request<OffsetCommitResponse>(0, commit(1, first.memberId, [{ name: 'pedidos', partitions: [at(0, 4), at(1, 6)] }]), 500);
    expect(answer!.topics[0]!.partitions.map((p) => p.error)).toEqual(['NONE', 'NONE']);
    const refused = (generation: number, memberId: string) => c.request<OffsetCommitResponse>(0, commit(generation, memberId, [{ name: 'pedidos', partitions: [at(0, 99)] }]), 500)!.topics[0]!.partitions[0]!.error;
    expect(refused(0, first.memberId)).toBe('ILLEGAL_GENERATION');
    expect(refused(2, first.memberId)).toBe('ILLEGAL_GENERATION');
    expect(refused(1, 'desconhecido')).toBe('UNKNOWN_MEMBER_ID');
    // A commit outside any generation, while the group has members, is refused as well.
    expect(refused(-1, '')).toBe('UNKNOWN_MEMBER_ID');
    expect(committed(c)).toEqual(['pedidos-0@4', 'pedidos-1@6']);
  });
});
