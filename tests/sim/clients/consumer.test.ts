// The consumer by assignment (consumer.assign) inside whole simulations: every record once and in
// order, max.poll.records, the processing-time model, auto.offset.reset on OFFSET_OUT_OF_RANGE and
// with "none", and reading only the assigned partitions.
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../sim/index.ts';
import { only, runCollecting, simulate } from './harness.ts';

type ConsumerSpec = NonNullable<ScenarioInput['consumers']>[number];

/** 600 keyed records over three partitions on three brokers, all sent by 3 s, and one consumer. */
function keyedRun(consumer: Omit<ConsumerSpec, 'id' | 'topic'>): ScenarioInput {
  return {
    seed: 21,
    cluster: { brokers: 3 },
    topics: [{ name: 'pedidos', partitions: 3 }],
    producers: [{ id: 'p', topic: 'pedidos', workload: { ratePerSec: 200, count: 600, keys: { kind: 'sequence', prefix: 'cliente-', cardinality: 30 } } }],
    consumers: [{ id: 'c', topic: 'pedidos', ...consumer }],
  };
}

describe('consumer by assignment', () => {
  it('reads every record exactly once, in offset order per partition, up to the high watermark', () => {
    const sim = simulate(keyedRun({ config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 50 } }));
    const events = runCollecting(sim, 10_000);
    const snap = sim.snapshot();
    const partitions = snap.topics[0]!.partitions;
    expect(partitions.reduce((sum, p) => sum + p.highWatermark, 0)).toBe(600);
    const consumer = snap.consumers[0]!;
    expect(consumer.consumed).toBe(600);
    expect(consumer.error).toBeNull();
    expect(consumer.assignment.map((a) => a.position)).toEqual(partitions.map((p) => p.highWatermark));
    expect(consumer.assignment.map((a) => a.lag)).toEqual([0, 0, 0]);

    // Fetches cover each partition from offset 0 without gap or overlap.
    const fetches = only(events, 'fetch-served');
    for (const p of partitions) {
      const mine = fetches.filter((f) => f.partition === p.partition);
      expect(mine[0]!.fromOffset).toBe(0);
      mine.forEach((f, i) => {
        if (i > 0) expect(f.fromOffset).toBe(mine[i - 1]!.toOffset);
        expect(f.records).toBe(f.toOffset - f.fromOffset);
      });
      expect(mine.at(-1)!.toOffset).toBe(p.highWatermark);
    }
    // poll() hands them out in order: positions only move forward, and the counts add up.
    const polls = only(events, 'records-consumed');
    expect(polls.reduce((sum, e) => sum + e.records, 0)).toBe(600);
    const last = new Map<string, number>();
    for (const e of polls) {
      for (const [partition, position] of Object.entries(e.position)) {
        expect(position).toBeGreaterThan(last.get(partition) ?? 0);
        last.set(partition, position);
      }
    }
  });

  it('returns at most max.poll.records records from each poll', () => {
    const sim = simulate(keyedRun({ config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 7 }, startMs: 4_000 }));
    const events = runCollecting(sim, 8_000);
    const polls = only(events, 'records-consumed');
    for (const e of polls) {
      expect(e.records).toBeGreaterThan(0);
      expect(e.records).toBeLessThanOrEqual(7);
    }
    // Started after the producer finished: a backlog, so nearly every poll is a full one.
    expect(polls.filter((e) => e.records === 7).length).toBeGreaterThanOrEqual(Math.floor(600 / 7) - 3);
    expect(polls.reduce((sum, e) => sum + e.records, 0)).toBe(600);
    expect(sim.snapshot().consumers[0]!.consumed).toBe(600);
  });

  it('consumes at the pace its processing time allows: max.poll.records per (perPollMs + records × perRecordMs)', () => {
    const cases = [
      { perRecordMs: 10, perPollMs: 0 }, // 10 records per 100 ms
      { perRecordMs: 5, perPollMs: 50 }, // 10 records per 100 ms
      { perRecordMs: 2, perPollMs: 0 }, //  10 records per 20 ms
    ];
    for (const processing of cases) {
      const sim = simulate({
        seed: 4,
        cluster: { brokers: 1 },
        topics: [{ name: 't', partitions: 1 }],
        // A backlog of 6000 records, written before the consumer starts at 7 s.
        producers: [{ id: 'p', topic: 't', workload: { ratePerSec: 1_000, count: 6_000 } }],
        consumers: [{ id: 'c', topic: 't', startMs: 7_000, config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 10 }, processing }],
      });
      const events = runCollecting(sim, 12_000);
      const pollMs = processing.perPollMs + 10 * processing.perRecordMs;
      const windowMs = 4_000;
      const inWindow = only(events, 'records-consumed')
        .filter((e) => e.timeMs >= 8_000 && e.timeMs < 8_000 + windowMs)
        .reduce((sum, e) => sum + e.records, 0);
      // A 1 MiB fetch holds thousands of these records, so poll() never waits for data: polls
      // come exactly pollMs apart and the window holds windowMs / pollMs of them, give or take
      // the one its edges cut.
      const expected = (windowMs / pollMs) * 10;
      expect(Math.abs(inWindow - expected), `${JSON.stringify(processing)}: ${inWindow} records, expected ${expected}`).toBeLessThanOrEqual(10);
    }
  });

  it('resets to the new log start offset (auto.offset.reset=earliest) after retention deleted what a paused consumer had not read', () => {
    const sim = simulate({
      seed: 8,
      cluster: { brokers: 1, config: { 'log.retention.check.interval.ms': 500 } },
      topics: [{ name: 't', partitions: 1, configs: { 'segment.ms': 1_000, 'retention.ms': 2_000 } }],
      producers: [{ id: 'p', topic: 't', workload: { ratePerSec: 100 } }],
      consumers: [{ id: 'c', topic: 't', config: { 'auto.offset.reset': 'earliest' } }],
      schedule: [
        { atMs: 1_500, action: { type: 'pause-consumer', consumer: 'c' } },
        { atMs: 8_000, action: { type: 'resume-consumer', consumer: 'c' } },
      ],
    });
    const beforePause = runCollecting(sim, 1_500);
    const positionAtPause = sim.snapshot().consumers[0]!.assignment[0]!.position;
    expect(positionAtPause).toBeGreaterThan(100);
    const duringPause = runCollecting(sim, 7_999, 100);
    expect(only(duringPause, 'records-consumed').filter((e) => e.seq > beforePause.at(-1)!.seq)).toEqual([]);
    const deletions = only(duringPause, 'segments-deleted');
    expect(deletions.length).toBeGreaterThan(0);
    expect(sim.snapshot().consumers[0]).toMatchObject({ status: 'paused' });

    const afterResume = runCollecting(sim, 10_000, 100).filter((e) => e.seq > duringPause.at(-1)!.seq);
    const error = only(afterResume, 'consumer-error')[0]!;
    expect(error).toMatchObject({ consumer: 'c', partition: 0, error: 'OFFSET_OUT_OF_RANGE' });
    const reset = only(afterResume, 'offset-reset')[0]!;
    expect(reset.seq).toBeGreaterThan(error.seq);
    expect(reset).toMatchObject({ consumer: 'c', partition: 0, strategy: 'earliest' });
    // The log start offset the last deletion before the reset left behind.
    const all = [...duringPause, ...afterResume];
    const lastDeletion = only(all, 'segments-deleted').filter((e) => e.seq < reset.seq).at(-1)!;
    expect(reset.offset).toBe(lastDeletion.logStartOffset);
    expect(reset.offset).toBeGreaterThan(positionAtPause);
    // And it reads on from there.
    const snap = sim.snapshot();
    expect(snap.consumers[0]!.error).toBeNull();
    expect(snap.consumers[0]!.assignment[0]!.position).toBeGreaterThan(reset.offset);
    expect(only(afterResume, 'records-consumed').filter((e) => e.seq > reset.seq).length).toBeGreaterThan(0);
  });

  it('fails with NoOffsetForPartition when it has no position and auto.offset.reset=none', () => {
    const sim = simulate(keyedRun({ config: { 'auto.offset.reset': 'none' }, startMs: 1_000 }));
    const events = runCollecting(sim, 5_000);
    const consumer = sim.snapshot().consumers[0]!;
    expect(consumer.error).toMatch(/^NoOffsetForPartitionException: .*auto\.offset\.reset=none/);
    expect(consumer.consumed).toBe(0);
    expect(consumer.assignment.every((a) => a.position === -1)).toBe(true);
    const errors = only(events, 'consumer-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ consumer: 'c', error: 'NoOffsetForPartitionException' });
    expect(only(events, 'fetch-served')).toEqual([]);
  });

  it('reads only the partitions it was assigned', () => {
    const sim = simulate(keyedRun({ partitions: [0, 2], config: { 'auto.offset.reset': 'earliest' } }));
    const events = runCollecting(sim, 8_000);
    const snap = sim.snapshot();
    const hw = snap.topics[0]!.partitions.map((p) => p.highWatermark);
    expect(hw[1]).toBeGreaterThan(0);
    const consumer = snap.consumers[0]!;
    expect(consumer.assignment.map((a) => a.partition)).toEqual([0, 2]);
    expect(consumer.consumed).toBe(hw[0]! + hw[2]!);
    expect(new Set(only(events, 'fetch-served').map((f) => f.partition))).toEqual(new Set([0, 2]));
    expect(new Set(only(events, 'offset-reset').map((f) => f.partition))).toEqual(new Set([0, 2]));
    for (const e of only(events, 'records-consumed')) expect(Object.keys(e.position).every((p) => p === '0' || p === '2')).toBe(true);
  });
});
