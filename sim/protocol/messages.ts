// Kafka's requests and responses as typed objects, named and shaped after Kafka's message JSON
// (clients/src/main/resources/common/message/*.json), trimmed to the fields the engine uses.
// Inside the simulation they travel as objects; record batches are bytes everywhere.
import type { KafkaErrorName } from './errors.ts';
import type { GroupRequestBody, GroupResponseBody } from './group-messages.ts';

export type Acks = 0 | 1 | -1;

/** ListOffsets special timestamps (ListOffsetsRequest.EARLIEST_TIMESTAMP etc.). */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;
export const MAX_TIMESTAMP = -3;

/** replicaId of an ordinary consumer in Fetch and ListOffsets (FetchRequest.CONSUMER_REPLICA_ID). */
export const CONSUMER_REPLICA_ID = -1;

export interface MetadataRequest {
  api: 'Metadata';
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}
export interface MetadataResponse {
  api: 'Metadata';
  brokers: { nodeId: number; node: string }[];
  controllerId: number;
  topics: {
    name: string;
    error: KafkaErrorName;
    partitions: {
      partition: number;
      error: KafkaErrorName;
      leader: number;
      leaderEpoch: number;
      replicas: number[];
      isr: number[];
      offlineReplicas: number[];
    }[];
  }[];
}

export interface ProduceRequest {
  api: 'Produce';
  acks: Acks;
  timeoutMs: number;
  topics: { name: string; partitions: { partition: number; records: Uint8Array }[] }[];
}
export interface ProducePartitionResponse {
  partition: number;
  error: KafkaErrorName;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  errorMessage?: string;
}
export interface ProduceResponse {
  api: 'Produce';
  topics: { name: string; partitions: ProducePartitionResponse[] }[];
}

export interface FetchRequest {
  api: 'Fetch';
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topics: {
    name: string;
    partitions: {
      partition: number;
      currentLeaderEpoch: number;
      fetchOffset: number;
      partitionMaxBytes: number;
      /** Epoch of the last batch the follower holds, -1 or absent for none (KIP-320, Fetch v12+). */
      lastFetchedEpoch?: number;
      /** The follower's log start offset; consumers send -1 or nothing. */
      logStartOffset?: number;
    }[];
  }[];
}
export interface FetchPartitionResponse {
  partition: number;
  error: KafkaErrorName;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Whole record batches, as read from the segment files. */
  records: Uint8Array;
  /**
   * Only to a follower whose log diverges from the leader's (KIP-320): the largest epoch the leader
   * knows up to the follower's last fetched epoch, and where it ends on the leader.
   */
  divergingEpoch?: { epoch: number; endOffset: number };
}
export interface FetchResponse {
  api: 'Fetch';
  topics: { name: string; partitions: FetchPartitionResponse[] }[];
}

export interface ListOffsetsRequest {
  api: 'ListOffsets';
  replicaId: number;
  topics: { name: string; partitions: { partition: number; currentLeaderEpoch: number; timestamp: number }[] }[];
}
export interface ListOffsetsResponse {
  api: 'ListOffsets';
  topics: {
    name: string;
    partitions: { partition: number; error: KafkaErrorName; timestamp: number; offset: number; leaderEpoch: number }[];
  }[];
}

/**
 * OffsetForLeaderEpoch (API 23, OffsetForLeaderEpochRequest.json v4): for each partition, where
 * `leaderEpoch` ends in the leader's log (the start of the next epoch, or the LEO for the latest
 * one), fenced by `currentLeaderEpoch` (-1: not checked). ReplicaId: -1 for a consumer, -2 the
 * default ("debug"), a broker id for a follower. Kafka calls the API OffsetsForLeaderEpoch in its
 * docs and tools.
 */
export interface OffsetForLeaderEpochRequest {
  api: 'OffsetForLeaderEpoch';
  replicaId: number;
  topics: { name: string; partitions: { partition: number; currentLeaderEpoch: number; leaderEpoch: number }[] }[];
}
export interface OffsetForLeaderEpochResponse {
  api: 'OffsetForLeaderEpoch';
  topics: {
    name: string;
    /** EpochEndOffset: leaderEpoch and endOffset are -1 when the epoch is not known (or on error). */
    partitions: { partition: number; error: KafkaErrorName; leaderEpoch: number; endOffset: number }[];
  }[];
}

/**
 * AlterPartition (API 56), from a partition leader to the controller: the ISR it proposes, stamped
 * with the leader and partition epochs it knows (KIP-497; AlterPartitionRequest.json).
 */
export interface AlterPartitionRequest {
  api: 'AlterPartition';
  brokerId: number;
  topics: {
    topicName: string;
    partitions: { partitionIndex: number; leaderEpoch: number; partitionEpoch: number; newIsr: number[] }[];
  }[];
}
export interface AlterPartitionResponse {
  api: 'AlterPartition';
  topics: {
    topicName: string;
    partitions: {
      partitionIndex: number;
      error: KafkaErrorName;
      leaderId: number;
      leaderEpoch: number;
      isr: number[];
      partitionEpoch: number;
    }[];
  }[];
}

/**
 * InitProducerId (API 22, InitProducerIdRequest.json). An idempotent producer without a
 * transactional.id sends it to any broker before its first Produce; the answer is a fresh producer
 * id with epoch 0. Transactions (a transactional.id, its coordinator, fencing) are not simulated.
 */
export interface InitProducerIdRequest {
  api: 'InitProducerId';
  transactionalId: null;
  transactionTimeoutMs: number;
  /** -1/-1 for a new producer id (KIP-360 lets a producer send its current one to bump the epoch). */
  producerId: number;
  producerEpoch: number;
}
export interface InitProducerIdResponse {
  api: 'InitProducerId';
  error: KafkaErrorName;
  producerId: number;
  producerEpoch: number;
}

export type KafkaRequestBody = MetadataRequest | ProduceRequest | FetchRequest | ListOffsetsRequest | InitProducerIdRequest | OffsetForLeaderEpochRequest | GroupRequestBody;
export type KafkaResponseBody = MetadataResponse | ProduceResponse | FetchResponse | ListOffsetsResponse | InitProducerIdResponse | OffsetForLeaderEpochResponse | GroupResponseBody;
export type ApiName = KafkaRequestBody['api'];

export interface RequestEnvelope<B extends KafkaRequestBody = KafkaRequestBody> {
  kind: 'request';
  correlationId: number;
  clientId: string;
  body: B;
}
export interface ResponseEnvelope<B extends KafkaResponseBody = KafkaResponseBody> {
  kind: 'response';
  correlationId: number;
  body: B;
}
export type KafkaMessage = RequestEnvelope | ResponseEnvelope;

export function isKafkaMessage(value: unknown): value is KafkaMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'request' || kind === 'response';
}
