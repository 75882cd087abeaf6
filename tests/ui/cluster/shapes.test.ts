// The leader's star drawn at a point: the same star as at the origin, every point moved.
import { describe, expect, test } from 'vitest';
import { starPath, starPathAt } from '../../../src/ui/cluster/shapes.ts';

const points = (d: string): number[][] => [...d.matchAll(/(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('starPathAt', () => {
  test('moves each of the ten points of the star, and keeps its commands', () => {
    const at = starPathAt(6, 120.5, -40);
    expect(at.replace(/[-\d.,e]/g, '')).toBe(starPath(6).replace(/[-\d.,e]/g, ''));
    const moved = points(at);
    const origin = points(starPath(6));
    expect(moved).toHaveLength(10);
    moved.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(origin[i]![0]! + 120.5, 1);
      expect(y).toBeCloseTo(origin[i]![1]! - 40, 1);
    });
  });
});
