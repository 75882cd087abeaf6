// The built-in partitioner for keyless records (KIP-480 sticky, KIP-794 BuiltInPartitioner):
// stay on one partition until batch.size bytes went to it with its last batch full, or 2×batch.size
// in any case; then pick uniformly among the partitions that have a leader (all when none has).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StickyPartitioner } from '../../../sim/clients/producer/sticky-partitioner.ts';
import { createRandom } from '../../../sim/kernel/index.ts';

const BATCH_SIZE = 1000;

function partitioner(seed = 1, batchSize = BATCH_SIZE): StickyPartitioner {
  return new StickyPartitioner(batchSize, createRandom(seed));
}

/**
 * Starts a partitioner on partition 0 (the only one available), then offers only partition 1 for
 * any switch: the current partition tells whether a switch happened.
 */
function startedOnZero(): StickyPartitioner {
  const sticky = partitioner();
  expect(sticky.partition('t', [0], 2)).toBe(0);
  return sticky;
}

const current = (sticky: StickyPartitioner) => sticky.partition('t', [1], 2);

/** Partitions chosen by `switches` successive switches (each forced by 2×batch.size bytes). */
function switches(sticky: StickyPartitioner, count: number, available: number[], partitionCount: number): number[] {
  const chosen: number[] = [];
  sticky.partition('t', available, partitionCount);
  for (let i = 0; i < count; i++) {
    sticky.onAppend('t', 2 * BATCH_SIZE, false, available, partitionCount);
    chosen.push(sticky.partition('t', available, partitionCount));
  }
  return chosen;
}

describe('StickyPartitioner', () => {
  it('stays on its partition while less than batch.size bytes went to it', () => {
    const sticky = startedOnZero();
    for (let i = 0; i < 9; i++) {
      sticky.onAppend('t', 111, true, [1], 2);
      expect(current(sticky)).toBe(0);
    }
  });

  it('switches after batch.size bytes when the last batch is full', () => {
    const sticky = startedOnZero();
    sticky.onAppend('t', BATCH_SIZE - 1, true, [1], 2);
    expect(current(sticky)).toBe(0);
    sticky.onAppend('t', 1, true, [1], 2);
    expect(current(sticky)).toBe(1);
  });

  it('does not switch after batch.size bytes while the last batch has room, only at 2×batch.size', () => {
    const sticky = startedOnZero();
    sticky.onAppend('t', BATCH_SIZE, false, [1], 2);
    expect(current(sticky)).toBe(0);
    sticky.onAppend('t', BATCH_SIZE - 1, false, [1], 2);
    expect(current(sticky)).toBe(0);
    sticky.onAppend('t', 1, false, [1], 2);
    expect(current(sticky)).toBe(1);
  });

  it('counts bytes from zero again on the new partition', () => {
    const sticky = startedOnZero();
    sticky.onAppend('t', BATCH_SIZE, true, [1], 2);
    expect(current(sticky)).toBe(1);
    // Only partition 0 may be chosen now, so a premature switch would show.
    sticky.onAppend('t', BATCH_SIZE - 1, true, [0], 2);
    expect(sticky.partition('t', [0], 2)).toBe(1);
    sticky.onAppend('t', 1, true, [0], 2);
    expect(sticky.partition('t', [0], 2)).toBe(0);
  });

  it('keeps one sticky partition per topic', () => {
    const sticky = partitioner();
    expect(sticky.partition('a', [0], 3)).toBe(0);
    expect(sticky.partition('b', [2], 3)).toBe(2);
    sticky.onAppend('a', 2 * BATCH_SIZE, true, [1], 3);
    expect(sticky.partition('a', [1], 3)).toBe(1);
    expect(sticky.partition('b', [1], 3)).toBe(2);
  });

  it('picks a new partition when the topic shrank below the sticky one', () => {
    const sticky = partitioner();
    expect(sticky.partition('t', [5], 6)).toBe(5);
    expect(sticky.partition('t', [1], 2)).toBe(1);
  });

  it('switches only to partitions that have a leader', () => {
    const chosen = switches(partitioner(7), 200, [1, 3], 5);
    expect(new Set(chosen)).toEqual(new Set([1, 3]));
  });

  it('picks among all partitions when none has a leader', () => {
    const chosen = switches(partitioner(7), 200, [], 4);
    expect(new Set(chosen)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('is deterministic for a seed, and another seed gives another sequence', () => {
    const run = (seed: number) => switches(partitioner(seed), 50, [0, 1, 2, 3, 4, 5], 6);
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('over many switches chooses every available partition, roughly uniformly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 8 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n })),
        ),
        (seed, [partitionCount, available]) => {
          const chosen = switches(partitioner(seed), 400, available, partitionCount);
          // P(some partition of ≤ 8 never drawn in 400 uniform draws) < 8 · (7/8)^400 ≈ 5e-23.
          expect(new Set(chosen), `seed ${seed}`).toEqual(new Set(available));
          // Each share within ±60% of 400/k: a binomial(400, 1/k), k ≤ 8, falls outside with
          // probability < 1e-5 (8.4e-6 at k = 8, far less for smaller k).
          for (const p of available) {
            const share = chosen.filter((c) => c === p).length;
            expect(share, `seed ${seed}, partition ${p}`).toBeGreaterThanOrEqual((0.4 * 400) / available.length);
            expect(share, `seed ${seed}, partition ${p}`).toBeLessThanOrEqual((1.6 * 400) / available.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
