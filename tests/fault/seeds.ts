// The randomized fault test runs in six files of 50 seeds, so that vitest spreads them over both
// cores; this is the one body they share.
import { describe, expect, it } from 'vitest';
import { loadBundledSoak } from './bundled-soak.ts';

export const SEEDS_PER_PART = 50;

export function describeFaultSeeds(part: number): void {
  const first = 1 + part * SEEDS_PER_PART;
  const last = first + SEEDS_PER_PART - 1;
  describe('random faults with acks=all, min.insync.replicas=2, RF=3', () => {
    it(`lose no acknowledged record and break no invariant (seeds ${first}–${last})`, async () => {
      const runSoakSeed = await loadBundledSoak(`part-${part}`);
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = runSoakSeed(seed);
        if (!result.ok) {
          const violations = JSON.stringify(result.violations.slice(0, 2));
          failures.push(`seed ${seed}: ${result.lost} lost, ${result.groupMissed} missed by the group, ${result.violations.length} violations ${violations} ${result.error ?? ''} — replay: ${result.replay}`);
        }
      }
      expect(failures).toEqual([]);
    }, 600_000);
  });
}
