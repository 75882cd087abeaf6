export { ControllerNode, type ControllerDescription, type ControllerNodeOptions, type LeaderAndEpoch, type ProposeResult, type QuorumListener } from './controller-node.ts';
export { MetadataFetcher, type MetadataFetcherDescription, type MetadataFetcherOptions } from './metadata-fetcher.ts';
export { DEFAULT_QUORUM_CONFIG, resolveQuorumConfig, type QuorumConfig } from './config.ts';
export { type ElectionRecord, type QuorumRole } from './election.ts';
export { type QuorumEvent, type QuorumEventType, type VoteReason } from './events.ts';
export { MetadataLog, QuorumFailure, type MetadataLogView, type QuorumFailureCode } from './metadata-log.ts';
export { controllerNode, isQuorumMessage, NO_LEADER, type QuorumErrorName, type QuorumMessage, type QuorumRequest, type QuorumResponse } from './messages.ts';
export { QuorumChecker, QuorumInvariantError, type CheckedReplica } from './quorum-checker.ts';
export { NO_LEADER_CHANGE, type MetadataRecord, type MetadataRecordBody, type MetadataRecordType, type TopicId } from './records.ts';
