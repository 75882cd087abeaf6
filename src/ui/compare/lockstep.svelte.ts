// One clock for two engines. Each worker runs its own simulation; this drives both to the same
// virtual times, one command at a time, so that side A and side B are always compared at the same
// instant and a fault applied from the page reaches both at the same virtual time. Playing is a
// loop of "advance both to t" steps paced by the screen's frames (requestAnimationFrame in the
// app, a fake in tests): advancing is the engines' business, when to advance is ours.
import type { ActionResult } from '../../../sim/api.ts';
import type { Action } from '../../../sim/scenario/schema.ts';

/** What the lockstep needs of an engine (EngineClient has it). */
export interface LockstepEngine {
  runUntil(timeMs: number): Promise<number | undefined>;
  /** Back to `timeMs` (the engine replays its inputs): the virtual time reached. */
  rewind(timeMs: number): Promise<number | undefined>;
  apply(action: Action): Promise<ActionResult | undefined>;
}

/** Calls back on the next frame with the frame's wall time in ms; answers a handle for cancel. */
export interface FrameScheduler {
  request(callback: (wallMs: number) => void): number;
  cancel(handle: number): void;
}

export const SPEEDS = [1, 2, 5, 10, 25, 50] as const;
/** Longest virtual step in one frame: a slow machine falls behind the chosen speed rather than freeze. */
export const STEP_MAX_MS = 1000;
/** The first frame of a play has no previous frame to measure from: it counts as one 60 Hz frame. */
const FIRST_FRAME_MS = 1000 / 60;

/** The next virtual time to advance both engines to, in whole ms, never past the end. */
export function nextTargetMs(nowMs: number, wallElapsedMs: number, speed: number, endMs: number, fast = false): number {
  const wanted = fast ? STEP_MAX_MS : Math.min(STEP_MAX_MS, Math.max(0, wallElapsedMs) * speed);
  return Math.min(endMs, nowMs + Math.max(1, Math.round(wanted)));
}

export class Lockstep {
  readonly #engines: readonly [LockstepEngine, LockstepEngine];
  readonly #frames: FrameScheduler;
  #queue: Promise<unknown> = Promise.resolve();
  #frame: number | null = null;
  #lastWallMs: number | null = null;

  #nowMs = $state(0);
  #endMs = $state(0);
  #playing = $state(false);
  /** Playing as fast as the engines go ("até o fim"), not at the chosen speed. */
  #fast = $state(false);
  #speed = $state<number>(2);
  /** The engines disagreed on the time they reached (one failed): the lockstep stops. */
  #broken = $state(false);
  /** Called after every step both engines took, with the common time. */
  onstep: ((nowMs: number) => void) | null = null;

  constructor(engines: readonly [LockstepEngine, LockstepEngine], frames: FrameScheduler, endMs: number) {
    this.#engines = engines;
    this.#frames = frames;
    this.#endMs = endMs;
  }

  get nowMs(): number {
    return this.#nowMs;
  }
  get endMs(): number {
    return this.#endMs;
  }
  get playing(): boolean {
    return this.#playing;
  }
  get fast(): boolean {
    return this.#fast;
  }
  get speed(): number {
    return this.#speed;
  }
  get broken(): boolean {
    return this.#broken;
  }
  get atEnd(): boolean {
    return this.#nowMs >= this.#endMs;
  }

  setSpeed(speed: number): void {
    if (Number.isFinite(speed) && speed > 0) this.#speed = speed;
  }

  play(): void {
    this.#start(false);
  }

  /** Both engines as fast as they go, up to the end. */
  runToEnd(): void {
    this.#start(true);
  }

  pause(): void {
    this.#playing = false;
    this.#fast = false;
    if (this.#frame !== null) this.#frames.cancel(this.#frame);
    this.#frame = null;
  }

  /** Pauses and advances both engines by `durationMs` (up to the end). */
  async advance(durationMs: number): Promise<void> {
    this.pause();
    await this.exclusive(() => this.#runBoth(Math.min(this.#endMs, this.#nowMs + durationMs)));
  }

  /**
   * Pauses and takes both engines back by `durationMs` (not before 0). Each replays its own inputs,
   * and both received the same faults at the same times, so they stay side by side.
   */
  async back(durationMs: number): Promise<void> {
    this.pause();
    await this.exclusive(async () => {
      const target = Math.max(0, this.#nowMs - durationMs);
      if (this.#broken || target >= this.#nowMs) return;
      const [a, b] = await Promise.all([this.#engines[0].rewind(target), this.#engines[1].rewind(target)]);
      this.#settle(a, b);
    });
  }

  /** Applies the same action to both engines at the same virtual time, between two steps. */
  async applyBoth(action: Action): Promise<[ActionResult | undefined, ActionResult | undefined]> {
    return this.exclusive(() => Promise.all([this.#engines[0].apply(action), this.#engines[1].apply(action)]));
  }

  /**
   * Runs `command` when no step is under way and no other command is: reading both verdicts
   * through here reads them at the same virtual time.
   */
  exclusive<T>(command: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(command);
    this.#queue = next.catch(() => undefined); // the caller sees the failure; the queue goes on
    return next;
  }

  /**
   * Back to time 0 after both engines were reloaded by `reload` (run in turn with the steps), which
   * may answer a new end time.
   */
  async reset(reload: () => Promise<number | void>): Promise<void> {
    this.pause();
    await this.exclusive(async () => {
      const endMs = await reload();
      this.#nowMs = 0;
      if (typeof endMs === 'number') this.#endMs = endMs;
      this.#broken = false;
    });
  }

  dispose(): void {
    this.pause();
    this.onstep = null;
  }

  #start(fast: boolean): void {
    if (this.#broken || this.atEnd) return;
    this.#fast = fast;
    if (this.#playing) return;
    this.#playing = true;
    this.#lastWallMs = null;
    this.#frame = this.#frames.request(this.#tick);
  }

  #tick = (wallMs: number): void => {
    this.#frame = null;
    if (!this.#playing) return;
    const elapsed = this.#lastWallMs === null ? FIRST_FRAME_MS : wallMs - this.#lastWallMs;
    this.#lastWallMs = wallMs;
    const target = nextTargetMs(this.#nowMs, elapsed, this.#speed, this.#endMs, this.#fast);
    // The next frame is asked for only once both engines are there: a slow step slows the clock
    // down instead of piling commands up in the workers.
    void this.exclusive(() => this.#runBoth(target)).finally(() => {
      if (!this.#playing) return;
      if (this.atEnd || this.#broken) this.pause();
      else this.#frame = this.#frames.request(this.#tick);
    });
  };

  async #runBoth(targetMs: number): Promise<void> {
    if (this.#broken || targetMs <= this.#nowMs) return;
    const [a, b] = await Promise.all([this.#engines[0].runUntil(targetMs), this.#engines[1].runUntil(targetMs)]);
    this.#settle(a, b);
  }

  /** Both engines reached `a` and `b`: the common time, or broken when they disagree (one failed). */
  #settle(a: number | undefined, b: number | undefined): void {
    if (a === undefined || b === undefined || a !== b) {
      this.#broken = true;
      this.pause();
      return;
    }
    this.#nowMs = a;
    this.onstep?.(a);
  }
}

/** The browser's frames. */
export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};
