// The main thread's handle on the simulation worker: one typed API over comlink, and the latest
// frame the worker pushed, kept as reactive state. What the worker sends is replaced whole.
import * as Comlink from 'comlink';
import type { ActionResult } from '../../sim/api.ts';
import type { FrameSnapshot } from '../../sim/snapshot.ts';
import { decodeFrame } from '../../sim/frame-delta.ts';
import type { TraceEvent } from '../../sim/kernel/types.ts';
import type { Action } from '../../sim/scenario/schema.ts';
import type { InspectQuery, InspectResult } from '../../sim/inspect/types.ts';
import type { Goal, GoalStatus } from '../../sim/goals/index.ts';
import type { RunVerdict } from '../../sim/compare/verdict.ts';
import type { EngineApi, EngineFrame, RestoredFrom, RewindResult, ScenarioError } from '../../sim/worker.ts';
import type { RecordedInput } from '../../sim/timeline/session.ts';
import type { Marker } from '../../sim/timeline/markers.ts';
import { SAMPLES_MAX, type SeriesSample } from '../../sim/timeline/series.ts';
import type { StorageStart, StorageStartOptions, StorageStatus } from '../../sim/browser/storage-status.ts';
import type { RecoveryReport } from '../../sim/browser/recovery.ts';
import { spawnEngineWorker, takeEarlyWorker, type EarlyWorker } from './early-worker.ts';
import type { SegmentFileQuery, SegmentFilesResult } from '../../sim/browser/segment-files.ts';

/** How many entries the event log keeps (the filters look through all of them). */
export const EVENT_LOG_SIZE = 500;

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

export type LogEntry =
  | { kind: 'event'; key: string; event: TraceEvent }
  /** Events that happened in fast-forward and were only counted. */
  | { kind: 'skipped'; key: string; count: number; timeMs: number };

export type EngineFailure =
  | { kind: 'worker'; detail: string }
  /** timeMs: the virtual time the engine stopped at, when it said (a restart replays what came before). */
  | { kind: 'engine'; detail: string; timeMs?: number }
  | { kind: 'scenario'; detail: string; errors: ScenarioError[] };

export type ResumeResult = { ok: true; engineWallMs: number } | { ok: false; detail: string };

/** After an import replaced the worker: when the ended worker's lock on its log directory is surely gone. */
const SWEEP_AFTER_MS = 2000;

/** A worker started ahead of its use (EngineClient.prepare). */
interface PreparedWorker {
  worker: Worker;
  api: Comlink.Remote<EngineApi>;
  /** Rejects when the worker script fails to load or throws at top level. */
  crashed: Promise<never>;
  /** Its startStorage answer (the main engine), begun at once; null for an engine without files. */
  storage: Promise<StorageStart> | null;
}

export interface EngineClientOptions {
  /** Keep the brokers' logs in OPFS (the main engine); side-by-side engines stay in memory. */
  fileStorage?: boolean;
}

export class EngineClient {
  #worker: Worker | null = null;
  #api: Comlink.Remote<EngineApi> | null = null;
  readonly #fileStorage: boolean;

  constructor(options: EngineClientOptions = {}) {
    this.#fileStorage = options.fileStorage ?? false;
  }

  #prepared: PreparedWorker | null = null;

  /**
   * Starts the worker (and opens its log storage) ahead of start() or resume(), which take it over:
   * its script loads and compiles while the page starts and looks for a saved session.
   */
  prepare(): void {
    if (this.#prepared !== null) return;
    try {
      this.#prepared = this.#spawn(this.#fileStorage ? takeEarlyWorker() : null);
    } catch {
      // start() or resume() will try again and report the failure.
    }
  }

  #takeWorker(): PreparedWorker {
    const prepared = this.#prepared;
    this.#prepared = null;
    return prepared ?? this.#spawn();
  }

  #spawn(early: EarlyWorker | null = null): PreparedWorker {
    const { worker, crashed } = early ?? spawnEngineWorker(this.#fileStorage);
    const api = Comlink.wrap<EngineApi>(worker);
    const storage = this.#fileStorage ? Promise.race([api.startStorage(storageTestHooks()), crashed]) : null;
    storage?.catch(() => undefined);
    return { worker, api, crashed, storage };
  }

  #storage = $state.raw<StorageStatus | null>(null);
  #recovery = $state.raw<RecoveryReport | null>(null);
  /** Where the logs live (from the latest frame); null before the first. */
  get storage(): StorageStatus | null {
    return this.#storage;
  }
  /** What the recovery of the previous run's logs found, when there were any. */
  get recovery(): RecoveryReport | null {
    return this.#recovery;
  }

