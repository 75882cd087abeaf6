// The rules of elections, as pure functions over the local state: who may vote for whom
// (QuorumState/EpochState.canGrantVote), counting votes (EpochElection), and the timeouts and
// backoffs (QuorumState.randomElectionTimeoutMs, KafkaRaftClient's election backoffs).
import type { Random } from '../../kernel/types.ts';
import { compareOffsetAndEpoch, type OffsetAndEpoch } from './records.ts';
import { ELECTION_BACKOFF_BASE_MS } from './config.ts';

/** The roles of a voter (KRaft's EpochState classes). Observers are only unattached or follower. */
export type QuorumRole = 'unattached' | 'prospective' | 'candidate' | 'leader' | 'follower' | 'resigned';

/** The durable part of the election (the quorum-state file): it survives crashes. */
export interface ElectionRecord {
  epoch: number;
  leaderId: number | null;
  votedFor: number | null;
}

/** What canGrantVote needs to know of the local state. */
export interface VoterView {
  role: QuorumRole;
  selfId: number;
  leaderId: number | null;
  votedFor: number | null;
  /** Follower only: it has fetched successfully from its leader in this epoch. */
  hasFetchedFromLeader: boolean;
}

/** A candidate's log is at least as up to date as ours: later last epoch, or same epoch and no shorter. */
export function isLogUpToDate(candidateEnd: OffsetAndEpoch, localEnd: OffsetAndEpoch): boolean {
  return compareOffsetAndEpoch(candidateEnd, localEnd) >= 0;
}

/**
 * May this replica grant `candidateId`'s (pre-)vote, in the request's epoch (already caught up to)?
 * A binding vote is given at most once per epoch; a pre-vote binds nothing (KIP-996).
 */
export function canGrantVote(local: VoterView, candidateId: number, logUpToDate: boolean, preVote: boolean): boolean {
  switch (local.role) {
    case 'unattached':
    case 'prospective':
      // QuorumState.unattachedOrProspectiveCanGrantVote
      if (preVote) return logUpToDate;
      if (local.votedFor !== null) return local.votedFor === candidateId;
      if (local.leaderId !== null) return false;
      return logUpToDate;
    case 'follower':
      // Only a pre-vote, and only before the first successful fetch from the leader of this epoch.
      return preVote && !local.hasFetchedFromLeader && logUpToDate;
    case 'candidate':
    case 'resigned':
      // Both have voted (for themselves) in this epoch; a pre-vote is still answered on the logs.
      return preVote && logUpToDate;
    case 'leader':
      return false;
  }
}

/** The votes of one election (or pre-election): granted and rejected voters, and the verdict. */
export class EpochElection {
  private readonly granted = new Set<number>();
  private readonly rejected = new Set<number>();

  constructor(
    private readonly voters: readonly number[],
    selfId: number,
  ) {
    this.granted.add(selfId);
  }

  get majority(): number {
    return Math.floor(this.voters.length / 2) + 1;
  }

  recordGranted(voter: number): void {
    if (!this.voters.includes(voter) || this.rejected.has(voter)) return;
    this.granted.add(voter);
  }

  recordRejected(voter: number): void {
    if (!this.voters.includes(voter) || this.granted.has(voter)) return;
    this.rejected.add(voter);
  }

  isGranted(): boolean {
    return this.granted.size >= this.majority;
  }

  /** No majority is possible any more. */
  isRejected(): boolean {
    return this.voters.length - this.rejected.size < this.majority;
  }

  unrecorded(): number[] {
    return this.voters.filter((voter) => !this.granted.has(voter) && !this.rejected.has(voter));
  }

  grantingVoters(): number[] {
    return this.voters.filter((voter) => this.granted.has(voter));
  }
}

/** electionTimeoutMs + uniform integer in [0, electionTimeoutMs) (QuorumState.randomElectionTimeoutMs). */
export function randomElectionTimeoutMs(random: Random, electionTimeoutMs: number): number {
  return electionTimeoutMs + random.int(electionTimeoutMs);
}

/**
 * Kafka 3.9: after a failed election, min(100 × uniform [0, 2^retries), backoff max)
 * (KafkaRaftClient.binaryExponentialElectionBackoffMs, exponent capped at 20).
 */
export function binaryExponentialElectionBackoffMs(random: Random, retries: number, backoffMaxMs: number): number {
  const bound = 2 ** (Math.min(20, retries - 1) + 1);
  return Math.min(ELECTION_BACKOFF_BASE_MS * random.int(bound), backoffMaxMs);
}

/**
 * After EndQuorumEpoch: the successor at `position` of `total` waits max >> (total - 1) << (position - 1),
 * the first not at all (KafkaRaftClient.strictExponentialElectionBackoffMs).
 */
export function strictExponentialElectionBackoffMs(position: number, total: number, backoffMaxMs: number): number {
  if (position === 0) return 0;
  if (position < 0 || position >= total) return backoffMaxMs;
  const base = backoffMaxMs >> (total - 1);
  return Math.min(backoffMaxMs, base << (position - 1));
}
