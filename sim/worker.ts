// The engine's face for the browser, exposed through comlink. One simulation lives in this
// dedicated worker. This is the only file in sim/ that reads real time: it paces virtual time
// against the wall clock at the chosen speed and pushes at most one frame (a snapshot plus the new
// trace events) per display frame to the subscriber. The pacing only decides *when* to advance;
// what happens is decided by the engine alone, so the trace does not depend on it.
import * as Comlink from 'comlink';
import { defaultScenario, parseScenario } from './index.ts';
import type { ActionResult, Simulation } from './api.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { TraceEvent } from './kernel/types.ts';
import type { Action } from './scenario/schema.ts';
import type { InspectQuery, InspectResult } from './inspect/types.ts';
import { frameSnapshot } from './snapshot-builder.ts';
import { GoalObserver } from './goals/observer.ts';
import type { Goal, GoalStatus } from './goals/index.ts';
import { VerdictObserver } from './compare/observer.ts';
import type { RunVerdict } from './compare/verdict.ts';
import { TimelineSession, type RecordedInput } from './timeline/session.ts';
import type { Marker } from './timeline/markers.ts';
import { TimelineDeltas, type SeriesDelta } from './timeline/deltas.ts';
import { FrameEncoder, type WireSnapshot } from './frame-delta.ts';
import { framePeriodMs } from './frame-rate.ts';
import { WRITE_ALL_AFTER_MS, WorkerStorage, type StorageStart, type StorageStartOptions, type StorageStatus } from './browser/opfs-storage.ts';
import type { SegmentFileQuery, SegmentFilesResult } from './browser/segment-files.ts';
import type { RecoveryReport } from './browser/recovery.ts';
import { EngineStateStore, type StoredEngineState } from './browser/state-store.ts';
import { NotCapturable } from './snapshot/codec.ts';
import { stateFits, type SnapshotPort } from './timeline/session.ts';
import { MAIN_WORKER_NAME } from './worker-name.ts';

export const SPEED_MIN = 0.1;
export const SPEED_MAX = 100;
/** Longest wall-clock gap turned into virtual time at once (a throttled tab must not leap ahead). */
const WALL_STEP_MS_MAX = 250;
/** Wall-clock time given to the checkpoint per idle slice, and the pause between slices. */
const CHECKPOINT_SLICE_MS = 8;
const CHECKPOINT_PAUSE_MS = 40;
/** Trace events carried by one frame; older new events are only counted, by type. */
const FRAME_EVENTS_MAX = 100;
/**
 * How often the session's engine state is captured for a reload (sim/snapshot): while playing, and
 * after the last change when paused. A reload replays only what came after the capture.
 */
const STATE_PLAYING_EVERY_MS = 5000;
const STATE_PAUSED_AFTER_MS = 500;
/**
 * While playing, only a capture this quick is made (about a frame period); a slower one (a large
 * cluster: ~0.3 s to capture and as long to store) would stall the animation, so it waits for a pause.
 */
const STATE_PLAYING_MAX_COST_MS = 60;
/** Rewind points (TimelineSession) are states kept in this worker's memory only: any build id does. */
const REWIND_BUILD = 'rewind-point';
/** A rewind point slower than this to capture stops them for the session (the animation would stall). */
const REWIND_POINT_MAX_COST_MS = 60;
/** At high speed, rewind points at least this far apart in wall time. */
const REWIND_POINT_MIN_WALL_MS = 2000;
/**
 * The engine build a captured state belongs to: the worker script's address, which has a content
 * hash in a built app. The dev server's address stays the same across edits, so it keeps none.
 */
const ENGINE_BUILD = typeof self === 'undefined' || self.location.search.includes('worker_file') ? null : self.location.pathname;

