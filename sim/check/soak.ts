// One seed of the randomized fault test: run the random scenario, check the replication
// invariants after every slice of virtual time, then judge the history against the final logs.
import { parseScenario } from '../scenario/parse.ts';
import { createSimulation } from '../simulation.ts';
import { InvariantChecker, type Violation } from './invariants.ts';
import type { HistoryReport } from './report.ts';
import { DEFAULT_FAULT_SCHEDULE, randomFaultScenario, type FaultScheduleOptions } from './fault-schedule.ts';

export interface SoakResult {
  seed: number;
  ok: boolean;
  /** Acknowledged records lost (acks=all): must be zero. */
  lost: number;
  violations: readonly Violation[];
  report: HistoryReport;
  /** Every action applied, for the replay command's reader. */
  faults: number;
  /** How to run this seed again, alone. */
  replay: string;
  error?: string;
}

const SLICE_MS = 100;
const DIGEST_EVERY_SLICES = 10;

export function runSoakSeed(seed: number, options: FaultScheduleOptions = DEFAULT_FAULT_SCHEDULE): SoakResult {
  const replay = `npm run soak -- --seed ${seed}`;
  const parsed = parseScenario(randomFaultScenario(seed, options));
  if (!parsed.ok) throw new Error(`seed ${seed}: the generated scenario is invalid: ${JSON.stringify(parsed.errors)}`);
  const simulation = createSimulation(parsed.scenario);
  const checker = new InvariantChecker();
  const endMs = options.faultWindowMs + options.settleMs;
  try {
    for (let t = SLICE_MS, slice = 1; t <= endMs; t += SLICE_MS, slice++) {
      simulation.runUntil(t);
      // Comparing replicas reads every log: once a second is enough to catch a divergence below the HW.
      checker.observe(simulation.snapshot(), slice % DIGEST_EVERY_SLICES === 0 ? simulation.replicaDigests() : undefined);
    }
  } catch (error) {
    const report = simulation.check();
    return { seed, ok: false, lost: report.lost.count, violations: checker.violations, report, faults: parsed.scenario.schedule.length, replay, error: String(error) };
  }
  const report = simulation.check();
  const ok = report.lost.count === 0 && checker.count === 0;
  return { seed, ok, lost: report.lost.count, violations: checker.violations, report, faults: parsed.scenario.schedule.length, replay };
}
