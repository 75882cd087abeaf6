// The downloadable segment files are Kafka's on-disk format: kafkajs's own record batch decoder
// reads the .log, and every .index and .timeindex entry agrees with the batches it points at.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readSegmentFiles } from '../../../sim/browser/segment-files.ts';
import { decodeRecordBatches } from '../../../sim/log/index.ts';
import { runOverFiles } from './engine-files.ts';

const require = createRequire(import.meta.url);
const kafkajsBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: unknown) => Promise<KafkajsBatch>;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => { offset: number };

interface KafkajsBatch {
  firstOffset: string;
  lastOffsetDelta: number;
  maxTimestamp: string;
  records: { offset: string; key: Buffer | null; value: Buffer | null }[];
}

/** Decodes a whole .log with kafkajs, batch after batch, as a fetch response's record set. */
async function kafkajsBatches(bytes: Uint8Array): Promise<KafkajsBatch[]> {
  const decoder = new KafkajsDecoder(Buffer.from(bytes));
  const batches: KafkajsBatch[] = [];
  while (decoder.offset < bytes.length) batches.push(await kafkajsBatchDecoder(decoder));
  return batches;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('segment files for download', () => {
  it('are named as Kafka names them, decode with kafkajs, and every index entry agrees with the log', async () => {
    const { sim, group } = await runOverFiles(6000);
    const leaders = new Map(sim.snapshot().topics.find((t) => t.name === 't')!.partitions.map((p) => [p.partition, p.leader]));
    let segmentsChecked = 0;
    let indexEntries = 0;
    let timeEntries = 0;
    for (const [broker, storage] of group.byBroker) {
      for (const partition of [0, 1]) {
        const names = storage.list(`t-${partition}`).filter((n) => n.endsWith('.log'));
        expect(names.length).toBeGreaterThan(1);
        for (const name of names) {
          const baseOffset = Number(name.slice(0, 20));
          const result = readSegmentFiles(storage, { broker, topic: 't', partition, baseOffset });
          if (!result.ok) throw new Error(result.message);
          const [log, index, timeindex] = result.files;
          expect([log!.name, index!.name, timeindex!.name]).toEqual([`${name.slice(0, 20)}.log`, `${name.slice(0, 20)}.index`, `${name.slice(0, 20)}.timeindex`]);
          const ours = decodeRecordBatches(log!.bytes);
          const theirs = await kafkajsBatches(log!.bytes);
          expect(theirs.length).toBe(ours.length);
          // Offsets follow each other from the base offset; keys and values are the producer's.
          let expectedOffset = baseOffset;
          const starts = new Map<number, (typeof ours)[number]>();
          let position = 0;
          for (const [i, batch] of ours.entries()) {
            starts.set(position, batch);
            position += batch.sizeBytes;
            const k = theirs[i]!;
            expect(Number(k.firstOffset)).toBe(batch.baseOffset);
            expect(k.records.map((r) => Number(r.offset))).toEqual(batch.records.map((r) => r.offset));
            for (const [j, record] of k.records.entries()) {
              expect(Number(record.offset)).toBe(expectedOffset++);
              expect(record.key?.toString('utf8')).toMatch(/^chave-\d+$/);
              expect([...record.key!]).toEqual([...batch.records[j]!.key!]);
              expect([...record.value!]).toEqual([...batch.records[j]!.value!]);
              expect(record.value!.length).toBe(40);
            }
          }
          expect(position).toBe(log!.bytes.length);
          const batchAt = (offset: number) => ours.find((b) => b.baseOffset <= offset && offset <= b.baseOffset + b.lastOffsetDelta);
          // .index: 8-byte entries (relative offset, position), both increasing; the position is a batch start.
          expect(index!.bytes.length % 8).toBe(0);
          let lastPosition = -1;
          for (let at = 0; at < index!.bytes.length; at += 8) {
            const offset = baseOffset + view(index!.bytes).getInt32(at);
            const pos = view(index!.bytes).getInt32(at + 4);
            expect(pos).toBeGreaterThan(lastPosition);
            lastPosition = pos;
            const batch = starts.get(pos);
            expect(batch, `index entry ${offset} → ${pos} of ${name} on broker ${broker}`).toBeDefined();
            expect(batch!.baseOffset).toBeLessThanOrEqual(offset);
            // The leader appends one producer batch at a time, so its entry's batch holds the offset.
            // A follower appends a fetched run of batches: the entry points at the run's first batch.
            if (leaders.get(partition) === broker) expect(batch!.baseOffset + batch!.lastOffsetDelta).toBeGreaterThanOrEqual(offset);
            else expect(batchAt(offset)).toBeDefined();
            indexEntries++;
          }
          // .timeindex: 12-byte entries (timestamp, relative offset): the batch holding the offset has that max timestamp.
          expect(timeindex!.bytes.length % 12).toBe(0);
          let lastTimestamp = -1;
          for (let at = 0; at < timeindex!.bytes.length; at += 12) {
            const timestamp = Number(view(timeindex!.bytes).getBigInt64(at));
            const offset = baseOffset + view(timeindex!.bytes).getInt32(at + 8);
            expect(timestamp).toBeGreaterThan(lastTimestamp);
            lastTimestamp = timestamp;
            const batch = batchAt(offset);
            expect(batch).toBeDefined();
            expect(batch!.maxTimestamp).toBe(timestamp);
            timeEntries++;
          }
          segmentsChecked++;
        }
      }
    }
    expect(segmentsChecked).toBeGreaterThan(6);
    expect(indexEntries).toBeGreaterThan(20);
    expect(timeEntries).toBeGreaterThan(6);
    expect(readSegmentFiles(group.byBroker.get(0), { broker: 0, topic: 't', partition: 0, baseOffset: 999_999 })).toMatchObject({ ok: false, error: 'NO_SUCH_SEGMENT' });
    expect(readSegmentFiles(undefined, { broker: 9, topic: 't', partition: 0, baseOffset: 0 })).toMatchObject({ ok: false, error: 'NO_SUCH_BROKER' });
  });
});
