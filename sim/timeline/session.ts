// A session on the timeline: one simulation, the inputs the person applied (each at its exact
// position: virtual time and the number of engine events run before it), and the markers and chart
// series collected from the whole trace. Going back in time creates the simulation again from the
// scenario and replays the inputs up to the target: the engine is deterministic, so the replay
// reaches exactly the state the person saw.
//
// Branches, like an editor's undo: after a rewind the later inputs are kept and replayed again when
// time moves forward over their positions (a rewind followed by "play" shows the same future); a new
// action applied after a rewind discards them, and the markers and samples past that point.
//
// Pure and deterministic (no wall clock): the worker measures the replays it asks for.
import { createSimulation } from '../simulation.ts';
import type { ActionResult, Simulation } from '../api.ts';
import type { TraceEvent } from '../kernel/types.ts';
import type { Action, Scenario } from '../scenario/schema.ts';
import { MarkerCollector, type MarkerState } from './markers.ts';
import { SeriesCollector, type SeriesState } from './series.ts';
import type { SimulationState } from '../snapshot/simulation-state.ts';

export interface RecordedInput {
  /** Virtual time at which it was applied. */
  timeMs: number;
  /** Engine events run before it: with timeMs, the exact position to apply it again at. */
  eventCount: number;
  action: Action;
}

/**
 * Watches the whole trace of the session's branch (lesson goals, a comparison's verdict). A replay
 * with observers always starts from scratch, so that an observer sees every event again: it is
 * reset first, then fed the replayed events and inputs, as on the first run.
 */
export interface TraceObserver {
  reset(): void;
  observe(event: TraceEvent): void;
  /** An input applied (or applied again by a replay) at `timeMs`. */
  input(timeMs: number, action: Action): void;
}

/** Where to move: the state after everything due at or before `timeMs`, or after exactly `events` engine events. */
export type TimelineTarget = { timeMs: number } | { events: number };

/** Events collected before the series and markers get them: bounded so that a long step loop cannot pile them up. */
const PENDING_EVENTS_MAX = 4096;
/** The checkpoint follows this far behind now (rewinds usually go back a little), on a sample boundary. */
export const CHECKPOINT_BEHIND_MS = 5_000;

/**
 * A checkpoint: a second simulation of the same branch, advanced in the worker's idle time to a
 * little behind now. A simulation cannot be copied, so a rewind that lands at or after it takes it
 * over (and replays only from there) and a new one is built from the start.
 */
interface Checkpoint {
  sim: Simulation;
  /** Inputs of the branch it applied. */
  applied: number;
  lastSeq: number;
}

/** A session captured as data (TimelineSession.captureState). */
export interface TimelineState {
  sim: SimulationState;
  /** The inputs the simulation had applied, with their positions: a prefix of the session's. */
  applied: RecordedInput[];
  /** seq of the latest trace event. */
  lastSeq: number;
  positions: { timeMs: number; events: number }[];
  markers: MarkerState;
  series: SeriesState;
}

/**
 * Whether a captured state can start a restore of these inputs up to `untilMs`: it applied exactly
 * the inputs recorded before its position, and it is not past where the restore stops.
 */
export function stateFits(state: TimelineState, inputs: readonly RecordedInput[], untilMs = Number.POSITIVE_INFINITY): boolean {
  const { applied } = state;
  if (applied.length > inputs.length) return false;
  for (let i = 0; i < applied.length; i++) {
    const a = applied[i]!;
    const b = inputs[i]!;
    if (a.timeMs !== b.timeMs || a.eventCount !== b.eventCount || JSON.stringify(a.action) !== JSON.stringify(b.action)) return false;
  }
  const next = inputs[applied.length];
  if (next !== undefined && (next.eventCount < state.sim.eventCount || next.timeMs < state.sim.timeMs)) return false;
  if (Number.isFinite(untilMs)) return state.sim.timeMs <= untilMs;
  const last = inputs.at(-1);
  return last !== undefined && state.sim.eventCount <= last.eventCount && state.sim.timeMs <= last.timeMs;
}

/** Whether a simulation at (`timeMs`, `events`) stands at or before `target`: a replay to it may start there. */
function atOrBefore(target: TimelineTarget, timeMs: number, events: number): boolean {
  return 'timeMs' in target ? timeMs <= target.timeMs : events <= target.events;
}

