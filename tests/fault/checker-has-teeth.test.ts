// The same random fault schedules with acks=1 and min.insync.replicas=1 must lose acknowledged
// records in some seeds, as Kafka does: proof that the fault test can see a loss at all.
import { describe, expect, it } from 'vitest';
import { loadBundledSoak } from './bundled-soak.ts';
import { DEFAULT_FAULT_SCHEDULE } from '../../sim/check/fault-schedule.ts';

describe('random faults with acks=1 and min.insync.replicas=1', () => {
  it('lose acknowledged records in some seeds, and the checker reports them', async () => {
    const runSoakSeed = await loadBundledSoak('teeth');
    const weak = { ...DEFAULT_FAULT_SCHEDULE, acks: 1 as const, minInsyncReplicas: 1 };
    const lossy = [];
    for (let seed = 1; seed <= 40 && lossy.length < 2; seed++) {
      const result = runSoakSeed(seed, weak);
      if (result.lost > 0) lossy.push(result);
    }
    expect(lossy.length).toBeGreaterThan(0);
    for (const result of lossy) {
      expect(result.report.lost.examples[0]).toMatchObject({ producer: 'p', acks: 1 });
    }
  }, 120_000);
});
