// Paging and search over a replica's records, read through the log's codec.
import { describe, expect, test } from 'vitest';
import { inspect, showBytes, type RecordsResult, type ReplicaLog } from '../../../sim/inspect/index.ts';
import { sampleLog } from './fixtures.ts';

const ref = { topic: 'pedidos', partition: 0, broker: 1 };

function setup(highWatermark = 40): (query: object) => ReturnType<typeof inspect> {
  const local: ReplicaLog = { log: sampleLog(), highWatermark };
  return (query) => inspect({ kind: 'records', ...ref, ...query } as Parameters<typeof inspect>[0], (r) => (r.broker === 1 ? local : undefined));
}

const page = (result: ReturnType<typeof inspect>): RecordsResult => {
  if (!result.ok || result.kind !== 'records') throw new Error(`expected a records page, got ${JSON.stringify(result)}`);
  return result;
};

describe('records paging', () => {
  test('pages cut the offsets in runs of 20 from the log start offset; the last page is short', () => {
    const read = setup();
    const first = page(read({}));
    expect(first.logStartOffset).toBe(0);
    expect(first.logEndOffset).toBe(45);
    expect(first.pageCount).toBe(3);
    expect(first.records.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(page(read({ page: 1 })).records.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    const last = page(read({ page: 2 }));
    expect(last.records.map((r) => r.offset)).toEqual([40, 41, 42, 43, 44]);
  });

  test('a page starting inside a batch starts at its own first offset', () => {
    const read = setup();
    // Page 1 (offsets 20..39) starts in the batch 18..20.
    const p = page(read({ page: 1 }));
    expect(p.records[0]).toMatchObject({ offset: 20, batchBaseOffset: 18, leaderEpoch: 1 });
  });

  test('records carry key, value, headers, timestamp, leader epoch and whether they are above the HW', () => {
    const read = setup(40);
    const p = page(read({ page: 1 }));
    const r21 = p.records.find((r) => r.offset === 21)!;
    expect(r21.key).toBeNull();
    expect(r21.value).toEqual({ text: 'sem chave', encoding: 'utf8', sizeBytes: 9, truncated: false });
    expect(r21.headers).toEqual([
      { key: 'origem', value: { text: 'loja-sul', encoding: 'utf8', sizeBytes: 8, truncated: false } },
      { key: 'trace', value: null },
    ]);
    expect(r21.leaderEpoch).toBe(2);
    expect(r21.timestamp).toBe(1021);
    expect(p.records.find((r) => r.offset === 22)!.value).toBeNull();
    expect(p.records.find((r) => r.offset === 39)!.aboveHighWatermark).toBe(false);
    expect(page(read({ page: 2 })).records.every((r) => r.aboveHighWatermark)).toBe(true);
  });

  test('atOffset picks the page that holds the offset', () => {
    const read = setup();
    expect(page(read({ atOffset: 0 })).page).toBe(0);
    expect(page(read({ atOffset: 19 })).page).toBe(0);
    expect(page(read({ atOffset: 20 })).page).toBe(1);
    expect(page(read({ atOffset: 44 })).page).toBe(2);
  });

  test('a page or an offset out of range, or a bad page size, is refused', () => {
    const read = setup();
    expect(read({ page: 3 })).toMatchObject({ ok: false, error: 'PAGE_OUT_OF_RANGE' });
    expect(read({ page: -1 })).toMatchObject({ ok: false, error: 'PAGE_OUT_OF_RANGE' });
    expect(read({ page: 1.5 })).toMatchObject({ ok: false, error: 'PAGE_OUT_OF_RANGE' });
    expect(read({ atOffset: 45 })).toMatchObject({ ok: false, error: 'OFFSET_OUT_OF_RANGE' });
    expect(read({ atOffset: -1 })).toMatchObject({ ok: false, error: 'OFFSET_OUT_OF_RANGE' });
    expect(read({ pageSize: 0 })).toMatchObject({ ok: false, error: 'INVALID_REQUEST' });
    expect(read({ pageSize: 1000 })).toMatchObject({ ok: false, error: 'INVALID_REQUEST' });
  });

  test('a broker without the replica answers REPLICA_NOT_AVAILABLE', () => {
    const local: ReplicaLog = { log: sampleLog(), highWatermark: 0 };
    expect(inspect({ kind: 'records', ...ref, broker: 2 }, (r) => (r.broker === 1 ? local : undefined))).toMatchObject({ ok: false, error: 'REPLICA_NOT_AVAILABLE' });
  });

  test('an empty log has one empty page', () => {
    const log = sampleLog();
    log.truncateFullyAndStartAt(45);
    const p = page(inspect({ kind: 'records', ...ref }, () => ({ log, highWatermark: 45 })));
    expect(p).toMatchObject({ page: 0, pageCount: 1, records: [] });
  });

  test('after the log start offset moves, page 0 starts there', () => {
    const log = sampleLog();
    log.maybeIncrementLogStartOffset(10, 45);
    const p = page(inspect({ kind: 'records', ...ref }, () => ({ log, highWatermark: 45 })));
    expect(p.logStartOffset).toBe(10);
    expect(p.pageCount).toBe(2);
    expect(p.records[0]!.offset).toBe(10);
    expect(p.records.at(-1)!.offset).toBe(29);
  });
});

describe('records search', () => {
  test('matches key, value and header values, case-insensitively, and pages over the matches', () => {
    const read = setup();
    const byValue = page(read({ search: 'PEDIDO 1' }));
    // "pedido 1", "pedido 10".."pedido 19"
    expect(byValue.search).toEqual({ text: 'PEDIDO 1', matches: 11 });
    expect(byValue.records.map((r) => r.offset)).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(page(read({ search: 'loja' })).records.map((r) => r.offset)).toEqual([21, 22]);
    expect(page(read({ search: 'cliente-y' })).records.map((r) => r.offset)).toEqual([23]);
    const keys = page(read({ search: 'cliente-3', pageSize: 5 }));
    // Offsets ≡ 3 (mod 5) but 23, whose key is "cliente-y".
    expect(keys.search?.matches).toBe(8);
    expect(keys.pageCount).toBe(2);
    expect(keys.records.map((r) => r.offset)).toEqual([3, 8, 13, 18, 28]);
    expect(page(read({ search: 'cliente-3', pageSize: 5, page: 1 })).records.map((r) => r.offset)).toEqual([33, 38, 43]);
  });

  test('a search with nothing found answers an empty first page; a later page is out of range', () => {
    const read = setup();
    expect(page(read({ search: 'inexistente' }))).toMatchObject({ search: { matches: 0 }, pageCount: 1, records: [] });
    expect(read({ search: 'inexistente', page: 1 })).toMatchObject({ ok: false, error: 'PAGE_OUT_OF_RANGE' });
    expect(read({ search: 'x'.repeat(201) })).toMatchObject({ ok: false, error: 'INVALID_REQUEST' });
  });
});

describe('segments', () => {
  test('lists every segment with its first timestamp, counts and the active one last', () => {
    const local: ReplicaLog = { log: sampleLog(), highWatermark: 40 };
    const result = inspect({ kind: 'segments', ...ref }, () => local);
    if (!result.ok || result.kind !== 'segments') throw new Error('expected segments');
    expect(result.segments.length).toBeGreaterThan(1);
    expect(result.segments.map((s) => s.active)).toEqual(result.segments.map((_, i) => i === result.segments.length - 1));
    expect(result.segments[0]).toMatchObject({ baseOffset: 0, fileName: '00000000000000000000.log' });
    expect(result.segments[0]!.firstTimestamp).toBe(1002);
    expect(result.segments.reduce((sum, s) => sum + s.recordCount, 0)).toBe(45);
    for (let i = 1; i < result.segments.length; i++) expect(result.segments[i]!.baseOffset).toBe(result.segments[i - 1]!.nextOffset);
  });
});

describe('showBytes', () => {
  test('text stays text; binary, or UTF-8 with control characters, becomes hex; long values are cut', () => {
    expect(showBytes(new TextEncoder().encode('olá\tmundo'))).toEqual({ text: 'olá\tmundo', encoding: 'utf8', sizeBytes: 10, truncated: false });
    expect(showBytes(new Uint8Array([0, 2, 0, 8, 0x6c]))).toEqual({ text: '0x000200086c', encoding: 'hex', sizeBytes: 5, truncated: false });
    expect(showBytes(new Uint8Array([0xff, 0xfe]))).toMatchObject({ text: '0xfffe', encoding: 'hex' });
    const long = showBytes(new TextEncoder().encode('x'.repeat(500)))!;
    expect(long).toMatchObject({ encoding: 'utf8', sizeBytes: 500, truncated: true });
    expect(long.text).toHaveLength(160);
    expect(showBytes(null)).toBeNull();
  });
});
