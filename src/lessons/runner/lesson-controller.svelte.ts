// Runs a lesson against the engine: drives the runner machine, brings the engine to each step's
// starting state (load, replay the earlier steps' solutions, rewind), asks the engine to judge the
// step's goals, plays "show me", and keeps the student's progress and the page address in step.
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { GoalStatus, Goal } from '../../../sim/goals/index.ts';
import type { ActionResult } from '../../../sim/api.ts';
import type { Action } from '../../../sim/scenario/schema.ts';
import type { Lesson, SolutionEntry } from '../format/index.ts';
import { lessonRunnerMachine, type Preparation } from './machine.ts';
import { loadStoredProgress, mergeProgress, parseProgress, recordStep, serializeProgress, storeProgress, type ImportResult, type Progress } from './progress.ts';

/** What the controller needs from the engine (EngineClient implements it). */
export interface LessonEngine {
  /** Loads a scenario paused at time 0; false when it could not. */
  loadScenario(scenario: unknown): Promise<boolean>;
  apply(action: Action): Promise<ActionResult | undefined>;
  /** Runs virtual time on (paused afterwards). */
  runFor(durationMs: number): Promise<void>;
  /** Back to an earlier virtual time: the engine replays the session up to it. */
  rewind(toMs: number): Promise<void>;
  nowMs(): Promise<number>;
  /** Judges these goals from now on (null: none); statuses come back through onGoals. */
  watchGoals(goals: Goal[] | null): Promise<void>;
}

export type RunnerSnapshot = SnapshotFrom<typeof lessonRunnerMachine>;

export class LessonController {
  readonly #engine: LessonEngine;
  readonly #storage: Storage | null;
  readonly #loadScenario: (lesson: Lesson) => Promise<unknown>;
  readonly #actor: Actor<typeof lessonRunnerMachine>;
  #state = $state.raw<RunnerSnapshot>(undefined as unknown as RunnerSnapshot);
  #progress = $state.raw<Progress>(undefined as unknown as Progress);
  #busy = $state(false);
  #error = $state<string | null>(null);

