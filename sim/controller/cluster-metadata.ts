// The cluster's metadata image: topics, partition registrations (replicas, ISR, leader, leader
// epoch) and which brokers are alive. Until the KRaft controller of the replication issue replaces
// it with a replicated metadata log, this object plays the active controller: it applies changes at
// once and tells the brokers, which keep it as their metadata cache.
import type { Random } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
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

/** Why the controller wrote a PartitionChangeRecord. */
export type PartitionChangeReason =
  /** A leader's AlterPartition (ISR shrink or expansion). */
  | 'alter-partition'
  /** A broker was fenced: it leaves every ISR and its leaderships. */
  | 'broker-fenced'
  /** A broker came back: leaderless partitions may elect it. */
  | 'broker-unfenced'
  /** The periodic unclean election of leaderless partitions (unclean.leader.election.interval.ms). */
  | 'unclean-election-check';

export type MetadataChange =
  | { type: 'topic-created'; topic: TopicRegistration; autoCreated: boolean }
  | { type: 'topic-deleted'; topic: TopicRegistration }
  | {
      type: 'partition-changed';
      partition: PartitionRegistration;
      previousLeader: number;
      previousIsr: number[];
      reason: PartitionChangeReason;
      /** The new leader came from outside the ISR (unclean.leader.election.enable): data may be lost. */
      unclean: boolean;
    };

/** ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export type CreateTopicResult = { ok: true; topic: TopicRegistration } | { ok: false; error: KafkaErrorName; message: string };

export class ClusterMetadata {
  readonly topics = new Map<string, TopicRegistration>();
  private readonly alive = new Map<number, boolean>();
  private nextTopicId = 1;
  /** Start of the next block of producer ids to hand out (ProducerIdControlManager). */
  private nextProducerIdBlockStart = 0;
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

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /**
   * CreateTopics as the controller handles it: placement over the live brokers, or the replica lists
   * given (CreateTopicsRequest's `assignments`: one list per partition, the first replica preferred).
   */
  createTopic(
    name: string,
    partitionCount: number,
    replicationFactor: number,
    config: TopicConfig,
    autoCreated = false,
    assignment?: readonly (readonly number[])[],
  ): CreateTopicResult {
    if (this.topics.has(name)) return { ok: false, error: 'TOPIC_ALREADY_EXISTS', message: `topic "${name}" already exists` };
    let placement: number[][];
    if (assignment !== undefined) {
      const bad = assignment.length === 0 || assignment.some((r) => r.length === 0 || new Set(r).size !== r.length || r.some((b) => !this.alive.has(b)));
      if (bad) return { ok: false, error: 'INVALID_REPLICA_ASSIGNMENT', message: `invalid replica assignment ${JSON.stringify(assignment)}` };
      placement = assignment.map((r) => [...r]);
    } else {
      const placed = assignReplicas(this.aliveBrokerIds(), partitionCount, replicationFactor, this.random);
      if (!Array.isArray(placed)) return { ok: false, ...placed };
      placement = placed;
    }
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
   * A broker was fenced (its session expired): it leaves every ISR and loses leadership, which goes
   * to the first live ISR member in replica order (ReplicationControlManager.handleBrokerFenced,
   * PartitionChangeBuilder). The last ISR member stays in the ISR with leader -1 (the ISR is never
   * made empty without ELR) — unless the topic allows unclean.leader.election.enable, then the first
   * live replica in replica order leads with ISR = [it], at once, as KRaft's fencing path does.
   */
  brokerDown(brokerId: number): void {
    if (!this.alive.get(brokerId)) return;
    this.alive.set(brokerId, false);
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        if (!p.isr.includes(brokerId)) continue;
        const targetIsr = p.isr.filter((b) => b !== brokerId);
        this.elect(p, topic.config, targetIsr, 'broker-fenced', (b) => b !== brokerId && this.isAlive(b));
      }
    }
  }

  /**
   * A broker is back (registered and unfenced): every leaderless partition elects again, where this
   * broker is acceptable (ReplicationControlManager.handleBrokerUnfenced runs the election over the
   * partitions without a leader, unclean where the topic allows it).
   */
  brokerUp(brokerId: number): void {
    if (this.alive.get(brokerId)) return;
    this.alive.set(brokerId, true);
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        if (p.leader !== -1) continue;
        this.elect(p, topic.config, p.isr, 'broker-unfenced', (b) => this.isAlive(b));
      }
    }
  }

  /**
   * The KRaft controller's periodic task (every unclean.leader.election.interval.ms, QuorumController
   * maybeElectUncleanLeaders): leaderless partitions of topics with unclean.leader.election.enable
   * elect any live replica. Fencing and unfencing already do it at once; this catches the rest (for
   * example a topic whose config was changed while it was offline). Returns how many were elected.
   */
  electUncleanLeaders(): number {
    let elected = 0;
    for (const topic of this.topics.values()) {
      if (!topic.config.uncleanLeaderElectionEnable) continue;
      for (const p of topic.partitions) {
        if (p.leader !== -1) continue;
        if (this.elect(p, topic.config, p.isr, 'unclean-election-check', (b) => this.isAlive(b))) elected++;
      }
    }
    return elected;
  }

  /**
   * AlterPartition from a partition leader (ReplicationControlManager.alterPartition and
   * validateAlterPartitionData, checked in Kafka's order): the leader proposes a new ISR stamped with
   * the leader epoch and partition epoch it knows. Accepted, the ISR changes and the partition epoch
   * goes up by one; the leader epoch does not (KRaft bumps it only on leader changes since metadata
   * version 3.6, KAFKA-15021). An ISR equal to the current one changes nothing.
   */
  alterPartition(request: AlterPartitionRequest): AlterPartitionResponse {
    return {
      api: 'AlterPartition',
      topics: request.topics.map((t) => ({
        topicName: t.topicName,
        partitions: t.partitions.map((data) => {
          const p = this.topics.get(t.topicName)?.partitions[data.partitionIndex];
          const answer = (error: KafkaErrorName) => ({
            partitionIndex: data.partitionIndex,
            error,
            leaderId: p?.leader ?? -1,
            leaderEpoch: p?.leaderEpoch ?? -1,
            isr: p ? [...p.isr] : [],
            partitionEpoch: p?.partitionEpoch ?? -1,
          });
          if (!p) return answer('UNKNOWN_TOPIC_OR_PARTITION');
          // A leader that knows newer epochs than this controller talks to a stale controller.
          if (data.leaderEpoch > p.leaderEpoch || data.partitionEpoch > p.partitionEpoch) return answer('NOT_CONTROLLER');
          if (data.leaderEpoch < p.leaderEpoch) return answer('FENCED_LEADER_EPOCH');
          if (request.brokerId !== p.leader) return answer('INVALID_REQUEST');
          if (data.partitionEpoch < p.partitionEpoch) return answer('INVALID_UPDATE_VERSION');
          const isr = data.newIsr;
          const valid = isr.every((b, i) => p.replicas.includes(b) && isr.indexOf(b) === i);
          // The ISR must hold only replicas, each once, and the leader itself.
          if (!valid || !isr.includes(p.leader)) return answer('INVALID_REQUEST');
          // A fenced (or unregistered) broker cannot join the ISR.
          if (isr.some((b) => !this.isAlive(b))) return answer('INELIGIBLE_REPLICA');
          const ordered = p.replicas.filter((b) => isr.includes(b));
          if (!sameMembers(ordered, p.isr)) this.change(p, ordered, p.leader, 'alter-partition', false);
          return answer('NONE');
        }),
      })),
    };
  }

  /**
   * PartitionChangeBuilder.electAnyLeader over `targetIsr`: keep the leader if it is still valid,
   * else the first valid replica in replica order, else (unclean allowed) the first acceptable
   * replica with ISR = [it], else -1 keeping the last ISR. Writes a change only if something changed.
   */
  private elect(
    p: PartitionRegistration,
    config: TopicConfig,
    targetIsr: number[],
    reason: PartitionChangeReason,
    acceptable: (brokerId: number) => boolean,
  ): boolean {
    const valid = (b: number) => targetIsr.includes(b) && acceptable(b);
    let leader = p.leader !== -1 && valid(p.leader) ? p.leader : (p.replicas.find(valid) ?? -1);
    let isr = targetIsr.length > 0 ? targetIsr : p.isr;
    let unclean = false;
    if (leader === -1 && config.uncleanLeaderElectionEnable) {
      leader = p.replicas.find(acceptable) ?? -1;
      if (leader !== -1) {
        // The unclean leader's log is the truth from now on: whatever it lacked is lost.
        isr = [leader];
        unclean = true;
      }
    }
    if (leader === p.leader && sameMembers(isr, p.isr)) return false;
    this.change(p, isr, leader, reason, unclean);
    return true;
  }

  private change(p: PartitionRegistration, isr: number[], leader: number, reason: PartitionChangeReason, unclean: boolean): void {
    const previousLeader = p.leader;
    const previousIsr = p.isr;
    p.isr = isr;
    p.leader = leader;
    // PartitionRegistration.merge: a new leader (or none) means a new leader epoch.
    if (leader !== previousLeader) p.leaderEpoch += 1;
    p.partitionEpoch += 1;
    this.publish({ type: 'partition-changed', partition: p, previousLeader, previousIsr, reason, unclean });
  }

  private publish(change: MetadataChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
