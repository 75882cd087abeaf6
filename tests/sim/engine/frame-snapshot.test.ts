// What the worker posts per frame: the engine's snapshot without what only an inspector reads.
import { describe, expect, test } from 'vitest';
import { defaultScenario, createSimulation } from '../../../sim/index.ts';
import { frameSnapshot } from '../../../sim/snapshot-builder.ts';

describe('frameSnapshot', () => {
  const sim = createSimulation(defaultScenario);
  sim.runUntil(12_000);
  const full = sim.snapshot();
  const frame = frameSnapshot(full);

  test('keeps every partition figure and each segment\'s bounds', () => {
    const ordinary = full.topics.find((t) => !t.internal)!;
    const lean = frame.topics.find((t) => t.name === ordinary.name)!;
    for (const [i, p] of ordinary.partitions.entries()) {
      const q = lean.partitions[i]!;
      expect({ ...q, replicaStates: undefined }).toEqual({ ...p, replicaStates: undefined });
      for (const [j, r] of p.replicaStates.entries()) {
        const s = q.replicaStates[j]!;
        expect(s).toEqual({
          broker: r.broker,
          logStartOffset: r.logStartOffset,
          logEndOffset: r.logEndOffset,
          highWatermark: r.highWatermark,
          sizeBytes: r.sizeBytes,
          segments: r.segments.map((seg) => ({ baseOffset: seg.baseOffset, nextOffset: seg.nextOffset, active: seg.active })),
        });
        expect(r.segments.length).toBeGreaterThan(0);
      }
    }
    expect(frame.producers).toEqual(full.producers);
    expect(frame.groups).toEqual(full.groups);
    expect(frame.inFlight).toEqual(full.inFlight);
  });

  test('of __consumer_offsets, only the partitions holding a group keep their segments', () => {
    const offsets = frame.topics.find((t) => t.internal)!;
    const holding = new Set(full.groups.map((g) => g.offsetsPartition));
    expect(holding.size).toBeGreaterThan(0);
    for (const p of offsets.partitions) {
      for (const r of p.replicaStates) {
        if (holding.has(p.partition)) expect(r.segments.length).toBeGreaterThan(0);
        else expect(r.segments).toEqual([]);
      }
    }
    expect(JSON.stringify(frame).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  test('leaves the engine\'s snapshot as it was', () => {
    expect(sim.snapshot()).toEqual(full);
    expect(full.topics[0]!.partitions[0]!.replicaStates[0]!.leaderEpochs).toBeDefined();
  });
});
