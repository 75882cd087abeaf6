// The lesson runner's lifecycle, an xstate v5 machine. It does no I/O: entering `preparing` asks
// its controller (lesson-controller.svelte.ts) to bring the engine to the step's starting state —
// load the scenario and play the earlier steps' solutions, rewind, or just go on — and the
// controller answers READY. Goal statuses come from the engine in GOALS events.
import { assign, setup } from 'xstate';
import type { GoalStatus } from '../../../sim/goals/index.ts';
import type { Lesson } from '../format/types.ts';

/** What the controller must do with the engine before the step can begin. */
export type Preparation =
  /** Load the lesson's scenario, then play the solutions of steps 1..step-1 (a link straight to a step). */
  | { kind: 'load'; step: number }
  /** Rewind the engine to this virtual time (reset the step, or go back to an earlier one). */
  | { kind: 'rewind'; toMs: number }
  /** Nothing: the next step begins where the cluster is. */
  | { kind: 'continue' };

export interface RunnerContext {
  lesson: Lesson | null;
  /** 1-based step number. */
  step: number;
  preparation: Preparation;
  /** Virtual time at which each step began (index = step − 1), for reset and back. */
  stepStartsMs: number[];
  statuses: GoalStatus[];
  hintsShown: number;
  /** Steps completed in this session (all goals met at once). */
  completed: number[];
  /** Per step, the checkpoint choice picked (index), by checkpoint index. */
  answers: Record<number, Record<number, number>>;
}

export type RunnerEvent =
  | { type: 'OPEN'; lesson: Lesson; step: number }
  | { type: 'READY'; startMs: number }
  | { type: 'GOALS'; statuses: GoalStatus[] }
  | { type: 'HINT' }
  | { type: 'SHOW_ME' }
  | { type: 'SOLUTION_DONE' }
  | { type: 'RESET' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'ANSWER'; checkpoint: number; choice: number }
  | { type: 'EXIT' };

const allMet = (statuses: GoalStatus[], expected: number): boolean => statuses.length === expected && statuses.every((s) => s.met);

export const lessonRunnerMachine = setup({
  types: {
    context: {} as RunnerContext,
    events: {} as RunnerEvent,
  },
  guards: {
    goalsMet: ({ context, event }) => event.type === 'GOALS' && allMet(event.statuses, context.lesson?.steps[context.step - 1]?.goals.length ?? -1),
    hasNext: ({ context }) => context.lesson !== null && context.step < context.lesson.steps.length,
    hasPrevious: ({ context }) => context.step > 1,
    validStep: ({ event }) => event.type === 'OPEN' && Number.isInteger(event.step) && event.step >= 1 && event.step <= event.lesson.steps.length,
  },
  actions: {
    open: assign(({ event }) => {
      if (event.type !== 'OPEN') return {};
      return { lesson: event.lesson, step: event.step, preparation: { kind: 'load', step: event.step } as Preparation, stepStartsMs: [], statuses: [], hintsShown: 0, completed: [], answers: {} };
    }),
    begin: assign(({ context, event }) => {
      if (event.type !== 'READY') return {};
      const stepStartsMs = context.stepStartsMs.slice(0, context.step - 1);
      stepStartsMs[context.step - 1] = event.startMs;
      return { stepStartsMs, statuses: [], hintsShown: 0 };
    }),
    storeStatuses: assign(({ event }) => (event.type === 'GOALS' ? { statuses: event.statuses } : {})),
    markCompleted: assign(({ context }) => ({ completed: context.completed.includes(context.step) ? context.completed : [...context.completed, context.step].sort((a, b) => a - b) })),
    showHint: assign(({ context }) => ({ hintsShown: Math.min(context.hintsShown + 1, context.lesson?.steps[context.step - 1]?.hints.length ?? 0) })),
    prepareReset: assign(({ context }) => ({ preparation: { kind: 'rewind', toMs: context.stepStartsMs[context.step - 1] ?? 0 } as Preparation })),
    prepareNext: assign(({ context }) => ({ step: context.step + 1, preparation: { kind: 'continue' } as Preparation })),
    prepareBack: assign(({ context }) => ({ step: context.step - 1, preparation: { kind: 'rewind', toMs: context.stepStartsMs[context.step - 2] ?? 0 } as Preparation })),
    answer: assign(({ context, event }) => {
      if (event.type !== 'ANSWER') return {};
      return { answers: { ...context.answers, [context.step]: { ...context.answers[context.step], [event.checkpoint]: event.choice } } };
    }),
    clear: assign({ lesson: null, step: 1, statuses: [], hintsShown: 0, stepStartsMs: [] }),
  },
}).createMachine({
  id: 'lesson-runner',
  initial: 'idle',
  context: { lesson: null, step: 1, preparation: { kind: 'continue' }, stepStartsMs: [], statuses: [], hintsShown: 0, completed: [], answers: {} },
  on: {
    OPEN: { guard: 'validStep', target: '.preparing', actions: 'open' },
    EXIT: { target: '.idle', actions: 'clear' },
  },
  states: {
    /** No lesson: the free mode (sandbox). */
    idle: {},
    preparing: {
      on: { READY: { target: 'step', actions: 'begin' } },
    },
    step: {
      initial: 'working',
      on: {
        HINT: { actions: 'showHint' },
        ANSWER: { actions: 'answer' },
        RESET: { target: 'preparing', actions: 'prepareReset' },
        NEXT: [{ guard: 'hasNext', target: 'preparing', actions: 'prepareNext' }, { target: 'finished' }],
        BACK: { guard: 'hasPrevious', target: 'preparing', actions: 'prepareBack' },
      },
      states: {
        working: {
          always: { guard: ({ context }) => !((context.lesson?.steps[context.step - 1]?.goals.length ?? 0) > 0), target: 'done', actions: 'markCompleted' },
          on: {
            GOALS: [{ guard: 'goalsMet', target: 'done', actions: ['storeStatuses', 'markCompleted'] }, { actions: 'storeStatuses' }],
            SHOW_ME: { target: 'showingSolution' },
          },
        },
        showingSolution: {
          on: {
            GOALS: [{ guard: 'goalsMet', actions: ['storeStatuses', 'markCompleted'] }, { actions: 'storeStatuses' }],
            SOLUTION_DONE: [{ guard: ({ context }) => context.completed.includes(context.step), target: 'done' }, { target: 'working' }],
          },
        },
        /** Every goal met at once: the step stays done even if the cluster moves on. */
        done: {
          on: { GOALS: { actions: 'storeStatuses' } },
        },
      },
    },
    /** After the last step. */
    finished: {
      // Back from the end: the last step again, from its start.
      on: { BACK: { target: 'preparing', actions: 'prepareReset' } },
    },
  },
});
