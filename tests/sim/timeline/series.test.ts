// Chart series: a sample per window, from the window's events and a snapshot at its end.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../sim/kernel/types.ts';
import type { ClusterSnapshot } from '../../../sim/snapshot.ts';
import { SeriesCollector } from '../../../sim/timeline/series.ts';

let seq = 0;
const ev = (timeMs: number, type: string, fields: Record<string, unknown> = {}): TraceEvent => ({ seq: ++seq, timeMs, node: 'broker-0', type, ...fields });

function snapshot(timeMs: number, isr: number[][], lag: (number | null)[]): ClusterSnapshot {
  return {
    timeMs,
    seed: 1,
    traceHash: '',
    traceLength: 0,
    brokers: [],
    producers: [],
    consumers: [],
    inFlight: [],
    topics: [
      {
        name: 'pedidos',
        partitionCount: isr.length,
        replicationFactor: 3,
        configs: {},
        internal: false,
        partitions: isr.map((members, partition) => ({
          topic: 'pedidos',
          partition,
          leader: members[0] ?? -1,
          leaderEpoch: 0,
          replicas: [0, 1, 2],
          isr: members,
          highWatermark: 0,
          logStartOffset: 0,
          logEndOffset: 0,
          replicaStates: [],
        })),
      },
      { name: '__consumer_offsets', partitionCount: 1, replicationFactor: 3, configs: {}, internal: true, partitions: [] },
    ],
    groups: [
      {
        groupId: 'leitores',
        protocol: 'classic',
        state: 'Stable',
        generation: 1,
        assignmentEpoch: null,
        assignor: 'range',
        leader: null,
        coordinator: 0,
        offsetsPartition: 0,
        members: [],
        offsets: lag.map((l, partition) => ({ topic: 'pedidos', partition, committed: 0, endOffset: 0, lag: l, owner: null })),
      },
    ],
  };
}

describe('SeriesCollector', () => {
  it('samples throughput, latency, lag and ISR per window', () => {
    const series = new SeriesCollector(500);
    const snaps: number[] = [];
    const take = (isr: number[][], lag: (number | null)[]) => (): ClusterSnapshot => {
      snaps.push(1);
      return snapshot(0, isr, lag);
    };
    series.ingest(
      [
        ev(100, 'record-batch-appended', { topic: 'pedidos', records: 10 }),
        ev(200, 'record-batch-appended', { topic: '__consumer_offsets', records: 99 }),
        ev(300, 'produce-acked', { latencyMs: 4 }),
        ev(400, 'produce-acked', { latencyMs: 8 }),
        ev(500, 'record-batch-appended', { topic: 'pedidos', records: 5 }),
      ],
      500,
      take([[0, 1, 2], [1, 2, 0]], [3, null]),
    );
    expect(series.samples).toEqual([
      { timeMs: 500, throughput: { pedidos: 30 }, lag: { leitores: 3 }, isr: { 'pedidos/0': 3, 'pedidos/1': 3 }, latencyAvgMs: 6, latencyMaxMs: 8 },
    ]);
    // An empty window still gives a sample: throughput 0, no latency.
    series.ingest([], 1000, take([[0, 1], [1, 2, 0]], [7, 1]));
    expect(series.samples[1]).toEqual({ timeMs: 1000, throughput: { pedidos: 0 }, lag: { leitores: 8 }, isr: { 'pedidos/0': 2, 'pedidos/1': 3 }, latencyAvgMs: null, latencyMaxMs: null });
    expect(snaps).toHaveLength(2);
  });

  it('closes windows an event jumps over, and puts the event in its own window', () => {
    const series = new SeriesCollector(500);
    series.ingest([ev(1_700, 'record-batch-appended', { topic: 'pedidos', records: 50 })], 1_700, () => snapshot(0, [[0]], []));
    expect(series.samples.map((s) => [s.timeMs, s.throughput.pedidos])).toEqual([
      [500, 0],
      [1000, 0],
      [1500, 0],
    ]);
    series.ingest([], 2_000, () => snapshot(0, [[0]], []));
    expect(series.samples.at(-1)).toMatchObject({ timeMs: 2000, throughput: { pedidos: 100 } });
  });

  it('after restart (a replay) keeps its samples and adds only past the last one, without a snapshot before', () => {
    const series = new SeriesCollector(500);
    series.ingest([ev(100, 'record-batch-appended', { topic: 'pedidos', records: 1 })], 1_000, () => snapshot(0, [[0]], []));
    const before = series.samples.slice();
    series.restart();
    let taken = 0;
    series.ingest([ev(100, 'record-batch-appended', { topic: 'pedidos', records: 1 })], 1_000, () => {
      taken++;
      return snapshot(0, [[0]], []);
    });
    expect(taken).toBe(0);
    expect(series.samples).toEqual(before);
    series.ingest([], 1_500, () => snapshot(0, [[0]], []));
    expect(series.samples).toHaveLength(3);
  });

  it('truncates on a new branch and tells the receiver to start over', () => {
    const series = new SeriesCollector(500);
    series.ingest([], 3_000, () => snapshot(0, [[0]], []));
    const version = series.version;
    series.truncate(1_200);
    expect(series.samples.map((s) => s.timeMs)).toEqual([500, 1000]);
    expect(series.version).toBe(version + 1);
  });

  it('keeps a bounded ring, counting what it dropped', () => {
    const series = new SeriesCollector(500, 4);
    series.ingest([], 5_000, () => snapshot(0, [[0]], []));
    expect(series.samples.map((s) => s.timeMs)).toEqual([3500, 4000, 4500, 5000]);
    expect(series.total).toBe(10);
  });

  it('in a large scene draws the smallest ISR of each topic instead of one line per partition', () => {
    const series = new SeriesCollector(500);
    const isr = Array.from({ length: 20 }, (_, p) => (p === 7 ? [1] : [0, 1, 2]));
    series.ingest([], 500, () => snapshot(0, isr, []));
    expect(series.samples[0]!.isr).toEqual({ 'pedidos/min': 1 });
  });
});

describe('TimelineDeltas', () => {
  it('sends new samples once, and all of them after a truncation', async () => {
    const { TimelineDeltas } = await import('../../../sim/timeline/deltas.ts');
    const deltas = new TimelineDeltas();
    const series = new SeriesCollector(500);
    series.ingest([], 1_000, () => snapshot(0, [[0]], []));
    expect(deltas.series(series)).toMatchObject({ reset: true, samples: [{ timeMs: 500 }, { timeMs: 1000 }] });
    expect(deltas.series(series)).toBeNull();
    series.ingest([], 1_500, () => snapshot(0, [[0]], []));
    expect(deltas.series(series)).toMatchObject({ reset: false, samples: [{ timeMs: 1500 }] });
    series.truncate(600);
    expect(deltas.series(series)).toMatchObject({ reset: true, samples: [{ timeMs: 500 }] });
  });
});
