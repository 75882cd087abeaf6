// The randomized fault test, part 3 of 4 (split so that vitest runs the parts on both cores):
// 75 seeds each, 300 per npm test. See sim/check/fault-schedule.ts and npm run soak.
import { describe, expect, it } from 'vitest';
import { runSoakSeed } from '../../sim/check/soak.ts';

const FIRST_SEED = 1 + 2 * 75;

describe('random faults with acks=all, min.insync.replicas=2, RF=3', () => {
  it(`lose no acknowledged record and break no invariant (seeds ${FIRST_SEED}–${FIRST_SEED + 74})`, () => {
    const failures: string[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 75; seed++) {
      const result = runSoakSeed(seed);
      if (!result.ok) {
        failures.push(`seed ${seed}: ${result.lost} lost, ${result.violations.length} violations ${JSON.stringify(result.violations.slice(0, 2))} ${result.error ?? ''} — replay: ${result.replay}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
