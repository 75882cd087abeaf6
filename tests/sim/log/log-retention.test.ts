import { describe, expect, it } from 'vitest';
import { MemoryStorage, PartitionLog } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

const DAY = 86_400_000;

/** Segments of one batch each (segment.bytes = one batch), batch k of 2 records timestamped k days. */
function dailyLog(days: number, overrides = {}): { log: PartitionLog; storage: MemoryStorage; batchSize: number } {
  const batchSize = producerBatch({ count: 2 }).length;
  const storage = new MemoryStorage();
  const log = new PartitionLog('t-0', storage, config({ segmentBytes: batchSize, ...overrides }), 0);
  for (let k = 0; k < days; k++) log.appendAsLeader(producerBatch({ count: 2, timestamps: [k * DAY, k * DAY + 1] }), 0, k * DAY);
  return { log, storage, batchSize };
}

const bases = (log: PartitionLog): number[] => log.segments().map((s) => s.baseOffset);

describe('deleteOldSegments: retention.ms', () => {
  it('deletes whole segments whose newest record is older than retention.ms, oldest first', () => {
    const { log } = dailyLog(5, { retentionMs: 2 * DAY });
    // now = 4 days: the newest records of segments 0 and 2 are more than 2 days old, segment 4's is not.
    const result = log.deleteOldSegments(4 * DAY, 10);
    expect(result).toEqual([{ reason: 'retention-ms', deleted: [expect.objectContaining({ baseOffset: 0 }), expect.objectContaining({ baseOffset: 2 })] }]);
    expect(bases(log)).toEqual([4, 6, 8]);
    expect(log.logStartOffset).toBe(4);
  });

  it('needs strictly more than retention.ms', () => {
    const { log } = dailyLog(3, { retentionMs: DAY });
    expect(log.deleteOldSegments(DAY + 1, 6)).toEqual([]);
    expect(log.deleteOldSegments(DAY + 2, 6)[0]!.deleted.map((s) => s.baseOffset)).toEqual([0]);
  });

  it('never deletes a segment holding offsets at or above the high watermark', () => {
    const { log } = dailyLog(5, { retentionMs: 0 });
    // A segment's upper bound is the next segment's base offset (2 for the first).
    expect(log.deleteOldSegments(100 * DAY, 1)).toEqual([]);
    expect(log.deleteOldSegments(100 * DAY, 3)[0]!.deleted.map((s) => s.baseOffset)).toEqual([0]);
    expect(log.deleteOldSegments(100 * DAY, 4)[0]!.deleted.map((s) => s.baseOffset)).toEqual([2]);
    expect(log.logStartOffset).toBe(4);
  });

  it('stops at the first segment that must stay, even if later ones are due', () => {
    const batchSize = producerBatch({ count: 2 }).length;
    const log = new PartitionLog('t-0', new MemoryStorage(), config({ segmentBytes: batchSize, retentionMs: 2 * DAY }), 0);
    for (const ts of [10 * DAY, 0, 0]) log.appendAsLeader(producerBatch({ count: 2, timestamps: [ts, ts] }), 0, 0);
    expect(log.deleteOldSegments(10 * DAY, 6)).toEqual([]);
    expect(bases(log)).toEqual([0, 2, 4]);
  });

  it('rolls a fresh active segment and deletes the old active one when every segment is due', () => {
    const { log, storage } = dailyLog(3, { retentionMs: DAY, segmentBytes: 1 << 20 });
    expect(bases(log)).toEqual([0]); // one non-empty active segment
    const result = log.deleteOldSegments(10 * DAY, 6);
    expect(result).toEqual([{ reason: 'retention-ms', deleted: [expect.objectContaining({ baseOffset: 0, active: true, recordCount: 6 })] }]);
    expect(log.segments()).toEqual([expect.objectContaining({ baseOffset: 6, sizeBytes: 0, active: true })]);
    expect(log.logStartOffset).toBe(6);
    expect(log.logEndOffset).toBe(6);
    expect(storage.list('t-0')).toEqual(['00000000000000000006.index', '00000000000000000006.log', '00000000000000000006.timeindex', 'leader-epoch-checkpoint']);
    // ... but not while the high watermark is behind the LEO.
    const again = dailyLog(3, { retentionMs: DAY, segmentBytes: 1 << 20 });
    expect(again.log.deleteOldSegments(10 * DAY, 5)).toEqual([]);
  });

  it('never deletes the last segment when it is empty', () => {
    const { log } = dailyLog(2, { retentionMs: DAY });
    log.roll(2 * DAY);
    const result = log.deleteOldSegments(10 * DAY, 4);
    expect(result[0]!.deleted.map((s) => s.baseOffset)).toEqual([0, 2]);
    expect(bases(log)).toEqual([4]);
    expect(log.deleteOldSegments(20 * DAY, 4)).toEqual([]);
  });

  it('uses the last modification time for a segment without timestamps', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config({ retentionMs: 1000 }), 0);
    log.appendAsLeader(producerBatch({ timestamps: [-1] }), 0, 5000);
    log.roll(5000);
    expect(log.segments()[0]!.largestTimestamp).toBe(5000);
    expect(log.deleteOldSegments(6000, 1)).toEqual([]);
    expect(log.deleteOldSegments(6001, 1)[0]!.deleted).toHaveLength(1);
  });

  it('does nothing with retention.ms = -1 or cleanup.policy=compact', () => {
    expect(dailyLog(4, { retentionMs: -1 }).log.deleteOldSegments(100 * DAY, 8)).toEqual([]);
    const compact = dailyLog(4, { retentionMs: 1, cleanupPolicy: ['compact'] }).log;
    expect(compact.deleteOldSegments(100 * DAY, 8)).toEqual([]);
  });
});