/** How the session captures and revives simulations for its rewind points (sim/snapshot). */
export interface SnapshotPort {
  /** The simulation as data, or null to skip this point (too costly, or not capturable now). */
  capture(sim: Simulation): SimulationState | null;
  revive(state: SimulationState): Simulation;
}

/**
 * A captured state on a sample boundary of the branch: a rewind revives the latest one at or
 * before its target and runs on from there, instead of replaying from the scenario's start.
 */
interface RewindPoint {
  state: SimulationState;
  /** Inputs applied when it was captured. */
  applied: number;
  lastSeq: number;
}

/** Virtual time between rewind points (a multiple of the sample interval). */
export const REWIND_POINT_EVERY_MS = 20_000;
/** Rewind points kept; beyond, the one closest to its neighbours goes (they stay spread over the branch). */
export const REWIND_POINTS_MAX = 8;

export class TimelineSession {
  readonly markers = new MarkerCollector();
  readonly series = new SeriesCollector();
  #sim: Simulation;
  #inputs: RecordedInput[] = [];
  /** Inputs of #inputs already applied to the current simulation. */
  #applied = 0;
  #furthestMs = 0;
  #pending: TraceEvent[] = [];
  #lastSeq = 0;
  /**
   * Engine events run by each window end this branch reached, in time order: a step back replays
   * by time up to the last one before its target (as fast as a rewind), then event by event.
   */
  #positions: { timeMs: number; events: number }[] = [];
  #checkpoint: Checkpoint | null = null;
  /** Captured states on this branch, oldest first (see RewindPoint). */
  #points: RewindPoint[] = [];
  readonly #observers = new Set<TraceObserver>();

  /**
   * `create` builds each simulation of the session (the worker gives each its own log directory);
   * with `snapshots`, the session keeps rewind points along its branch.
   */
  constructor(
    readonly scenario: Scenario,
    private readonly create: (scenario: Scenario) => Simulation = createSimulation,
    private readonly snapshots: SnapshotPort | null = null,
  ) {
    this.#sim = this.#create();
  }

  /** The simulations the session holds now: the current one and the checkpoint's, if any. */
  get simulations(): Simulation[] {
    return this.#checkpoint ? [this.#sim, this.#checkpoint.sim] : [this.#sim];
  }

  get sim(): Simulation {
    return this.#sim;
  }

  addObserver(observer: TraceObserver): void {
    this.#observers.add(observer);
  }

