// A restored session that was inside a lesson already holds the lesson's scenario and everything
// the earlier steps did. Opening the lesson at its step would load the scenario again and replay
// the earlier steps' solutions on top; this wrapper lets that first preparation through without
// touching the engine (the load and the replays are skipped), and the step's goals are then
// watched from the restored moment on.
import type { ActionResult } from '../../sim/api.ts';
import type { LessonEngine } from '../lessons/runner/lesson-controller.svelte.ts';

export interface ResumeSource {
  /** The lesson a restored session was in; cleared here once its preparation went through. */
  resumeLesson: { id: string; step: number } | null;
}

export function resumableLessonEngine(inner: LessonEngine, source: ResumeSource): LessonEngine {
  /** Between the skipped load and the next goals watch: the earlier steps' solutions are skipped too. */
  let skipping = false;
  return {
    async loadScenario(scenario) {
      if (source.resumeLesson !== null) {
        source.resumeLesson = null;
        skipping = true;
        return true;
      }
      return inner.loadScenario(scenario);
    },
    async apply(action): Promise<ActionResult | undefined> {
      if (skipping) return { ok: true };
      return inner.apply(action);
    },
    async runFor(durationMs) {
      if (!skipping) await inner.runFor(durationMs);
    },
    rewind: (toMs) => inner.rewind(toMs),
    nowMs: () => inner.nowMs(),
    async watchGoals(goals) {
      // The preparation's first call (goals off) comes before the load; the one after the replays ends it.
      skipping = false;
      await inner.watchGoals(goals);
    },
  };
}
