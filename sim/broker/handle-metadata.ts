// Metadata from the broker's metadata cache: live brokers, and each topic's partitions with
// leader, epoch, replicas, ISR and offline replicas. An unknown topic is created when both the
// client and the broker allow it (auto.create.topics.enable): the broker asks the controller and
// answers LEADER_NOT_AVAILABLE until the topic reaches its metadata.
import type { MetadataRequest, MetadataResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';
import { brokerNode } from './broker.ts';
import { topicNameSchema } from '../scenario/schema.ts';

export function handleMetadata(broker: Broker, body: MetadataRequest): MetadataResponse {
  const { metadata, config } = broker;
  const names = body.topics ?? [...metadata.topics.keys()];
  const topics = names.map((name): MetadataResponse['topics'][number] => {
    const topic = metadata.topics.get(name);
    if (!topic) {
      if (!topicNameSchema.safeParse(name).success) return { name, error: 'INVALID_TOPIC_EXCEPTION', partitions: [] };
      if (!body.allowAutoTopicCreation || !config.autoCreateTopicsEnable) return { name, error: 'UNKNOWN_TOPIC_OR_PARTITION', partitions: [] };
      const created = metadata.createTopic(name, config.numPartitions, config.defaultReplicationFactor, config.topicDefaults, true);
      return { name, error: created.ok ? 'LEADER_NOT_AVAILABLE' : created.error, partitions: [] };
    }
    return {
      name,
      error: 'NONE',
      partitions: topic.partitions.map((p) => ({
        partition: p.partition,
        error: p.leader === -1 ? 'LEADER_NOT_AVAILABLE' : 'NONE',
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
        offlineReplicas: p.replicas.filter((b) => !metadata.isAlive(b)),
      })),
    };
  });
  // KRaft clients cannot reach the controllers: KafkaApis names a random alive broker instead.
  const alive = metadata.aliveBrokerIds();
  return {
    api: 'Metadata',
    brokers: alive.map((nodeId) => ({ nodeId, node: brokerNode(nodeId) })),
    controllerId: alive.length === 0 ? -1 : alive[broker.ctx.random.int(alive.length)]!,
    topics,
  };
}
