import { describe, expect, it } from 'vitest';
import { MemoryStorage, PartitionLog, readBatchHeader } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

const storageAndLog = (overrides = {}, nowMs = 0, random?: { int(n: number): number }) => {
  const storage = new MemoryStorage();
  return { storage, log: new PartitionLog('t-0', storage, config(overrides), nowMs, random ? { random } : {}) };
};

describe('segment roll (LogSegment.shouldRoll, evaluated before each append)', () => {
  it('rolls on segment.bytes when the append would not fit', () => {
    const batch = producerBatch({ count: 1, valueBytes: 200 });
    const size = batch.length;
    // Three batches fit exactly; the fourth would exceed segment.bytes.
    const { log } = storageAndLog({ segmentBytes: size * 3 });
    const reasons = [0, 1, 2, 3, 4, 5, 6].map(() => log.appendAsLeader(batch, 0, 0).rollReason);
    expect(reasons).toEqual([null, null, null, 'segment-bytes', null, null, 'segment-bytes']);
    expect(log.segments().map((s) => [s.baseOffset, s.sizeBytes, s.fileName])).toEqual([
      [0, size * 3, '00000000000000000000.log'],
      [3, size * 3, '00000000000000000003.log'],
      [6, size, '00000000000000000006.log'],
    ]);
    expect(log.segments().map((s) => s.active)).toEqual([false, false, true]);
  });

  it('rolls on segment.ms by record timestamps, counted from the first append of the segment', () => {
    const { log } = storageAndLog({ segmentMs: 1000 });
    const at = (ts: number, nowMs = 0) => log.appendAsLeader(producerBatch({ timestamps: [ts] }), 0, nowMs).rollReason;
    expect(at(5000)).toBe(null);
    expect(at(6000, 999_999)).toBe(null); // waited exactly segment.ms: not more; wall clock is irrelevant
    expect(at(6001)).toBe('segment-ms');
    expect(log.segments().map((s) => [s.baseOffset, s.firstTimestamp, s.largestTimestamp])).toEqual([
      [0, 5000, 6000],
      [2, 6001, 6001],
    ]);
  });

  it('never rolls an empty active segment for time', () => {
    const { log } = storageAndLog({ segmentMs: 1000 });
    log.appendAsLeader(producerBatch({ timestamps: [0] }), 0, 0);
    log.roll(0);
    expect(log.appendAsLeader(producerBatch({ timestamps: [1_000_000] }), 0, 0).rollReason).toBe(null);
    expect(log.segments()).toHaveLength(2);
  });

  it('falls back to the wall clock since creation when the first batch has no timestamp', () => {
    const { log } = storageAndLog({ segmentMs: 1000 }, 100);
    log.appendAsLeader(producerBatch({ timestamps: [-1] }), 0, 100);
    expect(log.appendAsLeader(producerBatch({ timestamps: [-1] }), 0, 1100).rollReason).toBe(null);
    expect(log.appendAsLeader(producerBatch({ timestamps: [-1] }), 0, 1101).rollReason).toBe('segment-ms');
  });

  it('subtracts a per-segment jitter drawn from the injected random generator', () => {
    const draws: number[] = [];
    const random = { int: (n: number) => (draws.push(n), 300) };
    const { log } = storageAndLog({ segmentMs: 1000, segmentJitterMs: 500 }, 0, random);
    log.appendAsLeader(producerBatch({ timestamps: [0] }), 0, 0);
    expect(log.appendAsLeader(producerBatch({ timestamps: [700] }), 0, 0).rollReason).toBe(null);
    expect(log.appendAsLeader(producerBatch({ timestamps: [701] }), 0, 0).rollReason).toBe('segment-ms');
    expect(draws).toEqual([500, 500]);
  });

  it('rolls when the time index is full (it keeps one slot for the roll entry)', () => {
    // 24 bytes: offset index 3 entries, time index 2 entries, full after 1.
    const { log } = storageAndLog({ segmentIndexBytes: 24, indexIntervalBytes: 0 });
    const reasons = [1, 2, 3, 4].map((ts) => log.appendAsLeader(producerBatch({ timestamps: [ts] }), 0, 0).rollReason);
    expect(reasons).toEqual([null, null, 'time-index-full', null]);
    expect(log.segments()[0]).toMatchObject({ offsetIndexEntries: 1, timeIndexEntries: 1 });
  });

  it('writes the largest timestamp into the time index when a segment stops being active', () => {
    const { log } = storageAndLog();
    log.appendAsLeader(producerBatch({ timestamps: [10, 30, 20] }), 0, 0);
    expect(log.segments()[0]!.timeIndexEntries).toBe(0);
    log.roll(0);
    expect(log.segments()[0]!.timeIndexEntries).toBe(1);
    expect(log.offsetForTimestamp(25)).toEqual({ timestamp: 30, offset: 1, leaderEpoch: 0 });
  });

  it('rolls when the offset index is full', () => {
    // Equal timestamps leave the time index at one entry; 48 bytes hold 6 offset entries.
    const { log } = storageAndLog({ segmentIndexBytes: 48, indexIntervalBytes: 0 });
    const reasons = Array.from({ length: 9 }, () => log.appendAsLeader(producerBatch({ timestamps: [7] }), 0, 0).rollReason);
    expect(reasons).toEqual([null, null, null, null, null, null, null, 'offset-index-full', null]);
    expect(log.segments()[0]).toMatchObject({ baseOffset: 0, offsetIndexEntries: 6, timeIndexEntries: 1, nextOffset: 7 });
  });

  it('recreates an empty active segment that asks to roll (KAFKA-6388)', () => {
    // 16 bytes: time index of one entry, always full; every append rolls, the empty one is replaced.
    const { log, storage } = storageAndLog({ segmentIndexBytes: 16 });
    for (let i = 0; i < 3; i++) log.appendAsLeader(producerBatch(), 0, 0);
    log.roll(0);
    log.appendAsLeader(producerBatch(), 0, 0);
    expect(log.segments().map((s) => s.baseOffset)).toEqual([0, 1, 2, 3]);
    expect(storage.list('t-0').filter((n) => n.endsWith('.log'))).toHaveLength(4);
  });

  it('rolls explicitly at the LEO, and a new segment begins at the first offset of the incoming batch', () => {
    const { log } = storageAndLog();
    log.appendAsLeader(producerBatch({ count: 4 }), 0, 0);
    expect(log.roll(5)).toMatchObject({ baseOffset: 4, sizeBytes: 0, active: true, nextOffset: 4 });
    expect(log.appendAsLeader(producerBatch({ count: 2 }), 0, 0)).toMatchObject({ firstOffset: 4, segmentBaseOffset: 4 });
  });
});

