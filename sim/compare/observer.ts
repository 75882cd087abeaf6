// One side of a comparison, watched over its timeline session: the ownership tracker sees the
// whole trace (from scratch again after a replay), and the verdict adds the history checker's report.
import type { Simulation } from '../api.ts';
import type { TraceEvent } from '../kernel/types.ts';
import type { TraceObserver } from '../timeline/session.ts';
import { OwnershipTracker } from './ownership.ts';
import { runVerdict, type RunVerdict } from './verdict.ts';

export class VerdictObserver implements TraceObserver {
  #ownership = new OwnershipTracker();

  reset(): void {
    this.#ownership = new OwnershipTracker();
  }

  observe(event: TraceEvent): void {
    this.#ownership.observe(event);
  }

  input(): void {}

  verdict(sim: Simulation): RunVerdict {
    const nowMs = sim.nowMs();
    return runVerdict(nowMs, sim.check(), this.#ownership.pauses(nowMs));
  }
}
