import { describe, expect, it } from 'vitest';
import { MemoryStorage, PartitionLog, decodeRecordBatches, readBatchHeader } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

/** A log of batches of 3 records (offsets 3k..3k+2), rolled every 4 batches, with an index entry nearly every batch. */
function sampleLog(batches = 10): { log: PartitionLog; batchSize: number } {
  const batch = producerBatch({ count: 3, valueBytes: 40 });
  const log = new PartitionLog('t-0', new MemoryStorage(), config({ segmentBytes: batch.length * 4, indexIntervalBytes: batch.length }), 0);
  for (let i = 0; i < batches; i++) log.appendAsLeader(producerBatch({ count: 3, valueBytes: 40, timestamp: 10_000 + i * 100 }), 2, 0);
  return { log, batchSize: batch.length };
}

const baseOffsets = (records: Uint8Array): number[] => decodeRecordBatches(records).map((b) => b.baseOffset);

describe('PartitionLog.read', () => {
  it('starts at the batch holding the fetch offset, found through the index and a scan', () => {
    const { log } = sampleLog();
    expect(log.segments().map((s) => s.baseOffset)).toEqual([0, 12, 24]);
    for (let offset = 0; offset < 30; offset++) {
      const r = log.read(offset, 1, 30);
      expect(r.firstOffset).toBe(offset - (offset % 3));
      expect(r.nextOffset).toBe(r.firstOffset + 3);
      expect(baseOffsets(r.records)).toEqual([r.firstOffset]);
    }
  });

  it('returns whole batches within maxBytes, from one segment only', () => {
    const { log, batchSize } = sampleLog();
    expect(baseOffsets(log.read(0, batchSize * 2, 30).records)).toEqual([0, 3]);
    expect(baseOffsets(log.read(0, batchSize * 2 + batchSize - 1, 30).records)).toEqual([0, 3]);
    // The first segment holds 4 batches; a large read stops at its end.
    const r = log.read(4, 1 << 20, 30);
    expect(baseOffsets(r.records)).toEqual([3, 6, 9]);
    expect(r).toMatchObject({ firstOffset: 3, nextOffset: 12 });
  });

  it('returns one whole batch even when it is larger than maxBytes (KIP-74), unless minOneMessage is off', () => {
    const { log } = sampleLog();
    expect(baseOffsets(log.read(7, 0, 30).records)).toEqual([6]);
    expect(log.read(7, 10, 30, false)).toMatchObject({ firstOffset: 7, nextOffset: 7 });
    expect(log.read(7, 10, 30, false).records.length).toBe(0);
  });

  it('stops before the batch that holds maxOffset (the high watermark)', () => {
    const { log } = sampleLog();
    expect(baseOffsets(log.read(0, 1 << 20, 9).records)).toEqual([0, 3, 6]);
    expect(baseOffsets(log.read(0, 1 << 20, 8).records)).toEqual([0, 3]);
    expect(log.read(6, 1 << 20, 8).records.length).toBe(0);
    expect(log.read(9, 1 << 20, 9)).toMatchObject({ firstOffset: 9, nextOffset: 9 });
  });

  it('answers OFFSET_OUT_OF_RANGE below the log start offset or above the LEO, and nothing at the LEO', () => {
    const { log } = sampleLog();
    expect(() => log.read(31, 100, 30)).toThrow(expect.objectContaining({ code: 'OFFSET_OUT_OF_RANGE' }));
    expect(log.read(30, 100, 30).records.length).toBe(0);
    log.maybeIncrementLogStartOffset(5, 30);
    expect(() => log.read(4, 100, 30)).toThrow(expect.objectContaining({ code: 'OFFSET_OUT_OF_RANGE' }));
    // From the new start, the whole batch holding it is returned, as Kafka does.
    expect(log.read(5, 1, 30).firstOffset).toBe(3);
  });

  it('returns views of the stored bytes, which carry the assigned offsets and epoch', () => {
    const { log } = sampleLog(1);
    const r = log.read(0, 1 << 20, 3);
    expect(readBatchHeader(r.records, 0)).toMatchObject({ baseOffset: 0, partitionLeaderEpoch: 2, recordCount: 3 });
  });
});

describe('PartitionLog.offsetForTimestamp', () => {
  it('finds the first record whose timestamp is >= the target, across segments', () => {
    const { log } = sampleLog();
    // Record i of batch k has timestamp 10000 + 100k + i and offset 3k + i.
    const brute = (ts: number): number | null => {
      for (let k = 0; k < 10; k++) for (let i = 0; i < 3; i++) if (10_000 + 100 * k + i >= ts) return 3 * k + i;
      return null;
    };
    for (const ts of [0, 10_000, 10_001, 10_002, 10_003, 10_150, 10_500, 10_501, 10_902, 10_903, 99_999]) {
      const found = log.offsetForTimestamp(ts);
      expect(found?.offset ?? null, `ts ${ts}`).toBe(brute(ts));
      if (found) expect(found.timestamp).toBeGreaterThanOrEqual(ts);
    }
    expect(log.offsetForTimestamp(10_501)).toEqual({ timestamp: 10_501, offset: 16, leaderEpoch: 2 });
  });

  it('answers EARLIEST (-2) with the log start offset and LATEST (-1) with the LEO', () => {
    const { log } = sampleLog();
    expect(log.offsetForTimestamp(-2)).toMatchObject({ offset: 0 });
    expect(log.offsetForTimestamp(-1)).toMatchObject({ offset: 30 });
  });

  it('never answers below the log start offset', () => {
    const { log } = sampleLog();
    log.maybeIncrementLogStartOffset(4, 30);
    expect(log.offsetForTimestamp(0)).toMatchObject({ offset: 4, timestamp: 10_101 });
  });
});