export interface EngineFrame {
  /** The cluster, with the partitions unchanged since the previous frame left out (decodeFrame). */
  snapshot: WireSnapshot;
  /** Trace events that happened since the previous frame, oldest first (the most recent ones). */
  events: TraceEvent[];
  /** New events not carried in `events` (fast-forward), counted by type; `''` when the type is unknown. */
  skipped: Record<string, number>;
  skippedTotal: number;
  playing: boolean;
  speed: number;
  /** Set when the engine threw: the simulation is stopped until the next load. */
  failure: EngineFailure | null;
  timeline: TimelineFrame;
  /** The watched lesson goals' statuses (watchGoals), or null. */
  goals: GoalStatus[] | null;
  /** Where the brokers' logs live (OPFS files or memory), and why memory if it fell back. */
  storage: StorageStatus;
  /** What the recovery of the previous run's logs found, in the first frame after it finished. */
  recovery: RecoveryReport | null;
}

/** The timeline's part of a frame: positions, and the markers and samples when they changed. */
export interface TimelineFrame {
  /** The furthest virtual time this branch of the session reached (the scrubber's end). */
  furthestMs: number;
  /** Engine events run since the start: step back needs at least one. */
  eventCount: number;
  /** Inputs recorded ahead of now after a rewind (applied again when time reaches them). */
  pendingInputs: number;
  /** The state moved back since the previous frame: the receiver starts its event log over. */
  rewound: boolean;
  /** The whole marker list when it changed since the previous frame, otherwise null. */
  markers: Marker[] | null;
  /** New samples: appended to what was sent, or the whole list when `reset`; null when none. */
  series: SeriesDelta | null;
  /** Wall-clock time the last replay took (a rewind or a step back), for the UI and the measures. */
  lastReplayWallMs: number | null;
}

export interface RewindResult {
  /** Virtual time reached. */
  timeMs: number;
  /** Wall-clock ms the replay took (0 when the target was ahead and the engine just ran forward). */
  wallMs: number;
}

export interface EngineFailure {
  /** English, for developers; the app shows its own text around it. */
  message: string;
  timeMs: number;
}

export interface ScenarioError {
  path: string;
  message: string;
}

export type LoadResult = { ok: true; seed: number } | { ok: false; errors: ScenarioError[] };
/** A restore's answer: with how it went, so that the page needs no second call. */
export type RestoreResult = { ok: true; seed: number; restoredFrom: RestoredFrom } | { ok: false; errors: ScenarioError[] };

export type FrameListener = (frame: EngineFrame) => void;

export interface RestoredFrom {
  /** Resumed from a captured engine state (sim/snapshot) rather than replayed from the start. */
  state: boolean;
  /** Virtual time of the state it resumed from (0 for a replay from the start). */
  fromMs: number;
  /** Wall time of the revive and the replay after it. */
  wallMs: number;
  /** Why the saved state was not used (null when it was). */
  skipped: string | null;
  /** Part of wallMs spent reviving the state (the rest runs on to the saved time). */
  reviveMs: number;
  /** How long the restore waited for the saved state to be read from IndexedDB (not in wallMs). */
  readWaitMs: number;
  /** How long opening the log storage took before it (recovering the logs the closed tab left). */
  storageStartMs: number;
}

/** What the main thread may call; every method resolves asynchronously over comlink. */
export interface EngineApi {
  /** Loads a scenario (any JSON value, validated here) or, without one, the default scenario. */
  load(scenario?: unknown): LoadResult;
  /**
   * Loads a scenario and replays recorded inputs at their exact positions (a session restored after
   * the worker failed), stopping paused at the last one. Inputs at or after `beforeMs` are left out.
   * With `untilMs` (a saved session), it stops at that time instead, later inputs waiting there.
   */
  restore(scenario: unknown, inputs: RecordedInput[], beforeMs?: number, untilMs?: number, speed?: number): Promise<RestoreResult>;
  /** Captures the engine state for a reload now (the page saves the session); false when it could not be. */
  saveState(): boolean;
  play(): void;
  pause(): void;
  /** Runs one event (pausing first); false when nothing is scheduled. */
  step(): boolean;
  /** Goes back to the state just before the last engine event (pausing first); false at the start. */
  stepBack(): boolean;
  /**
   * Moves to the virtual time `timeMs` (pausing first): back by replaying the session from the
   * start, forward by running. Inputs recorded after the target are kept and applied again when
   * time reaches them, until a new action starts a new branch.
   */
  rewind(timeMs: number): RewindResult;
  /** Clamped to [SPEED_MIN, SPEED_MAX]; returns the speed in effect. */
  setSpeed(speed: number): number;
  /** Runs `durationMs` of virtual time at once (one frame, no per-event frames); returns the new virtual time. */
  runFor(durationMs: number): number;
  /** Runs up to the virtual time `timeMs` (pausing first); returns the new virtual time. */
  runUntil(timeMs: number): number;
  apply(action: Action): ActionResult;
  /** The listener (wrapped in Comlink.proxy by the caller) replaces any previous one. */
  subscribe(listener: FrameListener): void;
  getSnapshot(): ClusterSnapshot;
  traceHash(): string;

