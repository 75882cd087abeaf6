// Kafka's error codes (clients' Errors.java) that the engine uses, with whether the client treats
// them as retriable (the exception extends RetriableException). Names are Kafka's, unchanged: the
// app maps each to Portuguese text, logs print them as they are.

export const KAFKA_ERRORS = {
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false },
  NONE: { code: 0, retriable: false },
  OFFSET_OUT_OF_RANGE: { code: 1, retriable: false },
  CORRUPT_MESSAGE: { code: 2, retriable: true },
  UNKNOWN_TOPIC_OR_PARTITION: { code: 3, retriable: true },
  LEADER_NOT_AVAILABLE: { code: 5, retriable: true },
  NOT_LEADER_OR_FOLLOWER: { code: 6, retriable: true },
  REQUEST_TIMED_OUT: { code: 7, retriable: true },
  MESSAGE_TOO_LARGE: { code: 10, retriable: false },
  NETWORK_EXCEPTION: { code: 13, retriable: true },
  NOT_ENOUGH_REPLICAS: { code: 19, retriable: true },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: { code: 20, retriable: true },
  INVALID_REQUIRED_ACKS: { code: 21, retriable: false },
  TOPIC_ALREADY_EXISTS: { code: 36, retriable: false },
  INVALID_PARTITIONS: { code: 37, retriable: false },
  INVALID_REPLICATION_FACTOR: { code: 38, retriable: false },
  INVALID_REPLICA_ASSIGNMENT: { code: 39, retriable: false },
  INVALID_CONFIG: { code: 40, retriable: false },
  INVALID_REQUEST: { code: 42, retriable: false },
  INVALID_TIMESTAMP: { code: 32, retriable: false },
  RECORD_LIST_TOO_LARGE: { code: 18, retriable: false },
  KAFKA_STORAGE_ERROR: { code: 56, retriable: true },
  UNSUPPORTED_COMPRESSION_TYPE: { code: 76, retriable: false },
  FENCED_LEADER_EPOCH: { code: 74, retriable: true },
  UNKNOWN_LEADER_EPOCH: { code: 75, retriable: true },
  OFFSET_NOT_AVAILABLE: { code: 78, retriable: true },
  INVALID_RECORD: { code: 87, retriable: false },
  INVALID_TOPIC_EXCEPTION: { code: 17, retriable: false },
  NOT_CONTROLLER: { code: 41, retriable: true },
  INVALID_UPDATE_VERSION: { code: 95, retriable: false },
  INELIGIBLE_REPLICA: { code: 107, retriable: false },
  // KRaft broker lifecycle (KIP-631): registration and heartbeats to the controller.
  STALE_BROKER_EPOCH: { code: 77, retriable: false },
  DUPLICATE_BROKER_REGISTRATION: { code: 101, retriable: false },
  BROKER_ID_NOT_REGISTERED: { code: 102, retriable: false },
  // Consumer groups (classic protocol, KIP-345 static members, KIP-848 consumer protocol).
  OFFSET_METADATA_TOO_LARGE: { code: 12, retriable: false },
  COORDINATOR_LOAD_IN_PROGRESS: { code: 14, retriable: true },
  COORDINATOR_NOT_AVAILABLE: { code: 15, retriable: true },
  NOT_COORDINATOR: { code: 16, retriable: true },
  ILLEGAL_GENERATION: { code: 22, retriable: false },
  INCONSISTENT_GROUP_PROTOCOL: { code: 23, retriable: false },
  INVALID_GROUP_ID: { code: 24, retriable: false },
  UNKNOWN_MEMBER_ID: { code: 25, retriable: false },
  INVALID_SESSION_TIMEOUT: { code: 26, retriable: false },
  REBALANCE_IN_PROGRESS: { code: 27, retriable: false },
  GROUP_ID_NOT_FOUND: { code: 69, retriable: false },
  MEMBER_ID_REQUIRED: { code: 79, retriable: false },
  GROUP_MAX_SIZE_REACHED: { code: 81, retriable: false },
  FENCED_INSTANCE_ID: { code: 82, retriable: false },
  UNSUPPORTED_ASSIGNOR: { code: 112, retriable: false },
  FENCED_MEMBER_EPOCH: { code: 110, retriable: false },
  UNRELEASED_INSTANCE_ID: { code: 111, retriable: false },
  STALE_MEMBER_EPOCH: { code: 113, retriable: false },
  // Idempotent producer (KIP-98): none of the three is a RetriableException in the client.
  OUT_OF_ORDER_SEQUENCE_NUMBER: { code: 45, retriable: false },
  DUPLICATE_SEQUENCE_NUMBER: { code: 46, retriable: false },
  INVALID_PRODUCER_EPOCH: { code: 47, retriable: false },
} as const;

export type KafkaErrorName = keyof typeof KAFKA_ERRORS;

export function isRetriable(error: KafkaErrorName): boolean {
  return KAFKA_ERRORS[error].retriable;
}

export function errorCode(error: KafkaErrorName): number {
  return KAFKA_ERRORS[error].code;
}
