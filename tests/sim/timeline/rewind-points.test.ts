// Rewind points: a session keeps captured states along its branch (sim/snapshot), and a rewind
// revives the latest one before its target instead of replaying from the start. Where it lands
// must be exactly where a straight run lands.
import { describe, expect, it } from 'vitest';
import { createSimulation, defaultScenario } from '../../../sim/index.ts';
import { REWIND_POINTS_MAX, TimelineSession, type SnapshotPort } from '../../../sim/timeline/session.ts';
import { captureSimulation, reviveSimulation } from '../../../sim/snapshot/simulation-state.ts';
import type { Simulation } from '../../../sim/api.ts';

function countingPort(): SnapshotPort & { revived: number } {
  const port = {
    revived: 0,
    capture: (sim: Simulation) => structuredClone(captureSimulation(sim, 'test')),
    revive: (state: Parameters<SnapshotPort['revive']>[0]) => {
      port.revived += 1;
      return reviveSimulation(state, 'test');
    },
  };
  return port;
}

/** The default scenario run straight to `timeMs`, broker 2 crashed at 30 s. */
function straightTo(timeMs: number): Simulation {
  const sim = createSimulation(defaultScenario);
  sim.runUntil(30_000);
  expect(sim.apply({ type: 'crash-broker', broker: 2 }).ok).toBe(true);
  sim.runUntil(timeMs);
  return sim;
}

describe('rewind points', () => {
  it('a rewind starts from the latest point before its target and lands where a straight run does', () => {
    const port = countingPort();
    const session = new TimelineSession(defaultScenario, createSimulation, port);
    session.runUntil(30_000);
    expect(session.apply({ type: 'crash-broker', broker: 2 }).ok).toBe(true);
    session.runUntil(70_000);
    expect(session.rewindPointTimes).toEqual([20_000, 40_000, 60_000]);

    session.rewind(45_500);
    expect(port.revived).toBe(1);
    const straight = straightTo(45_500);
    expect(session.sim.eventCount()).toBe(straight.eventCount());
    expect(session.sim.traceHash()).toBe(straight.traceHash());
    expect(session.sim.snapshot()).toEqual(straight.snapshot());

    // Before the crash: the point at 20 s, the crash recorded at 30 s applied again on the way.
    session.rewind(25_000);
    expect(port.revived).toBe(2);
    expect(session.pendingInputs).toBe(1);
    session.runUntil(52_000);
    straight.runUntil(52_000);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });

  it('a step back from a point lands on the exact event', () => {
    const session = new TimelineSession(defaultScenario, createSimulation, countingPort());
    session.runUntil(41_000);
    const events = session.sim.eventCount();
    expect(session.stepBack()).toBe(true);
    const straight = createSimulation(defaultScenario);
    while (straight.eventCount() < events - 1) straight.step();
    expect(session.sim.eventCount()).toBe(events - 1);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });

  it('a new branch drops the points past it; the new future runs as a straight run of it', () => {
    const session = new TimelineSession(defaultScenario, createSimulation, countingPort());
    session.runUntil(30_000);
    expect(session.apply({ type: 'crash-broker', broker: 2 }).ok).toBe(true);
    session.runUntil(65_000);
    session.rewind(42_000);
    expect(session.apply({ type: 'restart-broker', broker: 2 }).ok).toBe(true);
    expect(session.rewindPointTimes).toEqual([20_000, 40_000]);
    session.runUntil(61_000);
    const straight = straightTo(42_000);
    expect(straight.apply({ type: 'restart-broker', broker: 2 }).ok).toBe(true);
    straight.runUntil(61_000);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
    expect(session.rewindPointTimes).toEqual([20_000, 40_000, 60_000]);
  });

  it(`keeps at most ${REWIND_POINTS_MAX} points, spread from the first to the last`, () => {
    const session = new TimelineSession(defaultScenario, createSimulation, countingPort());
    session.runUntil(220_000);
    const times = session.rewindPointTimes;
    expect(times).toHaveLength(REWIND_POINTS_MAX);
    expect(times[0]).toBe(20_000);
    expect(times.at(-1)).toBe(220_000);
    session.rewind(150_500);
    const straight = createSimulation(defaultScenario);
    straight.runUntil(150_500);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });
});
