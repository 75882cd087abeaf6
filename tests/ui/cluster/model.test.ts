// The broker views keep the objects of replicas that look the same, so their rows and cells are
// not redrawn; a cell looks the same while its role, epoch and fill step do.
import { describe, expect, test } from 'vitest';
import { createSimulation, defaultScenario } from '../../../sim/index.ts';
import { brokerViews, cellFillStep, reuseUnchanged } from '../../../src/ui/cluster/model.ts';

describe('reuseUnchanged', () => {
  const sim = createSimulation(defaultScenario);
  sim.runUntil(6_000);
  const before = brokerViews(sim.snapshot());
  sim.runUntil(6_066);
  const after = () => brokerViews(sim.snapshot());

  test('rows: a replica is kept only when nothing a row shows changed', () => {
    const first = reuseUnchanged(before, new Map());
    const views = after();
    reuseUnchanged(views, first);
    for (const r of views.flatMap((v) => v.replicas)) {
      const old = first.get(r.key)!;
      if (r === old) continue;
      expect([r.logEndOffset, r.highWatermark, r.logStartOffset, r.role, r.segments.length, r.scaleMax]).not.toEqual([old.logEndOffset, old.highWatermark, old.logStartOffset, old.role, old.segments.length, old.scaleMax]);
    }
  });

  test('cells: a replica is kept while its role, epoch and fill step are the same, even if its offsets moved', () => {
    const first = reuseUnchanged(before, new Map(), true);
    const views = after();
    reuseUnchanged(views, first, true);
    for (const view of views) {
      for (const r of view.replicas) {
        const old = first.get(r.key)!;
        const fresh = brokerViews(sim.snapshot()).find((v) => v.id === view.id)!.replicas.find((x) => x.key === r.key)!;
        if (r === old) {
          expect([fresh.role, fresh.leaderEpoch, cellFillStep(fresh)]).toEqual([old.role, old.leaderEpoch, cellFillStep(old)]);
        } else {
          expect([fresh.role, fresh.leaderEpoch, cellFillStep(fresh)]).not.toEqual([old.role, old.leaderEpoch, cellFillStep(old)]);
        }
      }
    }
    expect(cellFillStep({ ...views[0]!.replicas[0]!, logEndOffset: 5, scaleMin: 5, scaleMax: 5 })).toBe(0);
  });

  test('one more record on a long log: the same cell, but a new row', () => {
    const base = { ...before[0]!.replicas[0]!, scaleMin: 0, scaleMax: 10_000, logEndOffset: 5_000, highWatermark: 5_000 };
    const grown = { ...base, logEndOffset: 5_001, highWatermark: 5_001 };
    const view = (r: typeof base) => [{ ...before[0]!, replicas: [r] }];
    const asCell = view(grown);
    reuseUnchanged(asCell, new Map([[base.key, base]]), true);
    expect(asCell[0]!.replicas[0]).toBe(base);
    const asRow = view(grown);
    reuseUnchanged(asRow, new Map([[base.key, base]]));
    expect(asRow[0]!.replicas[0]).toBe(grown);
  });
});
