// One seed of the randomized fault test: run the random scenario, check the replication
// invariants after every slice of virtual time, then judge the history against the final logs.
import { parseScenario } from '../scenario/parse.ts';
import { createSimulation } from '../simulation.ts';
import { InvariantChecker, type Violation } from './invariants.ts';
import type { HistoryReport } from './report.ts';
import type { ClusterSnapshot } from '../snapshot.ts';
import { DEFAULT_FAULT_SCHEDULE, FAULT_GROUP, randomFaultScenario, type FaultScheduleOptions } from './fault-schedule.ts';

export interface SoakResult {
  seed: number;
  ok: boolean;
  /** Acknowledged records lost (acks=all): must be zero. */
  lost: number;
  /** Acknowledged records the consumer group never processed (it commits after processing): must be zero. */
  groupMissed: number;
  violations: readonly Violation[];
  report: HistoryReport;
  /** Every action applied, for the replay command's reader. */
  faults: number;
  /** How to run this seed again, alone. */
  replay: string;
  error?: string;
}

const SLICE_MS = 100;
const GROUP_GRACE_MS = 60_000;

/** The group has committed every partition of the topic up to its high watermark. */
function groupCaughtUp(snapshot: ClusterSnapshot): boolean {
  const group = snapshot.groups.find((g) => g.groupId === FAULT_GROUP);
  if (!group) return true;
  return group.offsets.every((o) => o.topic.startsWith('__') || (o.committed >= 0 && o.committed >= o.endOffset));
}
const DIGEST_EVERY_SLICES = 10;

/**
 * At-least-once for the group: every acknowledged record processed by the end (the producer stops
 * before the end so that the group can catch up), none skipped.
 */
function groupMissed(report: HistoryReport): number {
  const group = report.groups[FAULT_GROUP];
  return group === undefined ? -1 : group.neverProcessed.count + group.notYetProcessed;
}

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
    // At-least-once is about eventually: the group may still be catching up (a follower cut off
    // holds the HW back until replica.lag.time.max.ms). It gets up to a minute more, checked alike.
    // One snapshot per slice serves both the invariants and the caught-up test.
    let snapshot = simulation.snapshot();
    for (let t = endMs + SLICE_MS, slice = 1; t <= endMs + GROUP_GRACE_MS && !groupCaughtUp(snapshot); t += SLICE_MS, slice++) {
      simulation.runUntil(t);
      snapshot = simulation.snapshot();
      checker.observe(snapshot, slice % DIGEST_EVERY_SLICES === 0 ? simulation.replicaDigests() : undefined);
    }
  } catch (error) {
    const report = simulation.check();
    return { seed, ok: false, lost: report.lost.count, groupMissed: groupMissed(report), violations: checker.violations, report, faults: parsed.scenario.schedule.length, replay, error: String(error) };
  }
  const report = simulation.check();
  const missed = groupMissed(report);
  const ok = report.lost.count === 0 && checker.count === 0 && missed === 0 && report.groupsClean;
  return { seed, ok, lost: report.lost.count, groupMissed: missed, violations: checker.violations, report, faults: parsed.scenario.schedule.length, replay };
}