  /** Inspectors: reads a replica's segments, a page of its records or a batch's bytes (sim/inspect). */
  inspect(query: InspectQuery): InspectResult;
  /** The inputs recorded on this branch, with their positions: with the scenario, the whole session. */
  inputs(): RecordedInput[];
  /** The simulation's virtual time right now (frames reach the page a little later). */
  nowMs(): number;
  /** Judges a lesson step's goals from now on (null: none); each frame then carries their statuses. */
  watchGoals(goals: Goal[] | null): void;
  /** Side by side: watch this run from its start for its verdict (call right after load). */
  watchVerdict(): void;
  /** The run's verdict so far (lost, duplicated, group pauses); null unless watchVerdict was called. */
  verdict(): RunVerdict | null;
  /**
   * Keeps the logs of the simulations loaded from now on in OPFS (call once, before load); first
   * recovers the logs a previous run left. Without it, or without OPFS, logs stay in memory.
   */
  startStorage(options?: StorageStartOptions): Promise<StorageStart>;
  /** Deletes the log directories of workers that have ended since this one started (after an import). */
  sweepStorage(): Promise<void>;
  /** A segment's .log, .index and .timeindex as stored, for download. */
  segmentFiles(query: SegmentFileQuery): SegmentFilesResult;
}

class EngineWorker implements EngineApi {
  #session: TimelineSession | null = null;
  #playing = false;
  #speed = 1;
  #failure: EngineFailure | null = null;
  #listener: FrameListener | null = null;

  #loopTimer: ReturnType<typeof setTimeout> | null = null;
  #lastWallMs = 0;
  /** Virtual time owed to the simulation below one millisecond; virtual time advances in whole ms. */
  #carryMs = 0;

  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #lastFlushWallMs = Number.NEGATIVE_INFINITY;
  #pushing = false;
  #dirty = false;
  /** Trace length already reported to the listener. */
  #reportedLength = 0;
  /** Sequence number of the last event sent (events are numbered from 1). */
  #lastSeq = 0;
  #lastSnapshot: ClusterSnapshot | null = null;
  #rewound = false;
  readonly #deltas = new TimelineDeltas();
  readonly #frames = new FrameEncoder();
  #goals: GoalObserver | null = null;
  #verdict: VerdictObserver | null = null;
  #lastReplayWallMs: number | null = null;
  #checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  /** A later write of the log tails still in memory, while no frame is due (paused). */
  #storageTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set when building a checkpoint threw: rewinds then always replay from the start. */
  #checkpointFailed = false;
  readonly #storage = new WorkerStorage(() => Date.now());
  #recoveryToSend: RecoveryReport | null = null;
  /** The page's main engine only (see the constructor): the session's state is kept for a reload. */
  #stateStore: EngineStateStore | null = null;
  #storedState: Promise<StoredEngineState | null> | null = null;
  #stateTimer: ReturnType<typeof setTimeout> | null = null;
  /** A capture refused once in this run has been reported (once is enough to look into it). */
  #captureProblemShown = false;
  /** Wall time the last capture took (with its copy into IndexedDB): slow ones wait for a pause. */
  #captureWallMs = 0;
  /** Position of the last capture, so that an unchanged session is not captured again. */
  #capturedAt = '';
  /** How long the last startStorage took (reported with the restore, for the bench). */
  #storageStartMs = 0;

