// The library's scenarios (scenarios/*.json), loaded on demand so that they stay out of the
// initial bundle. A lesson names one, or carries its own inline.
import type { Lesson } from './format/types.ts';

const files = import.meta.glob<{ default: unknown }>('../../scenarios/*.json');

export function scenarioPath(name: string): string {
  return `../../scenarios/${name}.json`;
}

export async function loadLibraryScenario(name: string): Promise<unknown> {
  const load = files[scenarioPath(name)];
  if (!load) throw new Error(`no scenario "${name}" in scenarios/`);
  return (await load()).default;
}

export async function lessonScenario(lesson: Lesson): Promise<unknown> {
  return 'name' in lesson.scenario ? loadLibraryScenario(lesson.scenario.name) : lesson.scenario.inline;
}