describe('index entries (index.interval.bytes, LogSegment.append)', () => {
  /** Expected entries: an append adds one iff strictly more than the interval was appended before it since the last entry. */
  function model(sizes: number[], interval: number, firstOffsets: number[], lastOffsets: number[]): [number, number][] {
    const entries: [number, number][] = [];
    let since = 0;
    let position = 0;
    sizes.forEach((size, i) => {
      if (since > interval) {
        entries.push([lastOffsets[i]!, position]);
        since = 0;
      }
      since += size;
      position += size;
      void firstOffsets;
    });
    return entries;
  }

  it('adds an entry for the first append after more than the interval, never for the first append', () => {
    const storage = new MemoryStorage();
    const batch = producerBatch({ count: 2, valueBytes: 100 });
    const size = batch.length;
    const log = new PartitionLog('t-0', storage, config({ indexIntervalBytes: size * 2 }), 0);
    const infos = Array.from({ length: 10 }, () => log.appendAsLeader(batch, 0, 0));
    const expected = model(infos.map((i) => i.sizeBytes), size * 2, infos.map((i) => i.firstOffset), infos.map((i) => i.lastOffset));
    // since == 2 * size is not more than the interval, so entries come every third append.
    expect(expected).toEqual([[7, size * 3], [13, size * 6], [19, size * 9]]);
    const file = storage.read('t-0/00000000000000000000.index', 0, storage.size('t-0/00000000000000000000.index'));
    const actual: [number, number][] = [];
    for (let p = 0; p < file.length; p += 8) actual.push([Buffer.from(file).readInt32BE(p), Buffer.from(file).readInt32BE(p + 4)]);
    expect(actual).toEqual(expected);
    // The time index gets the max timestamp so far with each offset entry.
    const time = storage.read('t-0/00000000000000000000.timeindex', 0, storage.size('t-0/00000000000000000000.timeindex'));
    expect(time.length).toBe(12); // same timestamps in every batch: only the first entry is larger
    expect(Number(Buffer.from(time).readBigInt64BE(0))).toBe(readBatchHeader(batch, 0).maxTimestamp);
  });

  it('makes no entry at all with the defaults for small appends', () => {
    const { log } = storageAndLog();
    for (let i = 0; i < 30; i++) log.appendAsLeader(producerBatch(), 0, 0);
    expect(log.segments()[0]).toMatchObject({ offsetIndexEntries: 0, timeIndexEntries: 0 });
  });
});
