// Cross-check of the record batch v2 codec against a real client, kafkajs 2.2.4: kafkajs decodes
// what we encode and we decode what kafkajs encodes, field by field; where both can express the
// same batch the bytes are identical.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRecordBatches, encodeRecordBatch, verifyBatchCrc, type RecordBatchInput } from '../../../sim/log/index.ts';

const require = createRequire(import.meta.url);
const kafkajsRoot = 'kafkajs/src/protocol';
const { RecordBatch: kafkajsRecordBatch } = require(`${kafkajsRoot}/recordBatch/v0/index.js`) as {
  RecordBatch: (args: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const kafkajsRecord = require(`${kafkajsRoot}/recordBatch/record/v0/index.js`) as (args: Record<string, unknown>) => unknown;
const kafkajsBatchDecoder = require(`${kafkajsRoot}/recordBatch/v0/decoder.js`) as (decoder: unknown) => Promise<KafkajsBatch>;
const KafkajsDecoder = require(`${kafkajsRoot}/decoder.js`) as new (buffer: Buffer) => unknown;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: number | string): unknown };

interface KafkajsRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
  isControlRecord: boolean;
}
interface KafkajsBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  timestampType: number;
  records: KafkajsRecord[];
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const arr = (b: Uint8Array | null): number[] | null => (b === null ? null : [...b]);

/** Encodes `input` with kafkajs's own producer code path (RecordBatch v0 + Record v0). */
async function kafkajsEncode(input: RecordBatchInput): Promise<Uint8Array> {
  const n = input.records.length;
  const firstTimestamp = n > 0 ? input.records[0]!.timestamp : -1;
  const maxTimestamp = Math.max(-1, ...input.records.map((r) => r.timestamp));
  const records = input.records.map((r, i) => {
    const headers: Record<string, Buffer | Buffer[]> = {};
    for (const h of r.headers) {
      const value = Buffer.from(h.value!);
      const existing = headers[h.key];
      headers[h.key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return kafkajsRecord({
      offsetDelta: i,
      timestampDelta: r.timestamp - firstTimestamp,
      key: r.key === null ? null : Buffer.from(r.key),
      value: r.value === null ? null : Buffer.from(r.value),
      headers,
    });
  });
  const encoder = await kafkajsRecordBatch({
    firstOffset: Long.fromValue(input.baseOffset),
    firstTimestamp,
    maxTimestamp,
    partitionLeaderEpoch: input.partitionLeaderEpoch,
    lastOffsetDelta: n - 1,
    transactional: input.isTransactional,
    producerId: Long.fromValue(input.producerId),
    producerEpoch: input.producerEpoch,
    firstSequence: input.baseSequence,
    records,
  });
  return new Uint8Array(encoder.buffer);
}

async function kafkajsDecode(bytes: Uint8Array): Promise<KafkajsBatch> {
  return kafkajsBatchDecoder(new KafkajsDecoder(Buffer.from(bytes)));
}

/** kafkajs groups headers by key in an object; flatten to [key, value] pairs in its order. */
function kafkajsHeaderPairs(headers: KafkajsRecord['headers']): [string, number[] | null][] {
  return Object.entries(headers).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, number[] | null] => [key, x === null ? null : [...x]]));
}

function groupedPairs(headers: { key: string; value: Uint8Array | null }[]): [string, number[] | null][] {
  const order: string[] = [];
  const byKey = new Map<string, (number[] | null)[]>();
  for (const h of headers) {
    if (!byKey.has(h.key)) {
      order.push(h.key);
      byKey.set(h.key, []);
    }
    byKey.get(h.key)!.push(arr(h.value));
  }
  return order.flatMap((k) => byKey.get(k)!.map((v): [string, number[] | null] => [k, v]));
}

const REFERENCE_INPUT: RecordBatchInput = {
  baseOffset: 0,
  partitionLeaderEpoch: 0,
  producerId: -1,
  producerEpoch: 0,
  baseSequence: 0,
  isTransactional: false,
  records: [
    { timestamp: 1700000000000, key: text('key1'), value: text('v1'), headers: [] },
    { timestamp: 1700000000005, key: null, value: text('hello'), headers: [{ key: 'h', value: text('x') }] },
  ],
};

