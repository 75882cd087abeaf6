// A session resumed from a captured state (what a reload does when the worker saved one) reaches
// the same run as one restored by replaying every input: same trace hash, markers and chart samples.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../../sim/index.ts';
import { TimelineSession, stateFits, type TimelineState } from '../../../sim/timeline/session.ts';
import { captureSimulation, reviveSimulation } from '../../../sim/snapshot/simulation-state.ts';

const BUILD = 'test-build';

function captured(session: TimelineSession): TimelineState {
  return structuredClone(session.captureState((sim) => captureSimulation(sim, BUILD)));
}

function resumed(state: TimelineState, inputs: TimelineSession['inputs'], untilMs?: number): TimelineSession {
  const session = new TimelineSession(defaultScenario);
  session.resume(state, reviveSimulation(state.sim, BUILD), inputs, untilMs);
  return session;
}

function played(): TimelineSession {
  const session = new TimelineSession(defaultScenario);
  session.runUntil(4_000);
  expect(session.apply({ type: 'crash-broker', broker: 0 }).ok).toBe(true);
  session.runUntil(9_300);
  expect(session.apply({ type: 'restart-broker', broker: 0 }).ok).toBe(true);
  session.runUntil(12_700);
  return session;
}

describe('TimelineSession.resume', () => {
  it('resumes where the state was captured, with its markers and samples, and runs on the same', () => {
    const original = played();
    const state = captured(original);
    const copy = resumed(state, original.inputs, 12_700);
    expect(copy.sim.nowMs()).toBe(12_700);
    expect(copy.sim.traceHash()).toBe(original.sim.traceHash());
    expect(copy.markers.markers).toEqual(original.markers.markers);
    expect(copy.series.samples).toEqual(original.series.samples);
    expect(copy.pendingInputs).toBe(0);
    original.runUntil(25_000);
    copy.runUntil(25_000);
    expect(copy.sim.traceHash()).toBe(original.sim.traceHash());
    expect(copy.series.samples).toEqual(original.series.samples);
    expect(copy.markers.markers).toEqual(original.markers.markers);
    // Going back in time works in the resumed session too (a replay from the scenario's start).
    copy.rewind(5_000);
    original.rewind(5_000);
    expect(copy.sim.traceHash()).toBe(original.sim.traceHash());
  });

  it('a state captured before later inputs runs on to them and applies them at their positions', () => {
    const original = new TimelineSession(defaultScenario);
    original.runUntil(3_000);
    const early = captured(original);
    original.runUntil(4_000);
    expect(original.apply({ type: 'crash-broker', broker: 1 }).ok).toBe(true);
    original.runUntil(8_000);
    const copy = resumed(early, original.inputs, 8_000);
    expect(copy.sim.traceHash()).toBe(original.sim.traceHash());
    expect(copy.series.samples).toEqual(original.series.samples);
  });

  it('a state captured after going back in time keeps the inputs ahead waiting', () => {
    const original = played();
    original.rewind(6_000);
    const state = captured(original);
    const copy = resumed(state, original.inputs, 6_000);
    expect(copy.pendingInputs).toBe(1);
    copy.runUntil(20_000);
    const straight = played();
    straight.runUntil(20_000);
    expect(copy.sim.traceHash()).toBe(straight.sim.traceHash());
  });

  it('a state of other inputs, or past where the restore stops, does not fit', () => {
    const original = played();
    const state = captured(original);
    const inputs = original.inputs;
    expect(stateFits(state, inputs, 12_700)).toBe(true);
    expect(stateFits(state, inputs, 12_000)).toBe(false);
    expect(stateFits(state, inputs.slice(0, 1), 12_700)).toBe(false);
    expect(stateFits(state, [inputs[0]!, { ...inputs[1]!, eventCount: inputs[1]!.eventCount + 1 }], 12_700)).toBe(false);
    expect(stateFits(state, [inputs[0]!, { ...inputs[1]!, action: { type: 'restart-broker', broker: 2 } }], 12_700)).toBe(false);
    expect(() => resumed(state, inputs.slice(0, 1), 12_700)).toThrow(/does not fit/);
  });
});