  removeObserver(observer: TraceObserver): void {
    this.#observers.delete(observer);
  }
  /** The furthest virtual time this branch of the session has reached. */
  get furthestMs(): number {
    return Math.max(this.#furthestMs, this.#sim.nowMs());
  }
  /** seq of the latest trace event. */
  get lastSeq(): number {
    return this.#lastSeq;
  }
  get inputs(): readonly RecordedInput[] {
    return this.#inputs;
  }
  /** Recorded inputs ahead of the current position (after a rewind), applied again when time reaches them. */
  get pendingInputs(): number {
    return this.#inputs.length - this.#applied;
  }

  /**
   * A fresh session takes over recorded inputs (of an earlier worker) and runs to the last one,
   * applying each at its exact position; with `untilMs`, only to that time, and the inputs recorded
   * further on wait there as after a rewind (a session saved after going back in time).
   */
  restore(inputs: readonly RecordedInput[], untilMs = Number.POSITIVE_INFINITY): void {
    if (this.#inputs.length > 0 || this.#sim.eventCount() > 0) throw new Error('restore needs a fresh session');
    this.#takeOver(inputs, untilMs);
  }

  /** Takes the recorded inputs and runs to `untilMs` or to the last input, applying those still due. */
  #takeOver(inputs: readonly RecordedInput[], untilMs: number): void {
    this.#inputs = inputs.map((input) => ({ ...input }));
    if (Number.isFinite(untilMs)) {
      this.#advance({ timeMs: untilMs });
      return;
    }
    const last = inputs.at(-1);
    if (last) this.#advance({ events: last.eventCount });
    if (last && this.#sim.nowMs() < last.timeMs) this.#advance({ timeMs: last.timeMs });
  }

  /** Runs forward to `timeMs` (nothing when it is not ahead), applying the recorded inputs on the way. */
  runUntil(timeMs: number): void {
    if (timeMs < this.#sim.nowMs()) return;
    this.#advance({ timeMs });
  }

  /** Runs one engine event, after the inputs recorded at the current position; false when nothing is scheduled. */
  step(): boolean {
    const before = this.#sim.eventCount();
    this.#advance({ events: before });
    const ran = this.#sim.step();
    this.#collect();
    this.#touch();
    return ran;
  }

  /**
   * Applies an action now and records it. After a rewind it starts a new branch: the inputs recorded
   * further on are discarded, and so are the markers and samples past now.
   */
  apply(action: Action): ActionResult {
    const sim = this.#sim;
    const branching = this.pendingInputs > 0 || this.#furthestMs > sim.nowMs();
    if (branching) {
      // Before the action emits anything: its events take the seqs the old future had.
      this.markers.truncate(this.#lastSeq);
      this.series.truncate(sim.nowMs());
      const now = sim.nowMs();
      this.#positions = this.#positions.filter((position) => position.timeMs <= now);
      const checkpoint = this.#checkpoint;
      if (checkpoint && (checkpoint.sim.nowMs() >= now || checkpoint.applied > this.#applied)) this.#checkpoint = null;
      this.#points = this.#points.filter((point) => point.state.timeMs < now && point.applied <= this.#applied);
    }
    const input: RecordedInput = { timeMs: sim.nowMs(), eventCount: sim.eventCount(), action };
    const result = sim.apply(action);
    this.#collect();
    if (result.ok) {
      for (const observer of this.#observers) observer.input(input.timeMs, action);
      this.#inputs.length = this.#applied;
      this.#inputs.push(input);
      this.#applied = this.#inputs.length;
      if (branching) this.#furthestMs = sim.nowMs();
    }
    return result;
  }

  /** Moves to `timeMs`: back by replaying from the start, forward by running. */
  rewind(timeMs: number): void {
    const target = Math.max(0, timeMs);
    if (target >= this.#sim.nowMs()) this.runUntil(target);
    else this.#replay({ timeMs: target });
  }

  /** Goes back to the state just before the last engine event ran; false at the very start. */
  stepBack(): boolean {
    const events = this.#sim.eventCount();
    if (events === 0) return false;
    const target = events - 1;
    let start: { timeMs: number; events: number } | undefined;
    for (let i = this.#positions.length - 1; i >= 0 && start === undefined; i--) {
      if (this.#positions[i]!.events <= target) start = this.#positions[i];
    }
    this.#replay(start === undefined ? { events: target } : { timeMs: start.timeMs }, { events: target });
    return true;
  }

  #create(): Simulation {
    const sim = this.create(this.scenario);
    this.#lastSeq = 0;
    this.#listen(sim);
    return sim;
  }

  /** Goes on from `sim`, which has applied `applied` of the inputs and emitted events up to `lastSeq`. */
  #adopt(sim: Simulation, applied: number, lastSeq: number): void {
    this.#sim = sim;
    this.#lastSeq = lastSeq;
    this.#listen(sim);
    this.#applied = applied;
  }

  #listen(sim: Simulation): void {
    this.#pending = [];
    sim.setTraceListener((event) => {
      this.#lastSeq = event.seq;
      this.#pending.push(event);
    });
  }

  /**
   * The session as data, to resume from without a replay (sim/snapshot): the simulation captured by
   * `capture` (which may throw NotCapturable), the inputs it applied, the markers and the series.
   */
  captureState(capture: (sim: Simulation) => SimulationState): TimelineState {
    this.#collect();
    return {
      sim: capture(this.#sim),
      applied: this.#inputs.slice(0, this.#applied).map((input) => ({ ...input })),
      lastSeq: this.#lastSeq,
      positions: this.#positions.map((position) => ({ ...position })),
      markers: this.markers.exportState(),
      series: this.series.exportState(),
    };
  }

  /**
   * Like restore, from a captured state instead of the start: `sim` is the state's simulation,
   * revived by the caller, and only what follows the capture runs. The state must fit (stateFits).
   */
  resume(state: TimelineState, sim: Simulation, inputs: readonly RecordedInput[], untilMs = Number.POSITIVE_INFINITY): void {
    if (this.#inputs.length > 0 || this.#sim.eventCount() > 0) throw new Error('resume needs a fresh session');
    if (!stateFits(state, inputs, untilMs)) throw new Error('the captured state does not fit these inputs');
    this.#sim.setTraceListener(null);
    this.#adopt(sim, state.applied.length, state.lastSeq);
    this.#positions = state.positions.map((position) => ({ ...position }));
    this.markers.importState(state.markers);
    this.series.importState(state.series);
    this.#furthestMs = sim.nowMs();
    this.#takeOver(inputs, untilMs);
  }

  /** Where the checkpoint is (virtual time), or null while there is none. */
  get checkpointMs(): number | null {
    return this.#checkpoint?.sim.nowMs() ?? null;
  }

  /** Whether the checkpoint has some way to go: the worker then calls buildCheckpoint in idle time. */
  get checkpointBehind(): boolean {
    return this.#checkpointTargetMs() > (this.#checkpoint?.sim.nowMs() ?? -1);
  }

  /** Advances the checkpoint by at most `virtualMs` towards its target (a little behind now). */
  buildCheckpoint(virtualMs: number): void {
    const targetMs = this.#checkpointTargetMs();
    let checkpoint = this.#checkpoint;
    if (checkpoint === null) {
      const sim = this.create(this.scenario);
      const created: Checkpoint = { sim, applied: 0, lastSeq: 0 };
      sim.setTraceListener((event) => {
        created.lastSeq = event.seq;
      });
      checkpoint = this.#checkpoint = created;
    }
    const sim = checkpoint.sim;
    // Whole windows at a time, so that it can stop anywhere and still stand on a sample boundary.
    const interval = this.series.intervalMs;
    const toMs = Math.min(targetMs, (Math.floor(sim.nowMs() / interval) + Math.max(1, Math.round(virtualMs / interval))) * interval);
    if (toMs <= sim.nowMs()) return;
    for (let next = this.#inputs[checkpoint.applied]; next !== undefined && next.timeMs <= toMs; next = this.#inputs[checkpoint.applied]) {
      while (sim.eventCount() < next.eventCount && sim.step());
      if (sim.nowMs() < next.timeMs) sim.runUntil(next.timeMs);
      checkpoint.applied += 1;
      const result = sim.apply(next.action);
      if (!result.ok) throw new Error(`checkpoint: replaying ${next.action.type} at ${next.timeMs} ms was refused: ${result.message ?? result.error ?? ''}`);
    }
    sim.runUntil(toMs);
  }

  #checkpointTargetMs(): number {
    const interval = this.series.intervalMs;
    return Math.max(0, Math.floor((this.#sim.nowMs() - CHECKPOINT_BEHIND_MS) / interval) * interval);
  }

  /** The latest rewind point a replay to `target` may start from: before it, with the inputs it applied still due after it. */
  #rewindPointFor(target: TimelineTarget): RewindPoint | null {
    for (let i = this.#points.length - 1; i >= 0; i--) {
      const point = this.#points[i]!;
      const next = this.#inputs[point.applied];
      if (atOrBefore(target, point.state.timeMs, point.state.eventCount) && (next === undefined || next.eventCount >= point.state.eventCount)) return point;
    }
    return null;
  }

  /** Captures the simulation at this sample boundary as a rewind point, once per time on the branch. */
  #addRewindPoint(): void {
    const sim = this.#sim;
    const points = this.#points;
    if (this.snapshots === null || points.some((point) => point.state.timeMs === sim.nowMs())) return;
    const state = this.snapshots.capture(sim);
    if (state === null) return;
    const point: RewindPoint = { state, applied: this.#applied, lastSeq: this.#lastSeq };
    const at = points.findIndex((p) => p.state.timeMs > state.timeMs);
    if (at < 0) points.push(point);
    else points.splice(at, 0, point);
    if (points.length > REWIND_POINTS_MAX) {
      // Drop the inner point whose neighbours are closest: the rest stay spread over the branch.
      let drop = 1;
      for (let i = 2; i < points.length - 1; i++) {
        if (points[i + 1]!.state.timeMs - points[i - 1]!.state.timeMs < points[drop + 1]!.state.timeMs - points[drop - 1]!.state.timeMs) drop = i;
      }
      points.splice(drop, 1);
    }
  }

  /** Virtual times of the rewind points kept (for tests and the bench). */
  get rewindPointTimes(): number[] {
    return this.#points.map((point) => point.state.timeMs);
  }

  #replay(...targets: TimelineTarget[]): void {
    this.#furthestMs = this.furthestMs;
    this.#sim.setTraceListener(null);
    const checkpoint = this.#checkpoint;
    const first = targets[0]!;
    const usable =
      checkpoint !== null &&
      this.#observers.size === 0 &&
      checkpoint.sim.nowMs() % this.series.intervalMs === 0 &&
      atOrBefore(first, checkpoint.sim.nowMs(), checkpoint.sim.eventCount());
    const point = this.#observers.size === 0 ? this.#rewindPointFor(first) : null;
    if (point !== null && (!usable || point.state.timeMs > checkpoint.sim.nowMs())) {
      // Revive the latest rewind point before the target: it stands on a sample boundary too.
      this.#adopt(this.snapshots!.revive(point.state), point.applied, point.lastSeq);
      this.series.restart(this.#sim.nowMs(), this.#lastSeq);
    } else if (usable) {
      // Take the checkpoint over: it stands on a sample boundary, where a window starts empty.
      this.#checkpoint = null;
      this.#adopt(checkpoint.sim, checkpoint.applied, checkpoint.lastSeq);
      this.series.restart(this.#sim.nowMs(), this.#lastSeq);
    } else {
      this.#sim = this.#create();
      this.#applied = 0;
      this.series.restart();
      for (const observer of this.#observers) observer.reset();
    }
    this.#collect();
    for (const target of targets) this.#advance(target);
  }

  /** Moves to `target`, applying every recorded input whose position comes first. */
  #advance(target: TimelineTarget): void {
    for (let next = this.#inputs[this.#applied]; next !== undefined; next = this.#inputs[this.#applied]) {
      const due = 'timeMs' in target ? next.timeMs <= target.timeMs : next.eventCount <= target.events;
      if (!due) break;
      this.#runEvents(next.eventCount);
      if (this.#sim.nowMs() < next.timeMs) this.#runTime(next.timeMs);
      this.#applied += 1;
      const result = this.#sim.apply(next.action);
      this.#collect();
      if (result.ok) for (const observer of this.#observers) observer.input(next.timeMs, next.action);
      // The same action at the same position of the same run: refusing it now would mean the engine is not deterministic.
      if (!result.ok) throw new Error(`replaying input ${this.#applied} (${next.action.type} at ${next.timeMs} ms) was refused: ${result.message ?? result.error ?? ''}`);
    }
    if ('timeMs' in target) this.#runTime(target.timeMs);
    else this.#runEvents(target.events);
    this.#touch();
  }

  /** Runs whole windows of the series at a time, so that each sample's snapshot is taken at its window's end. */
  #runTime(timeMs: number): void {
    const sim = this.#sim;
    do {
      const end = Math.max(sim.nowMs(), Math.min(timeMs, this.series.windowEndMs));
      sim.runUntil(end);
      this.#collect();
      const last = this.#positions.at(-1);
      if (last === undefined || end > last.timeMs) this.#positions.push({ timeMs: end, events: sim.eventCount() });
      if (end > 0 && end % REWIND_POINT_EVERY_MS === 0) this.#addRewindPoint();
    } while (sim.nowMs() < timeMs);
  }

  #runEvents(events: number): void {
    const sim = this.#sim;
    while (sim.eventCount() < events) {
      if (!sim.step()) break;
      if (sim.nowMs() >= this.series.windowEndMs || this.#pending.length >= PENDING_EVENTS_MAX) this.#collect();
    }
    this.#collect();
  }

  #collect(): void {
    const events = this.#pending;
    this.#pending = [];
    for (const event of events) {
      this.markers.observe(event);
      for (const observer of this.#observers) observer.observe(event);
    }
    const sim = this.#sim;
    this.series.ingest(events, sim.nowMs(), () => sim.snapshot());
  }

  #touch(): void {
    this.#furthestMs = Math.max(this.#furthestMs, this.#sim.nowMs());
  }
}
