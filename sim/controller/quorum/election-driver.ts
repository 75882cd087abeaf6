// The roles between leaders: Unattached, Prospective (KIP-996), Candidate and Resigned
// (KafkaRaftClient.pollUnattached/pollProspective/pollCandidate/pollResigned and the Vote and
// EndQuorumEpoch exchanges).
//
// Kafka 4.0 (config.preVote): an expired election timeout leads to Prospective, which asks for
// pre-votes at its current epoch and becomes Candidate (epoch + 1) only with a majority of them;
// a Candidate that does not win before its timeout goes back to Prospective, without a backoff.
// Kafka 3.9: straight to Candidate; a Candidate that times out, or sees its majority gone, backs
// off min(100 ms × uniform [0, 2^retries), controller.quorum.election.backoff.max.ms) and stands
// again with the next epoch.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { ControllerCore } from './controller-types.ts';
import { EpochElection, binaryExponentialElectionBackoffMs, canGrantVote, isLogUpToDate, randomElectionTimeoutMs } from './election.ts';
import type { VoteReason } from './events.ts';
import { controllerNode, type VoteRequest, type VoteResponse } from './messages.ts';

export class ElectionDriver {
  /** Elections tried in a row (CandidateState/ProspectiveState.retries). */
  retries = 0;
  private votes: EpochElection | null = null;
  private backingOff = false;
  private electionDeadlineMs: number | null = null;
  private readonly unackedResignation = new Set<number>();
  private successors: number[] = [];

  constructor(private readonly core: ControllerCore) {}

  forget(): void {
    this.votes = null;
    this.backingOff = false;
    this.electionDeadlineMs = null;
    this.unackedResignation.clear();
    this.successors = [];
  }

  /**
   * Time left of the current election timeout, kept when a higher epoch makes this voter
   * Unattached (QuorumState.transitionToUnattached); null when a fresh timeout is drawn instead.
   */
  remainingElectionMs(nowMs: number): number | null {
    const role = this.core.role;
    if (this.electionDeadlineMs === null) return null;
    if (role === 'prospective' && this.votes?.isRejected()) return null;
    if (role !== 'unattached' && role !== 'candidate' && role !== 'prospective' && role !== 'resigned') return null;
    return Math.max(0, this.electionDeadlineMs - nowMs);
  }

  /** Prospective: pre-votes at the current epoch. */
  beginPreVote(ctx: ActorContext, retries: number): void {
    this.retries = retries;
    this.votes = new EpochElection(this.core.voters, this.core.nodeId);
    this.core.emit(ctx, { type: 'controller-prevote-started', epoch: this.core.election.epoch, prospective: this.core.nodeId });
    if (this.votes.isGranted()) return this.core.toCandidate(ctx);
    this.armElectionTimeout(ctx);
    this.sendVotes(ctx);
  }

  /** Candidate: the epoch was bumped and voted for ourselves; now ask the others. */
  beginElection(ctx: ActorContext, retries: number): void {
    this.retries = retries;
    this.votes = new EpochElection(this.core.voters, this.core.nodeId);
    this.core.emit(ctx, { type: 'controller-election-started', epoch: this.core.election.epoch, candidate: this.core.nodeId, retries });
    if (this.votes.isGranted()) return this.core.toLeader(ctx, this.votes.grantingVoters());
    this.armElectionTimeout(ctx);
    this.sendVotes(ctx);
  }

  /** Resigned: tell the other voters (EndQuorumEpoch) so the best placed stands at once. */
  beginResigned(ctx: ActorContext, successors: number[]): void {
    this.successors = successors;
    for (const voter of this.core.voters) if (voter !== this.core.nodeId) this.unackedResignation.add(voter);
    this.armElectionTimeout(ctx);
    for (const voter of this.unackedResignation) this.sendEndQuorumEpoch(ctx, voter);
  }

  /** The Unattached timer: only the election timeout runs in this role for a voter. */
  armElectionTimeout(ctx: ActorContext, delayMs?: number): void {
    const timeoutMs = delayMs ?? randomElectionTimeoutMs(ctx.random, this.core.config.electionTimeoutMs);
    this.electionDeadlineMs = ctx.nowMs + timeoutMs;
    this.core.timers.set(ctx, 'election', timeoutMs);
  }

