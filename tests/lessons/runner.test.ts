// The lesson runner's lifecycle: opening a lesson asks for the scenario, goals met complete a step,
// reset and back ask for a rewind to the step's start, hints come one at a time.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { lessonRunnerMachine } from '../../src/lessons/runner/machine.ts';
import type { Lesson, LessonStep } from '../../src/lessons/format/index.ts';

const step = (number: number, goals: number, hints = 2): LessonStep => ({
  number,
  title: `Passo ${number}`,
  html: '',
  goals: Array.from({ length: goals }, () => ({ goal: { kind: 'time-elapsed', ms: 1 }, text: 'x' })),
  hints: Array.from({ length: hints }, (_, i) => `dica ${i}`),
  solution: [{ wait: 1 }],
  checkpoints: [],
  line: 1,
});

const lesson: Lesson = {
  id: 'exemplo',
  title: 'Exemplo',
  summary: '',
  theme: 'fundamentos',
  duration: 5,
  prerequisites: [],
  readMore: [],
  file: 'lessons/01-exemplo.md',
  order: 1,
  scenario: { name: 'primeiro-cluster' },
  introHtml: '',
  steps: [step(1, 2), step(2, 1), step(3, 0, 0)],
};

const met = { met: true };
const unmet = { met: false };

function started() {
  const actor = createActor(lessonRunnerMachine).start();
  actor.send({ type: 'OPEN', lesson, step: 1 });
  return actor;
}

describe('lessonRunnerMachine', () => {
  it('opens a lesson by asking for its scenario, and begins the step when the engine is ready', () => {
    const actor = started();
    expect(actor.getSnapshot().value).toBe('preparing');
    expect(actor.getSnapshot().context.preparation).toEqual({ kind: 'load', step: 1 });
    actor.send({ type: 'READY', startMs: 0 });
    expect(actor.getSnapshot().value).toEqual({ step: 'working' });
  });

  it('completes a step only when every goal is met at once, and keeps it completed', () => {
    const actor = started();
    actor.send({ type: 'READY', startMs: 0 });
    actor.send({ type: 'GOALS', statuses: [met, unmet] });
    expect(actor.getSnapshot().value).toEqual({ step: 'working' });
    actor.send({ type: 'GOALS', statuses: [met, met] });
    expect(actor.getSnapshot().value).toEqual({ step: 'done' });
    actor.send({ type: 'GOALS', statuses: [met, unmet] });
    expect(actor.getSnapshot().value).toEqual({ step: 'done' });
    expect(actor.getSnapshot().context.completed).toEqual([1]);
  });

  it('shows hints one at a time, up to the last', () => {
    const actor = started();
    actor.send({ type: 'READY', startMs: 0 });
    for (let i = 0; i < 5; i++) actor.send({ type: 'HINT' });
    expect(actor.getSnapshot().context.hintsShown).toBe(2);
  });

  it('goes on to the next step where the cluster is, and back by rewinding to the earlier step\'s start', () => {
    const actor = started();
    actor.send({ type: 'READY', startMs: 0 });
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().context).toMatchObject({ step: 2, preparation: { kind: 'continue' } });
    actor.send({ type: 'READY', startMs: 4200 });
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().context.preparation).toEqual({ kind: 'rewind', toMs: 4200 });
    actor.send({ type: 'READY', startMs: 4200 });
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().context).toMatchObject({ step: 1, preparation: { kind: 'rewind', toMs: 0 } });
  });

  it('marks a step without goals done at once, and finishes after the last step', () => {
    const actor = started();
    actor.send({ type: 'READY', startMs: 0 });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'READY', startMs: 1 });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'READY', startMs: 2 });
    expect(actor.getSnapshot().value).toEqual({ step: 'done' });
    expect(actor.getSnapshot().context.completed).toEqual([3]);
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().value).toBe('finished');
  });

  it('plays the solution and returns to working or done', () => {
    const actor = started();
    actor.send({ type: 'READY', startMs: 0 });
    actor.send({ type: 'SHOW_ME' });
    expect(actor.getSnapshot().value).toEqual({ step: 'showingSolution' });
    actor.send({ type: 'GOALS', statuses: [met, met] });
    actor.send({ type: 'SOLUTION_DONE' });
    expect(actor.getSnapshot().value).toEqual({ step: 'done' });
  });

  it('refuses a link to a step the lesson does not have', () => {
    const actor = createActor(lessonRunnerMachine).start();
    actor.send({ type: 'OPEN', lesson, step: 9 });
    expect(actor.getSnapshot().value).toBe('idle');
  });
});
