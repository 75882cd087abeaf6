// The byte inspector: the annotated spans of a batch cover its bytes exactly once, in order, and
// say what the log's codec decodes from them.
import { describe, expect, test } from 'vitest';
import { inspect, type BatchResult } from '../../../sim/inspect/index.ts';
import { decodeRecordBatchAt, MemoryStorage, PartitionLog } from '../../../sim/log/index.ts';
import { config } from '../log/helpers.ts';
import { sampleLog, textBatch } from './fixtures.ts';

const ref = { topic: 'pedidos', partition: 0, broker: 1 };
const utf8 = new TextEncoder();

function batchAt(log: PartitionLog, offset: number): BatchResult {
  const result = inspect({ kind: 'batch', ...ref, offset }, () => ({ log, highWatermark: log.logEndOffset }));
  if (!result.ok || result.kind !== 'batch') throw new Error(`expected a batch, got ${JSON.stringify(result)}`);
  return result;
}

function expectExactCover(result: BatchResult): void {
  let at = 0;
  for (const a of result.annotations) {
    expect(a.start, `${a.field} starts where the previous field ended`).toBe(at);
    expect(a.end).toBeGreaterThan(a.start);
    at = a.end;
  }
  expect(at).toBe(result.bytes.length);
}

describe('annotated batch bytes', () => {
  test('the batch holding an offset, with a null key and headers: spans cover it once, in order, and match the decoder', () => {
    const result = batchAt(sampleLog(), 22);
    expect(result).toMatchObject({ baseOffset: 21, lastOffset: 23, compression: 'none', timestampType: 'create', isTransactional: false, isControl: false, crcValid: true });
    expectExactCover(result);
    const decoded = decodeRecordBatchAt(result.bytes, 0);
    const value = (field: string, record?: number, header?: number) =>
      result.annotations.filter((a) => a.field === field && a.record === record && a.header === header).map((a) => a.value);

    expect(result.annotations.slice(0, 13).map((a) => a.field)).toEqual([
      'baseOffset', 'batchLength', 'partitionLeaderEpoch', 'magic', 'crc', 'attributes', 'lastOffsetDelta',
      'baseTimestamp', 'maxTimestamp', 'producerId', 'producerEpoch', 'baseSequence', 'recordCount',
    ]);
    expect(value('baseOffset')).toEqual([decoded.baseOffset]);
    expect(value('batchLength')).toEqual([decoded.batchLength]);
    expect(value('partitionLeaderEpoch')).toEqual([2]);
    expect(value('magic')).toEqual([2]);
    expect(value('crc')).toEqual([decoded.crc]);
    expect(result.annotations.find((a) => a.field === 'crc')!.derived).toBe(decoded.crc);
    expect(value('producerId')).toEqual([7]);
    expect(value('recordCount')).toEqual([3]);
    expect(result.annotations[0]).toMatchObject({ start: 0, end: 8 });
    expect(result.annotations[12]).toMatchObject({ start: 57, end: 61 });

    // Record 0: null key (length -1, no key bytes), two headers, the second with a null value.
    expect(value('record.keyLength', 0)).toEqual([-1]);
    expect(value('record.key', 0)).toEqual([]);
    expect(value('record.value', 0)).toEqual(['sem chave']);
    expect(value('record.headerCount', 0)).toEqual([2]);
    expect(value('header.key', 0, 0)).toEqual(['origem']);
    expect(value('header.value', 0, 0)).toEqual(['loja-sul']);
    expect(value('header.key', 0, 1)).toEqual(['trace']);
    expect(value('header.valueLength', 0, 1)).toEqual([-1]);
    expect(value('header.value', 0, 1)).toEqual([]);
    // Record 1: a null value.
    expect(value('record.valueLength', 1)).toEqual([-1]);
    // Every record: the deltas stand for the decoder's offsets and timestamps.
    decoded.records.forEach((record, i) => {
      expect(result.annotations.find((a) => a.field === 'record.offsetDelta' && a.record === i)!.derived).toBe(record.offset);
      expect(result.annotations.find((a) => a.field === 'record.timestampDelta' && a.record === i)!.derived).toBe(record.timestamp);
      const spans = result.annotations.filter((a) => a.record === i);
      expect(spans.at(-1)!.end - spans[0]!.start).toBe(record.sizeBytes);
      const key = value('record.key', i)[0];
      expect(key ?? null).toEqual(record.key === null ? null : new TextDecoder().decode(record.key));
    });
  });

  test('every batch of a log is covered exactly once', () => {
    const log = sampleLog();
    for (let offset = 0; offset < 45; offset += 3) {
      const result = batchAt(log, offset);
      expect(result.baseOffset).toBe(offset);
      expectExactCover(result);
    }
  });

  test('binary values show as hex, text as text', () => {
    const log = new PartitionLog('t-0', new MemoryStorage(), config(), 0);
    log.appendAsLeader(textBatch([{ key: 'k', value: 'v' }], 5), 0, 5);
    const result = batchAt(log, 0);
    expect(result.annotations.find((a) => a.field === 'record.key')!.value).toBe('k');
    expectExactCover(result);
    expect(utf8.encode('k')[0]).toBe(result.bytes[result.annotations.find((a) => a.field === 'record.key')!.start]);
  });

  test('an offset outside the log is refused', () => {
    const log = sampleLog();
    const read = (offset: number) => inspect({ kind: 'batch', ...ref, offset }, () => ({ log, highWatermark: 45 }));
    expect(read(45)).toMatchObject({ ok: false, error: 'OFFSET_OUT_OF_RANGE' });
    expect(read(-1)).toMatchObject({ ok: false, error: 'OFFSET_OUT_OF_RANGE' });
    expect(read(2.5)).toMatchObject({ ok: false, error: 'OFFSET_OUT_OF_RANGE' });
  });
});