  onTimer(ctx: ActorContext, name: string): void {
    const core = this.core;
    const preVote = core.config.preVote;
    if (name === 'backoff') {
      if (core.role === 'candidate') core.toCandidate(ctx);
      return;
    }
    if (name !== 'election') return;
    switch (core.role) {
      case 'unattached':
        if (preVote) core.toProspective(ctx);
        else core.toCandidate(ctx);
        break;
      case 'prospective':
        this.afterPreVoteLost(ctx, true);
        break;
      case 'candidate':
        if (preVote) core.toProspective(ctx);
        else this.startBackoff(ctx);
        break;
      case 'resigned':
        // 4.0: the epoch must move on before this node may stand (or follow) again.
        if (preVote) core.toUnattached(ctx, core.election.epoch + 1, null, 0);
        else core.toCandidate(ctx);
        break;
      default:
        break;
    }
  }

  /** A (pre-)vote request, in any role (KafkaRaftClient.handleVoteRequest). */
  onVoteRequest(ctx: ActorContext, from: NodeId, request: VoteRequest): void {
    const core = this.core;
    const illegalEpoch = request.preVote ? request.lastOffsetEpoch > request.replicaEpoch : request.lastOffsetEpoch >= request.replicaEpoch;
    if (request.lastOffset < 0 || request.lastOffsetEpoch < 0 || illegalEpoch) {
      return core.respond(ctx, from, request, 'INVALID_REQUEST', { voteGranted: false });
    }
    if (request.replicaEpoch < core.election.epoch) {
      this.emitVote(ctx, request, false, 'fenced-epoch');
      return core.respond(ctx, from, request, 'FENCED_LEADER_EPOCH', { voteGranted: false });
    }
    // A higher epoch, even in a pre-vote, moves this voter to it (a leader steps down).
    if (request.replicaEpoch > core.election.epoch) core.toUnattached(ctx, request.replicaEpoch, null);
    const upToDate = isLogUpToDate({ offset: request.lastOffset, epoch: request.lastOffsetEpoch }, core.log.endOffsetAndEpoch());
    const { leaderId, votedFor } = core.election;
    const view = { role: core.role, selfId: core.nodeId, leaderId, votedFor, hasFetchedFromLeader: core.hasFetchedFromLeader };
    const granted = canGrantVote(view, request.replicaId, upToDate, request.preVote);
    if (granted && !request.preVote && votedFor === null) this.onVoteGranted(ctx, request.replicaId);
    this.emitVote(ctx, request, granted, granted ? 'granted' : this.rejectionReason(request.preVote));
    core.respond(ctx, from, request, 'NONE', { voteGranted: granted });
  }

  onVoteResponse(ctx: ActorContext, from: NodeId, response: VoteResponse): void {
    const core = this.core;
    const votes = this.votes;
    if (votes === null || (core.role !== 'prospective' && core.role !== 'candidate')) return;
    if (response.leaderEpoch !== core.election.epoch) return;
    const voter = voterId(from);
    if (response.voteGranted) {
      votes.recordGranted(voter);
      if (!votes.isGranted()) return;
      if (core.role === 'prospective') core.toCandidate(ctx);
      else core.toLeader(ctx, votes.grantingVoters());
      return;
    }
    votes.recordRejected(voter);
    if (!votes.isRejected()) return;
    if (core.role === 'prospective') this.afterPreVoteLost(ctx, false);
    else if (!core.config.preVote && !this.backingOff) this.startBackoff(ctx);
    // 4.0 candidate: waits out its election timeout, then Prospective.
  }

  /** A binding vote was granted to `candidate` as Unattached or Prospective. */
  private onVoteGranted(ctx: ActorContext, candidate: number): void {
    this.core.setVotedFor(candidate);
    // The candidate has at least our chances: give it a full election timeout.
    this.armElectionTimeout(ctx);
    if (this.core.role === 'prospective') {
      this.votes = new EpochElection(this.core.voters, this.core.nodeId);
      this.sendVotes(ctx);
    }
  }

