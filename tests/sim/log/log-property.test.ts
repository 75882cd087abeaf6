import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage, PartitionLog, decodeRecordBatches } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

type Op =
  | { kind: 'append'; count: number; valueBytes: number; dt: number }
  | { kind: 'roll' }
  | { kind: 'truncate'; pick: number }
  | { kind: 'retention'; hwBack: number; dt: number }
  | { kind: 'start'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 5 }), valueBytes: fc.integer({ min: 0, max: 60 }), dt: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('roll' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retention' as const), hwBack: fc.integer({ min: 0, max: 3 }), dt: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('start' as const), pick: fc.nat() }) },
);

const configArb = fc.record({
  segmentBytes: fc.integer({ min: 250, max: 1500 }),
  segmentMs: fc.integer({ min: 200, max: 5000 }),
  indexIntervalBytes: fc.integer({ min: 0, max: 600 }),
  segmentIndexBytes: fc.integer({ min: 24, max: 200 }),
  retentionMs: fc.integer({ min: -1, max: 2000 }),
  retentionBytes: fc.integer({ min: -1, max: 2500 }),
});

interface ModelBatch {
  base: number;
  count: number;
}

function check(log: PartitionLog, storage: MemoryStorage, model: ModelBatch[]): void {
  const segments = log.segments();
  // Base offsets strictly increase, each segment ends before the next begins.
  for (let i = 1; i < segments.length; i++) {
    expect(segments[i]!.baseOffset).toBeGreaterThan(segments[i - 1]!.baseOffset);
    expect(segments[i - 1]!.nextOffset).toBeLessThanOrEqual(segments[i]!.baseOffset);
  }
  expect(segments.at(-1)!.active).toBe(true);
  expect(log.sizeBytes).toBe(segments.reduce((s, x) => s + x.sizeBytes, 0));
  expect(storage.list('p-0')).toHaveLength(segments.length * 3 + 1); // + leader-epoch-checkpoint
  // Index files hold increasing entries pointing inside their segment.
  for (const segment of segments) {
    const prefix = segment.fileName.slice(0, 20);
    const index = Buffer.from(storage.read(`p-0/${prefix}.index`, 0, storage.size(`p-0/${prefix}.index`)));
    expect(index.length).toBe(segment.offsetIndexEntries * 8);
    for (let p = 8; p < index.length; p += 8) {
      expect(index.readInt32BE(p)).toBeGreaterThan(index.readInt32BE(p - 8));
      expect(index.readInt32BE(p + 4)).toBeGreaterThan(index.readInt32BE(p - 4));
    }
    for (let p = 0; p < index.length; p += 8) expect(index.readInt32BE(p + 4)).toBeLessThan(segment.sizeBytes);
  }
  // Reading from the log start offset returns every surviving batch, with contiguous offsets.
  const expected = model.filter((b) => b.base + b.count - 1 >= log.logStartOffset).flatMap((b) => Array.from({ length: b.count }, (_, i) => b.base + i));
  const actual: number[] = [];
  for (let offset = log.logStartOffset; offset < log.logEndOffset; ) {
    const r = log.read(offset, 700, log.logEndOffset);
    if (r.records.length === 0) break;
    for (const batch of decodeRecordBatches(r.records)) for (const record of batch.records) actual.push(record.offset);
    expect(r.nextOffset).toBeGreaterThan(offset);
    offset = r.nextOffset;
  }
  expect(actual).toEqual(expected);
  for (let i = 1; i < actual.length; i++) expect(actual[i]).toBe(actual[i - 1]! + 1);
  if (actual.length > 0) expect(actual.at(-1)! + 1).toBe(log.logEndOffset);
}

describe('PartitionLog under random appends, rolls, truncations and retention (fast-check)', () => {
  it('keeps every surviving record readable, contiguous and in increasing segments', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { minLength: 10, maxLength: 80, size: 'max' }), (overrides, ops) => {
        const storage = new MemoryStorage();
        const log = new PartitionLog('p-0', storage, config(overrides), 0);
        let model: ModelBatch[] = [];
        let now = 0;
        for (const op of ops) {
          switch (op.kind) {
            case 'append': {
              now += op.dt;
              const bytes = producerBatch({ count: op.count, valueBytes: op.valueBytes, timestamp: now });
              if (bytes.length > overrides.segmentBytes) {
                expect(() => log.appendAsLeader(bytes, 0, now)).toThrow(expect.objectContaining({ code: 'RECORD_LIST_TOO_LARGE' }));
                break;
              }
              const info = log.appendAsLeader(bytes, 0, now);
              expect(info.firstOffset).toBe(model.length ? model.at(-1)!.base + model.at(-1)!.count : info.firstOffset);
              model.push({ base: info.firstOffset, count: op.count });
              break;
            }
            case 'roll':
              log.roll(now);
              break;
            case 'truncate': {
              // At a batch boundary of what is left, or at the LEO.
              const candidates = [...model.filter((b) => b.base >= log.logStartOffset).map((b) => b.base), log.logEndOffset];
              const target = candidates[op.pick % candidates.length]!;
              log.truncateTo(target);
              model = model.filter((b) => b.base < target);
              break;
            }
            case 'retention': {
              now += op.dt;
              const hw = Math.max(log.logStartOffset, log.logEndOffset - op.hwBack);
              const before = log.logStartOffset;
              log.deleteOldSegments(now, hw);
              expect(log.logStartOffset).toBeGreaterThanOrEqual(before);
              expect(log.logStartOffset).toBeLessThanOrEqual(hw);
              const firstBase = log.segments()[0]!.baseOffset;
              model = model.filter((b) => b.base >= firstBase);
              break;
            }
            case 'start': {
              const span = log.logEndOffset - log.logStartOffset + 1;
              log.maybeIncrementLogStartOffset(log.logStartOffset + (op.pick % span));
              break;
            }
          }
          check(log, storage, model);
        }
      }),
      { numRuns: Number(process.env.LOG_PROPERTY_RUNS ?? 100) },
    );
  }, 60_000);
});

describe('hot path (correctness only, no timing)', () => {
  it('appends and fetches 200 batches of ~16 KiB with 100-byte values, every record once', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('bench-0', storage, config({ segmentBytes: 1 << 20 }), 0);
    const batch = producerBatch({ count: 140, valueBytes: 100 });
    expect(batch.length).toBeGreaterThan(15_000);
    for (let i = 0; i < 200; i++) log.appendAsLeader(batch, 3, i);
    expect(log.logEndOffset).toBe(28_000);
    expect(log.segments().length).toBeGreaterThan(1);
    let offset = 0;
    let records = 0;
    while (offset < log.logEndOffset) {
      const r = log.read(offset, 1 << 20, log.logEndOffset);
      for (const decoded of decodeRecordBatches(r.records)) {
        expect(decoded.baseOffset).toBe(records);
        records += decoded.recordCount;
      }
      offset = r.nextOffset;
    }
    expect(records).toBe(28_000);
  });
});
