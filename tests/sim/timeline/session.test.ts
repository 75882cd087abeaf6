// Rewind and step back replay the session: the state they reach is the one a straight run reaches,
// down to the trace hash, with the person's inputs applied at their exact positions.
import { describe, expect, it } from 'vitest';
import { createSimulation, defaultScenario } from '../../../sim/index.ts';
import { TimelineSession } from '../../../sim/timeline/session.ts';

describe('TimelineSession', () => {
  it('rewinding to t and running to T gives the trace of a straight run to T, inputs included', () => {
    const straight = createSimulation(defaultScenario);
    straight.runUntil(4_000);
    expect(straight.apply({ type: 'crash-broker', broker: 0 }).ok).toBe(true);
    straight.runUntil(9_000);
    expect(straight.apply({ type: 'restart-broker', broker: 0 }).ok).toBe(true);
    straight.runUntil(20_000);

    const session = new TimelineSession(defaultScenario);
    session.runUntil(4_000);
    expect(session.apply({ type: 'crash-broker', broker: 0 }).ok).toBe(true);
    session.runUntil(9_000);
    expect(session.apply({ type: 'restart-broker', broker: 0 }).ok).toBe(true);
    session.runUntil(12_000);
    session.rewind(6_000);
    expect(session.sim.nowMs()).toBe(6_000);
    expect(session.pendingInputs).toBe(1);
    expect(session.furthestMs).toBe(12_000);
    // Forward again over the restart recorded at 9 s: it is applied again at its position.
    session.runUntil(20_000);
    expect(session.pendingInputs).toBe(0);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });

  it('a rewound state equals the straight run at that time', () => {
    const straight = createSimulation(defaultScenario);
    straight.runUntil(2_500);
    const session = new TimelineSession(defaultScenario);
    session.runUntil(7_000);
    session.rewind(2_500);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
    expect(session.sim.snapshot()).toEqual(straight.snapshot());
  });

  it('steps back to the state just before the last event, and forward again to the same one', () => {
    const session = new TimelineSession(defaultScenario);
    session.runUntil(1_000);
    for (let i = 0; i < 3; i++) session.step();
    const before = { time: session.sim.nowMs(), events: session.sim.eventCount(), hash: session.sim.traceHash() };
    session.step();
    const after = session.sim.traceHash();
    expect(session.stepBack()).toBe(true);
    expect(session.sim.eventCount()).toBe(before.events);
    expect(session.sim.nowMs()).toBe(before.time);
    expect(session.sim.traceHash()).toBe(before.hash);
    session.step();
    expect(session.sim.traceHash()).toBe(after);
  });

  it('steps back over an input applied between two steps, and replays it', () => {
    const straight = createSimulation(defaultScenario);
    straight.runUntil(3_000);
    straight.step();
    straight.apply({ type: 'crash-broker', broker: 1 });
    straight.step();
    straight.step();

    const session = new TimelineSession(defaultScenario);
    session.runUntil(3_000);
    session.step();
    session.apply({ type: 'crash-broker', broker: 1 });
    session.step();
    session.step();
    session.stepBack();
    session.stepBack();
    // Back before the second step: the crash (applied after the first) is part of that state.
    expect(session.sim.snapshot().brokers.find((b) => b.id === 1)?.status).toBe('down');
    session.stepBack();
    expect(session.sim.snapshot().brokers.find((b) => b.id === 1)?.status).toBe('up');
    session.step();
    session.step();
    session.step();
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });

  it('a new action after a rewind starts a new branch: later inputs, markers and samples go', () => {
    const session = new TimelineSession(defaultScenario);
    session.runUntil(3_000);
    session.apply({ type: 'crash-broker', broker: 0 });
    session.runUntil(15_000);
    expect(session.markers.markers.some((m) => m.event.type === 'broker-stopped')).toBe(true);
    expect(session.markers.markers.some((m) => m.kind === 'election')).toBe(true);
    session.rewind(2_000);
    // Until a new action the future stays known.
    expect(session.markers.markers.some((m) => m.event.type === 'broker-stopped')).toBe(true);
    expect(session.series.lastTimeMs).toBe(15_000);
    expect(session.apply({ type: 'crash-broker', broker: 2 }).ok).toBe(true);
    expect(session.pendingInputs).toBe(0);
    expect(session.inputs.map((i) => i.action)).toEqual([{ type: 'crash-broker', broker: 2 }]);
    expect(session.markers.markers.filter((m) => m.event.type === 'broker-stopped').map((m) => m.event.broker)).toEqual([2]);
    expect(session.series.lastTimeMs).toBe(2_000);
    expect(session.furthestMs).toBe(2_000);

    const straight = createSimulation(defaultScenario);
    straight.runUntil(2_000);
    straight.apply({ type: 'crash-broker', broker: 2 });
    straight.runUntil(10_000);
    session.runUntil(10_000);
    expect(session.sim.traceHash()).toBe(straight.traceHash());
  });

  it('markers and samples after a rewind and a replay equal those of a straight run', () => {
    const straight = new TimelineSession(defaultScenario);
    straight.runUntil(2_000);
    straight.apply({ type: 'crash-broker', broker: 0 });
    straight.runUntil(20_000);

    const rewound = new TimelineSession(defaultScenario);
    rewound.runUntil(2_000);
    rewound.apply({ type: 'crash-broker', broker: 0 });
    rewound.runUntil(12_345);
    rewound.rewind(7_777);
    rewound.runUntil(20_000);
    expect(rewound.markers.markers).toEqual(straight.markers.markers);
    expect(rewound.series.samples).toEqual(straight.series.samples);
  });
});

