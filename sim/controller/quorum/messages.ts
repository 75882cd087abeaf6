// The KRaft RPCs between controllers (and from brokers, as observers) as typed objects, named
// after Kafka's (KIP-595): Vote, BeginQuorumEpoch, EndQuorumEpoch and Fetch. Single partition, so
// the topic/partition nesting of the real schemas is flattened away; cluster ids and directory ids
// (KIP-853) are left out.
import type { NodeId } from '../../kernel/types.ts';
import type { MetadataRecord } from './records.ts';

/** The errors these RPCs answer with (AK Errors.java codes). */
export type QuorumErrorName =
  | 'NONE'
  /** 6: the receiver is not the leader of the request's epoch. */
  | 'NOT_LEADER_OR_FOLLOWER'
  /** 74: the request's epoch is older than the receiver's. */
  | 'FENCED_LEADER_EPOCH'
  /** 75: the request's epoch is newer than the receiver's. */
  | 'UNKNOWN_LEADER_EPOCH'
  /** 42. */
  | 'INVALID_REQUEST';

/** Kafka's -1 for "no leader known" in responses. */
export const NO_LEADER = -1;

export interface VoteRequest {
  kind: 'quorum-request';
  api: 'Vote';
  correlationId: number;
  /** The candidate's epoch (Vote v2 calls it ReplicaEpoch: a prospective sends its current one). */
  replicaEpoch: number;
  replicaId: number;
  /** Epoch of the last record of the candidate's log, and its end offset. */
  lastOffsetEpoch: number;
  lastOffset: number;
  /** KIP-996: a pre-vote asks "would you vote for me?" and binds nobody. */
  preVote: boolean;
}

export interface BeginQuorumEpochRequest {
  kind: 'quorum-request';
  api: 'BeginQuorumEpoch';
  correlationId: number;
  leaderId: number;
  leaderEpoch: number;
}

export interface EndQuorumEpochRequest {
  kind: 'quorum-request';
  api: 'EndQuorumEpoch';
  correlationId: number;
  leaderId: number;
  leaderEpoch: number;
  /** Voters by descending fetch offset: the first should stand first. */
  preferredSuccessors: number[];
}

export interface FetchRequest {
  kind: 'quorum-request';
  api: 'Fetch';
  correlationId: number;
  /** The fetching replica's node id (a broker's id for an observer). */
  replicaId: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  lastFetchedEpoch: number;
  maxWaitMs: number;
}

export type QuorumRequest = VoteRequest | BeginQuorumEpochRequest | EndQuorumEpochRequest | FetchRequest;

interface ResponseBase {
  kind: 'quorum-response';
  correlationId: number;
  error: QuorumErrorName;
  /** The responder's view: its leader (NO_LEADER if unknown) and epoch. */
  leaderId: number;
  leaderEpoch: number;
}

export interface VoteResponse extends ResponseBase {
  api: 'Vote';
  voteGranted: boolean;
}

export interface BeginQuorumEpochResponse extends ResponseBase {
  api: 'BeginQuorumEpoch';
}

export interface EndQuorumEpochResponse extends ResponseBase {
  api: 'EndQuorumEpoch';
}

export interface FetchResponse extends ResponseBase {
  api: 'Fetch';
  /** -1 when the responder knows none. */
  highWatermark: number;
  records: readonly MetadataRecord[];
  /** Set when the fetcher's log diverges from the leader's: truncate, then fetch again. */
  divergingEpoch: { epoch: number; endOffset: number } | null;
}

export type QuorumResponse = VoteResponse | BeginQuorumEpochResponse | EndQuorumEpochResponse | FetchResponse;

export type QuorumMessage = QuorumRequest | QuorumResponse;

export function isQuorumMessage(value: unknown): value is QuorumMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'quorum-request' || kind === 'quorum-response';
}

/** The node id of controller (voter) `id`. */
export function controllerNode(id: number): NodeId {
  return `controller-${id}`;
}
