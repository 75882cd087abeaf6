// Plays a lesson's solutions in a headless simulation, step after step, and judges each step's
// goals the way the app's runner does: the goals of a step count from the moment it begins; its
// solution's actions are applied at the current virtual time and its waits let time run.
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenario } from '../../sim/index.ts';
import { GoalTracker, type GoalStatus } from '../../sim/goals/index.ts';
import type { Simulation } from '../../sim/api.ts';
import type { Lesson } from '../../src/lessons/format/index.ts';

export interface StepOutcome {
  step: number;
  title: string;
  statuses: GoalStatus[];
  /** Actions the engine refused, with its message. */
  refused: string[];
}

const SLICE_MS = 50;

export function lessonScenario(lesson: Lesson, root: URL): unknown {
  return 'name' in lesson.scenario ? JSON.parse(readFileSync(new URL(`scenarios/${lesson.scenario.name}.json`, root), 'utf8')) : lesson.scenario.inline;
}

export function playLesson(lesson: Lesson, root: URL): StepOutcome[] {
  const parsed = parseScenario(lessonScenario(lesson, root));
  if (!parsed.ok) throw new Error(`${lesson.file}: scenario: ${JSON.stringify(parsed.errors)}`);
  const sim = createSimulation(parsed.scenario);
  let lastSeq = 0;
  const outcomes: StepOutcome[] = [];
  for (const step of lesson.steps) {
    const tracker = new GoalTracker(
      step.goals.map((g) => g.goal),
      sim.nowMs(),
    );
    const refused: string[] = [];
    const feed = (): void => {
      const events = sim.traceEvents(lastSeq);
      if (events.length > 0 && events[0]!.seq !== lastSeq + 1) throw new Error(`${lesson.file} step ${step.number}: the trace buffer dropped events; play in smaller slices`);
      for (const event of events) tracker.observe(event);
      lastSeq = events.at(-1)?.seq ?? lastSeq;
    };
    for (const entry of step.solution) {
      if ('action' in entry) {
        const result = sim.apply(entry.action);
        if (result.ok) tracker.observeAction(sim.nowMs(), entry.action);
        else refused.push(`${entry.action.type}: ${result.error} ${result.message ?? ''}`);
        feed();
      } else {
        runFor(sim, entry.wait, feed);
      }
    }
    feed();
    outcomes.push({
      step: step.number,
      title: step.title,
      statuses: tracker.evaluate({ snapshot: sim.snapshot(), report: () => sim.check(), findRecords: (query) => sim.findRecords(query) }),
      refused,
    });
  }
  return outcomes;
}

function runFor(sim: Simulation, durationMs: number, feed: () => void): void {
  const end = sim.nowMs() + durationMs;
  while (sim.nowMs() < end) {
    sim.runUntil(Math.min(end, sim.nowMs() + SLICE_MS));
    feed();
  }
}
