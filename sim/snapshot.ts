// The plain, serialisable view of the cluster that the engine hands to its faces (the app, the
// CLI, tests). Never the engine's own objects: everything here survives structuredClone.

export interface ClusterSnapshot {
  timeMs: number;
  seed: number;
  /** Hash of the trace so far: same scenario, seed and inputs ⇒ same hash. */
  traceHash: string;
  traceLength: number;
  brokers: BrokerSnapshot[];
  topics: TopicSnapshot[];
  producers: ProducerSnapshot[];
  consumers: ConsumerSnapshot[];
  /** Consumer groups: those a consumer names in group.id and those a coordinator holds. */
  groups: GroupSnapshot[];
  /** Messages on the wire right now, for drawing them at a position that is a function of time. */
  inFlight: InFlightSnapshot[];
  /** The KRaft controllers (the metadata quorum's voters); always set by the engine. */
  controllers?: ControllerSnapshot[];
}

export interface ControllerSnapshot {
  /** node.id (controller-<id> on the network). */
  id: number;
  node: string;
  status: 'up' | 'down';
  /** The Raft role: 'leader' is the active controller once it has caught up with its epoch. */
  role: 'unattached' | 'prospective' | 'candidate' | 'leader' | 'follower' | 'resigned';
  /** Whether it acts as the active controller (answers brokers, writes records). */
  active: boolean;
  /** The quorum epoch it is in, and the leader it knows in it (-1 for none). */
  epoch: number;
  leader: number;
  logEndOffset: number;
  /** Records below it are committed (known to this controller). */
  highWatermark: number;
}

export interface BrokerSnapshot {
  id: number;
  node: string;
  status: 'up' | 'down';
  /** Partitions this broker leads. */
  leaderOf: number;
  /** Replicas this broker holds. */
  replicaCount: number;
  /**
   * The process's lifecycle (BrokerState): 'starting' (registering and catching up with the
   * metadata; it serves nothing yet, and its status is 'down'), 'recovery' (waiting to be
   * unfenced), 'running', 'pending-controlled-shutdown', or 'stopped'.
   */
  state?: 'starting' | 'recovery' | 'running' | 'pending-controlled-shutdown' | 'shutting-down' | 'stopped';
  /** Fenced in the committed metadata: no leadership, no ISR membership. */
  fenced?: boolean;
  /** In controlled shutdown in the committed metadata. */
  inControlledShutdown?: boolean;
  /** The broker epoch of its registration (-1 for the brokers the simulation starts with). */
  brokerEpoch?: number;
  /** The slow-disk fault: how long each log append takes (0: a healthy disk). */
  diskLatencyMs?: number;
}

export interface TopicSnapshot {
  name: string;
  partitionCount: number;
  replicationFactor: number;
  /** Per-topic configs that differ from the broker's defaults, by Kafka's names. */
  configs: Record<string, string>;
  /** Kafka's own topic (__consumer_offsets): the app shows it apart. */
  internal: boolean;
  partitions: PartitionSnapshot[];
}

export interface PartitionSnapshot {
  topic: string;
  partition: number;
  /** Broker id of the leader, or -1 when the partition has none (offline). */
  leader: number;
  leaderEpoch: number;
  /** Bumped by every change of the partition's registration (ISR changes included). */
  partitionEpoch?: number;
  replicas: number[];
  isr: number[];
  /** Eligible leader replicas (KIP-966; eligible.leader.replicas.enable), empty when off. */
  elr?: number[];
  /** The last known leader while the ISR and ELR are empty (KIP-966 LastKnownElr). */
  lastKnownElr?: number[];
  highWatermark: number;
  logStartOffset: number;
  /** LEO of the leader (the partition's log end offset). */
  logEndOffset: number;
  replicaStates: ReplicaSnapshot[];
}

export interface ReplicaSnapshot {
  broker: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  sizeBytes: number;
  segments: SegmentSnapshot[];
  /** The replica's leader-epoch-checkpoint: where each leader epoch starts in its log, oldest first. */
  leaderEpochs?: { epoch: number; startOffset: number }[];
  /**
   * For a follower, the last time the leader saw it caught up (Replica.lastCaughtUpTimeMs, what
   * replica.lag.time.max.ms is measured against); null for the leader itself or when unknown.
   */
  lastCaughtUpTimeMs?: number | null;
  /** For a follower, its LEO as the leader last learned it from a Fetch; null when unknown. */
  logEndOffsetSeenByLeader?: number | null;
}

/** Where a segment starts and ends: all the per-frame snapshot carries of a segment. */
export interface SegmentBounds {
  baseOffset: number;
  /** Offset of the next record this segment would hold (= next segment's base offset, or LEO). */
  nextOffset: number;
  active: boolean;
}

export interface SegmentSnapshot extends SegmentBounds {
  /** Kafka's file name: the base offset on 20 digits, e.g. 00000000000000000170.log */
  fileName: string;
  sizeBytes: number;
  /** -1 while the segment holds no record. */
  largestTimestamp: number;
  offsetIndexEntries: number;
  timeIndexEntries: number;
}

