// The controller's public shapes (listener, options, results, description) and the internal
// interface its role drivers share.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { QuorumConfig } from './config.ts';
import type { ElectionRecord, QuorumRole } from './election.ts';
import type { QuorumEvent } from './events.ts';
import type { MetadataLog } from './metadata-log.ts';
import type { FetchRequest, FetchResponse, QuorumErrorName, QuorumRequest, QuorumResponse } from './messages.ts';
import type { MetadataRecord } from './records.ts';
import type { CommittedRecords } from './replica-fetch.ts';
import type { RequestManager } from './request-manager.ts';
import type { TimerSlots } from './timer-slots.ts';

export type FetchBody = Pick<FetchResponse, 'highWatermark' | 'records' | 'divergingEpoch'>;

/** What the metadata layer on a controller hears from its quorum (KRaft RaftClient.Listener). */
export interface QuorumListener {
  /** Newly committed records, in offset order, each once per incarnation. */
  onCommit(records: readonly MetadataRecord[]): void;
  /** The known leader or epoch changed (handleLeaderChange). */
  onLeaderChange?(leader: LeaderAndEpoch): void;
  /** The node restarted: what was delivered is delivered again from offset 0. */
  onRestart?(): void;
}

export interface LeaderAndEpoch {
  leaderId: number | null;
  epoch: number;
}

export interface ControllerNodeOptions {
  /** node.id of this controller; its actor id is controller-<nodeId>. */
  nodeId: number;
  /** controller.quorum.voters: the ids of every voter, this one included. */
  voters: readonly number[];
  config?: Partial<QuorumConfig>;
  listener?: QuorumListener;
}

export type ProposeResult =
  | { ok: true; epoch: number; baseOffset: number; lastOffset: number }
  /** NOT_CONTROLLER (41): this node is not the active controller; leaderId is its best guess. */
  | { ok: false; error: 'NOT_CONTROLLER'; leaderId: number | null; epoch: number };

/** describe(): one voter's state, for snapshots. */
export interface ControllerDescription {
  id: number;
  node: NodeId;
  role: QuorumRole;
  epoch: number;
  leaderId: number | null;
  votedFor: number | null;
  logEndOffset: number;
  /** Epoch of the last record of its log. */
  lastFetchedEpoch: number;
  highWatermark: number;
}

/** The node's internals the role drivers share; not part of the public API. */
export interface ControllerCore {
  readonly nodeId: number;
  readonly voters: readonly number[];
  readonly config: QuorumConfig;
  readonly log: MetadataLog;
  readonly committed: CommittedRecords;
  readonly timers: TimerSlots;
  readonly requests: RequestManager;
  readonly role: QuorumRole;
  readonly election: Readonly<ElectionRecord>;
  emit(ctx: ActorContext, event: QuorumEvent): void;
  respond(ctx: ActorContext, to: NodeId, request: QuorumRequest, error: QuorumErrorName, extra?: object): void;
  respondFetch(ctx: ActorContext, to: NodeId, request: Pick<FetchRequest, 'correlationId'>, error: QuorumErrorName, body: FetchBody): void;
  /** Follower only: it has fetched successfully from the leader of this epoch. */
  readonly hasFetchedFromLeader: boolean;
  /** Applies a response's (leader, epoch) like KafkaRaftClient.maybeHandleCommonResponse; true when done with it. */
  handleCommonResponse(ctx: ActorContext, response: QuorumResponse): boolean;
  maybeTransition(ctx: ActorContext, leaderId: number | null, epoch: number): void;
  toUnattached(ctx: ActorContext, epoch: number, leaderId: number | null, electionTimeoutMs?: number): void;
  toFollower(ctx: ActorContext, epoch: number, leaderId: number): void;
  toProspective(ctx: ActorContext): void;
  toCandidate(ctx: ActorContext, resume?: boolean): void;
  toLeader(ctx: ActorContext, grantingVoters: number[]): void;
  toResigned(ctx: ActorContext, reason: 'check-quorum' | 'restarted-as-leader', successors: number[]): void;
  setVotedFor(candidate: number): void;
}

/** The leader's picture of the quorum (DescribeQuorum): where each replica's log ends, as its fetches said. */
export interface QuorumDescription {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  /** logEndOffset null: no fetch from it yet in this epoch. lastFetchMs null for the leader itself. */
  voters: { replicaId: number; logEndOffset: number | null; lastFetchMs: number | null }[];
  observers: { replicaId: number; node: NodeId; logEndOffset: number; lastFetchMs: number }[];
}