describe('TimelineSession checkpoints', () => {
  it('a rewind that lands after the checkpoint replays from it, to the same state, markers and samples', () => {
    const straight = new TimelineSession(defaultScenario);
    straight.runUntil(3_000);
    straight.apply({ type: 'crash-broker', broker: 1 });
    straight.runUntil(30_000);

    const session = new TimelineSession(defaultScenario);
    session.runUntil(3_000);
    session.apply({ type: 'crash-broker', broker: 1 });
    session.runUntil(26_000);
    while (session.checkpointBehind) session.buildCheckpoint(1_000);
    expect(session.checkpointMs).toBe(21_000);
    session.rewind(22_250);
    // Taken over: a new one is built from the start next time.
    expect(session.checkpointMs).toBeNull();
    expect(session.sim.nowMs()).toBe(22_250);
    session.runUntil(30_000);
    expect(session.sim.traceHash()).toBe(straight.sim.traceHash());
    expect(session.markers.markers).toEqual(straight.markers.markers);
    expect(session.series.samples).toEqual(straight.series.samples);
  });

  it('a step back uses the checkpoint too, and a new branch before it drops it', () => {
    const session = new TimelineSession(defaultScenario);
    session.runUntil(12_000);
    while (session.checkpointBehind) session.buildCheckpoint(2_000);
    expect(session.checkpointMs).toBe(7_000);
    session.step();
    const before = session.sim.traceHash();
    session.step();
    session.stepBack();
    expect(session.sim.traceHash()).toBe(before);
    expect(session.checkpointMs).toBeNull();
    while (session.checkpointBehind) session.buildCheckpoint(2_000);
    session.rewind(4_000);
    expect(session.checkpointMs).toBe(7_000);
    session.apply({ type: 'crash-broker', broker: 0 });
    expect(session.checkpointMs).toBeNull();
  });
});

describe('TimelineSession.restore', () => {
  it('a fresh session given the recorded inputs reaches the same state, byte for byte', () => {
    const first = new TimelineSession(defaultScenario);
    first.runUntil(1_200);
    expect(first.apply({ type: 'crash-broker', broker: 1 }).ok).toBe(true);
    first.step();
    first.step();
    expect(first.apply({ type: 'produce', producer: 'p1', key: 'cliente-42', value: 'oi' }).ok).toBe(true);
    first.runUntil(4_000);
    expect(first.apply({ type: 'restart-broker', broker: 1 }).ok).toBe(true);

    const restored = new TimelineSession(defaultScenario);
    restored.restore(first.inputs);
    expect(restored.sim.nowMs()).toBe(first.sim.nowMs());
    expect(restored.sim.traceHash()).toBe(first.sim.traceHash());
    first.runUntil(8_000);
    restored.runUntil(8_000);
    expect(restored.sim.traceHash()).toBe(first.sim.traceHash());
  });

  it('a session saved after going back in time comes back there, with the later inputs waiting', () => {
    const first = new TimelineSession(defaultScenario);
    first.runUntil(1_500);
    expect(first.apply({ type: 'produce', producer: 'p1', key: 'antes', value: '1' }).ok).toBe(true);
    first.runUntil(5_000);
    expect(first.apply({ type: 'crash-broker', broker: 2 }).ok).toBe(true);
    first.runUntil(9_000);
    const whole = first.sim.traceHash();
    first.rewind(3_000);
    expect(first.pendingInputs).toBe(1);

    const restored = new TimelineSession(defaultScenario);
    restored.restore(first.inputs, first.sim.nowMs());
    expect(restored.sim.nowMs()).toBe(3_000);
    expect(restored.sim.traceHash()).toBe(first.sim.traceHash());
    expect(restored.pendingInputs).toBe(1);
    // Playing on applies the waiting crash at its place: the same future as before the rewind.
    restored.runUntil(9_000);
    expect(restored.pendingInputs).toBe(0);
    expect(restored.sim.traceHash()).toBe(whole);
  });

  it('refuses a session that already ran', () => {
    const session = new TimelineSession(defaultScenario);
    session.runUntil(10);
    expect(() => session.restore([])).toThrow(/fresh session/);
  });
});
