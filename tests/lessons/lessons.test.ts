// Every lesson in lessons/ is valid, and every step's solution, played in order from the lesson's
// scenario, meets every goal of the step (the app's end-to-end test plays them again in Chromium).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLessons } from '../../src/lessons/vite-plugin.ts';
import { formatLessonError } from '../../src/lessons/format/index.ts';
import { playLesson } from './player.ts';

const root = new URL('../../', import.meta.url);
const loaded = readLessons(fileURLToPath(root));

describe('the lessons in lessons/', () => {
  it('are all valid', () => {
    expect(loaded.errors.map(formatLessonError)).toEqual([]);
  });

  for (const lesson of loaded.lessons) {
    it(`${lesson.file}: every step's solution meets its goals`, () => {
      for (const outcome of playLesson(lesson, root)) {
        const where = `${lesson.file}, step ${outcome.step} "${outcome.title}"`;
        expect(outcome.refused, `${where}: actions refused`).toEqual([]);
        outcome.statuses.forEach((status, i) => {
          const goal = lesson.steps[outcome.step - 1]!.goals[i]!;
          expect(status.met, `${where}: goal ${i + 1} not met: ${goal.text} ${JSON.stringify(goal.goal)} ${JSON.stringify(status.progress ?? {})}`).toBe(true);
        });
      }
    });
  }
});
