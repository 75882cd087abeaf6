// The cluster's metadata image: topics, partition registrations (replicas, ISR, leader, leader
// epoch) and which brokers are alive. Until the KRaft controller of the replication issue replaces
// it with a replicated metadata log, this object plays the active controller: it applies changes at
// once and tells the brokers, which keep it as their metadata cache.
import type { Random } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { TopicConfig } from '../config/topic-config.ts';
import { assignReplicas } from './placement.ts';

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
}

export interface TopicRegistration {
  name: string;
  /** A stable id per creation, so a topic deleted and created again is a different topic. */
  topicId: number;
  config: TopicConfig;
  partitions: PartitionRegistration[];
}

export type MetadataChange =
  | { type: 'topic-created'; topic: TopicRegistration; autoCreated: boolean }
  | { type: 'topic-deleted'; topic: TopicRegistration }
  | { type: 'partition-changed'; partition: PartitionRegistration; previousLeader: number };

export type CreateTopicResult = { ok: true; topic: TopicRegistration } | { ok: false; error: KafkaErrorName; message: string };

export class ClusterMetadata {
  readonly topics = new Map<string, TopicRegistration>();
  private readonly alive = new Map<number, boolean>();
  private nextTopicId = 1;
  private readonly listeners: ((change: MetadataChange) => void)[] = [];

  constructor(brokerIds: readonly number[], private readonly random: Random) {
    for (const id of brokerIds) this.alive.set(id, true);
  }

  onChange(listener: (change: MetadataChange) => void): void {
    this.listeners.push(listener);
  }

  brokerIds(): number[] {
    return [...this.alive.keys()];
  }

  aliveBrokerIds(): number[] {
    return [...this.alive].filter(([, up]) => up).map(([id]) => id);
  }

  isAlive(brokerId: number): boolean {
    return this.alive.get(brokerId) === true;
  }

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** CreateTopics as the controller handles it: placement over the live brokers. */
  createTopic(name: string, partitionCount: number, replicationFactor: number, config: TopicConfig, autoCreated = false): CreateTopicResult {
    if (this.topics.has(name)) return { ok: false, error: 'TOPIC_ALREADY_EXISTS', message: `topic "${name}" already exists` };
    const placement = assignReplicas(this.aliveBrokerIds(), partitionCount, replicationFactor, this.random);
    if (!Array.isArray(placement)) return { ok: false, ...placement };
    const topic: TopicRegistration = {
      name,
      topicId: this.nextTopicId++,
      config,
      partitions: placement.map((replicas, partition) => ({
        topic: name,
        partition,
        replicas,
        isr: [...replicas],
        leader: replicas[0]!,
        leaderEpoch: 0,
        partitionEpoch: 0,
      })),
    };
    this.topics.set(name, topic);
    this.publish({ type: 'topic-created', topic, autoCreated });
    return { ok: true, topic };
  }

  deleteTopic(name: string): TopicRegistration | undefined {
    const topic = this.topics.get(name);
    if (!topic) return undefined;
    this.topics.delete(name);
    this.publish({ type: 'topic-deleted', topic });
    return topic;
  }

  /**
   * A broker stopped: it leaves every ISR and loses leadership, which goes to the first live ISR
   * member in replica order (PartitionChangeBuilder). The last ISR member stays in the ISR with
   * leader -1 (the ISR is never made empty).
   */
  brokerDown(brokerId: number): void {
    if (!this.alive.get(brokerId)) return;
    this.alive.set(brokerId, false);
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        if (!p.isr.includes(brokerId)) continue;
        const previousLeader = p.leader;
        const isr = p.isr.length > 1 ? p.isr.filter((b) => b !== brokerId) : p.isr;
        const leader = p.leader === brokerId || p.leader === -1 ? this.electLeader(p.replicas, isr) : p.leader;
        this.change(p, isr, leader, previousLeader);
      }
    }
  }

  /** A broker is back: every offline partition that has it in its ISR gets it as leader. */
  brokerUp(brokerId: number): void {
    if (this.alive.get(brokerId)) return;
    this.alive.set(brokerId, true);
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        if (p.leader !== -1 || !p.isr.includes(brokerId)) continue;
        this.change(p, p.isr, this.electLeader(p.replicas, p.isr), -1);
      }
    }
  }

  private electLeader(replicas: number[], isr: number[]): number {
    return replicas.find((b) => isr.includes(b) && this.isAlive(b)) ?? -1;
  }

  private change(p: PartitionRegistration, isr: number[], leader: number, previousLeader: number): void {
    const leaderChanged = leader !== p.leader;
    p.isr = isr;
    p.leader = leader;
    if (leaderChanged) p.leaderEpoch += 1;
    p.partitionEpoch += 1;
    this.publish({ type: 'partition-changed', partition: p, previousLeader });
  }

  private publish(change: MetadataChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
