import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LogError,
  annotateRecordBatch,
  crc32c,
  decodeRecordBatches,
  encodeRecordBatch,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  verifyBatchCrc,
  type RecordBatchInput,
} from '../../../sim/log/index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// Reference §3.5: encoded with kafkajs 2.2.4, CRC re-verified independently.
const FULL_BATCH_HEX =
  '00000000000000000000004e00000000025c3ee6820000000000010000018bcfe568000000018bcfe56805' +
  'ffffffffffffffffffffffffffff0000000218000000086b657931047631001e000a02010a68656c6c6f0202680278';

const FULL_BATCH_INPUT: RecordBatchInput = {
  baseOffset: 0,
  partitionLeaderEpoch: 0,
  producerId: -1,
  producerEpoch: -1,
  baseSequence: -1,
  isTransactional: false,
  records: [
    { timestamp: 1700000000000, key: text('key1'), value: text('v1'), headers: [] },
    { timestamp: 1700000000005, key: null, value: text('hello'), headers: [{ key: 'h', value: text('x') }] },
  ],
};

describe('encodeRecordBatch', () => {
  it('produces the 90-byte reference batch byte for byte', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    expect(bytes.length).toBe(90);
    expect(hex(bytes)).toBe(FULL_BATCH_HEX);
  });

  it('produces the kafkajs variant (producerEpoch 0, baseSequence 0, crc 7583ff4d)', () => {
    const bytes = encodeRecordBatch({ ...FULL_BATCH_INPUT, producerEpoch: 0, baseSequence: 0 });
    const expected = unhex(FULL_BATCH_HEX);
    expected.set(unhex('0000 00000000'), 51);
    expected.set(unhex('7583ff4d'), 17);
    expect(hex(bytes)).toBe(hex(expected));
  });

  it('sets the attribute bits from the flags', () => {
    const attributesOf = (input: Partial<RecordBatchInput>): number => readBatchHeader(encodeRecordBatch({ ...FULL_BATCH_INPUT, ...input }), 0).attributes;
    expect(attributesOf({})).toBe(0);
    expect(attributesOf({ timestampType: 'log-append' })).toBe(0x08);
    expect(attributesOf({ isTransactional: true })).toBe(0x10);
    expect(attributesOf({ isControl: true })).toBe(0x20);
    expect(attributesOf({ isTransactional: true, isControl: true, timestampType: 'log-append' })).toBe(0x38);
  });

  it('encodes an empty batch with no timestamp and lastOffsetDelta -1', () => {
    const header = readBatchHeader(encodeRecordBatch({ ...FULL_BATCH_INPUT, records: [] }), 0);
    expect(header).toMatchObject({ sizeBytes: 61, recordCount: 0, lastOffsetDelta: -1, baseTimestamp: -1, maxTimestamp: -1 });
  });
});