  /** A segment's three files, for download; undefined when the worker could not answer. */
  async segmentFiles(query: SegmentFileQuery): Promise<SegmentFilesResult | undefined> {
    const api = this.#api;
    if (!api) return undefined;
    try {
      return await api.segmentFiles(query);
    } catch (error) {
      console.warn(`kafka-lab: segmentFiles failed: ${describe(error)}`);
      return undefined;
    }
  }

  #snapshot = $state.raw<FrameSnapshot | null>(null);
  #log = $state.raw<LogEntry[]>([]);
  #playing = $state(false);
  #speed = $state(1);
  #failure = $state.raw<EngineFailure | null>(null);
  #markers = $state.raw<Marker[]>([]);
  #samples = $state.raw<SeriesSample[]>([]);
  #furthestMs = $state(0);
  #eventCount = $state(0);
  #pendingInputs = $state(0);
  #lastReplayWallMs = $state<number | null>(null);
  /** A rewind or step back is replaying the session in the worker. */
  #rewinding = $state(false);

  get snapshot(): FrameSnapshot | null {
    return this.#snapshot;
  }
  /** Most recent first. */
  get log(): LogEntry[] {
    return this.#log;
  }
  get playing(): boolean {
    return this.#playing;
  }
  get speed(): number {
    return this.#speed;
  }
  get failure(): EngineFailure | null {
    return this.#failure;
  }
  /** Faults, elections and rebalances of the whole run, oldest first. */
  get markers(): Marker[] {
    return this.#markers;
  }
  /** Chart samples, oldest first. */
  get samples(): SeriesSample[] {
    return this.#samples;
  }
  /** The furthest virtual time this branch of the session reached. */
  get furthestMs(): number {
    return this.#furthestMs;
  }
  get eventCount(): number {
    return this.#eventCount;
  }
  get pendingInputs(): number {
    return this.#pendingInputs;
  }
  get lastReplayWallMs(): number | null {
    return this.#lastReplayWallMs;
  }
  /** A replay is running in the worker (a rewind, a step back, or a session being restored): controls wait. */
  get rewinding(): boolean {
    return this.#rewinding || this.#restoring;
  }
  /** A saved or shared session is being replayed; the picture shown may be the saved one. */
  get restoring(): boolean {
    return this.#restoring;
  }
  /** The scenario last loaded (undefined: the default one). */
  get scenario(): unknown {
    return this.#scenario;
  }
  /** The inputs recorded on this run, as last copied from the worker. */
  get recorded(): RecordedInput[] {
    return this.#recorded;
  }

  #goals = $state.raw<GoalStatus[] | null>(null);
  /** The watched lesson goals' statuses, as the engine judged them in the latest frame. */
  get goals(): GoalStatus[] | null {
    return this.#goals;
  }

  async watchGoals(goals: Goal[] | null): Promise<void> {
    this.#goals = null;
    await this.#call((api) => api.watchGoals(goals));
  }

  /** The worker's virtual time now (the latest frame may be a little behind). */
  async nowMs(): Promise<number | undefined> {
    return this.#call((api) => api.nowMs());
  }

  async watchVerdict(): Promise<void> {
    await this.#call((api) => api.watchVerdict());
  }

  async verdict(): Promise<RunVerdict | null | undefined> {
    return this.#call((api) => api.verdict());
  }

