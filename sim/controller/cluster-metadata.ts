// A controller without a quorum or a network, for tests of the brokers' replication: it holds the
// cluster's metadata image, makes the same decisions as the KRaft controller (replication-control.ts)
// and applies their records at once, telling its listeners (the brokers) synchronously. The
// simulation itself uses the KRaft quorum (quorum-controller.ts), reached over the network.
import type { Random } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import { DEFAULT_TOPIC_CONFIG, resolveTopicConfig, type TopicConfig, type TopicConfigInput } from '../config/topic-config.ts';
import type { MetadataRecordBody } from './quorum/records.ts';
import { MetadataImage, type MetadataChange, type PartitionRegistration, type TopicRegistration } from './metadata-image.ts';
import * as control from './replication-control.ts';
import type { Broker } from '../broker/broker.ts';

export type { MetadataChange, PartitionChangeReason, PartitionRegistration, TopicRegistration } from './metadata-image.ts';

/** ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export type CreateTopicResult = { ok: true; topic: TopicRegistration } | { ok: false; error: KafkaErrorName; message: string };

export class ClusterMetadata implements control.MetadataWriter {
  readonly image: MetadataImage;
  private offset = 0;
  /** Start of the next block of producer ids to hand out (ProducerIdControlManager). */
  private nextProducerIdBlockStart = 0;
  private readonly listeners: ((change: MetadataChange) => void)[] = [];

  constructor(
    brokerIds: readonly number[],
    private readonly random: Random,
    topicDefaults: TopicConfig = DEFAULT_TOPIC_CONFIG,
  ) {
    this.image = new MetadataImage(topicDefaults);
    for (const brokerId of brokerIds) {
      this.image.replay({ type: 'RegisterBroker', brokerId, brokerEpoch: -1, incarnationId: 0, rack: null, fenced: false }, -1);
    }
  }

  get topics(): Map<string, TopicRegistration> {
    return this.image.topics;
  }

  get nextOffset(): number {
    return this.offset;
  }

  /** Applies a batch, then tells the listeners what changed (brokers see the batch as one delta). */
  write(records: readonly MetadataRecordBody[]): void {
    const changes: MetadataChange[] = [];
    for (const record of records) {
      const change = this.image.replay(record, this.offset++);
      if (change !== null) changes.push(change);
    }
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }

  onChange(listener: (change: MetadataChange) => void): void {
    this.listeners.push(listener);
  }

  brokerIds(): number[] {
    return this.image.brokerIds();
  }

  aliveBrokerIds(): number[] {
    return this.image.aliveBrokerIds();
  }

  isAlive(brokerId: number): boolean {
    return this.image.isAlive(brokerId);
  }

  isUsable(brokerId: number): boolean {
    return this.image.isUsable(brokerId);
  }

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.image.partition(topic, partition);
  }

  /**
   * AllocateProducerIds (API 67, KIP-730) as the controller answers it: the next block of 1000
   * producer ids for `brokerId`, never handed out twice. Here a plain counter of this stand-in
   * controller; Kafka writes a ProducerIdsRecord to the metadata log.
   */
  allocateProducerIdBlock(brokerId: number): { brokerId: number; firstProducerId: number; size: number } {
    const firstProducerId = this.nextProducerIdBlockStart;
    this.nextProducerIdBlockStart += PRODUCER_ID_BLOCK_SIZE;
    return { brokerId, firstProducerId, size: PRODUCER_ID_BLOCK_SIZE };
  }

  /** CreateTopics: placement over the usable brokers, or the replica lists given. */
  createTopic(
    name: string,
    partitionCount: number,
    replicationFactor: number,
    config: TopicConfig,
    autoCreated = false,
    overridesOrAssignment?: TopicConfigInput | readonly (readonly number[])[],
  ): CreateTopicResult {
    // The stand-in controller takes `config` resolved already; an assignment is for its own tests.
    const assignment = Array.isArray(overridesOrAssignment) ? (overridesOrAssignment as readonly (readonly number[])[]) : undefined;
    const overrides = overridesOrAssignment !== undefined && !Array.isArray(overridesOrAssignment) ? (overridesOrAssignment as TopicConfigInput) : {};
    return control.createTopic(this, name, partitionCount, replicationFactor, resolveTopicConfig(config, overrides), this.random, { assignment, autoCreated });
  }

  deleteTopic(name: string): TopicRegistration | undefined {
    return control.deleteTopic(this, name);
  }

  /** The broker's session expired: the controller fences it (handleBrokerFenced). */
  brokerDown(brokerId: number): void {
    if (!this.image.isAlive(brokerId)) return;
    control.fenceBroker(this, brokerId);
  }

  /** The broker is back, registered and caught up: the controller unfences it (handleBrokerUnfenced). */
  brokerUp(brokerId: number): void {
    if (this.image.isAlive(brokerId)) return;
    if (!this.image.brokers.has(brokerId)) control.registerBroker(this, brokerId, 0);
    control.unfenceBroker(this, brokerId);
  }

  /** The periodic unclean election check; returns how many partitions got a leader. */
  electUncleanLeaders(): number {
    return control.electUncleanLeaders(this);
  }

  alterPartition(request: AlterPartitionRequest): AlterPartitionResponse {
    return control.alterPartition(this, request);
  }

  /** The broker's AlterPartition, answered at once. */
  submitAlterPartition(_broker: Broker, request: AlterPartitionRequest, wanted: () => boolean, done: (response: AlterPartitionResponse) => void): void {
    if (wanted()) done(this.alterPartition(request));
  }
}
