// What a broker knows of the cluster and how it reaches the controller. In the simulation this is
// KraftBrokerMetadata (kraft-metadata.ts): the broker's own metadata image, fed by the metadata log
// it fetches from the controller quorum, and requests over the network to the active controller.
// Tests of the replication alone use ClusterMetadata, a controller answering at once.
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import type { TopicConfig, TopicConfigInput } from '../config/topic-config.ts';
import type { PartitionRegistration, TopicRegistration } from '../controller/metadata-image.ts';
import type { Broker } from './broker.ts';

export interface BrokerMetadata {
  readonly topics: ReadonlyMap<string, TopicRegistration>;
  partition(topic: string, partition: number): PartitionRegistration | undefined;
  /** Registered and not fenced (KRaftMetadataCache's alive brokers). */
  isAlive(brokerId: number): boolean;
  /** Alive and not in controlled shutdown: may join an ISR (Partition.isReplicaIsrEligible). */
  isUsable(brokerId: number): boolean;
  aliveBrokerIds(): number[];
  /**
   * auto.create.topics.enable, or an internal topic (__consumer_offsets): the broker asks the
   * controller to create a topic. `config` is resolved against the broker's defaults; `overrides`
   * are the topic's own settings, what a CreateTopics request carries.
   */
  createTopic(
    name: string,
    partitions: number,
    replicationFactor: number,
    config: TopicConfig,
    autoCreated: boolean,
    overrides?: TopicConfigInput,
  ): { ok: true } | { ok: false; error: KafkaErrorName };
  /** AllocateProducerIds (KIP-730): the next block of producer ids for this broker. */
  allocateProducerIdBlock(brokerId: number): { brokerId: number; firstProducerId: number; size: number };
  /**
   * AlterPartition to the controller. `done` gets the answer; a request that found no controller
   * is sent again as long as `wanted()` holds (DefaultAlterPartitionManager retries forever).
   */
  submitAlterPartition(broker: Broker, request: AlterPartitionRequest, wanted: () => boolean, done: (response: AlterPartitionResponse) => void): void;

  // KRaft only: the broker's link with the controllers, driven by the broker actor.
  /** The broker process starts; returns whether its replicas follow the metadata right away. */
  start?(broker: Broker, ctx: ActorContext): boolean;
  /** Takes the messages meant for it (metadata log fetches, controller answers). */
  onMessage?(from: NodeId, message: unknown, ctx: ActorContext): boolean;
  onTimer?(payload: unknown, ctx: ActorContext): boolean;
  onDisconnect?(peer: NodeId, ctx: ActorContext): void;
  /** False while the process starts: it accepts no connections yet (SocketServer.enableRequestProcessing). */
  readonly serving?: boolean;
}