// Header keys kafkajs can hold as object properties in a stable order (no integer-like or
// prototype names); header values non-null, since kafkajs's size computation cannot take null.
const headerKey = fc.stringMatching(/^h[a-z]{0,5}$/);
const bytesOrNull = fc.option(fc.uint8Array({ maxLength: 30 }), { nil: null });
const commonInput = fc.record({
  baseOffset: fc.integer({ min: 0, max: 2 ** 50 }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 2147483647 }),
  producerId: fc.integer({ min: -1, max: 2 ** 50 }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2147483647 }),
  isTransactional: fc.boolean(),
  records: fc.array(
    fc.record({
      timestamp: fc.integer({ min: 0, max: 2 ** 44 }),
      key: bytesOrNull,
      value: bytesOrNull,
      headers: fc.array(fc.record({ key: headerKey, value: fc.uint8Array({ maxLength: 10 }) }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

describe('kafkajs 2.2.4 cross-check', () => {
  it('kafkajs encodes the reference batch to the same bytes as we do (crc 7583ff4d)', async () => {
    const ours = encodeRecordBatch(REFERENCE_INPUT);
    const theirs = await kafkajsEncode(REFERENCE_INPUT);
    expect(Buffer.from(theirs).toString('hex')).toBe(Buffer.from(ours).toString('hex'));
    expect(Buffer.from(ours.subarray(17, 21)).toString('hex')).toBe('7583ff4d');
  });

  it('kafkajs decodes batches we encode, field for field', async () => {
    await fc.assert(
      fc.asyncProperty(
        commonInput,
        fc.boolean(),
        fc.constantFrom('create' as const, 'log-append' as const),
        fc.array(fc.option(fc.uint8Array({ maxLength: 5 }), { nil: null }), { maxLength: 8 }),
        async (input, isControl, timestampType, nullableHeaderValues) => {
          // Our encoder can also write null header values and control / LogAppendTime batches.
          const records = input.records.map((r, i) => ({
            ...r,
            headers: i < nullableHeaderValues.length ? [...r.headers, { key: 'hnull', value: nullableHeaderValues[i]! }] : r.headers,
          }));
          const ours = encodeRecordBatch({ ...input, records, isControl, timestampType });
          const batch = await kafkajsDecode(ours);
          const maxTimestamp = Math.max(...records.map((r) => r.timestamp));
          expect(batch).toMatchObject({
            firstOffset: String(input.baseOffset),
            firstTimestamp: String(records[0]!.timestamp),
            maxTimestamp: String(maxTimestamp),
            partitionLeaderEpoch: input.partitionLeaderEpoch,
            inTransaction: input.isTransactional,
            isControlBatch: isControl,
            lastOffsetDelta: records.length - 1,
            producerId: String(input.producerId),
            producerEpoch: input.producerEpoch,
            firstSequence: input.baseSequence,
            timestampType: timestampType === 'log-append' ? 1 : 0,
          });
          expect(batch.records).toHaveLength(records.length);
          batch.records.forEach((r, i) => {
            const src = records[i]!;
            expect(r.offset).toBe(String(input.baseOffset + i));
            expect(r.timestamp).toBe(String(timestampType === 'log-append' ? maxTimestamp : src.timestamp));
            expect(r.key === null ? null : [...r.key]).toEqual(arr(src.key));
            expect(r.value === null ? null : [...r.value]).toEqual(arr(src.value));
            expect(kafkajsHeaderPairs(r.headers)).toEqual(groupedPairs(src.headers));
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('we decode batches kafkajs encodes, field for field, and produce the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(commonInput, async (input) => {
        const theirs = await kafkajsEncode(input);
        expect(verifyBatchCrc(theirs, 0)).toBe(true);
        const [batch, ...rest] = decodeRecordBatches(theirs);
        expect(rest).toEqual([]);
        expect(batch).toMatchObject({
          baseOffset: input.baseOffset,
          partitionLeaderEpoch: input.partitionLeaderEpoch,
          magic: 2,
          compression: 'none',
          timestampType: 'create',
          isTransactional: input.isTransactional,
          isControl: false,
          lastOffsetDelta: input.records.length - 1,
          baseTimestamp: input.records[0]!.timestamp,
          maxTimestamp: Math.max(...input.records.map((r) => r.timestamp)),
          producerId: input.producerId,
          producerEpoch: input.producerEpoch,
          baseSequence: input.baseSequence,
          recordCount: input.records.length,
          sizeBytes: theirs.length,
        });
        batch!.records.forEach((r, i) => {
          const src = input.records[i]!;
          expect(r.offset).toBe(input.baseOffset + i);
          expect(r.timestamp).toBe(src.timestamp);
          expect(arr(r.key)).toEqual(arr(src.key));
          expect(arr(r.value)).toEqual(arr(src.value));
          // kafkajs writes headers grouped by key (it keeps them in an object).
          expect(r.headers.map((h): [string, number[] | null] => [h.key, arr(h.value)])).toEqual(groupedPairs(input.records[i]!.headers));
        });
        // Same batch from our encoder, with headers in kafkajs's grouped order: identical bytes.
        const regrouped = input.records.map((r) => ({ ...r, headers: groupedPairs(r.headers).map(([key, value]) => ({ key, value: new Uint8Array(value!) })) }));
        expect(Buffer.from(encodeRecordBatch({ ...input, records: regrouped })).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
      }),
      { numRuns: 200 },
    );
  });
});
