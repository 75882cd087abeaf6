// The records of the replicated metadata log (__cluster_metadata, a single partition).
//
// Field names follow Kafka's metadata record schemas (metadata/src/main/resources/common/metadata/
// *Record.json), trimmed to what the simulator uses. LeaderChange is not a metadata record in Kafka
// but a control record (LeaderChangeMessage, KIP-595) that every new leader writes at the start of
// its epoch; it is in the same log and takes an offset like the others, so it is delivered too.
//
// Records are immutable once appended: the same objects travel in Fetch responses and sit in
// every replica's log. Never mutate one.

/** Kafka: a Uuid. The engine numbers topics instead (see cluster-metadata.ts). */
export type TopicId = number;

export type MetadataRecordBody =
  /** LeaderChangeMessage control record: written by a leader at the start of its epoch. */
  | { type: 'LeaderChange'; leaderId: number; voters: number[]; grantingVoters: number[] }
  /** NoOpRecord: written every metadata.max.idle.interval.ms so that commits show liveness. */
  | { type: 'NoOp' }
  /**
   * RegisterBrokerRecord: a broker registered (a new incarnation starts fenced). Its broker epoch is
   * the offset of this record. Kafka's IncarnationId is a Uuid; the engine numbers incarnations.
   */
  | { type: 'RegisterBroker'; brokerId: number; brokerEpoch: number; incarnationId: number; rack: string | null; fenced: boolean }
  /** UnregisterBrokerRecord. */
  | { type: 'UnregisterBroker'; brokerId: number; brokerEpoch: number }
  /** FenceBrokerRecord (Kafka names the fields Id and Epoch). */
  | { type: 'FenceBroker'; brokerId: number; brokerEpoch: number }
  /** UnfenceBrokerRecord. */
  | { type: 'UnfenceBroker'; brokerId: number; brokerEpoch: number }
  /**
   * BrokerRegistrationChangeRecord, what KRaft writes for fencing changes since 3.3: Fenced is
   * 1 (fence), -1 (unfence) or 0 (no change); InControlledShutdown 1 marks a controlled shutdown.
   */
  | { type: 'BrokerRegistrationChange'; brokerId: number; brokerEpoch: number; fenced: -1 | 0 | 1; inControlledShutdown: 0 | 1 }
  /** TopicRecord. */
  | { type: 'Topic'; name: string; topicId: TopicId }
  /** PartitionRecord: a partition's full registration. */
  | {
      type: 'Partition';
      topicId: TopicId;
      partitionId: number;
      replicas: number[];
      isr: number[];
      /** -1: no leader. */
      leader: number;
      leaderEpoch: number;
      partitionEpoch: number;
      /** KIP-966: EligibleLeaderReplicas and LastKnownElr (absent: empty). */
      elr?: number[];
      lastKnownElr?: number[];
    }
  /**
   * PartitionChangeRecord: only what changed. Kafka's defaults mean "unchanged": isr/replicas null,
   * leader -2 (LeaderRecoveryState aside). The leader and partition epochs are derived by the
   * reader, as in PartitionRegistration.merge.
   */
  | {
      type: 'PartitionChange';
      topicId: TopicId;
      partitionId: number;
      isr: number[] | null;
      leader: number;
      replicas: number[] | null;
      /** Simulator annotation, not in Kafka's schema: why the controller wrote it, for the trace. */
      reason?: PartitionChangeReason;
      /** LeaderRecoveryState RECOVERING: the new leader came from outside the ISR (unclean election). */
      unclean?: boolean;
      /** KIP-966 EligibleLeaderReplicas and LastKnownElr; null or absent: unchanged. */
      elr?: number[] | null;
      lastKnownElr?: number[] | null;
    }
  /** RemoveTopicRecord. */
  | { type: 'RemoveTopic'; topicId: TopicId }
  /** ConfigRecord: value null deletes the entry. */
  | { type: 'Config'; resourceType: 'topic' | 'broker'; resourceName: string; name: string; value: string | null };

export type MetadataRecordType = MetadataRecordBody['type'];

/** Why the controller wrote a PartitionChangeRecord. */
export type PartitionChangeReason =
  /** A leader's AlterPartition (ISR shrink or expansion). */
  | 'alter-partition'
  /** A broker was fenced: it leaves every ISR and its leaderships. */
  | 'broker-fenced'
  /** A broker came back: leaderless partitions may elect it. */
  | 'broker-unfenced'
  /** A broker asked for a controlled shutdown: its leaderships move first (handleBrokerInControlledShutdown). */
  | 'controlled-shutdown'
  /** The periodic unclean election of leaderless partitions (unclean.leader.election.interval.ms). */
  | 'unclean-election-check'
  /** A preferred replica election (auto.leader.rebalance.enable). */
  | 'preferred-election'
  /** A broker registered after an unclean shutdown: it leaves every ELR (KIP-966). */
  | 'unclean-shutdown';

/** PartitionChangeRecord.Leader when the leader does not change (Kafka's NO_LEADER_CHANGE). */
export const NO_LEADER_CHANGE = -2;

/** Where a record sits in the log: its offset and the epoch of the leader that wrote it. */
export interface RecordPosition {
  readonly offset: number;
  readonly epoch: number;
}

export type MetadataRecord = MetadataRecordBody & RecordPosition;

/** Offset and epoch, ordered as Kafka's OffsetAndEpoch: epoch first, then offset. */
export interface OffsetAndEpoch {
  offset: number;
  epoch: number;
}

export function compareOffsetAndEpoch(a: OffsetAndEpoch, b: OffsetAndEpoch): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return a.offset === b.offset ? 0 : a.offset < b.offset ? -1 : 1;
}
