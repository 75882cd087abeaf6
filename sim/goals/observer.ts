// A lesson step's goals, watched over a timeline session: a replay starts the tracker over and
// feeds it the same events again (the engine is deterministic), so rewinding inside a step leaves
// the goals as they were at that moment.
import type { Simulation } from '../api.ts';
import type { TraceEvent } from '../kernel/types.ts';
import type { Action } from '../scenario/schema.ts';
import type { HistoryReport } from '../check/index.ts';
import type { TraceObserver } from '../timeline/session.ts';
import { GoalTracker, type GoalStatus } from './tracker.ts';
import type { Goal } from './schema.ts';

/** The history checker reads every log: asked at most this often (virtual ms) for goals that need it. */
const REPORT_EVERY_MS = 500;
const REPORT_KINDS = new Set(['acknowledged-records-lost', 'duplicates']);

export class GoalObserver implements TraceObserver {
  readonly goals: readonly Goal[];
  readonly startMs: number;
  #tracker: GoalTracker;
  #report: { atMs: number; report: HistoryReport } | null = null;
  readonly #needsReport: boolean;

  constructor(goals: readonly Goal[], startMs: number) {
    this.goals = goals;
    this.startMs = startMs;
    this.#tracker = new GoalTracker(goals, startMs);
    this.#needsReport = goals.some((goal) => REPORT_KINDS.has(goal.kind));
  }

  reset(): void {
    this.#tracker = new GoalTracker(this.goals, this.startMs);
    this.#report = null;
  }

  observe(event: TraceEvent): void {
    this.#tracker.observe(event);
  }

  input(timeMs: number, action: Action): void {
    this.#tracker.observeAction(timeMs, action);
  }

  evaluate(sim: Simulation): GoalStatus[] {
    const nowMs = sim.nowMs();
    return this.#tracker.evaluate({
      snapshot: sim.snapshot(),
      report: () => {
        if (!this.#needsReport) return sim.check();
        if (this.#report === null || Math.abs(nowMs - this.#report.atMs) >= REPORT_EVERY_MS) this.#report = { atMs: nowMs, report: sim.check() };
        return this.#report.report;
      },
      findRecords: (query) => sim.findRecords(query),
    });
  }
}
