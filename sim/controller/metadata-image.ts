// The cluster's metadata image (Kafka's MetadataImage): topics with their partition registrations
// and the registered brokers, built by replaying the records of the metadata log in order. Every
// node keeps one: each controller (the active one also applies its own writes at once, like
// QuorumController's timeline data) and each broker (its metadata cache). Replaying a record
// returns what changed, which a broker turns into leader/follower transitions.
import type { TopicConfig } from '../config/topic-config.ts';
import { describeTopicConfig, resolveTopicConfig, type TopicConfigInput } from '../config/topic-config.ts';
import { NO_LEADER_CHANGE, type MetadataRecordBody, type PartitionChangeReason, type TopicId } from './quorum/records.ts';

export type { PartitionChangeReason };

export interface PartitionRegistration {
  topic: string;
  partition: number;
  replicas: number[];
  isr: number[];
  /** -1 when no replica in the ISR is alive (the partition is offline). */
  leader: number;
  leaderEpoch: number;
  /** Bumped on every change of the registration (PartitionRecord/PartitionChangeRecord). */
  partitionEpoch: number;
  /**
   * Eligible leader replicas (KIP-966): replicas that left the ISR while it was below
   * min.insync.replicas, so they hold everything up to the HW. Empty unless
   * eligible.leader.replicas.enable.
   */
  elr: number[];
  /** KIP-966's LastKnownElr, holding the last known leader while the ISR and ELR are empty. */
  lastKnownElr: number[];
}

export interface TopicRegistration {
  name: string;
  /** A stable id per creation, so a topic deleted and created again is a different topic. */
  topicId: number;
  config: TopicConfig;
  partitions: PartitionRegistration[];
}

/** A broker as the controller registered it (BrokerRegistration). */
export interface BrokerRegistration {
  brokerId: number;
  /** The offset of its RegisterBrokerRecord (-1 for the brokers of the bootstrap snapshot). */
  brokerEpoch: number;
  incarnationId: number;
  fenced: boolean;
  inControlledShutdown: boolean;
}

export type MetadataChange =
  | { type: 'topic-created'; topic: TopicRegistration; autoCreated: boolean }
  /** A PartitionRecord: the brokers that hold a replica open its log. */
  | { type: 'partition-created'; topic: TopicRegistration; partition: PartitionRegistration }
  | { type: 'topic-deleted'; topic: TopicRegistration }
  | {
      type: 'partition-changed';
      partition: PartitionRegistration;
      previousLeader: number;
      previousIsr: number[];
      reason: PartitionChangeReason;
      /** The new leader came from outside the ISR (unclean.leader.election.enable): data may be lost. */
      unclean: boolean;
    }
  | { type: 'broker-changed'; broker: BrokerRegistration; previous: BrokerRegistration | undefined };

/** Offset given to the records of the bootstrap snapshot, which precede the log. */
export const BOOTSTRAP_OFFSET = -1;

export class MetadataImage {
  readonly topics = new Map<string, TopicRegistration>();
  readonly brokers = new Map<number, BrokerRegistration>();
  private readonly topicsById = new Map<TopicId, TopicRegistration>();
  /** Topic configs as ConfigRecords left them (Kafka keeps them apart from the topics). */
  private readonly topicConfigs = new Map<string, Record<string, string>>();
  private highestTopicId = 0;
  /** Offset of the last record applied (BOOTSTRAP_OFFSET before any record of the log). */
  lastAppliedOffset = BOOTSTRAP_OFFSET;
  /** Names of topics created by auto.create.topics.enable, for the trace (not in Kafka's records). */
  readonly autoCreated = new Set<string>();

  /**
   * eligible.leader.replicas.enable (KIP-966; off by default in Kafka 4.0): the controller keeps the
   * ELR of each partition. Kafka records it as a feature level; here the controller's setting.
   */
  eligibleLeaderReplicasEnabled = false;

  constructor(readonly topicDefaults: TopicConfig) {}

