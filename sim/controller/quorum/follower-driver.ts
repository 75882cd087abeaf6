// A voter following the leader of its epoch (KafkaRaftClient.pollFollowerAsVoter and
// handleFetchResponse): one Fetch in flight at a time, the next sent as soon as the answer is
// applied. No successful fetch for controller.quorum.fetch.timeout.ms and the voter stands
// (Prospective with pre-vote, else Candidate).
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { ControllerCore } from './controller-types.ts';
import { strictExponentialElectionBackoffMs } from './election.ts';
import { controllerNode, type FetchResponse } from './messages.ts';
import { applyFetchResponse, buildFetchRequest } from './replica-fetch.ts';

export class FollowerDriver {
  /** A successful fetch from the leader of this epoch happened (FollowerState.hasFetchedFromLeader). */
  hasFetchedFromLeader = false;
  private fetchDeadlineMs = 0;

  constructor(private readonly core: ControllerCore) {}

  forget(): void {
    this.hasFetchedFromLeader = false;
  }

  begin(ctx: ActorContext): void {
    this.hasFetchedFromLeader = false;
    this.setFetchDeadline(ctx, this.core.config.fetchTimeoutMs);
    this.sendFetch(ctx);
  }

  onTimer(ctx: ActorContext, name: string): void {
    if (name === 'fetch-retry') {
      this.sendFetch(ctx);
    } else if (name === 'fetch-deadline') {
      if (ctx.nowMs < this.fetchDeadlineMs) {
        this.core.timers.set(ctx, 'fetch-deadline', this.fetchDeadlineMs - ctx.nowMs);
      } else if (this.core.config.preVote) {
        this.core.toProspective(ctx);
      } else {
        this.core.toCandidate(ctx);
      }
    }
  }

  /** The leader resigned: the successor it ranks at `position` stands after a strict exponential backoff. */
  onEndQuorumEpoch(ctx: ActorContext, preferredSuccessors: number[]): void {
    const found = preferredSuccessors.indexOf(this.core.nodeId);
    const position = found === -1 ? preferredSuccessors.length : found;
    const backoffMs = strictExponentialElectionBackoffMs(position, preferredSuccessors.length, this.core.config.electionBackoffMaxMs);
    this.setFetchDeadline(ctx, backoffMs);
  }

  onFetchResponse(ctx: ActorContext, from: NodeId, response: FetchResponse): void {
    const core = this.core;
    if (core.handleCommonResponse(ctx, response) || response.error !== 'NONE') {
      this.retryLater(ctx);
      return;
    }
    if (core.role !== 'follower' || from !== this.leaderNode()) return;
    const outcome = applyFetchResponse(controllerNode(core.nodeId), core.log, core.committed, response);
    if (outcome.kind === 'truncated') {
      core.emit(ctx, { type: 'metadata-truncated', replica: core.nodeId, epoch: core.election.epoch, fromOffset: outcome.fromOffset, toOffset: outcome.toOffset });
    }
    this.hasFetchedFromLeader = true;
    this.fetchDeadlineMs = ctx.nowMs + core.config.fetchTimeoutMs;
    this.sendFetch(ctx);
  }

  onFetchFailed(ctx: ActorContext, destination: NodeId): void {
    if (this.core.role === 'follower' && destination === this.leaderNode()) this.sendFetch(ctx);
  }

  private setFetchDeadline(ctx: ActorContext, delayMs: number): void {
    this.fetchDeadlineMs = ctx.nowMs + delayMs;
    this.core.timers.set(ctx, 'fetch-deadline', delayMs);
  }

  private leaderNode(): NodeId | null {
    const leaderId = this.core.election.leaderId;
    return leaderId === null ? null : controllerNode(leaderId);
  }

  private sendFetch(ctx: ActorContext): void {
    const core = this.core;
    const leader = this.leaderNode();
    if (core.role !== 'follower' || leader === null) return;
    if (!core.requests.isReady(leader, ctx.nowMs)) {
      if (!core.requests.hasInFlight(leader)) this.retryLater(ctx);
      return;
    }
    core.requests.send(ctx, leader, buildFetchRequest(core.log, core.nodeId, core.election.epoch, core.config.fetchMaxWaitMs));
  }

  /** After an error: try again after controller.quorum.retry.backoff.ms, if still following. */
  private retryLater(ctx: ActorContext): void {
    const leader = this.leaderNode();
    if (this.core.role !== 'follower' || leader === null || this.core.requests.hasInFlight(leader)) return;
    this.core.timers.set(ctx, 'fetch-retry', this.core.config.retryBackoffMs);
  }
}
