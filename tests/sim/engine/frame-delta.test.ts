// Frames with the unchanged partitions left out (sim/frame-delta.ts): what the page rebuilds is
// exactly the frame the worker had, frame after frame, across topics created and deleted.
import { describe, expect, test } from 'vitest';
import { defaultScenario, createSimulation } from '../../../sim/index.ts';
import { frameSnapshot } from '../../../sim/snapshot-builder.ts';
import { FrameDeltaError, FrameEncoder, decodeFrame } from '../../../sim/frame-delta.ts';
import type { FrameSnapshot } from '../../../sim/snapshot.ts';

/** What structured cloning does to a frame on its way to the page. */
const cloned = <T>(value: T): T => structuredClone(value);

describe('frame deltas', () => {
  test('the page rebuilds every frame exactly, reusing the partitions that did not change', () => {
    const sim = createSimulation(defaultScenario);
    const encoder = new FrameEncoder();
    let previous: FrameSnapshot | null = null;
    let leftOut = 0;
    let sentWhole = 0;
    for (let t = 66; t <= 8_000; t += 66) {
      sim.runUntil(t);
      if (t === 2_046) expect(sim.apply({ type: 'create-topic', topic: { name: 'novo', partitions: 2, replicationFactor: 2 } }).ok).toBe(true);
      if (t === 5_016) expect(sim.apply({ type: 'delete-topic', name: 'novo' }).ok).toBe(true);
      const frame = frameSnapshot(sim.snapshot());
      const wire = cloned(encoder.encode(frame));
      expect(wire.delta).toBe(previous !== null);
      const decoded = decodeFrame(previous, wire);
      expect(decoded).toEqual(frame);
      for (const [i, topic] of wire.topics.entries()) {
        for (const [j, p] of topic.partitions.entries()) {
          if (typeof p === 'number') {
            leftOut += 1;
            // The previous frame's very object: views comparing by identity skip it.
            const before = previous!.topics.find((x) => x.name === topic.name)!.partitions.find((x) => x.partition === p);
            expect(decoded.topics[i]!.partitions[j]).toBe(before);
          } else sentWhole += 1;
        }
      }
      previous = decoded;
    }
    // Most partitions are idle between two frames (the 50 of __consumer_offsets above all).
    expect(leftOut).toBeGreaterThan(sentWhole * 3);
  });

  test('after a reset the next frame goes whole, and a delta without its previous frame is refused', () => {
    const sim = createSimulation(defaultScenario);
    const encoder = new FrameEncoder();
    sim.runUntil(1_000);
    const first = encoder.encode(frameSnapshot(sim.snapshot()));
    expect(first.delta).toBe(false);
    const second = encoder.encode(frameSnapshot(sim.snapshot()));
    expect(second.delta).toBe(true);
    expect(second.topics.every((t) => t.partitions.every((p) => typeof p === 'number'))).toBe(true);
    expect(() => decodeFrame(null, second)).toThrow(FrameDeltaError);
    const other = { ...decodeFrame(null, first), topics: [] };
    expect(() => decodeFrame(other, second)).toThrow(/previous frame did not have/);
    encoder.reset();
    expect(encoder.encode(frameSnapshot(sim.snapshot())).delta).toBe(false);
  });
});
