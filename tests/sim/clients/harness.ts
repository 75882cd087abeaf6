// Helpers for the client tests that run whole simulations: build one from a scenario literal and
// pick typed events out of its trace.
import { createSimulation, parseScenario, type EngineEvent, type ScenarioInput, type Simulation, type TraceEvent } from '../../../sim/index.ts';

export function simulate(input: ScenarioInput): Simulation {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(`invalid test scenario: ${JSON.stringify(parsed.errors)}`);
  return createSimulation(parsed.scenario);
}

export type Traced<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }> & Pick<TraceEvent, 'seq' | 'timeMs' | 'node'>;

/** The retained trace events of one type, typed by the engine's event union. */
export function eventsOf<T extends EngineEvent['type']>(sim: Simulation, type: T): Traced<T>[] {
  return only(sim.traceEvents(), type);
}

/** Picks the events of one type out of a list of trace events. */
export function only<T extends EngineEvent['type']>(events: TraceEvent[], type: T): Traced<T>[] {
  return events.filter((e) => e.type === type) as unknown as Traced<T>[];
}

/**
 * Runs to `untilMs` in steps of `stepMs`, calling `check` after each step, and returns every trace
 * event of the run (the simulation keeps only the latest few thousand; this reads them as it goes).
 */
export function runCollecting(sim: Simulation, untilMs: number, stepMs = 100, check: () => void = () => undefined): TraceEvent[] {
  const events: TraceEvent[] = [...sim.traceEvents()];
  for (let t = sim.nowMs(); t < untilMs; ) {
    t = Math.min(untilMs, t + stepMs);
    sim.runUntil(t);
    const lastSeq = events.at(-1)?.seq ?? 0;
    const fresh = sim.traceEvents(lastSeq);
    if (fresh.length > 0 && fresh[0]!.seq !== lastSeq + 1) throw new Error(`trace events lost before ${t} ms: use a smaller step than ${stepMs} ms`);
    events.push(...fresh);
    check();
  }
  return events;
}

/** Sizes of the maximal runs of equal consecutive values: [0,0,1,1,1,0] → [2,3,1]. */
export function runLengths<T>(values: T[]): number[] {
  const runs: number[] = [];
  values.forEach((v, i) => {
    if (i > 0 && values[i - 1] === v) runs[runs.length - 1]! += 1;
    else runs.push(1);
  });
  return runs;
}