describe('decodeRecordBatches', () => {
  it('decodes the reference batch field by field', () => {
    const [batch, ...rest] = decodeRecordBatches(unhex(FULL_BATCH_HEX));
    expect(rest).toEqual([]);
    expect(batch).toMatchObject({
      baseOffset: 0,
      batchLength: 78,
      partitionLeaderEpoch: 0,
      magic: 2,
      crc: 0x5c3ee682,
      attributes: 0,
      compression: 'none',
      timestampType: 'create',
      isTransactional: false,
      isControl: false,
      deleteHorizonMs: null,
      lastOffsetDelta: 1,
      baseTimestamp: 1700000000000,
      maxTimestamp: 1700000000005,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      recordCount: 2,
      sizeBytes: 90,
    });
    const [r0, r1] = batch!.records;
    expect(r0).toMatchObject({ offset: 0, timestamp: 1700000000000, headers: [], sizeBytes: 13 });
    expect(Buffer.from(r0!.key!).toString()).toBe('key1');
    expect(Buffer.from(r0!.value!).toString()).toBe('v1');
    expect(r1).toMatchObject({ offset: 1, timestamp: 1700000000005, key: null, sizeBytes: 16 });
    expect(Buffer.from(r1!.value!).toString()).toBe('hello');
    expect(r1!.headers.map((h) => [h.key, Buffer.from(h.value!).toString()])).toEqual([['h', 'x']]);
  });

  it('reads consecutive batches as in a segment file', () => {
    const a = encodeRecordBatch(FULL_BATCH_INPUT);
    const b = encodeRecordBatch({ ...FULL_BATCH_INPUT, baseOffset: 2 });
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(decodeRecordBatches(both).map((x) => x.records.map((r) => r.offset))).toEqual([[0, 1], [2, 3]]);
  });

  it('gives LogAppendTime batches the max timestamp on every record', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    setLogAppendTime(bytes, 0, 1800000000000);
    expect(verifyBatchCrc(bytes, 0)).toBe(true);
    const [batch] = decodeRecordBatches(bytes);
    expect(batch!.timestampType).toBe('log-append');
    expect(batch!.records.map((r) => r.timestamp)).toEqual([1800000000000, 1800000000000]);
  });

  it('detects a corrupt CRC', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    bytes[80]! ^= 0x01;
    expect(verifyBatchCrc(bytes, 0)).toBe(false);
    expect(() => decodeRecordBatches(bytes)).toThrow(expect.objectContaining({ code: 'CORRUPT_MESSAGE', exception: 'CorruptRecordException' }));
  });

  it('rejects a truncated trailing batch, at any cut', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    const two = new Uint8Array(bytes.length * 2);
    two.set(bytes);
    two.set(bytes, bytes.length);
    for (let cut = bytes.length + 1; cut < two.length; cut++) {
      expect(() => decodeRecordBatches(two.subarray(0, cut)), `cut at ${cut}`).toThrow(LogError);
    }
  });

  it('rejects another magic and a batch length below the overhead', () => {
    const wrongMagic = encodeRecordBatch(FULL_BATCH_INPUT);
    wrongMagic[16] = 1;
    expect(() => decodeRecordBatches(wrongMagic)).toThrow(/magic 1/);
    const short = encodeRecordBatch(FULL_BATCH_INPUT).slice(0, 30);
    short.set(unhex('00000012'), 8); // batchLength 18: a 30-byte "batch"
    expect(() => decodeRecordBatches(short)).toThrow(/minimum allowed overhead/);
  });

  it('rejects records that disagree with the declared count', () => {
    const more = encodeRecordBatch(FULL_BATCH_INPUT);
    more.set(unhex('00000003'), 57);
    fixCrc(more);
    expect(() => decodeRecordBatches(more)).toThrow(expect.objectContaining({ code: 'INVALID_RECORD' }));
    const fewer = encodeRecordBatch(FULL_BATCH_INPUT);
    fewer.set(unhex('00000001'), 57);
    fixCrc(fewer);
    expect(() => decodeRecordBatches(fewer)).toThrow(/records still remaining/);
  });

  it('decodes the header of a compressed batch and refuses its records clearly', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    bytes[22] = 0x01; // gzip
    fixCrc(bytes);
    expect(readBatchHeader(bytes, 0).attributes).toBe(1);
    expect(() => decodeRecordBatches(bytes)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_COMPRESSION_TYPE' }));
  });
});

/** Re-signs a batch altered by a test, so that only the alteration under test is wrong. */
function fixCrc(bytes: Uint8Array): void {
  const crc = crc32c(bytes, 21, bytes.length);
  bytes.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], 17);
}

describe('header patching', () => {
  it('changes base offset and leader epoch without touching the CRC', () => {
    const bytes = encodeRecordBatch(FULL_BATCH_INPUT);
    const crcBefore = readBatchHeader(bytes, 0).crc;
    setBaseOffset(bytes, 0, 123456789012);
    setPartitionLeaderEpoch(bytes, 0, 7);
    const header = readBatchHeader(bytes, 0);
    expect(header).toMatchObject({ baseOffset: 123456789012, lastOffset: 123456789013, partitionLeaderEpoch: 7, crc: crcBefore });
    expect(verifyBatchCrc(bytes, 0)).toBe(true);
    expect(decodeRecordBatches(bytes)[0]!.records.map((r) => r.offset)).toEqual([123456789012, 123456789013]);
  });
});

const bytesOrNull = fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null });
const recordArb = fc.record({
  timestamp: fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.constant(-1)),
  key: bytesOrNull,
  value: bytesOrNull,
  headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 8 }), value: bytesOrNull }), { maxLength: 3 }),
});
const batchArb = fc.record({
  baseOffset: fc.maxSafeNat(),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 2147483647 }),
  producerId: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2147483647 }),
  isTransactional: fc.boolean(),
  isControl: fc.boolean(),
  timestampType: fc.constantFrom('create' as const, 'log-append' as const),
  records: fc.array(recordArb, { maxLength: 12 }),
});

