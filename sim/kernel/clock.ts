// Virtual time. It only moves when the kernel runs an event or finishes a runUntil, and only
// forward: a clock that went back would let an effect precede its cause in the trace.
import { KernelError, invalidArgument } from './errors.ts';

export class VirtualClock {
  private current: number;

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw invalidArgument(`clock start must be finite, got ${startMs}`);
    this.current = startMs;
  }

  /** Milliseconds since the start of the simulation; may be fractional. */
  get nowMs(): number {
    return this.current;
  }

  advanceTo(timeMs: number): void {
    if (!Number.isFinite(timeMs)) throw invalidArgument(`clock cannot move to ${timeMs}`);
    if (timeMs < this.current) {
      throw new KernelError(
        'CLOCK_BACKWARDS',
        `virtual clock cannot go back from ${this.current} ms to ${timeMs} ms`,
      );
    }
    this.current = timeMs;
  }
}
