import { describe, expect, test } from 'vitest';
import type { LessonEngine } from '../../src/lessons/runner/lesson-controller.svelte.ts';
import { resumableLessonEngine } from '../../src/session/lesson-resume.ts';

function recordingEngine(): LessonEngine & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async loadScenario() {
      calls.push('load');
      return true;
    },
    async apply(action) {
      calls.push(`apply ${action.type}`);
      return { ok: true };
    },
    async runFor(ms) {
      calls.push(`runFor ${ms}`);
    },
    async rewind(ms) {
      calls.push(`rewind ${ms}`);
    },
    async nowMs() {
      return 1234;
    },
    async watchGoals(goals) {
      calls.push(`watch ${goals === null ? 'none' : goals.length}`);
    },
  };
}

/** What LessonController.#prepare does for a link to step 3: goals off, load, the earlier solutions, the step's goals. */
async function prepareStep3(engine: LessonEngine): Promise<void> {
  await engine.watchGoals(null);
  await engine.loadScenario({});
  await engine.apply({ type: 'crash-broker', broker: 0 });
  await engine.runFor(2000);
  await engine.watchGoals([{ type: 'records-produced', topic: 'pedidos', atLeast: 1 } as never]);
}

describe('resumableLessonEngine', () => {
  test('resuming: the load and the earlier steps are skipped, the goals are watched', async () => {
    const inner = recordingEngine();
    const source = { resumeLesson: { id: 'x', step: 3 } as { id: string; step: number } | null };
    const engine = resumableLessonEngine(inner, source);
    await prepareStep3(engine);
    expect(inner.calls).toEqual(['watch none', 'watch 1']);
    expect(source.resumeLesson).toBeNull();
    // The next preparation (another lesson, a reset) reaches the engine whole.
    await prepareStep3(engine);
    expect(inner.calls.slice(2)).toEqual(['watch none', 'load', 'apply crash-broker', 'runFor 2000', 'watch 1']);
  });

  test('not resuming: everything goes through', async () => {
    const inner = recordingEngine();
    await prepareStep3(resumableLessonEngine(inner, { resumeLesson: null }));
    expect(inner.calls).toEqual(['watch none', 'load', 'apply crash-broker', 'runFor 2000', 'watch 1']);
  });
});
