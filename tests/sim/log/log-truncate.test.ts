import { describe, expect, it } from 'vitest';
import { MemoryStorage, PartitionLog, decodeRecordBatches } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

/** 8 batches of 2 records, 2 batches per segment, an index entry on every append after the first. */
function sample(): { log: PartitionLog; storage: MemoryStorage } {
  const batchSize = producerBatch({ count: 2 }).length;
  const storage = new MemoryStorage();
  const log = new PartitionLog('t-0', storage, config({ segmentBytes: batchSize * 2, indexIntervalBytes: 0 }), 0);
  for (let k = 0; k < 8; k++) log.appendAsLeader(producerBatch({ count: 2, timestamps: [100 * k, 100 * k + 50] }), 1, k);
  return { log, storage };
}

const offsetsFrom = (log: PartitionLog, from: number): number[] => {
  const out: number[] = [];
  for (let offset = from; offset < log.logEndOffset; ) {
    const r = log.read(offset, 1 << 20, log.logEndOffset);
    if (r.records.length === 0) break;
    for (const b of decodeRecordBatches(r.records)) for (const rec of b.records) out.push(rec.offset);
    offset = r.nextOffset;
  }
  return out;
};

describe('PartitionLog.truncateTo', () => {
  it('drops every offset >= target across segments, fixing files and indexes', () => {
    const { log, storage } = sample();
    expect(log.segments().map((s) => s.baseOffset)).toEqual([0, 4, 8, 12]);
    expect(log.truncateTo(6)).toBe(true);
    expect(log.logEndOffset).toBe(6);
    expect(log.segments()).toEqual([
      expect.objectContaining({ baseOffset: 0, nextOffset: 4, active: false }),
      expect.objectContaining({ baseOffset: 4, nextOffset: 6, active: true, recordCount: 2, offsetIndexEntries: 0, timeIndexEntries: 0 }),
    ]);
    expect(storage.list('t-0').filter((n) => n.endsWith('.log'))).toEqual(['00000000000000000000.log', '00000000000000000004.log']);
    expect(storage.size('t-0/00000000000000000004.index')).toBe(0);
    expect(offsetsFrom(log, 0)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.offsetForTimestamp(250)).toEqual({ timestamp: 250, offset: 5, leaderEpoch: 1 });
    expect(log.offsetForTimestamp(251)).toBe(null);
    // Appends continue at the target, in the truncated segment, which is active again.
    expect(log.appendAsLeader(producerBatch({ count: 2 }), 2, 100)).toMatchObject({ firstOffset: 6, segmentBaseOffset: 4, rolled: false });
    expect(offsetsFrom(log, 0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the index entries below the target', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config({ indexIntervalBytes: 0 }), 0);
    for (let k = 0; k < 4; k++) log.appendAsLeader(producerBatch({ count: 2, timestamps: [100 * k, 100 * k + 1] }), 1, k);
    // Entries for appends 2..4: offsets 3, 5, 7.
    expect(log.segments()[0]).toMatchObject({ offsetIndexEntries: 3, timeIndexEntries: 3 });
    log.truncateTo(6);
    expect(log.segments()[0]).toMatchObject({ offsetIndexEntries: 2, timeIndexEntries: 2, nextOffset: 6 });
    expect(storage.size('t-0/00000000000000000000.index')).toBe(16);
    expect(storage.size('t-0/00000000000000000000.timeindex')).toBe(24);
    log.truncateTo(4);
    expect(log.segments()[0]).toMatchObject({ offsetIndexEntries: 1, timeIndexEntries: 1, nextOffset: 4, largestTimestamp: 101 });
  });

  it('removes the whole batch holding the target; the LEO becomes the target, as in Kafka', () => {
    const { log } = sample();
    log.truncateTo(5);
    expect(log.logEndOffset).toBe(5);
    expect(log.segments().at(-1)).toMatchObject({ baseOffset: 4, sizeBytes: 0, nextOffset: 4 });
    expect(log.appendAsLeader(producerBatch(), 1, 0).firstOffset).toBe(5);
    expect(offsetsFrom(log, 0)).toEqual([0, 1, 2, 3, 5]);
  });

  it('is a no-op at or beyond the LEO, and refuses a negative offset', () => {
    const { log } = sample();
    expect(log.truncateTo(16)).toBe(false);
    expect(log.truncateTo(100)).toBe(false);
    expect(() => log.truncateTo(-1)).toThrow(expect.objectContaining({ exception: 'IllegalArgumentException' }));
  });

  it('truncates fully when the target is below the first segment', () => {
    const { log } = sample();
    log.maybeIncrementLogStartOffset(9, 16);
    log.deleteOldSegments(0, 16);
    expect(log.segments().map((s) => s.baseOffset)).toEqual([8, 12]);
    log.truncateTo(3);
    expect(log.segments()).toEqual([expect.objectContaining({ baseOffset: 3, sizeBytes: 0 })]);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([3, 3]);
  });

  it('moves the log start offset back when truncating below it', () => {
    const { log } = sample();
    log.maybeIncrementLogStartOffset(7, 16);
    log.truncateTo(6);
    expect(log.logStartOffset).toBe(6);
  });
});

describe('PartitionLog.truncateFullyAndStartAt', () => {
  it('deletes every segment and restarts empty at the offset', () => {
    const { log, storage } = sample();
    log.truncateFullyAndStartAt(1000);
    expect([log.logStartOffset, log.logEndOffset, log.sizeBytes]).toEqual([1000, 1000, 0]);
    expect(storage.list('t-0')).toEqual(['00000000000000001000.index', '00000000000000001000.log', '00000000000000001000.timeindex', 'leader-epoch-checkpoint']);
    expect(log.leaderEpochs()).toEqual([]);
    expect(log.appendAsLeader(producerBatch({ count: 3 }), 0, 0)).toMatchObject({ firstOffset: 1000, lastOffset: 1002 });
  });
});

describe('PartitionLog.deleteAll', () => {
  it('removes every file of the partition directory', () => {
    const { log, storage } = sample();
    log.deleteAll();
    expect(storage.list('t-0')).toEqual([]);
    expect(() => log.appendAsLeader(producerBatch(), 0, 0)).toThrow(expect.objectContaining({ code: 'KAFKA_STORAGE_ERROR' }));
  });
});