  constructor() {
    // The page's main engine (src/engine/early-worker.ts) restores a saved session first thing:
    // its saved state is read while the page is still starting.
    if (typeof self !== 'undefined' && self.name === MAIN_WORKER_NAME) {
      this.#stateStore = new EngineStateStore();
      void this.#loadStoredState();
    }
  }

  /** Rewind points (TimelineSession): captured in this worker, for this worker only. */
  readonly #rewindPoints: SnapshotPort = {
    capture: (sim) => {
      const startedMs = performance.now();
      // A slow capture (a large cluster) is not made at all, and points are at least a few wall seconds apart.
      if (this.#rewindCaptureMs > REWIND_POINT_MAX_COST_MS || startedMs - this.#lastRewindPointWallMs < REWIND_POINT_MIN_WALL_MS) return null;
      this.#lastRewindPointWallMs = startedMs;
      try {
        const state = this.#storage.captureSimulation(sim, REWIND_BUILD);
        this.#rewindCaptureMs = performance.now() - startedMs;
        return state;
      } catch (error) {
        if (!(error instanceof NotCapturable)) console.warn('kafka-lab worker: capturing a rewind point failed', error);
        return null;
      }
    },
    revive: (state) => this.#storage.reviveSimulation(state, REWIND_BUILD),
  };
  #rewindCaptureMs = 0;
  #lastRewindPointWallMs = Number.NEGATIVE_INFINITY;