describe('round trip (fast-check)', () => {
  it('decode(encode(x)) gives back every field', () => {
    fc.assert(
      fc.property(batchArb, (input) => {
        // baseOffset + count must stay a safe integer for the offsets to be representable.
        fc.pre(input.baseOffset + input.records.length < Number.MAX_SAFE_INTEGER);
        const bytes = encodeRecordBatch(input);
        const [batch, ...rest] = decodeRecordBatches(bytes);
        expect(rest).toEqual([]);
        const n = input.records.length;
        const maxTimestamp = n === 0 ? -1 : Math.max(-1, ...input.records.map((r) => r.timestamp));
        expect(batch).toMatchObject({
          baseOffset: input.baseOffset,
          partitionLeaderEpoch: input.partitionLeaderEpoch,
          producerId: input.producerId,
          producerEpoch: input.producerEpoch,
          baseSequence: input.baseSequence,
          isTransactional: input.isTransactional,
          isControl: input.isControl,
          timestampType: input.timestampType,
          recordCount: n,
          lastOffsetDelta: n - 1,
          baseTimestamp: n === 0 ? -1 : input.records[0]!.timestamp,
          maxTimestamp,
          sizeBytes: bytes.length,
        });
        batch!.records.forEach((r, i) => {
          const src = input.records[i]!;
          expect(r.offset).toBe(input.baseOffset + i);
          expect(r.timestamp).toBe(input.timestampType === 'log-append' ? maxTimestamp : src.timestamp);
          expect(r.key === null ? null : [...r.key]).toEqual(src.key === null ? null : [...src.key]);
          expect(r.value === null ? null : [...r.value]).toEqual(src.value === null ? null : [...src.value]);
          expect(r.headers.map((h) => [h.key, h.value === null ? null : [...h.value]])).toEqual(
            src.headers.map((h) => [h.key, h.value === null ? null : [...h.value]]),
          );
        });
        expect(batch!.records.reduce((s, r) => s + r.sizeBytes, 61)).toBe(bytes.length);
        expect(verifyBatchCrc(bytes, 0)).toBe(true);
      }),
    );
  });

  it('annotations tile every byte of the batch exactly once', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 3 }), (inputs) => {
        const parts = inputs.map((input) => encodeRecordBatch({ ...input, baseOffset: 0 }));
        const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
        let at = 0;
        for (const p of parts) {
          all.set(p, at);
          at += p.length;
        }
        const annotations = annotateRecordBatch(all);
        let cursor = 0;
        for (const a of annotations) {
          expect(a.start).toBe(cursor);
          expect(a.end).toBeGreaterThan(a.start);
          cursor = a.end;
        }
        expect(cursor).toBe(all.length);
      }),
    );
  });
});

describe('annotateRecordBatch', () => {
  it('names each field of the reference batch', () => {
    const annotations = annotateRecordBatch(unhex(FULL_BATCH_HEX));
    const summary = annotations.map((a) => `${a.start}-${a.end} ${a.field}${a.record === undefined ? '' : `[${a.record}]`}=${a.value}`);
    expect(summary.slice(0, 13)).toEqual([
      '0-8 baseOffset=0',
      '8-12 batchLength=78',
      '12-16 partitionLeaderEpoch=0',
      '16-17 magic=2',
      '17-21 crc=1547626114',
      '21-23 attributes=0',
      '23-27 lastOffsetDelta=1',
      '27-35 baseTimestamp=1700000000000',
      '35-43 maxTimestamp=1700000000005',
      '43-51 producerId=-1',
      '51-53 producerEpoch=-1',
      '53-57 baseSequence=-1',
      '57-61 recordCount=2',
    ]);
    expect(summary.slice(13)).toEqual([
      '61-62 record.length[0]=12',
      '62-63 record.attributes[0]=0',
      '63-64 record.timestampDelta[0]=0',
      '64-65 record.offsetDelta[0]=0',
      '65-66 record.keyLength[0]=4',
      '66-70 record.key[0]=key1',
      '70-71 record.valueLength[0]=2',
      '71-73 record.value[0]=v1',
      '73-74 record.headerCount[0]=0',
      '74-75 record.length[1]=15',
      '75-76 record.attributes[1]=0',
      '76-77 record.timestampDelta[1]=5',
      '77-78 record.offsetDelta[1]=1',
      '78-79 record.keyLength[1]=-1',
      '79-80 record.valueLength[1]=5',
      '80-85 record.value[1]=hello',
      '85-86 record.headerCount[1]=1',
      '86-87 header.keyLength[1]=1',
      '87-88 header.key[1]=h',
      '88-89 header.valueLength[1]=1',
      '89-90 header.value[1]=x',
    ]);
    expect(annotations.find((a) => a.field === 'crc')!.derived).toBe(0x5c3ee682);
    expect(annotations.find((a) => a.field === 'record.timestampDelta' && a.record === 1)!.derived).toBe(1700000000005);
  });

  it('shows non-text bytes as hex and still annotates a batch with a bad CRC', () => {
    const bytes = encodeRecordBatch({ ...FULL_BATCH_INPUT, records: [{ timestamp: 1, key: new Uint8Array([0xff, 0x00]), value: null, headers: [] }] });
    bytes[20]! ^= 1; // last byte of the stored CRC
    const annotations = annotateRecordBatch(bytes);
    const crc = annotations.find((a) => a.field === 'crc')!;
    expect(crc.value).not.toBe(crc.derived);
    expect(annotations.find((a) => a.field === 'record.key')!.value).toBe('0xff00');
  });
});
