// The quorum's trace events, a discriminated union on `type`. The kernel stamps each with seq,
// virtual time and the emitting node (controller-<n>, or the broker embedding a MetadataFetcher).
// Fields are plain JSON.
import type { QuorumRole } from './election.ts';
import type { MetadataRecordType } from './records.ts';

export type QuorumEvent =
  /** The node (re)started, resuming from its quorum-state file and log. */
  | { type: 'controller-started'; controller: number; epoch: number; logEndOffset: number }
  | { type: 'controller-state-changed'; controller: number; from: QuorumRole; to: QuorumRole; epoch: number; leader: number | null }
  /** KIP-996: a voter asks for pre-votes before bumping the epoch. */
  | { type: 'controller-prevote-started'; epoch: number; prospective: number }
  | { type: 'controller-election-started'; epoch: number; candidate: number; retries: number }
  | { type: 'controller-vote-cast'; voter: number; candidate: number; epoch: number; preVote: boolean; granted: boolean; reason: VoteReason }
  | { type: 'controller-election-backoff'; epoch: number; candidate: number; backoffMs: number }
  | { type: 'controller-elected'; epoch: number; leader: number; votes: number[] }
  | { type: 'controller-resigned'; epoch: number; leader: number; reason: 'check-quorum' | 'restarted-as-leader' }
  /** A leader learnt of a higher epoch and stepped down without resigning first. */
  | { type: 'controller-leadership-lost'; epoch: number; leader: number; newEpoch: number }
  | { type: 'metadata-appended'; epoch: number; baseOffset: number; lastOffset: number; records: MetadataRecordType[] }
  | { type: 'metadata-committed'; epoch: number; highWatermark: number; records: number }
  /** A replica cut off a tail that the leader's log does not have (divergence after a leader change). */
  | { type: 'metadata-truncated'; replica: number; epoch: number; fromOffset: number; toOffset: number }
  /** Proposals still lingering when leadership ended: never appended. */
  | { type: 'metadata-proposals-dropped'; epoch: number; records: number }
  | { type: 'metadata-fetcher-leader-found'; replica: number; leader: number; epoch: number };

export type VoteReason = 'granted' | 'log-behind' | 'already-voted' | 'has-leader' | 'is-leader' | 'fenced-epoch';

export type QuorumEventType = QuorumEvent['type'];
