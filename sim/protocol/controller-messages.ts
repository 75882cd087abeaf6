// The broker→controller RPCs of KRaft as typed objects (BrokerRegistrationRequest.json,
// BrokerHeartbeatRequest.json, AlterPartitionRequest.json, CreateTopicsRequest.json), trimmed to
// the fields the engine uses. They travel in their own envelopes so that a broker never mistakes a
// controller's answer for one of its replica fetchers'.
import type { TopicConfigInput } from '../config/topic-config.ts';
import type { KafkaErrorName } from './errors.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from './messages.ts';

/** BrokerRegistration (API 62): a broker process announces itself; the answer carries its broker epoch. */
export interface BrokerRegistrationRequest {
  api: 'BrokerRegistration';
  brokerId: number;
  /** Kafka: a random Uuid per process start; the engine numbers the incarnations of a broker. */
  incarnationId: number;
  /**
   * KIP-966 PreviousBrokerEpoch: the broker epoch the process had when it last shut down cleanly;
   * null after a crash or a power loss (no clean shutdown file; Kafka sends -1, a value the
   * brokers of the engine's bootstrap snapshot have as their epoch).
   */
  previousBrokerEpoch?: number | null;
}
export interface BrokerRegistrationResponse {
  api: 'BrokerRegistration';
  error: KafkaErrorName;
  brokerEpoch: number;
}

/** BrokerHeartbeat (API 63), every broker.heartbeat.interval.ms (KIP-631). */
export interface BrokerHeartbeatRequest {
  api: 'BrokerHeartbeat';
  brokerId: number;
  brokerEpoch: number;
  /** The offset of the last metadata record the broker applied. */
  currentMetadataOffset: number;
  /** True until the broker is ready to serve (it has caught up and published its metadata). */
  wantFence: boolean;
  /** True in controlled shutdown (BrokerState.PENDING_CONTROLLED_SHUTDOWN). */
  wantShutDown: boolean;
}
export interface BrokerHeartbeatResponse {
  api: 'BrokerHeartbeat';
  error: KafkaErrorName;
  /** The broker has applied the metadata up to its own registration record. */
  isCaughtUp: boolean;
  isFenced: boolean;
  shouldShutDown: boolean;
}

/** CreateTopics (API 19) as a broker forwards it for auto.create.topics.enable (AutoTopicCreationManager). */
export interface CreateTopicsRequest {
  api: 'CreateTopics';
  /** configs: the topic's own settings (an internal topic such as __consumer_offsets has some). */
  topics: { name: string; numPartitions: number; replicationFactor: number; configs?: TopicConfigInput }[];
}
export interface CreateTopicsResponse {
  api: 'CreateTopics';
  topics: { name: string; error: KafkaErrorName }[];
}

export type ControllerRequestBody = BrokerRegistrationRequest | BrokerHeartbeatRequest | AlterPartitionRequest | CreateTopicsRequest;
export type ControllerResponseBody = BrokerRegistrationResponse | BrokerHeartbeatResponse | AlterPartitionResponse | CreateTopicsResponse;

export interface ControllerRequestEnvelope<B extends ControllerRequestBody = ControllerRequestBody> {
  kind: 'controller-request';
  correlationId: number;
  body: B;
}
export interface ControllerResponseEnvelope<B extends ControllerResponseBody = ControllerResponseBody> {
  kind: 'controller-response';
  correlationId: number;
  body: B;
}
export type ControllerMessage = ControllerRequestEnvelope | ControllerResponseEnvelope;

export function isControllerMessage(value: unknown): value is ControllerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'controller-request' || kind === 'controller-response';
}
