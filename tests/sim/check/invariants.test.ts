import { describe, expect, it } from 'vitest';
import { InvariantChecker, digestBatches, type PartitionDigests } from '../../../sim/check/index.ts';
import { batch } from './helpers.ts';
import { partition, snapshot } from './helpers.ts';

const invariantsOf = (found: { invariant: string }[]) => found.map((v) => v.invariant);

describe('InvariantChecker', () => {
  it('finds nothing in a healthy failover: leader change with a new epoch, ISR shrink and regrowth', () => {
    const checker = new InvariantChecker();
    const steps = [
      snapshot(0, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 0 })]),
      snapshot(10, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 5, leo: { 1: 7, 2: 5, 3: 6 } })]),
      snapshot(20, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 5, leo: { 1: 9, 2: 5, 3: 6 } })], [1]),
      snapshot(30, [partition({ leader: 2, leaderEpoch: 1, isr: [2, 3], highWatermark: 5, leo: { 1: 9, 2: 5, 3: 6 } })], [1]),
      // The old leader is back and truncates; it is a follower out of the ISR meanwhile.
      snapshot(40, [partition({ leader: 2, leaderEpoch: 1, isr: [2, 3], highWatermark: 6, leo: { 1: 5, 2: 8, 3: 6 } })]),
      snapshot(50, [partition({ leader: 2, leaderEpoch: 1, highWatermark: 8, leo: { 1: 8, 2: 8, 3: 8 } })]),
      // The preferred leader takes over again: a new epoch, and the HW may start lower there.
      snapshot(60, [partition({ leader: 1, leaderEpoch: 2, highWatermark: 7, leo: { 1: 8, 2: 8, 3: 8 } })]),
    ];
    for (const s of steps) expect(checker.observe(s)).toEqual([]);
    expect(checker.summary()).toEqual({ count: 0, byInvariant: {}, violations: [] });
  });

  it('reports two brokers leading the same partition in the same epoch, ever', () => {
    const checker = new InvariantChecker();
    checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 4, highWatermark: 0 })]));
    checker.observe(snapshot(1, [partition({ leader: -1, leaderEpoch: 5, highWatermark: 0 })]));
    const found = checker.observe(snapshot(2, [partition({ leader: 2, leaderEpoch: 4, highWatermark: 0 })]));
    expect(found).toEqual([
      { invariant: 'leader-epoch-monotonic', topic: 't', partition: 0, timeMs: 2, detail: 'leader epoch went from 5 back to 4' },
      { invariant: 'single-leader-per-epoch', topic: 't', partition: 0, timeMs: 2, detail: 'broker 2 is leader in epoch 4, which broker 1 led before' },
    ]);
  });

  it('reports a leader epoch going back', () => {
    const checker = new InvariantChecker();
    checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 3, highWatermark: 0 })]));
    expect(invariantsOf(checker.observe(snapshot(1, [partition({ leader: 1, leaderEpoch: 2, highWatermark: 0 })])))).toEqual(['leader-epoch-monotonic']);
  });

  it('reports an ISR outside the replicas, an empty ISR and a leader out of the ISR, once while they last', () => {
    const checker = new InvariantChecker();
    const bad = () => snapshot(5, [partition({ leader: 1, leaderEpoch: 0, isr: [2, 4], highWatermark: 0 }), partition({ partition: 1, leader: -1, leaderEpoch: 0, isr: [], highWatermark: 0 })]);
    const found = checker.observe(bad());
    expect(found.map((v) => [v.invariant, v.partition, v.detail])).toEqual([
      ['isr-subset-of-replicas', 0, 'ISR [2,4] holds broker 4, which is not a replica [1,2,3]'],
      ['leader-in-isr', 0, 'leader 1 is not in the ISR [2,4]'],
      ['isr-not-empty', 1, 'ISR is empty (replicas [1,2,3])'],
    ]);
    expect(checker.observe(bad())).toEqual([]);
    checker.observe(snapshot(6, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 0 }), partition({ partition: 1, leader: -1, leaderEpoch: 0, isr: [1], highWatermark: 0 })]));
    expect(checker.observe(bad())).toHaveLength(3); // it began again
    expect(checker.count).toBe(6);
    expect(checker.summary().byInvariant).toEqual({ 'isr-not-empty': 2, 'isr-subset-of-replicas': 2, 'leader-in-isr': 2 });
  });

  it('accepts an empty ISR when Eligible Leader Replicas are enabled', () => {
    const checker = new InvariantChecker({ allowEmptyIsr: true });
    expect(checker.observe(snapshot(0, [partition({ leader: -1, leaderEpoch: 0, isr: [], highWatermark: 0 })]))).toEqual([]);
  });

  it('reports a HW above the LEO of a live ISR member, not of a broker that is down or out of the ISR', () => {
    const checker = new InvariantChecker();
    const found = checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 10, leo: { 1: 10, 2: 9, 3: 10 } })]));
    expect(found.map((v) => [v.invariant, v.detail])).toEqual([['hw-within-isr-leo', 'HW 10 is above the LEO 9 of ISR member 2']]);
    const fresh = new InvariantChecker();
    expect(fresh.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 10, leo: { 1: 10, 2: 9, 3: 10 } })], [2]))).toEqual([]);
    expect(fresh.observe(snapshot(1, [partition({ leader: 1, leaderEpoch: 0, isr: [1, 3], highWatermark: 10, leo: { 1: 10, 2: 0, 3: 10 } })]))).toEqual([]);
  });

  it("reports a replica whose own HW is above its LEO", () => {
    const checker = new InvariantChecker();
    const found = checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 0, isr: [1], highWatermark: 4, leo: { 1: 4, 2: 2, 3: 4 }, hw: { 2: 3 } })]));
    expect(found.map((v) => v.detail)).toEqual(['replica on broker 2 has HW 3 above its LEO 2']);
  });

  it('reports a leader moving its HW back within an epoch, but not after it restarted or lost leadership', () => {
    const checker = new InvariantChecker();
    checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 8 })]));
    expect(checker.observe(snapshot(1, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 6 })])).map((v) => v.detail)).toEqual([
      'leader 1 moved the HW back from 8 to 6 in epoch 0',
    ]);
    checker.observe(snapshot(2, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 6 })], [1]));
    expect(checker.observe(snapshot(3, [partition({ leader: 1, leaderEpoch: 0, highWatermark: 4 })]))).toEqual([]);
    expect(checker.observe(snapshot(4, [partition({ leader: 2, leaderEpoch: 1, highWatermark: 3 })]))).toEqual([]);
  });

  it('forgets a deleted topic, so that a topic created again under its name starts at epoch 0', () => {
    const checker = new InvariantChecker();
    checker.observe(snapshot(0, [partition({ leader: 1, leaderEpoch: 7, highWatermark: 0 })]));
    checker.observe(snapshot(1, [partition({ topic: 'other', leader: 1, leaderEpoch: 0, highWatermark: 0 })]));
    expect(checker.observe(snapshot(2, [partition({ leader: 2, leaderEpoch: 0, highWatermark: 0 })]))).toEqual([]);
  });

  describe('replicas agree below the HW', () => {
    const common = [batch(0, ['p#0', 'p#1'], { epoch: 0 }), batch(2, ['p#2'], { epoch: 0 })];
    const digests = (replica2: Uint8Array[], replica3: Uint8Array[] = common): PartitionDigests[] => [
      {
        topic: 't',
        partition: 0,
        replicas: [
          { broker: 1, batches: digestBatches([...common, batch(3, ['p#3'], { epoch: 0 })]) },
          { broker: 2, batches: digestBatches(replica2) },
          { broker: 3, batches: digestBatches(replica3) },
        ],
      },
    ];
    const at = (timeMs: number, isr = [1, 2, 3], hw = 3) => snapshot(timeMs, [partition({ leader: 1, leaderEpoch: 1, isr, highWatermark: hw, leo: { 1: 4, 2: 3, 3: 3 } })]);

    it('finds nothing when ISR members hold the leader batches, a shorter tail included', () => {
      expect(new InvariantChecker().observe(at(0), digests(common))).toEqual([]);
    });

    it('reports an ISR member holding another batch below the HW, once while it lasts', () => {
      const checker = new InvariantChecker();
      const other = [batch(0, ['p#0', 'p#1'], { epoch: 0 }), batch(2, ['q#9'], { epoch: 0 })];
      const found = checker.observe(at(0), digests(other));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ invariant: 'replicas-agree-below-hw', topic: 't', partition: 0, timeMs: 0 });
      expect(found[0]!.detail).toMatch(/^below 3 \(min of HW 3 and its LEO 3\), broker 2 has batch 2\.\.2 epoch 0 crc 0x[0-9a-f]{8} where leader 1 has batch 2\.\.2 epoch 0 crc 0x[0-9a-f]{8}$/);
      expect(checker.observe(at(1), digests(other))).toEqual([]);
      // Above the HW, or out of the ISR, a divergent tail is the follower's to truncate.
      expect(new InvariantChecker().observe(at(0, [1, 2, 3], 2), digests(other))).toEqual([]);
      expect(new InvariantChecker().observe(at(0, [1, 3]), digests(other))).toEqual([]);
    });

    it('tells batches of another leader epoch apart even with the same bytes', () => {
      const rewritten = [batch(0, ['p#0', 'p#1'], { epoch: 0 }), batch(2, ['p#2'], { epoch: 1 })];
      expect(invariantsOf(new InvariantChecker().observe(at(0), digests(common, rewritten)))).toEqual(['replicas-agree-below-hw']);
    });
  });

  it('keeps at most maxViolations but counts them all', () => {
    const checker = new InvariantChecker({ maxViolations: 2 });
    for (let t = 0; t < 5; t++) checker.observe(snapshot(t, [partition({ leader: 1, leaderEpoch: 10 - t, highWatermark: 0 })]));
    expect(checker.count).toBe(4);
    expect(checker.violations.map((v) => v.timeMs)).toEqual([1, 2]);
  });
});