  constructor(engine: LessonEngine, storage: Storage | null, loadScenario: (lesson: Lesson) => Promise<unknown>) {
    this.#engine = engine;
    this.#storage = storage;
    this.#loadScenario = loadScenario;
    this.#progress = loadStoredProgress(storage);
    this.#actor = createActor(lessonRunnerMachine);
    this.#state = this.#actor.getSnapshot();
    let previous: RunnerSnapshot | null = null;
    this.#actor.subscribe((snapshot) => {
      this.#state = snapshot;
      const entered = (value: string) => snapshot.matches(value as never) && !(previous?.matches(value as never) ?? false);
      const preparing = snapshot.matches('preparing') && (previous === null || !previous.matches('preparing') || previous.context.step !== snapshot.context.step || previous.context.preparation !== snapshot.context.preparation);
      previous = snapshot;
      this.#remember(snapshot);
      if (preparing) void this.#prepare(snapshot.context.preparation);
      if (entered('finished')) void this.#engine.watchGoals(null);
      if (entered('idle')) void this.#engine.watchGoals(null);
    });
    this.#actor.start();
  }

  get state(): RunnerSnapshot {
    return this.#state;
  }
  get progress(): Progress {
    return this.#progress;
  }
  /** The engine is being brought to a step's start, or "show me" is playing. */
  get busy(): boolean {
    return this.#busy;
  }
  /** English detail of the last failure (the panel shows its own Portuguese text). */
  get error(): string | null {
    return this.#error;
  }

  open(lesson: Lesson, step = 1): boolean {
    this.#actor.send({ type: 'OPEN', lesson, step });
    return !this.#actor.getSnapshot().matches('idle');
  }
  exit(): void {
    this.#actor.send({ type: 'EXIT' });
  }
  next(): void {
    this.#actor.send({ type: 'NEXT' });
  }
  back(): void {
    this.#actor.send({ type: 'BACK' });
  }
  reset(): void {
    this.#actor.send({ type: 'RESET' });
  }
  hint(): void {
    this.#actor.send({ type: 'HINT' });
  }
  answer(checkpoint: number, choice: number): void {
    this.#actor.send({ type: 'ANSWER', checkpoint, choice });
  }
  /** The engine's judgement of the current step's goals. */
  receiveGoals(statuses: GoalStatus[]): void {
    this.#actor.send({ type: 'GOALS', statuses });
  }

  async showMe(): Promise<void> {
    const { lesson, step } = this.#actor.getSnapshot().context;
    const solution = lesson?.steps[step - 1]?.solution;
    if (!solution || this.#busy) return;
    this.#actor.send({ type: 'SHOW_ME' });
    await this.#guarded(() => this.#play(solution));
    this.#actor.send({ type: 'SOLUTION_DONE' });
  }

  /** Watches the current step's goals again (a session for this very step was brought into a new run). */
  async rewatchGoals(): Promise<void> {
    const { lesson, step } = this.#actor.getSnapshot().context;
    if (!lesson) return;
    const goals = lesson.steps[step - 1]?.goals.map((g) => g.goal) ?? [];
    await this.#guarded(() => this.#engine.watchGoals(goals.length > 0 ? goals : null));
  }

  exportProgress(): string {
    return serializeProgress(this.#progress);
  }

  /** Joins an exported file into the current progress; a bad file changes nothing. */
  importProgress(text: string): ImportResult {
    const parsed = parseProgress(text);
    if (parsed.ok) {
      this.#progress = mergeProgress(this.#progress, parsed.progress);
      storeProgress(this.#storage, this.#progress);
    }
    return parsed;
  }

  dispose(): void {
    this.#actor.stop();
  }

  async #prepare(preparation: Preparation): Promise<void> {
    await this.#guarded(async () => {
      const { lesson, step } = this.#actor.getSnapshot().context;
      if (!lesson) return;
      await this.#engine.watchGoals(null);
      if (preparation.kind === 'load') {
        const loaded = await this.#engine.loadScenario(await this.#loadScenario(lesson));
        if (!loaded) throw new Error(`the scenario of ${lesson.id} did not load`);
        // A link straight to step n: the earlier steps are played as their solutions say.
        for (const earlier of lesson.steps.slice(0, preparation.step - 1)) await this.#play(earlier.solution);
      } else if (preparation.kind === 'rewind') {
        await this.#engine.rewind(preparation.toMs);
      }
      const goals = lesson.steps[step - 1]?.goals.map((g) => g.goal) ?? [];
      await this.#engine.watchGoals(goals.length > 0 ? goals : null);
    });
    // Even after a failure the step begins, so that "reset the step" can try again (the panel says what failed).
    this.#actor.send({ type: 'READY', startMs: await this.#engine.nowMs() });
  }

  async #play(solution: SolutionEntry[]): Promise<void> {
    for (const entry of solution) {
      if ('action' in entry) {
        const result = await this.#engine.apply(entry.action);
        if (result && !result.ok) console.warn(`kafka-lab: solution action ${entry.action.type} refused: ${result.error} ${result.message ?? ''}`);
      } else {
        await this.#engine.runFor(entry.wait);
      }
    }
  }

  async #guarded(run: () => Promise<void>): Promise<boolean> {
    this.#busy = true;
    this.#error = null;
    try {
      await run();
      return true;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      console.warn(`kafka-lab: lesson runner: ${this.#error}`);
      return false;
    } finally {
      this.#busy = false;
    }
  }

  #remember(snapshot: RunnerSnapshot): void {
    const { lesson, step, completed, answers } = snapshot.context;
    if (!lesson) return;
    const stringAnswers = Object.fromEntries(Object.entries(answers).map(([s, byCheckpoint]) => [s, Object.fromEntries(Object.entries(byCheckpoint).map(([c, v]) => [c, v]))]));
    const next = recordStep(this.#progress, lesson.id, { completed, currentStep: step, answers: stringAnswers, finished: snapshot.matches('finished') });
    if (JSON.stringify(next) === JSON.stringify(this.#progress)) return;
    this.#progress = next;
    storeProgress(this.#storage, next);
  }
}