  get #sim(): Simulation | null {
    return this.#session?.sim ?? null;
  }

  load(scenario?: unknown): LoadResult {
    this.pause();
    let chosen = defaultScenario;
    if (scenario !== undefined) {
      const parsed = parseScenario(scenario);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      chosen = parsed.scenario;
    }
    this.#failure = null;
    this.#session = null;
    this.#goals = null;
    this.#verdict = null;
    this.#lastSnapshot = null;
    this.#reportedLength = 0;
    this.#lastSeq = 0;
    this.#deltas.reset();
    this.#lastReplayWallMs = null;
    this.#checkpointFailed = false;
    this.#capturedAt = '';
    this.#captureProblemShown = false;
    this.#rewindCaptureMs = 0;
    this.#lastRewindPointWallMs = Number.NEGATIVE_INFINITY;
    const session = this.#guard(() => new TimelineSession(chosen, (s) => this.#storage.createSimulation(s), this.#rewindPoints));
    this.#session = session;
    this.#rewound = true;
    this.#requestFlush();
    return { ok: true, seed: session.sim.seed };
  }

  async restore(scenario: unknown, inputs: RecordedInput[], beforeMs = Number.POSITIVE_INFINITY, untilMs = Number.POSITIVE_INFINITY, speed?: number): Promise<RestoreResult> {
    if (speed !== undefined) this.setSpeed(speed);
    const waitedMs = performance.now();
    const stored = await this.#loadStoredState();
    const readWaitMs = performance.now() - waitedMs;
    const loaded = this.load(scenario);
    if (!loaded.ok) return loaded;
    const session = this.#requireSession();
    const kept = inputs.filter((input) => input.timeMs < beforeMs);
    const startedMs = performance.now();
    const measures = { readWaitMs, storageStartMs: this.#storageStartMs };
    const resumed = this.#resumeFromState(stored, scenario, kept, untilMs);
    let restoredFrom: RestoredFrom;
    if (typeof resumed === 'string') {
      const replayed = this.#requireSession();
      this.#guard(() => replayed.restore(kept, untilMs));
      restoredFrom = { state: false, fromMs: 0, wallMs: performance.now() - startedMs, skipped: resumed, reviveMs: 0, ...measures };
    } else {
      restoredFrom = { state: true, fromMs: resumed.fromMs, wallMs: performance.now() - startedMs, skipped: null, reviveMs: resumed.reviveMs, ...measures };
    }
    this.#requestFlush();
    return { ...loaded, restoredFrom };
  }

  saveState(): boolean {
    // While playing, captures keep their own pace (a capture of a large cluster takes a while).
    if (this.#playing) {
      this.#scheduleStateCapture();
      return true;
    }
    if (this.#stateTimer !== null) clearTimeout(this.#stateTimer);
    this.#stateTimer = null;
    return this.#captureState();
  }

  /** Takes the stored state over when it belongs to this session; otherwise says why not (then it replays from the start). */
  #resumeFromState(stored: StoredEngineState | null, scenario: unknown, inputs: RecordedInput[], untilMs: number): { fromMs: number; reviveMs: number } | string {
    const session = this.#requireSession();
    if (ENGINE_BUILD === null) return 'no build id (dev server)';
    if (stored === null) return 'no saved state';
    if (stored.scenario !== JSON.stringify(session.scenario)) return 'another scenario';
    const state = stored.state;
    if (state.sim.build !== ENGINE_BUILD) return 'another engine build';
    if (!stateFits(state, inputs, untilMs)) return 'other inputs, or a later time';
    const startedMs = performance.now();
    let revivedMs = 0;
    try {
      const sim = this.#storage.reviveSimulation(state.sim, ENGINE_BUILD);
      revivedMs = performance.now() - startedMs;
      session.resume(state, sim, inputs, untilMs);
    } catch (error) {
      // The state is an optimisation: replaying gives the same run. Say why, and start over.
      console.warn('kafka-lab worker: resuming from the saved engine state failed; replaying instead', error);
      this.load(scenario);
      return `revive failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    return { fromMs: state.sim.timeMs, reviveMs: revivedMs };
  }

  #loadStoredState(): Promise<StoredEngineState | null> {
    if (this.#stateStore === null) return Promise.resolve(null);
    this.#storedState ??= this.#stateStore.load().catch((error: unknown) => {
      console.warn('kafka-lab worker: reading the saved engine state failed', error);
      return null;
    });
    return this.#storedState;
  }

  /** Captures the session's engine state for a reload, a little after changes (see STATE_*). */
  #scheduleStateCapture(): void {
    if (this.#stateStore === null || ENGINE_BUILD === null || this.#stateTimer !== null || this.#session === null || this.#failure) return;
    if (this.#playing && this.#captureWallMs > STATE_PLAYING_MAX_COST_MS) return;
    this.#stateTimer = setTimeout(
      () => {
        this.#stateTimer = null;
        if (this.#playing && this.#captureWallMs > STATE_PLAYING_MAX_COST_MS) return;
        this.#captureState();
      },
      this.#playing ? STATE_PLAYING_EVERY_MS : STATE_PAUSED_AFTER_MS,
    );
  }

  #captureState(): boolean {
    const session = this.#session;
    const store = this.#stateStore;
    if (session === null || store === null || ENGINE_BUILD === null || this.#failure) return false;
    const position = `${session.sim.eventCount()}:${session.sim.nowMs()}:${session.inputs.length}:${session.pendingInputs}`;
    if (position === this.#capturedAt) return true;
    let record: StoredEngineState;
    const startedMs = performance.now();
    try {
      record = { scenario: JSON.stringify(session.scenario), state: session.captureState((sim) => this.#storage.captureSimulation(sim, ENGINE_BUILD!)) };
    } catch (error) {
      // Something of this moment cannot be captured (see sim/snapshot): a later moment may be.
      if (!(error instanceof NotCapturable)) console.warn('kafka-lab worker: capturing the engine state failed', error);
      else if (!this.#captureProblemShown) console.info(`kafka-lab worker: the engine state could not be captured at ${session.sim.nowMs()} ms (${error.message}); a reload replays from an earlier capture`);
      this.#captureProblemShown = true;
      return false;
    }
    this.#capturedAt = position;
    // put() copies the record at once (counted in the capture's cost); the write itself finishes later.
    store.save(record).catch((error: unknown) => console.warn('kafka-lab worker: saving the engine state failed', error));
    this.#captureWallMs = performance.now() - startedMs;
    return true;
  }

  play(): void {
    this.#requireSim();
    if (this.#playing || this.#failure) return;
    this.#playing = true;
    this.#lastWallMs = performance.now();
    this.#carryMs = 0;
    this.#loopTimer = setTimeout(this.#tick, this.#frameMs);
    this.#requestFlush();
  }

  pause(): void {
    if (this.#loopTimer !== null) clearTimeout(this.#loopTimer);
    this.#loopTimer = null;
    if (!this.#playing) return;
    this.#playing = false;
    // Captured soon after the pause (a capture scheduled while playing may be seconds away).
    if (this.#stateTimer !== null) clearTimeout(this.#stateTimer);
    this.#stateTimer = null;
    this.#requestFlush();
  }

  step(): boolean {
    const session = this.#requireSession();
    this.pause();
    const ran = this.#guard(() => session.step());
    this.#requestFlush();
    return ran;
  }

  stepBack(): boolean {
    const session = this.#requireSession();
    this.pause();
    const startedMs = performance.now();
    const moved = this.#guard(() => session.stepBack());
    if (moved) this.#replayed(performance.now() - startedMs);
    return moved;
  }

  rewind(timeMs: number): RewindResult {
    const session = this.#requireSession();
    if (!Number.isFinite(timeMs)) throw new Error(`time must be a finite number, got ${timeMs}`);
    this.pause();
    const back = timeMs < session.sim.nowMs();
    const startedMs = performance.now();
    this.#guard(() => session.rewind(timeMs));
    const wallMs = back ? performance.now() - startedMs : 0;
    if (back) this.#replayed(wallMs);
    else this.#requestFlush();
    return { timeMs: session.sim.nowMs(), wallMs };
  }

  setSpeed(speed: number): number {
    if (!Number.isFinite(speed)) throw new Error(`speed must be a finite number, got ${speed}`);
    this.#speed = Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
    this.#requestFlush();
    return this.#speed;
  }

  runFor(durationMs: number): number {
    const sim = this.#requireSim();
    return this.runUntil(sim.nowMs() + durationMs);
  }

  runUntil(timeMs: number): number {
    const session = this.#requireSession();
    if (!Number.isFinite(timeMs)) throw new Error(`time must be a finite number, got ${timeMs}`);
    this.pause();
    if (timeMs > session.sim.nowMs()) this.#guard(() => session.runUntil(timeMs));
    this.#requestFlush();
    return session.sim.nowMs();
  }

  apply(action: Action): ActionResult {
    const session = this.#requireSession();
    const result = this.#guard(() => session.apply(action));
    this.#requestFlush();
    return result;
  }

  inputs(): RecordedInput[] {
    return this.#requireSession().inputs.map((input) => ({ ...input }));
  }

  subscribe(listener: FrameListener): void {
    this.#listener = listener;
    // A new subscriber starts from the current state, with the recent events for context.
    this.#reportedLength = 0;
    this.#lastSeq = 0;
    this.#deltas.reset();
    this.#frames.reset();
    this.#requestFlush();
  }

  getSnapshot(): ClusterSnapshot {
    return this.#requireSim().snapshot();
  }

  traceHash(): string {
    return this.#requireSim().traceHash();
  }

  // Inspectors (sim/inspect): a read, so it runs even after a failure and never flushes a frame.
  inspect(query: InspectQuery): InspectResult {
    return this.#requireSim().inspect(query);
  }

  nowMs(): number {
    return this.#requireSession().sim.nowMs();
  }

  watchGoals(goals: Goal[] | null): void {
    const session = this.#requireSession();
    if (this.#goals) session.removeObserver(this.#goals);
    this.#goals = goals === null || goals.length === 0 ? null : new GoalObserver(goals, session.sim.nowMs());
    if (this.#goals) session.addObserver(this.#goals);
    this.#requestFlush();
  }

  watchVerdict(): void {
    const session = this.#requireSession();
    if (this.#verdict) return;
    this.#verdict = new VerdictObserver();
    session.addObserver(this.#verdict);
  }

  verdict(): RunVerdict | null {
    const session = this.#requireSession();
    return this.#verdict?.verdict(session.sim) ?? null;
  }

  async startStorage(options: StorageStartOptions = {}): Promise<StorageStart> {
    const startedMs = performance.now();
    this.#storage.onRecovered = (report) => {
      this.#recoveryToSend = report;
      this.#requestFlush();
    };
    const started = await this.#storage.start(options);
    this.#storageStartMs = performance.now() - startedMs;
    return started;
  }

  async sweepStorage(): Promise<void> {
    await this.#storage.sweep();
    this.#syncStorage();
  }

  segmentFiles(query: SegmentFileQuery): SegmentFilesResult {
    return this.#storage.segmentFiles(this.#requireSim(), query);
  }

  /** Between frames: drops the logs of simulations the session let go, writes the others' to OPFS. */
  #syncStorage(all = false): void {
    this.#storage.retain(this.#session?.simulations ?? []);
    const sim = this.#sim;
    const modeBefore = this.#storage.status(sim).mode;
    this.#storage
      .flush({ all })
      .then((pending) => {
        // A write that failed while paused changes what the page must say: one more frame tells it.
        if (this.#sim === sim && this.#storage.status(sim).mode !== modeBefore) this.#requestFlush();
        if (pending && this.#storageTimer === null) {
          this.#storageTimer = setTimeout(() => {
            this.#storageTimer = null;
            this.#syncStorage(!this.#playing);
          }, WRITE_ALL_AFTER_MS);
        }
      })
      .catch((error: unknown) => console.error('kafka-lab worker: writing the logs failed', error));
  }

  /** After a replay: the next frame carries the recent events before the new position, and says so. */
  #replayed(wallMs: number): void {
    this.#lastReplayWallMs = wallMs;
    this.#rewound = true;
    const sim = this.#requireSim();
    const length = sim.snapshot().traceLength;
    this.#lastSeq = Math.max(0, length - FRAME_EVENTS_MAX);
    this.#reportedLength = this.#lastSeq;
    this.#requestFlush();
  }

  #tick = (): void => {
    this.#loopTimer = null;
    const session = this.#session;
    if (!this.#playing || session === null) return;
    const sim = session.sim;
    const startedMs = performance.now();
    this.#carryMs += Math.min(startedMs - this.#lastWallMs, WALL_STEP_MS_MAX) * this.#speed;
    this.#lastWallMs = startedMs;
    const wholeMs = Math.floor(this.#carryMs);
    if (wholeMs >= 1) {
      this.#carryMs -= wholeMs;
      try {
        this.#guard(() => session.runUntil(sim.nowMs() + wholeMs));
      } catch {
        // #guard recorded the failure and paused; the frame below reports it.
      }
    }
    this.#dirty = true;
    this.#flush();
    this.#scheduleCheckpoint();
    if (this.#playing) {
      const spentMs = performance.now() - startedMs;
      this.#loopTimer = setTimeout(this.#tick, Math.max(0, this.#frameMs - spentMs));
    }
  };

  /** The frame period for the cluster last sent (sim/frame-rate.ts). */
  get #frameMs(): number {
    return framePeriodMs(this.#lastSnapshot);
  }

  #requireSession(): TimelineSession {
    if (this.#session === null) throw new Error('no simulation loaded: call load() first');
    return this.#session;
  }

  #requireSim(): Simulation {
    return this.#requireSession().sim;
  }

  /** Runs engine code; if it throws, records the failure, stops playback and rethrows with context. */
  #guard<T>(run: () => T): T {
    if (this.#failure) throw new Error(`the simulation stopped after an error: ${this.#failure.message}`);
    try {
      return run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#failure = { message, timeMs: this.#sim?.nowMs() ?? 0 };
      this.pause();
      this.#requestFlush();
      throw new Error(`engine error: ${message}`, { cause: error });
    }
  }

  /** Builds the session's checkpoint in short slices of idle time (see TimelineSession.buildCheckpoint). */
  #scheduleCheckpoint(): void {
    if (this.#checkpointTimer !== null || this.#failure || this.#checkpointFailed || !this.#session?.checkpointBehind) return;
    this.#checkpointTimer = setTimeout(() => {
      this.#checkpointTimer = null;
      const session = this.#session;
      if (session === null || this.#failure) return;
      const startedMs = performance.now();
      try {
        while (session.checkpointBehind && performance.now() - startedMs < CHECKPOINT_SLICE_MS) session.buildCheckpoint(500);
      } catch (error) {
        // A checkpoint is an optimisation: without it rewinds replay from the start. Say why, once.
        console.warn('kafka-lab worker: the rewind checkpoint failed', error);
        this.#checkpointFailed = true;
        return;
      }
      this.#scheduleCheckpoint();
    }, CHECKPOINT_PAUSE_MS);
  }

  #requestFlush(): void {
    this.#scheduleCheckpoint();
    this.#dirty = true;
    if (this.#flushTimer !== null || this.#playing) return; // the loop flushes while playing
    const waitMs = Math.max(0, this.#lastFlushWallMs + this.#frameMs - performance.now());
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null;
      this.#flush();
    }, waitMs);
  }

  /** Sends one frame, unless the previous one has not been received yet (then it waits for it). */
  #flush(): void {
    this.#syncStorage();
    this.#scheduleStateCapture();
    const sim = this.#sim;
    const listener = this.#listener;
    if (!this.#dirty || sim === null || listener === null || this.#pushing) return;
    this.#dirty = false;
    this.#lastFlushWallMs = performance.now();
    const frame = this.#frame(sim);
    if (frame === null) return;
    this.#pushing = true;
    Promise.resolve(listener(frame))
      .catch((error: unknown) => {
        // The page may not have this frame: the next one goes whole.
        this.#frames.reset();
        console.error('kafka-lab worker: the frame listener failed', error);
      })
      .finally(() => {
        this.#pushing = false;
        if (this.#dirty) this.#requestFlush();
      });
  }

  #frame(sim: Simulation): EngineFrame | null {
    let snapshot: ClusterSnapshot;
    let fresh: TraceEvent[];
    try {
      snapshot = sim.snapshot();
      fresh = sim.traceEvents(this.#lastSeq).filter((event) => event.seq > this.#lastSeq);
    } catch (error) {
      // A snapshot that cannot be taken is a failure of the engine, reported like the others.
      const message = error instanceof Error ? error.message : String(error);
      this.#failure ??= { message: `snapshot: ${message}`, timeMs: sim.nowMs() };
      this.pause();
      if (this.#lastSnapshot === null) return null;
      snapshot = this.#lastSnapshot;
      fresh = [];
    }
    this.#lastSnapshot = snapshot;
    const newCount = Math.max(fresh.length, snapshot.traceLength - this.#reportedLength);
    this.#reportedLength = snapshot.traceLength;
    const last = fresh.at(-1);
    if (last) this.#lastSeq = last.seq;
    const events = fresh.slice(-FRAME_EVENTS_MAX);
    const skipped: Record<string, number> = {};
    for (const event of fresh.slice(0, fresh.length - events.length)) {
      skipped[event.type] = (skipped[event.type] ?? 0) + 1;
    }
    const unseen = newCount - fresh.length; // evicted from the engine's bounded buffer
    if (unseen > 0) skipped[''] = unseen;
    return {
      snapshot: this.#frames.encode(frameSnapshot(snapshot)),
      events,
      skipped,
      skippedTotal: newCount - events.length,
      playing: this.#playing,
      speed: this.#speed,
      failure: this.#failure,
      timeline: this.#timelineFrame(sim),
      goals: this.#goalStatuses(sim),
      storage: this.#storage.status(sim),
      recovery: this.#takeRecovery(),
    };
  }

  #takeRecovery(): RecoveryReport | null {
    const report = this.#recoveryToSend;
    this.#recoveryToSend = null;
    return report;
  }

  #goalStatuses(sim: Simulation): GoalStatus[] | null {
    if (this.#goals === null) return null;
    try {
      return this.#goals.evaluate(sim);
    } catch (error) {
      console.error('kafka-lab worker: evaluating the goals failed', error);
      return null;
    }
  }

  #timelineFrame(sim: Simulation): TimelineFrame {
    const session = this.#requireSession();
    const rewound = this.#rewound;
    this.#rewound = false;
    return {
      furthestMs: session.furthestMs,
      eventCount: sim.eventCount(),
      pendingInputs: session.pendingInputs,
      rewound,
      markers: this.#deltas.markers(session.markers),
      series: this.#deltas.series(session.series),
      lastReplayWallMs: this.#lastReplayWallMs,
    };
  }
}

Comlink.expose(new EngineWorker());
