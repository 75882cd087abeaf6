// Errors of the checkers: misuse of their inputs, never a finding (findings go in the report).

export type CheckErrorCode = 'INVALID_HISTORY' | 'INVALID_LOG';

export class CheckError extends Error {
  constructor(
    readonly code: CheckErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CheckError';
  }
}