export interface ProducerSnapshot {
  id: string;
  topic: string;
  acks: 0 | 1 | -1;
  /** enable.idempotence as it came out of Kafka's rules (it may be off although not set to false). */
  idempotent: boolean;
  /** The id and epoch from InitProducerId; -1 before it came, or without idempotence. */
  producerId: number;
  producerEpoch: number;
  lingerMs: number;
  batchSizeBytes: number;
  /** Records handed to send(). */
  sent: number;
  /** Records whose delivery succeeded. */
  acked: number;
  /** Records whose delivery failed for good, by Kafka error name. */
  failed: Record<string, number>;
  failedTotal: number;
  retries: number;
  /** Records waiting in the accumulator or in flight. */
  pending: number;
  inFlightRequests: number;
  latencyMsAvg: number;
  latencyMsMax: number;
  status: 'running' | 'done' | 'crashed';
  /** pause-producer holds its workload (the failure tools show resume instead of pause). */
  paused?: boolean;
  /** max.request.size: the largest record send() accepts (KafkaProducer.ensureValidRecordSize). */
  maxRequestSizeBytes?: number;
}

export interface ConsumerSnapshot {
  id: string;
  topic: string;
  consumed: number;
  /** Records the application finished processing. */
  processed: number;
  status: 'running' | 'crashed' | 'paused';
  /** Why the consumer stopped (an exception its poll() would throw), or null. */
  error: string | null;
  assignment: ConsumerPartitionSnapshot[];
  /** group.id, or null for a consumer outside any group (assign()). */
  groupId: string | null;
  /** 'subscribe' when the group hands it partitions, 'assign' when it took them itself. */
  mode: 'subscribe' | 'assign';
  groupProtocol: 'classic' | 'consumer';
  commitMode: 'auto' | 'sync-after-processing' | 'async-after-processing' | 'sync-before-processing' | 'none';
  /** Member id in its group ('' before it has one). */
  memberId: string;
  /** Generation (classic) or member epoch (KIP-848), -1 outside the group. */
  generation: number;
  /** The member's own state (AbstractCoordinator's or KIP-848's MemberState). */
  memberState: string | null;
  /** The broker it takes for its group coordinator, -1 when unknown. */
  coordinator: number;
}

export interface ConsumerPartitionSnapshot {
  partition: number;
  /** Next offset this consumer will read, or -1 before the position is known. */
  position: number;
  highWatermark: number;
  /** highWatermark − position (0 while the position is unknown). */
  lag: number;
}

export interface GroupSnapshot {
  groupId: string;
  protocol: 'classic' | 'consumer';
  /** Classic: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead; KIP-848: Empty, Assigning, Reconciling, Stable. */
  state: string;
  /** Classic generation, or the KIP-848 group epoch. */
  generation: number;
  /** KIP-848: the epoch of the target assignment (behind the group epoch while Assigning). */
  assignmentEpoch: number | null;
  /** The assignor in use: the classic protocol the members chose, or the server assignor. */
  assignor: string | null;
  /** Classic: the member that computed the assignment. */
  leader: string | null;
  /** Broker coordinating the group now, -1 while none has it loaded. */
  coordinator: number;
  /** The __consumer_offsets partition that holds the group. */
  offsetsPartition: number;
  members: GroupMemberSnapshot[];
  /** Committed offsets, end offsets (HW) and lag per partition of the topics the group reads or committed. */
  offsets: GroupOffsetSnapshot[];
}

export interface GroupMemberSnapshot {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  /** KIP-848 member epoch, or the classic group's generation. */
  memberEpoch: number;
  /** KIP-848 member state (STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS) or null. */
  state: string | null;
  /** What the coordinator assigned it. */
  assigned: { topic: string; partition: number }[];
  /** What the consumer itself owns and reads now. */
  owned: { topic: string; partition: number }[];
  /** Assigned but not owned yet: waiting for another member to give it up (cooperative / KIP-848). */
  pending: { topic: string; partition: number }[];
}

export interface GroupOffsetSnapshot {
  topic: string;
  partition: number;
  /** Next offset to consume, as committed; -1 when none is. */
  committed: number;
  /** The partition's high watermark. */
  endOffset: number;
  /** endOffset − committed (kafka-consumer-groups.sh's LAG), or null without a commit. */
  lag: number | null;
  /** The member that owns the partition now, or null. */
  owner: string | null;
}

export interface InFlightSnapshot {
  from: string;
  to: string;
  /** Kafka API name (Produce, Fetch, BrokerHeartbeat, ...) and whether it is the request or its response. */
  api: string;
  kind: 'request' | 'response';
  sentAtMs: number;
  arrivesAtMs: number;
}

/**
 * What the worker posts to the page each frame (frameSnapshot in snapshot-builder.ts): the snapshot
 * without what only an inspector reads. A replica keeps its offsets and size and each segment's
 * bounds; the segments' details, the leader-epoch checkpoint and the leader's view of its followers
 * stay in the worker, which the inspectors ask (inspect). The engine's own snapshot() is a
 * FrameSnapshot too, so views and tests can hand either to the app's components.
 */
export interface FrameReplica {
  broker: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  sizeBytes: number;
  segments: SegmentBounds[];
}
export type FramePartition = Omit<PartitionSnapshot, 'replicaStates'> & { replicaStates: FrameReplica[] };
export type FrameTopic = Omit<TopicSnapshot, 'partitions'> & { partitions: FramePartition[] };
export type FrameSnapshot = Omit<ClusterSnapshot, 'topics'> & { topics: FrameTopic[] };
