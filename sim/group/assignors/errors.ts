// Failures of the assignors are values with a code: the caller (the group leader in a classic
// group, the coordinator in a KIP-848 group) can tell bad input from a broken invariant without
// parsing the message. Every check runs before any work, so a thrown error leaves no partial result.

export type AssignorErrorCode =
  /** The strategy (partition.assignment.strategy / group.remote.assignor) is not one we know. */
  | 'UNKNOWN_STRATEGY'
  /** The input is not shaped as documented (missing array, duplicate member id...). */
  | 'INVALID_INPUT'
  /** A member subscribes to a topic that has no partition count in the input. */
  | 'UNKNOWN_TOPIC'
  /** A partition count or partition number is negative or not an integer. */
  | 'INVALID_PARTITION'
  /** The group is larger than the limits below. */
  | 'LIMIT_EXCEEDED'
  /** An assignor reached a state Kafka's own code treats as a bug (IllegalStateException). */
  | 'ASSIGNOR_BUG';

export class AssignorError extends Error {
  readonly code: AssignorErrorCode;

  constructor(code: AssignorErrorCode, message: string) {
    super(message);
    this.name = 'AssignorError';
    this.code = code;
  }
}

/** Limits, so that a runaway scenario fails with a clear message instead of freezing the tab. */
export const ASSIGNOR_LIMITS = {
  /** Members in one group. */
  maxMembers: 1_000,
  /** Partitions over all topics that some member subscribes to. */
  maxTotalPartitions: 10_000,
} as const;
