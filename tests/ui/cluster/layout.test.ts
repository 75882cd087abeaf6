import { describe, expect, test } from 'vitest';
import { computeLayout, layoutKey, type Box, type LayoutInput } from '../../../src/ui/cluster/layout.ts';
import { linkCurve, parseNode, pointAt } from '../../../src/ui/cluster/paths.ts';

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, width: number): boolean => a.x >= 0 && a.x + a.w <= width;

const standard: LayoutInput = {
  width: 1240,
  scale: 1,
  controllers: [100],
  brokers: [0, 1, 2].map((id) => ({ id, replicas: 6, internalLines: 2 })),
  producers: ['p1', 'p2'],
  groups: [{ id: 'g', consumers: ['c1', 'c2', 'c3'].map((id) => ({ id, partitions: 6 })) }],
  loneConsumers: [],
};

const large: LayoutInput = {
  width: 1240,
  scale: 1,
  controllers: [100, 101, 102],
  brokers: Array.from({ length: 12 }, (_, id) => ({ id, replicas: 50, internalLines: 2 })),
  producers: Array.from({ length: 10 }, (_, i) => `p${i}`),
  groups: [0, 1, 2].map((g) => ({ id: `g${g}`, consumers: Array.from({ length: 10 }, (_, i) => ({ id: `c${g}-${i}`, partitions: 200 })) })),
  loneConsumers: [],
};

describe('the layout', () => {
  for (const [name, input] of [
    ['standard', standard],
    ['large', large],
    ['standard in presenter mode', { ...standard, scale: 1.3 }],
  ] as const) {
    test(`${name}: nothing overlaps and everything fits the width`, () => {
      const layout = computeLayout(input);
      const boxes: Box[] = [...layout.controllers.values(), ...layout.brokers.values(), ...layout.producers.values(), ...layout.groups.values()];
      expect(boxes.length).toBe(input.controllers.length + input.brokers.length + input.producers.length + input.groups.length);
      for (const box of boxes) expect(inside(box, layout.width)).toBe(true);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
      for (const box of [...boxes, ...layout.consumers.values()]) expect(box.y + box.h).toBeLessThanOrEqual(layout.height);
    });
  }

  test('the standard scene draws each replica on its own row, brokers in one row', () => {
    const layout = computeLayout(standard);
    expect(layout.detail).toBe('rows');
    expect(new Set([...layout.brokers.values()].map((b) => b.y)).size).toBe(1);
  });

  test('the large scene aggregates replicas into cells and members into lines', () => {
    const layout = computeLayout(large);
    expect(layout.detail).toBe('cells');
    expect(layout.memberRows).toBe('line');
    expect(computeLayout({ ...large, brokers: large.brokers.map((b) => ({ ...b, replicas: 61 })) }).detail).toBe('counts');
  });

  test('is memoised by structure: the key ignores nothing that moves a box', () => {
    expect(layoutKey(standard)).toBe(layoutKey({ ...standard }));
    expect(layoutKey(standard)).not.toBe(layoutKey({ ...standard, producers: ['p1'] }));
    expect(layoutKey(standard)).not.toBe(layoutKey({ ...standard, scale: 1.3 }));
  });

  test('links start and end on their two nodes, the same curve both ways', () => {
    const layout = computeLayout(standard);
    const curve = linkCurve(layout, 'producer-p1', 'broker-2')!;
    const p1 = layout.producers.get('p1')!;
    const b2 = layout.brokers.get(2)!;
    expect(curve.p0).toEqual({ x: p1.x + p1.w, y: p1.y + p1.h / 2 });
    expect(curve.p1.y).toBe(b2.y);
    expect(pointAt(curve, 0)).toEqual(curve.p0);
    expect(pointAt(curve, 1)).toEqual(curve.p1);
    const back = linkCurve(layout, 'broker-2', 'producer-p1')!;
    expect(back.p0).toEqual(curve.p1);
    expect(back.p1).toEqual(curve.p0);
    expect(linkCurve(layout, 'broker-0', 'broker-9')).toBeNull();
    expect(parseNode('consumer-c-1')).toEqual({ kind: 'consumer', id: 'c-1' });
  });
});
