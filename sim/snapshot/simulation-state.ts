// A running simulation as data, and back: how a saved session resumes without replaying its inputs.
// The state is only valid for the engine build that captured it (classes change between builds),
// so it carries a build id given by the face; a different build replays instead.
import type { Simulation } from '../api.ts';
import { capture, revive, type ExternalDecoder, type ExternalEncoder } from './codec.ts';
import './classes.ts';

/** Bumped when the capture format itself changes. */
const FORMAT = 1;

export interface SimulationState {
  format: number;
  /** The engine build that captured it (the worker's script URL in the app, which has a content hash). */
  build: string;
  timeMs: number;
  eventCount: number;
  traceHash: string;
  /** The captured graph (structured-clone safe). */
  graph: unknown;
}

/** Throws NotCapturable when something in the simulation cannot be captured (see sim/snapshot/codec.ts). */
export function captureSimulation(sim: Simulation, build: string, encodeExternal?: ExternalEncoder): SimulationState {
  return { format: FORMAT, build, timeMs: sim.nowMs(), eventCount: sim.eventCount(), traceHash: sim.traceHash(), graph: capture(sim, encodeExternal) };
}

/** Whether `state` can be revived by this engine build. */
export function revivable(state: SimulationState, build: string): boolean {
  return state.format === FORMAT && state.build === build;
}

/** The simulation again, at the captured time, without a trace listener. */
export function reviveSimulation(state: SimulationState, build: string, decodeExternal?: ExternalDecoder): Simulation {
  if (!revivable(state, build)) throw new Error(`engine state of build ${state.build} (format ${state.format}) cannot be revived by build ${build} (format ${FORMAT})`);
  const sim = revive(state.graph, decodeExternal) as Simulation;
  if (sim.nowMs() !== state.timeMs || sim.eventCount() !== state.eventCount || sim.traceHash() !== state.traceHash) {
    throw new Error(`revived engine state disagrees with its header (time ${sim.nowMs()}/${state.timeMs}, events ${sim.eventCount()}/${state.eventCount})`);
  }
  return sim;
}
