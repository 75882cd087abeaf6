import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignReplicas } from '../../../sim/controller/placement.ts';

describe('rack-unaware replica placement', () => {
  it("matches Kafka's example: 5 brokers, 10 partitions, RF 3, start 0, shift 0", () => {
    expect(assignReplicas([0, 1, 2, 3, 4], 10, 3, { startIndex: 0, shift: 0 })).toEqual([
      [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
      [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2],
    ]);
  });

  it('refuses a replication factor above the broker count, as CreateTopics does', () => {
    expect(assignReplicas([0, 1], 3, 3, { startIndex: 0, shift: 0 })).toMatchObject({ error: 'INVALID_REPLICATION_FACTOR' });
    expect(assignReplicas([0, 1], 0, 1, { startIndex: 0, shift: 0 })).toMatchObject({ error: 'INVALID_PARTITIONS' });
  });

  it('gives distinct replicas and spreads leaders evenly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: 60 }), fc.nat(n - 1), fc.nat(n - 1))),
        ([n, rf, partitions, startIndex, shift]) => {
          const brokers = Array.from({ length: n }, (_, i) => i);
          const placement = assignReplicas(brokers, partitions, rf, { startIndex, shift });
          if (!Array.isArray(placement)) return false;
          const leaders = new Map<number, number>();
          for (const replicas of placement) {
            if (new Set(replicas).size !== rf) return false;
            leaders.set(replicas[0]!, (leaders.get(replicas[0]!) ?? 0) + 1);
          }
          const counts = [...leaders.values()];
          return Math.max(...counts) - Math.min(...counts) <= 1;
        },
      ),
    );
  });
});
