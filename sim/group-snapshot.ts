// The consumer groups of the snapshot: each group as the broker coordinating it holds it (state,
// generation, members and what they were assigned, committed offsets), completed with what the
// consumers themselves own, and lag against each partition's high watermark.
import type { SimulationParts } from './simulation.ts';
import type { GroupMemberSnapshot, GroupOffsetSnapshot, GroupSnapshot, TopicSnapshot } from './snapshot.ts';
import { partitionForGroup } from './group/coordinator-partition.ts';
import type { Consumer } from './clients/consumer/consumer.ts';

type TopicPartition = { topic: string; partition: number };

export function buildGroupSnapshots(parts: SimulationParts, topics: readonly TopicSnapshot[]): GroupSnapshot[] {
  const { kernel } = parts;
  const numPartitions = parts.brokerConfig.groups.offsetsTopicNumPartitions;
  const consumersByGroup = new Map<string, Consumer[]>();
  for (const consumer of parts.consumers.values()) {
    const id = consumer.config.groupId;
    if (id === null) continue;
    consumersByGroup.set(id, [...(consumersByGroup.get(id) ?? []), consumer]);
  }
  const ids = new Set(consumersByGroup.keys());
  for (const broker of parts.brokers.values()) if (broker.up) for (const id of broker.actor.groups.groupIds()) ids.add(id);
  const highWatermark = (topic: string, partition: number) => topics.find((t) => t.name === topic)?.partitions[partition]?.highWatermark ?? 0;

  return [...ids].sort().map((groupId): GroupSnapshot => {
    const offsetsPartition = partitionForGroup(groupId, numPartitions);
    let view = null;
    let coordinator = -1;
    for (const broker of parts.brokers.values()) {
      if (!broker.up || !kernel.isUp(broker.actor.id)) continue;
      const found = broker.actor.groups.describe(groupId);
      if (found) {
        view = found;
        coordinator = broker.actor.brokerId;
        break;
      }
    }
    const consumers = (consumersByGroup.get(groupId) ?? []).filter((c) => kernel.isUp(c.id));
    const ownerOf = new Map<string, string>();
    const ownedBy = new Map<string, TopicPartition[]>();
    for (const c of consumers) {
      const memberId = c.membership?.memberId ?? '';
      if (memberId === '') continue;
      const owned = c.ownedPartitions().map((partition) => ({ topic: c.topic, partition }));
      ownedBy.set(memberId, owned);
      for (const tp of owned) ownerOf.set(`${tp.topic}-${tp.partition}`, memberId);
    }
    const members: GroupMemberSnapshot[] = (view?.members ?? []).map((m) => {
      const owned = ownedBy.get(m.memberId) ?? [];
      const has = (tp: TopicPartition) => owned.some((o) => o.topic === tp.topic && o.partition === tp.partition);
      return { ...m, owned, pending: m.assigned.filter((tp) => !has(tp)) };
    });
    // The partitions to show: the group's topics (its consumers' and its members') and its commits.
    const wanted = new Map<string, TopicPartition>();
    const add = (tp: TopicPartition) => wanted.set(`${tp.topic}-${tp.partition}`, tp);
    for (const topic of new Set([...consumers.map((c) => c.topic), ...(view?.topics ?? [])])) {
      const count = topics.find((t) => t.name === topic)?.partitionCount ?? 0;
      for (let partition = 0; partition < count; partition++) add({ topic, partition });
    }
    for (const o of view?.offsets ?? []) add(o);
    const offsets: GroupOffsetSnapshot[] = [...wanted.values()]
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
      .map(({ topic, partition }) => {
        const committed = view?.offsets.find((o) => o.topic === topic && o.partition === partition)?.offset ?? -1;
        const endOffset = highWatermark(topic, partition);
        return { topic, partition, committed, endOffset, lag: committed < 0 ? null : Math.max(0, endOffset - committed), owner: ownerOf.get(`${topic}-${partition}`) ?? null };
      });
    const protocol = view?.protocol ?? (consumers[0]?.config.groupProtocol ?? 'classic');
    return {
      groupId,
      protocol,
      state: view?.state ?? (consumers.length > 0 ? 'Unknown' : 'Dead'),
      generation: view?.generation ?? -1,
      assignmentEpoch: view?.assignmentEpoch ?? null,
      assignor: view?.assignor ?? null,
      leader: view?.leader ?? null,
      coordinator,
      offsetsPartition,
      members,
      offsets,
    };
  });
}
