import { describe, expect, it } from 'vitest';
import { LogError, MemoryStorage, PartitionLog, decodeRecordBatches, encodeRecordBatch, readBatchHeader } from '../../../sim/log/index.ts';
import { concat, config, producerBatch } from './helpers.ts';

function newLog(overrides = {}): { log: PartitionLog; storage: MemoryStorage } {
  const storage = new MemoryStorage();
  return { log: new PartitionLog('orders-0', storage, config(overrides), 0), storage };
}

function allBatches(log: PartitionLog): ReturnType<typeof decodeRecordBatches> {
  const out: ReturnType<typeof decodeRecordBatches> = [];
  for (let offset = log.logStartOffset; offset < log.logEndOffset; ) {
    const r = log.read(offset, Number.MAX_SAFE_INTEGER, log.logEndOffset);
    if (r.records.length === 0) break;
    out.push(...decodeRecordBatches(r.records));
    offset = r.nextOffset;
  }
  return out;
}

describe('PartitionLog.appendAsLeader', () => {
  it('starts empty at offset 0 with one segment named on 20 digits', () => {
    const { log, storage } = newLog();
    expect(log.logStartOffset).toBe(0);
    expect(log.logEndOffset).toBe(0);
    expect(log.sizeBytes).toBe(0);
    expect(storage.list('orders-0')).toEqual(['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex', 'leader-epoch-checkpoint']);
  });

  it('assigns offsets from the LEO and stamps the leader epoch by patching the stored copy', () => {
    const { log } = newLog();
    const a = producerBatch({ count: 3, timestamp: 5000 });
    const b = producerBatch({ count: 2, timestamp: 6000 });
    const infoA = log.appendAsLeader(a, 4, 10);
    const infoB = log.appendAsLeader(b, 5, 11);
    expect(infoA).toMatchObject({ firstOffset: 0, lastOffset: 2, maxTimestamp: 5002, offsetOfMaxTimestamp: 2, sizeBytes: a.length, recordCount: 3, batchCount: 1, rolled: false, rollReason: null, segmentBaseOffset: 0 });
    expect(infoB).toMatchObject({ firstOffset: 3, lastOffset: 4, recordCount: 2 });
    expect(log.logEndOffset).toBe(5);
    expect(log.sizeBytes).toBe(a.length + b.length);
    const batches = allBatches(log);
    expect(batches.map((x) => [x.baseOffset, x.partitionLeaderEpoch, x.crc === readBatchHeader(a, 0).crc || x.crc === readBatchHeader(b, 0).crc])).toEqual([
      [0, 4, true],
      [3, 5, true],
    ]);
    expect(batches.flatMap((x) => x.records.map((r) => r.offset))).toEqual([0, 1, 2, 3, 4]);
  });

  it('copies the bytes: the caller may reuse its buffer, and its buffer is not modified', () => {
    const { log } = newLog();
    const a = producerBatch({ count: 2 });
    const before = Buffer.from(a).toString('hex');
    log.appendAsLeader(a, 1, 0);
    log.appendAsLeader(a, 1, 0);
    expect(Buffer.from(a).toString('hex')).toBe(before);
    a.fill(0);
    expect(allBatches(log).map((x) => x.baseOffset)).toEqual([0, 2]);
  });

  it('rejects a bad CRC with CORRUPT_MESSAGE and leaves the log unchanged', () => {
    const { log, storage } = newLog();
    log.appendAsLeader(producerBatch({ count: 2 }), 0, 0);
    const snapshot = { leo: log.logEndOffset, size: storage.totalSizeBytes(), segments: log.segments() };
    const bad = producerBatch({ count: 3 });
    bad[bad.length - 1]! ^= 0xff;
    expect(() => log.appendAsLeader(bad, 0, 1)).toThrow(expect.objectContaining({ code: 'CORRUPT_MESSAGE' }));
    expect({ leo: log.logEndOffset, size: storage.totalSizeBytes(), segments: log.segments() }).toEqual(snapshot);
  });

  it('rejects what Kafka rejects from a producer, storing nothing', () => {
    const { log, storage } = newLog({ maxMessageBytes: 200 });
    const emptySize = storage.totalSizeBytes();
    const cases: [Uint8Array, string, RegExp][] = [
      [producerBatch({ count: 10, valueBytes: 50 }), 'MESSAGE_TOO_LARGE', /exceeds the maximum configured value of 200/],
      [concat([producerBatch(), producerBatch()]), 'INVALID_RECORD', /more than one batch/],
      [withBaseOffset(producerBatch(), 7), 'INVALID_RECORD', /should be 0, but it is 7/],
      [encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: -1, producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, isControl: true, records: [{ timestamp: 1, key: null, value: null, headers: [] }] }), 'INVALID_RECORD', /control records/],
      [encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: -1, producerId: 9, producerEpoch: 0, baseSequence: -1, isTransactional: false, records: [{ timestamp: 1, key: null, value: null, headers: [] }] }), 'INVALID_RECORD', /Invalid sequence number -1/],
      [encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: -1, producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, records: [] }), 'INVALID_RECORD', /offset range/],
      [new Uint8Array(0), 'INVALID_RECORD', /no complete record batch/],
      [producerBatch().subarray(0, 40), 'INVALID_RECORD', /no complete record batch/],
    ];
    for (const [bytes, code, message] of cases) {
      expect(() => log.appendAsLeader(bytes, 0, 0)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
    }
    expect(storage.totalSizeBytes()).toBe(emptySize);
    expect(log.logEndOffset).toBe(0);
  });

  it('rejects an append larger than segment.bytes with RECORD_LIST_TOO_LARGE', () => {
    const { log } = newLog({ segmentBytes: 100 });
    expect(() => log.appendAsLeader(producerBatch({ count: 3 }), 0, 0)).toThrow(expect.objectContaining({ code: 'RECORD_LIST_TOO_LARGE' }));
  });

  it('drops a partial batch after a whole one, as UnifiedLog.trimInvalidBytes does', () => {
    const { log } = newLog();
    const a = producerBatch({ count: 2 });
    const info = log.appendAsLeader(concat([a, producerBatch().subarray(0, 30)]), 0, 0);
    expect(info).toMatchObject({ sizeBytes: a.length, lastOffset: 1 });
    expect(log.sizeBytes).toBe(a.length);
  });

  it('refuses keyless records on a compacted topic', () => {
    const { log } = newLog({ cleanupPolicy: ['compact'] });
    expect(() => log.appendAsLeader(producerBatch({ count: 2, key: null }), 0, 0)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD', message: expect.stringMatching(/without key/) }));
    expect(log.appendAsLeader(producerBatch({ count: 2 }), 0, 0).lastOffset).toBe(1);
  });
});