  /** The id the next created topic gets. */
  get nextTopicId(): number {
    return this.highestTopicId + 1;
  }

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  topicById(topicId: TopicId): TopicRegistration | undefined {
    return this.topicsById.get(topicId);
  }

  /** KRaftMetadataCache's "alive": registered and not fenced. */
  isAlive(brokerId: number): boolean {
    const broker = this.brokers.get(brokerId);
    return broker !== undefined && !broker.fenced;
  }

  /** Partition.isReplicaIsrEligible / LeaderAcceptor: registered, not fenced, not shutting down. */
  isUsable(brokerId: number): boolean {
    const broker = this.brokers.get(brokerId);
    return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
  }

  brokerIds(): number[] {
    return [...this.brokers.keys()].sort((a, b) => a - b);
  }

  aliveBrokerIds(): number[] {
    return this.brokerIds().filter((id) => this.isAlive(id));
  }

  /** Partitions `brokerId` leads (BrokersToIsrs.hasLeaderships). */
  leaderships(brokerId: number): PartitionRegistration[] {
    const led: PartitionRegistration[] = [];
    for (const topic of this.topics.values()) for (const p of topic.partitions) if (p.leader === brokerId) led.push(p);
    return led;
  }

  /** Applies one record; returns what changed (null for records without effect on the image). */
  replay(record: MetadataRecordBody, offset: number): MetadataChange | null {
    this.lastAppliedOffset = offset;
    switch (record.type) {
      case 'LeaderChange':
      case 'NoOp':
        return null;
      case 'RegisterBroker': {
        const previous = this.brokers.get(record.brokerId);
        const broker: BrokerRegistration = {
          brokerId: record.brokerId,
          brokerEpoch: record.brokerEpoch,
          incarnationId: record.incarnationId,
          fenced: record.fenced,
          inControlledShutdown: false,
        };
        this.brokers.set(record.brokerId, broker);
        return { type: 'broker-changed', broker, previous };
      }
      case 'UnregisterBroker': {
        const previous = this.brokers.get(record.brokerId);
        if (previous === undefined || previous.brokerEpoch !== record.brokerEpoch) return null;
        this.brokers.delete(record.brokerId);
        return null;
      }
      case 'FenceBroker':
      case 'UnfenceBroker':
      case 'BrokerRegistrationChange': {
        const previous = this.brokers.get(record.brokerId);
        // ClusterControlManager.replay refuses a change for another incarnation's epoch.
        if (previous === undefined || previous.brokerEpoch !== record.brokerEpoch) return null;
        const fence = record.type === 'FenceBroker' ? 1 : record.type === 'UnfenceBroker' ? -1 : record.fenced;
        const broker: BrokerRegistration = { ...previous };
        if (fence === 1) broker.fenced = true;
        if (fence === -1) {
          broker.fenced = false;
          broker.inControlledShutdown = false;
        }
        if (record.type === 'BrokerRegistrationChange' && record.inControlledShutdown === 1) broker.inControlledShutdown = true;
        this.brokers.set(record.brokerId, broker);
        return { type: 'broker-changed', broker, previous };
      }
      case 'Topic': {
        const topic: TopicRegistration = { name: record.name, topicId: record.topicId, config: this.configOf(record.name), partitions: [] };
        this.topics.set(record.name, topic);
        this.topicsById.set(record.topicId, topic);
        this.highestTopicId = Math.max(this.highestTopicId, record.topicId);
        return { type: 'topic-created', topic, autoCreated: this.autoCreated.has(record.name) };
      }
      case 'Config': {
        if (record.resourceType !== 'topic') return null;
        const entries = { ...this.topicConfigs.get(record.resourceName) };
        if (record.value === null) delete entries[record.name];
        else entries[record.name] = record.value;
        this.topicConfigs.set(record.resourceName, entries);
        const topic = this.topics.get(record.resourceName);
        if (topic !== undefined) topic.config = this.configOf(record.resourceName);
        return null;
      }
      case 'Partition': {
        const topic = this.topicsById.get(record.topicId);
        if (topic === undefined) return null;
        const partition: PartitionRegistration = {
          topic: topic.name,
          partition: record.partitionId,
          replicas: [...record.replicas],
          isr: [...record.isr],
          leader: record.leader,
          leaderEpoch: record.leaderEpoch,
          partitionEpoch: record.partitionEpoch,
          elr: [...(record.elr ?? [])],
          lastKnownElr: [...(record.lastKnownElr ?? [])],
        };
        topic.partitions[record.partitionId] = partition;
        return { type: 'partition-created', topic, partition };
      }
      case 'PartitionChange': {
        const p = this.topicsById.get(record.topicId)?.partitions[record.partitionId];
        if (p === undefined) return null;
        const previousLeader = p.leader;
        const previousIsr = p.isr;
        if (record.isr !== null) p.isr = [...record.isr];
        if (record.replicas !== null) p.replicas = [...record.replicas];
        if (record.elr != null) p.elr = [...record.elr];
        if (record.lastKnownElr != null) p.lastKnownElr = [...record.lastKnownElr];
        // PartitionRegistration.merge: a record that names a leader starts a new leader epoch.
        if (record.leader !== NO_LEADER_CHANGE) {
          p.leader = record.leader;
          p.leaderEpoch += 1;
        }
        p.partitionEpoch += 1;
        return { type: 'partition-changed', partition: p, previousLeader, previousIsr, reason: record.reason ?? 'alter-partition', unclean: record.unclean ?? false };
      }
      case 'RemoveTopic': {
        const topic = this.topicsById.get(record.topicId);
        if (topic === undefined) return null;
        this.topicsById.delete(record.topicId);
        this.topics.delete(topic.name);
        this.topicConfigs.delete(topic.name);
        this.autoCreated.delete(topic.name);
        return { type: 'topic-deleted', topic };
      }
    }
  }