describe('deleteOldSegments: retention.bytes', () => {
  it('deletes the oldest segments while the log stays at or above retention.bytes', () => {
    const { log, batchSize } = dailyLog(5, { retentionMs: -1, retentionBytes: 0 });
    log.updateConfig({ ...log.logConfig, retentionBytes: batchSize * 2 + 1 });
    // size = 5 batches; diff = 3 batches - 1: two segments fit in the diff, the third does not.
    const result = log.deleteOldSegments(0, 10);
    expect(result).toEqual([{ reason: 'retention-bytes', deleted: [expect.objectContaining({ baseOffset: 0 }), expect.objectContaining({ baseOffset: 2 })] }]);
    expect(log.sizeBytes).toBe(batchSize * 3);
  });

  it('does nothing below retention.bytes, and deletes everything down to it exactly', () => {
    const { log, batchSize } = dailyLog(4, { retentionMs: -1, retentionBytes: -1 });
    log.updateConfig({ ...log.logConfig, retentionBytes: batchSize * 4 + 1 });
    expect(log.deleteOldSegments(0, 8)).toEqual([]);
    log.updateConfig({ ...log.logConfig, retentionBytes: batchSize * 2 });
    expect(log.deleteOldSegments(0, 8)[0]!.deleted).toHaveLength(2);
    expect(log.sizeBytes).toBe(batchSize * 2);
  });

  it('respects the high watermark', () => {
    const { log, batchSize } = dailyLog(4, { retentionMs: -1, retentionBytes: 1 });
    expect(log.deleteOldSegments(0, 3)[0]!.deleted.map((s) => s.baseOffset)).toEqual([0]);
    void batchSize;
  });
});

describe('deleteOldSegments: log start offset', () => {
  it('deletes segments entirely below the log start offset, for any cleanup policy', () => {
    const { log } = dailyLog(4, { retentionMs: -1, cleanupPolicy: ['compact'] });
    expect(log.maybeIncrementLogStartOffset(5, 8)).toBe(true);
    expect(log.maybeIncrementLogStartOffset(3, 8)).toBe(false);
    const result = log.deleteOldSegments(0, 8);
    expect(result).toEqual([{ reason: 'log-start-offset', deleted: [expect.objectContaining({ baseOffset: 0 }), expect.objectContaining({ baseOffset: 2 })] }]);
    expect(bases(log)).toEqual([4, 6]);
    expect(log.logStartOffset).toBe(5); // not moved back to the segment base
  });

  it('refuses to move the log start offset past the high watermark', () => {
    const { log } = dailyLog(2);
    expect(() => log.maybeIncrementLogStartOffset(4, 3)).toThrow(expect.objectContaining({ code: 'OFFSET_OUT_OF_RANGE' }));
  });

  it('runs the three rules in Kafka order and reports each', () => {
    const { log, batchSize } = dailyLog(6, { retentionMs: 2 * DAY });
    log.maybeIncrementLogStartOffset(2, 12);
    log.updateConfig({ ...log.logConfig, retentionBytes: batchSize * 4 });
    // Start offset removes segment 0; the size rule, measured after it, one more; time, one more.
    const result = log.deleteOldSegments(5 * DAY, 12);
    expect(result.map((r) => [r.reason, r.deleted.map((s) => s.baseOffset)])).toEqual([
      ['log-start-offset', [0]],
      ['retention-bytes', [2]],
      ['retention-ms', [4]],
    ]);
  });
});