function withBaseOffset(bytes: Uint8Array, baseOffset: number): Uint8Array {
  const copy = bytes.slice();
  copy[7] = baseOffset;
  return copy;
}

describe('PartitionLog.appendAsFollower', () => {
  function leaderBatches(): Uint8Array {
    const { log } = newLog();
    log.appendAsLeader(producerBatch({ count: 2 }), 3, 0);
    log.appendAsLeader(producerBatch({ count: 3 }), 3, 0);
    return log.read(0, 1 << 20, log.logEndOffset).records.slice();
  }

  it('keeps the leader offsets and epochs, several batches at once, byte for byte', () => {
    const fetched = leaderBatches();
    const { log } = newLog();
    const info = log.appendAsFollower(fetched, 0);
    expect(info).toMatchObject({ firstOffset: 0, lastOffset: 4, recordCount: 5, batchCount: 2, sizeBytes: fetched.length });
    expect(log.logEndOffset).toBe(5);
    expect(Buffer.from(log.read(0, 1 << 20, 5).records).equals(Buffer.from(fetched))).toBe(true);
  });

  it('accepts a gap (compacted leader) but not an offset below the LEO or out of order', () => {
    const fetched = leaderBatches();
    const { log } = newLog();
    const shifted = fetched.slice();
    shifted[7] = 10; // first batch now starts at 10 (CRC does not cover the base offset)
    shifted[readBatchHeader(fetched, 0).sizeBytes + 7] = 20;
    expect(log.appendAsFollower(shifted, 0)).toMatchObject({ firstOffset: 10, lastOffset: 22 });
    expect(() => log.appendAsFollower(fetched, 0)).toThrow(expect.objectContaining({ exception: 'UnexpectedAppendOffsetException' }));
    const { log: other } = newLog();
    const reversed = fetched.slice();
    reversed[7] = 50;
    expect(() => other.appendAsFollower(reversed, 0)).toThrow(expect.objectContaining({ exception: 'OffsetsOutOfOrderException' }));
    expect(other.logEndOffset).toBe(0);
  });

  it('does not apply max.message.bytes to replicated batches', () => {
    const fetched = leaderBatches();
    const { log } = newLog({ maxMessageBytes: 10 });
    expect(log.appendAsFollower(fetched, 0).lastOffset).toBe(4);
  });

  it('rejects a replicated batch with a bad CRC', () => {
    const fetched = leaderBatches();
    fetched[fetched.length - 1]! ^= 1;
    const { log } = newLog();
    expect(() => log.appendAsFollower(fetched, 0)).toThrow(LogError);
    expect(log.logEndOffset).toBe(0);
  });
});

describe('reopening a log from its storage', () => {
  it('recovers segments, offsets and indexes from the files', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config({ segmentBytes: 400, indexIntervalBytes: 100 }), 0);
    for (let i = 0; i < 12; i++) log.appendAsLeader(producerBatch({ count: 2, timestamp: 1000 + i * 10 }), 1, i);
    const before = log.segments();
    const reopened = new PartitionLog('t-0', storage, config({ segmentBytes: 400, indexIntervalBytes: 100 }), 100);
    expect(reopened.logEndOffset).toBe(log.logEndOffset);
    expect(reopened.segments().map((s) => [s.baseOffset, s.sizeBytes, s.nextOffset, s.recordCount])).toEqual(before.map((s) => [s.baseOffset, s.sizeBytes, s.nextOffset, s.recordCount]));
    for (let offset = 0; offset < log.logEndOffset; offset++) {
      expect(reopened.read(offset, 1, 100).firstOffset).toBe(log.read(offset, 1, 100).firstOffset);
    }
    expect(reopened.offsetForTimestamp(1055)).toEqual(log.offsetForTimestamp(1055));
  });

  it('cuts a torn last batch off during recovery', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config(), 0);
    log.appendAsLeader(producerBatch({ count: 2 }), 1, 0);
    const good = log.sizeBytes;
    storage.append('t-0/00000000000000000000.log', producerBatch().subarray(0, 50));
    const reopened = new PartitionLog('t-0', storage, config(), 0);
    expect(reopened.sizeBytes).toBe(good);
    expect(reopened.logEndOffset).toBe(2);
  });
});