  /** A deep copy: the active controller's working image starts as a copy of the committed one. */
  clone(): MetadataImage {
    const copy = new MetadataImage(this.topicDefaults);
    for (const [id, broker] of this.brokers) copy.brokers.set(id, { ...broker });
    for (const [name, entries] of this.topicConfigs) copy.topicConfigs.set(name, { ...entries });
    for (const topic of this.topics.values()) {
      const t: TopicRegistration = {
        ...topic,
        partitions: topic.partitions.map((p) => ({ ...p, replicas: [...p.replicas], isr: [...p.isr], elr: [...p.elr], lastKnownElr: [...p.lastKnownElr] })),
      };
      copy.topics.set(t.name, t);
      copy.topicsById.set(t.topicId, t);
    }
    for (const name of this.autoCreated) copy.autoCreated.add(name);
    copy.highestTopicId = this.highestTopicId;
    copy.eligibleLeaderReplicasEnabled = this.eligibleLeaderReplicasEnabled;
    copy.lastAppliedOffset = this.lastAppliedOffset;
    return copy;
  }

  private configOf(topic: string): TopicConfig {
    return resolveTopicConfig(this.topicDefaults, parseTopicConfig(this.topicConfigs.get(topic) ?? {}));
  }
}

/** The ConfigRecords of a topic: one per config that differs from the cluster's defaults. */
export function topicConfigRecords(name: string, config: TopicConfig, defaults: TopicConfig): MetadataRecordBody[] {
  return Object.entries(describeTopicConfig(config, defaults)).map(([key, value]) => ({ type: 'Config', resourceType: 'topic', resourceName: name, name: key, value }));
}

/** ConfigRecord values are strings; the topic configs the engine knows are numbers, booleans or a policy. */
function parseTopicConfig(entries: Record<string, string>): TopicConfigInput {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entries)) {
    if (name === 'cleanup.policy') input[name] = value;
    else if (name === 'unclean.leader.election.enable') input[name] = value === 'true';
    else input[name] = Number(value);
  }
  return input as TopicConfigInput;
}
