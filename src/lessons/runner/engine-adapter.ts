// The lesson controller's view of the engine client: the few commands a lesson needs, with the
// virtual time asked of the worker (frames arrive a little later).
import type { EngineClient } from '../../engine/EngineClient.svelte.ts';
import type { LessonEngine } from './lesson-controller.svelte.ts';

export function lessonEngine(client: EngineClient): LessonEngine {
  return {
    async loadScenario(scenario) {
      await client.load(scenario);
      return client.failure === null;
    },
    apply: (action) => client.apply(action),
    async runFor(durationMs) {
      await client.runFor(durationMs);
    },
    async rewind(toMs) {
      await client.rewind(toMs);
    },
    nowMs: async () => (await client.nowMs()) ?? client.snapshot?.timeMs ?? 0,
    watchGoals: (goals) => client.watchGoals(goals),
  };
}