  /** Starts the worker, subscribes to its frames and loads a scenario (the default one without). */
  async start(scenario?: unknown, restore?: { inputs: RecordedInput[]; beforeMs?: number }): Promise<void> {
    this.#scenario = scenario;
    this.#recorded = restore?.inputs ?? [];
    let prepared: PreparedWorker;
    try {
      prepared = this.#takeWorker();
    } catch (error) {
      this.#fail({ kind: 'worker', detail: describe(error) });
      return;
    }
    const { worker, crashed } = prepared;
    this.#worker = worker;
    this.#watchWorker(worker);
    // A prepared worker may have failed before it was watched.
    crashed.catch((error: unknown) => {
      if (worker === this.#worker) this.#fail({ kind: 'worker', detail: describe(error) });
    });
    this.#api = prepared.api;
    await this.#call(async (api) => {
      // Only plain values cross over: a $state proxy would not survive structured cloning.
      await Promise.race([api.subscribe(Comlink.proxy(this.#frameReceiver())), crashed]);
      if (prepared.storage) {
        const started = await prepared.storage;
        this.#storage = started.status;
        this.#recovery = started.recovery;
      }
      const result = restore ? await api.restore(scenario, restore.inputs, restore.beforeMs) : await api.load(scenario);
      if (!result.ok) {
        this.#fail({ kind: 'scenario', detail: result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), errors: result.errors });
      }
    });
  }

  /**
   * Loads another scenario (paused, from time 0); an invalid one stops the app as at start. The new
   * simulation numbers its events from 1 again, so the log is emptied before and after.
   */
  async load(scenario: unknown): Promise<void> {
    await this.#call(async (api) => {
      await api.pause();
      this.#log = [];
      const result = await api.load(scenario);
      if (!result.ok) {
        this.#fail({ kind: 'scenario', detail: result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), errors: result.errors });
        return;
      }
      this.#playing = false;
      this.#log = [];
      this.#scenario = scenario;
      this.#recorded = [];
    });
  }

  async play(): Promise<void> {
    this.#playing = true;
    await this.#call((api) => api.play());
  }

  async pause(): Promise<void> {
    this.#playing = false;
    await this.#call((api) => api.pause());
  }

  async togglePlay(): Promise<void> {
    await (this.#playing ? this.pause() : this.play());
  }

  async step(): Promise<void> {
    this.#playing = false;
    await this.#call((api) => api.step());
  }

  /** Back to the state just before the last engine event; false at the start. */
  async stepBack(): Promise<boolean | undefined> {
    this.#playing = false;
    return this.#replaying((api) => api.stepBack());
  }

  /** Moves to a virtual time: back by replaying the session, forward by running. */
  async rewind(timeMs: number): Promise<RewindResult | undefined> {
    this.#playing = false;
    const now = this.#snapshot?.timeMs ?? 0;
    return timeMs < now ? this.#replaying((api) => api.rewind(timeMs)) : this.#call((api) => api.rewind(timeMs));
  }

  async inputs(): Promise<RecordedInput[] | undefined> {
    return this.#call((api) => api.inputs());
  }

  async setSpeed(speed: number): Promise<void> {
    const applied = await this.#call((api) => api.setSpeed(speed));
    if (applied !== undefined) this.#speed = applied;
  }

  async runFor(durationMs: number): Promise<number | undefined> {
    this.#playing = false;
    return this.#call((api) => api.runFor(durationMs));
  }

  async runUntil(timeMs: number): Promise<number | undefined> {
    this.#playing = false;
    return this.#call((api) => api.runUntil(timeMs));
  }

  async apply(action: Action): Promise<ActionResult | undefined> {
    const result = await this.#call((api) => api.apply(action));
    // A copy of the input log on this side survives the worker: restart() replays it.
    if (result?.ok) this.#recorded = (await this.#call((api) => api.inputs())) ?? this.#recorded;
    return result;
  }

  /** The scenario last loaded (undefined: the default one) and the inputs recorded on it. */
  #scenario = $state.raw<unknown>(undefined);
  #recorded = $state.raw<RecordedInput[]>([]);
  #restoring = $state(false);
  /** While a session is restored, commands wait for it and then go to the new worker. */
  #pendingRestore: Promise<unknown> | null = null;

  /**
   * Brings a session back (src/session): a new worker loads the scenario, replays the inputs and
   * runs to the virtual time reached. The current worker keeps running until the new one succeeded,
   * so a session the engine refuses leaves the current one as it was. `picture`, when given, is
   * shown at once (the last snapshot saved with the session) while the replay runs.
   */
  async resume(session: { scenario: unknown; inputs: RecordedInput[]; timeMs: number; speed: number }, picture: FrameSnapshot | null = null): Promise<ResumeResult> {
    if (this.#pendingRestore) await this.#pendingRestore.catch(() => undefined);
    const startedMs = performance.now();
    this.#restoring = true;
    if (picture) this.#snapshot = picture;
    const running = this.#resume(session, startedMs);
    this.#pendingRestore = running;
    try {
      return await running;
    } finally {
      this.#pendingRestore = null;
      this.#restoring = false;
    }
  }

  async #resume(session: { scenario: unknown; inputs: RecordedInput[]; timeMs: number; speed: number }, startedMs: number): Promise<ResumeResult> {
    let prepared: PreparedWorker;
    try {
      prepared = this.#takeWorker();
    } catch (error) {
      return { ok: false, detail: describe(error) };
    }
    const { worker, api, crashed } = prepared;
    // Inputs recorded ahead of the time reached (the person went back in time) wait there, as after
    // a rewind: playing on applies them again, a new action starts a new branch.
    const inputs = session.inputs;
    let storage: StorageStart | null = null;
    let restoredFrom: RestoredFrom | null = null;
    try {
      // Before the replay, as at start: the log storage opens (the logs the closed tab left are recovered meanwhile).
      if (prepared.storage) storage = await prepared.storage;
      const loaded = await Promise.race([api.restore(session.scenario, inputs, undefined, session.timeMs, session.speed), crashed]);
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      restoredFrom = loaded.restoredFrom;
    } catch (error) {
      api[Comlink.releaseProxy]();
      worker.terminate();
      return { ok: false, detail: describe(error) };
    }
    const engineWallMs = performance.now() - startedMs;
    // The new run takes over: the old worker goes, its log and chart samples with it.
    const replaced = this.#worker !== null;
    this.dispose();
    // Its log directory is free once it has ended: the new worker deletes it (a little later, when the lock is gone).
    if (replaced && this.#fileStorage) setTimeout(() => void api.sweepStorage().catch(() => undefined), SWEEP_AFTER_MS);
    this.#worker = worker;
    this.#api = api;
    this.#watchWorker(worker);
    this.#failure = null;
    this.#playing = false;
    this.#log = [];
    this.#markers = [];
    this.#samples = [];
    this.#goals = null;
    this.#scenario = session.scenario;
    this.#recorded = inputs;
    this.#speed = session.speed;
    await api.subscribe(Comlink.proxy(this.#frameReceiver()));
    if (storage) {
      this.#storage = storage.status;
      this.#recovery = storage.recovery;
    }
    this.#lastRestoreWallMs = engineWallMs;
    this.#restoredFrom = restoredFrom;
    return { ok: true, engineWallMs };
  }

  /** Asks the worker to capture its state for a reload now (with each session save); false if it could not. */
  async saveState(): Promise<boolean> {
    return (await this.#call((api) => api.saveState())) ?? false;
  }

  #restoredFrom: RestoredFrom | null = null;
  /** How the last session restore went: from the engine state saved for a reload, or by a full replay. */
  get restoredFrom(): RestoredFrom | null {
    return this.#restoredFrom;
  }

  #lastRestoreWallMs = $state<number | null>(null);
  /** Wall-clock ms the last session restore took until the engine was ready (the measures read it). */
  get lastRestoreWallMs(): number | null {
    return this.#lastRestoreWallMs;
  }

  /**
   * After a failure: a new worker loads the same scenario and replays the recorded inputs (those
   * before the moment the engine stopped, when it said), paused at the last one.
   */
  async restart(): Promise<void> {
    const failure = this.#failure;
    const beforeMs = failure?.kind === 'engine' ? failure.timeMs : undefined;
    this.dispose();
    this.#failure = null;
    this.#snapshot = null;
    this.#log = [];
    this.#playing = false;
    await this.start(this.#scenario, { inputs: this.#recorded, ...(beforeMs !== undefined ? { beforeMs } : {}) });
  }

  async traceHash(): Promise<string | undefined> {
    return this.#call((api) => api.traceHash());
  }

  // Inspectors: one read of the engine (sim/inspect). A failed call answers undefined without
  // stopping the app: the inspector shows its own message.
  async inspect(query: InspectQuery): Promise<InspectResult | undefined> {
    const api = this.#api;
    if (!api) return undefined;
    try {
      return await api.inspect(query);
    } catch (error) {
      console.warn(`kafka-lab: inspect failed: ${describe(error)}`);
      return undefined;
    }
  }

  #watchWorker(worker: Worker): void {
    worker.addEventListener('error', (event) => {
      if (worker !== this.#worker) return;
      this.#fail({ kind: 'worker', detail: event.message || 'the worker script could not be loaded or threw at top level' });
    });
    worker.addEventListener('messageerror', () => {
      if (worker !== this.#worker) return;
      this.#fail({ kind: 'worker', detail: 'a message from the worker could not be deserialised' });
    });
  }

  async #replaying<T>(command: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T | undefined> {
    this.#rewinding = true;
    try {
      return await this.#call(command);
    } finally {
      this.#rewinding = false;
    }
  }

  /** Test hook: the worker dies as if it had crashed. */
  killWorkerForTest(): void {
    this.#worker?.terminate();
    this.#fail({ kind: 'worker', detail: 'the worker was terminated (test hook)' });
  }

  dispose(): void {
    this.#api?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#api = null;
    this.#worker = null;
  }

  /** Also ends a worker prepared and never taken over (the page goes away). */
  disposeAll(): void {
    this.dispose();
    this.#prepared?.api[Comlink.releaseProxy]();
    this.#prepared?.worker.terminate();
    this.#prepared = null;
  }

  /**
   * One subscription's frames, each completed from the one before (sim/frame-delta.ts): a worker
   * leaves out the partitions that did not change. Each subscription keeps its own previous frame.
   */
  #frameReceiver(): (frame: EngineFrame) => void {
    let previous: FrameSnapshot | null = null;
    return (frame) => {
      let snapshot: FrameSnapshot;
      try {
        snapshot = decodeFrame(previous, frame.snapshot);
      } catch (error) {
        this.#fail({ kind: 'engine', detail: describe(error) });
        return;
      }
      previous = snapshot;
      this.#receive(frame, snapshot);
    };
  }

  #receive(frame: EngineFrame, snapshot: FrameSnapshot): void {
    this.#snapshot = snapshot;
    this.#playing = frame.playing;
    this.#speed = frame.speed;
    this.#goals = frame.goals;
    this.#storage = frame.storage;
    if (frame.recovery) this.#recovery = frame.recovery;
    const timeline = frame.timeline;
    // After a rewind the log starts over from the events just before the new position.
    if (timeline.rewound) this.#log = [];
    if (frame.events.length > 0 || frame.skippedTotal > 0) this.#log = mergeLog(this.#log, frame, snapshot);
    this.#furthestMs = timeline.furthestMs;
    this.#eventCount = timeline.eventCount;
    this.#pendingInputs = timeline.pendingInputs;
    this.#lastReplayWallMs = timeline.lastReplayWallMs;
    if (timeline.markers) this.#markers = timeline.markers;
    if (timeline.series) {
      this.#samples = timeline.series.reset ? timeline.series.samples : [...this.#samples, ...timeline.series.samples].slice(-SAMPLES_MAX);
    }
    if (frame.failure) this.#fail({ kind: 'engine', detail: `t=${frame.failure.timeMs} ms: ${frame.failure.message}`, timeMs: frame.failure.timeMs });
  }

  /** Runs a command; a rejected command stops the app with the engine's message as detail. */
  async #call<T>(command: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T | undefined> {
    if (this.#pendingRestore) await this.#pendingRestore.catch(() => undefined);
    const api = this.#api;
    if (!api || this.#failure) return undefined;
    try {
      return await command(api);
    } catch (error) {
      this.#fail({ kind: 'engine', detail: describe(error) });
      return undefined;
    }
  }

  #fail(failure: EngineFailure): void {
    this.#failure ??= failure; // the first failure is the cause; later ones are its consequences
    this.#playing = false;
    console.warn(`kafka-lab: ${failure.kind} failure: ${failure.detail}`);
  }
}

function mergeLog(log: LogEntry[], frame: EngineFrame, snapshot: FrameSnapshot): LogEntry[] {
  const fresh: LogEntry[] = [];
  const first = frame.events[0];
  if (frame.skippedTotal > 0) {
    fresh.push({ kind: 'skipped', key: `skipped-${first?.seq ?? snapshot.traceLength}`, count: frame.skippedTotal, timeMs: first?.timeMs ?? snapshot.timeMs });
  }
  for (const event of frame.events) fresh.push({ kind: 'event', key: `event-${event.seq}`, event });
  return [...fresh.reverse(), ...log].slice(0, EVENT_LOG_SIZE);
}

/**
 * With `?test-hooks`: `storage-quota-bytes=N` makes OPFS writes fail past N bytes (the quota path),
 * `storage-tear-tail` cuts a stored .log before recovery (the recovery path).
 */
function storageTestHooks(): StorageStartOptions {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  if (!params.has('test-hooks')) return {};
  const options: StorageStartOptions = {};
  const quota = Number(params.get('storage-quota-bytes') ?? Number.NaN);
  if (Number.isInteger(quota) && quota >= 0) options.quotaBytes = quota;
  if (params.has('storage-tear-tail')) options.tearStoredTail = true;
  if (params.has('storage-unavailable')) options.unavailable = 'createSyncAccessHandle is missing (test hook)';
  return options;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