  onEndQuorumEpochAcknowledged(from: NodeId): void {
    if (this.core.role === 'resigned') this.unackedResignation.delete(voterId(from));
  }

  onRequestFailed(ctx: ActorContext, destination: NodeId, api: 'Vote' | 'EndQuorumEpoch'): void {
    const role = this.core.role;
    if (api === 'Vote' && (role === 'prospective' || role === 'candidate') && !this.backingOff) this.sendVotes(ctx);
    if (api === 'EndQuorumEpoch' && role === 'resigned' && this.unackedResignation.has(voterId(destination))) {
      this.sendEndQuorumEpoch(ctx, voterId(destination));
    }
  }

  /** Why canGrantVote said no, for the trace. */
  private rejectionReason(preVote: boolean): VoteReason {
    const { votedFor, leaderId } = this.core.election;
    switch (this.core.role) {
      case 'leader':
        return 'is-leader';
      case 'follower':
        return preVote && !this.core.hasFetchedFromLeader ? 'log-behind' : 'has-leader';
      case 'candidate':
      case 'resigned':
        return preVote ? 'log-behind' : 'already-voted';
      default:
        if (preVote) return 'log-behind';
        if (votedFor !== null) return 'already-voted';
        return leaderId !== null ? 'has-leader' : 'log-behind';
    }
  }

  private emitVote(ctx: ActorContext, request: VoteRequest, granted: boolean, reason: VoteReason): void {
    this.core.emit(ctx, { type: 'controller-vote-cast', voter: this.core.nodeId, candidate: request.replicaId, epoch: request.replicaEpoch, preVote: request.preVote, granted, reason });
  }

  /** Prospective lost or timed out: back to following the known leader, or Unattached. */
  private afterPreVoteLost(ctx: ActorContext, timedOut: boolean): void {
    const { epoch, leaderId } = this.core.election;
    if (leaderId !== null && leaderId !== this.core.nodeId) {
      this.core.toFollower(ctx, epoch, leaderId);
    } else {
      this.core.toUnattached(ctx, epoch, leaderId, timedOut ? 0 : undefined);
    }
  }

  private startBackoff(ctx: ActorContext): void {
    this.backingOff = true;
    const backoffMs = binaryExponentialElectionBackoffMs(ctx.random, this.retries, this.core.config.electionBackoffMaxMs);
    this.core.emit(ctx, { type: 'controller-election-backoff', epoch: this.core.election.epoch, candidate: this.core.nodeId, backoffMs });
    this.core.timers.cancel(ctx, 'election');
    this.electionDeadlineMs = ctx.nowMs;
    this.core.timers.set(ctx, 'backoff', backoffMs);
  }

  /** Vote requests to every voter not heard from yet, pre-votes while Prospective. */
  private sendVotes(ctx: ActorContext): void {
    const votes = this.votes;
    if (votes === null || votes.isRejected()) return;
    const core = this.core;
    const end = core.log.endOffsetAndEpoch();
    for (const voter of votes.unrecorded()) {
      const destination = controllerNode(voter);
      if (!core.requests.isReady(destination, ctx.nowMs)) continue;
      core.requests.send(ctx, destination, {
        api: 'Vote',
        replicaEpoch: core.election.epoch,
        replicaId: core.nodeId,
        lastOffsetEpoch: end.epoch,
        lastOffset: end.offset,
        preVote: core.role === 'prospective',
      });
    }
  }

  private sendEndQuorumEpoch(ctx: ActorContext, voter: number): void {
    const destination = controllerNode(voter);
    if (!this.core.requests.isReady(destination, ctx.nowMs)) return;
    this.core.requests.send(ctx, destination, {
      api: 'EndQuorumEpoch',
      leaderId: this.core.nodeId,
      leaderEpoch: this.core.election.epoch,
      preferredSuccessors: this.successors,
    });
  }
}

/** controller-<n> → n. */
export function voterId(node: NodeId): number {
  return Number(node.slice(node.lastIndexOf('-') + 1));
}
