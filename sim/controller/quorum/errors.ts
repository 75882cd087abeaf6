// Failures of the quorum that are not protocol outcomes: a broken limit, or a broken Raft guarantee
// (a bug). Protocol outcomes are values (error names in responses, ProposeResult).

export type QuorumFailureCode = 'LOG_FULL' | 'PENDING_FULL' | 'SAFETY';

/** A broken limit or a broken Raft guarantee: a bug or a run that outgrew its limits, never a protocol outcome. */
export class QuorumFailure extends Error {
  constructor(
    readonly code: QuorumFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuorumFailure';
  }
}
