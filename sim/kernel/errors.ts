// Kernel failures are values with a code, so callers (the worker, the CLI, tests) can tell a
// broken limit from a programming mistake without parsing the message.

export type KernelErrorCode =
  /** An argument is out of its documented range (negative delay, probability above 1...). */
  | 'INVALID_ARGUMENT'
  /** The virtual clock was asked to go back. */
  | 'CLOCK_BACKWARDS'
  /** The event queue reached its size limit. */
  | 'QUEUE_FULL'
  /** More messages in flight than NetworkOptions.maxInFlight. */
  | 'MAX_IN_FLIGHT'
  /** runUntil ran more events than maxEventsPerRun. */
  | 'MAX_EVENTS_PER_RUN'
  /** A trace event holds something without one canonical serialisation. */
  | 'NOT_CANONICAL'
  /** A node id that was never added. */
  | 'UNKNOWN_NODE'
  /** The node is not in the state the call needs (restart of a running node...). */
  | 'NODE_STATE'
  /** An actor used the context of an incarnation that has crashed. */
  | 'STALE_CONTEXT';

export class KernelError extends Error {
  readonly code: KernelErrorCode;

  constructor(code: KernelErrorCode, message: string) {
    super(message);
    this.name = 'KernelError';
    this.code = code;
  }
}

export function invalidArgument(message: string): KernelError {
  return new KernelError('INVALID_ARGUMENT', message);
}

/** Non-negative finite duration, the only kind of delay the kernel accepts. */
export function checkDelayMs(what: string, delayMs: number): void {
  if (!(Number.isFinite(delayMs) && delayMs >= 0)) {
    throw invalidArgument(`${what} must be a finite number of ms >= 0, got ${delayMs}`);
  }
}
