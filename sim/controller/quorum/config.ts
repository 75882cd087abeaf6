// The quorum's settings, with Kafka's defaults (raft QuorumConfig, KafkaRaftClient, KRaftConfigs),
// plus the simulator's own limits.
import { invalidArgument } from '../../kernel/errors.ts';

export interface QuorumConfig {
  /** controller.quorum.election.timeout.ms: an election timeout is this + uniform [0, this). */
  electionTimeoutMs: number;
  /**
   * controller.quorum.fetch.timeout.ms: a voter that has not fetched successfully from the leader
   * for this long starts an election; the leader resigns when a majority has not fetched for 1.5×
   * this (LeaderState.CHECK_QUORUM_TIMEOUT_FACTOR) and re-sends BeginQuorumEpoch every ½ of it.
   */
  fetchTimeoutMs: number;
  /** controller.quorum.election.backoff.max.ms: cap of the election backoffs. */
  electionBackoffMaxMs: number;
  /** controller.quorum.append.linger.ms: the leader batches proposals this long before appending. */
  appendLingerMs: number;
  /** controller.quorum.request.timeout.ms: a request without answer is given up after this. */
  requestTimeoutMs: number;
  /** controller.quorum.retry.backoff.ms: wait before retrying after an error. */
  retryBackoffMs: number;
  /** metadata.max.idle.interval.ms: the active controller appends a NoOp this often (0: never). */
  metadataMaxIdleIntervalMs: number;
  /** KafkaRaftClient.MAX_FETCH_WAIT_MS: how long the leader parks a Fetch that finds nothing new. */
  fetchMaxWaitMs: number;
  /**
   * KIP-996 pre-vote, Kafka 4.0 (Vote v2): a voter that lost the leader first asks for pre-votes
   * (Prospective state) and bumps the epoch only when a majority would vote for it; a Candidate
   * whose election times out goes back to Prospective. false models Kafka 3.9: straight to
   * Candidate, with a binary exponential backoff between failed elections.
   */
  preVote: boolean;
  /** Simulator: most records in one Fetch response (Kafka caps bytes, MAX_FETCH_SIZE_BYTES). */
  maxRecordsPerFetch: number;
  /** Simulator: most records a log may hold (there are no snapshots to trim it). */
  maxLogRecords: number;
  /** Simulator: most proposals waiting for the linger to end. */
  maxPendingRecords: number;
}

export const DEFAULT_QUORUM_CONFIG: Readonly<QuorumConfig> = Object.freeze({
  electionTimeoutMs: 1000,
  fetchTimeoutMs: 2000,
  electionBackoffMaxMs: 1000,
  appendLingerMs: 25,
  requestTimeoutMs: 2000,
  retryBackoffMs: 20,
  metadataMaxIdleIntervalMs: 500,
  fetchMaxWaitMs: 500,
  preVote: true,
  maxRecordsPerFetch: 1000,
  maxLogRecords: 1_000_000,
  maxPendingRecords: 10_000,
});

/** KafkaRaftClient.RETRY_BACKOFF_BASE_MS: unit of the binary exponential election backoff (3.9). */
export const ELECTION_BACKOFF_BASE_MS = 100;

/** LeaderState.CHECK_QUORUM_TIMEOUT_FACTOR. */
export const CHECK_QUORUM_TIMEOUT_FACTOR = 1.5;

export function resolveQuorumConfig(input: Partial<QuorumConfig> = {}): QuorumConfig {
  const config: QuorumConfig = { ...DEFAULT_QUORUM_CONFIG, ...input };
  const durations: (keyof QuorumConfig)[] = [
    'electionTimeoutMs',
    'fetchTimeoutMs',
    'electionBackoffMaxMs',
    'appendLingerMs',
    'requestTimeoutMs',
    'retryBackoffMs',
    'metadataMaxIdleIntervalMs',
    'fetchMaxWaitMs',
  ];
  for (const key of durations) {
    const value = config[key] as number;
    if (!(Number.isSafeInteger(value) && value >= 0)) throw invalidArgument(`quorum ${key} must be an integer >= 0, got ${value}`);
  }
  for (const key of ['maxRecordsPerFetch', 'maxLogRecords', 'maxPendingRecords'] as const) {
    if (!(Number.isSafeInteger(config[key]) && config[key] > 0)) throw invalidArgument(`quorum ${key} must be a positive integer, got ${config[key]}`);
  }
  if (config.electionTimeoutMs === 0) throw invalidArgument('quorum electionTimeoutMs must be positive');
  if (config.fetchTimeoutMs === 0) throw invalidArgument('quorum fetchTimeoutMs must be positive');
  return config;
}
