// Recovery of a stored generation after the tab closed: segments written through the engine, a
// torn batch at one tail and a flipped CRC byte in another, then Kafka's recovery over the files.
import { describe, expect, it } from 'vitest';
import { recoverGeneration, recoverPartition, summarizeRecovery, type StoredFileEntry } from '../../../sim/browser/recovery.ts';
import { FileStorageGroup } from '../../../sim/log/file-storage.ts';
import { CRC_OFFSET } from '../../../sim/log/batch-header.ts';
import { DEFAULT_LOG_CONFIG, decodeRecordBatches, filenamePrefixFromOffset } from '../../../sim/log/index.ts';
import { runOverFiles } from './engine-files.ts';
import type { FakeFilePort } from './fake-file-port.ts';

/** Batch start positions and offsets of a .log file's bytes. */
function batchesOf(bytes: Uint8Array) {
  let position = 0;
  return decodeRecordBatches(bytes).map((b) => {
    const at = position;
    position += b.sizeBytes;
    return { position: at, baseOffset: b.baseOffset, lastOffset: b.baseOffset + b.lastOffsetDelta, sizeBytes: b.sizeBytes, records: b.records };
  });
}

function lastLog(port: FakeFilePort, dir: string): string {
  return [...port.files.keys()].filter((p) => p.startsWith(dir) && p.endsWith('.log')).sort().at(-1)!;
}

async function storedGeneration() {
  const run = await runOverFiles(5000);
  // The tab goes away: what was flushed is in the files, the rest is gone.
  run.group.close();
  return run.port;
}

async function entries(port: FakeFilePort): Promise<StoredFileEntry[]> {
  return Promise.all([...port.files.keys()].map(async (path) => ({ path, handle: await port.open(path) })));
}

describe('recovery of a stored generation', () => {
  it('truncates a torn batch and a batch with a flipped CRC byte, keeps the batches before, and rebuilds indexes at batch starts', async () => {
    const port = await storedGeneration();
    // A torn tail: the last batch of broker-0's t-0 loses its last 7 bytes (the tab closed mid-write).
    const torn = lastLog(port, 'broker-0/t-0/');
    const tornBefore = batchesOf(port.files.get(torn)!);
    const tornLast = tornBefore.at(-1)!;
    port.files.set(torn, port.files.get(torn)!.slice(0, port.files.get(torn)!.length - 7));
    // A flipped CRC byte in the middle of broker-1's t-1: checking stops at that batch.
    const flipped = lastLog(port, 'broker-1/t-1/');
    const flippedBefore = batchesOf(port.files.get(flipped)!);
    expect(flippedBefore.length).toBeGreaterThan(4);
    const victim = flippedBefore[Math.floor(flippedBefore.length / 2)]!;
    const flippedBytes = port.files.get(flipped)!.slice();
    flippedBytes[victim.position + CRC_OFFSET + 2]! ^= 0xff;
    port.files.set(flipped, flippedBytes);
    const untouchedSizes = new Map([...port.files].map(([p, b]) => [p, b.length]));

    const report = recoverGeneration('g1', await entries(port), port);
    const byDir = new Map(report.partitions.map((p) => [`${p.broker}/${p.dir}`, p]));
    expect(report.partitions.length).toBe(6);

    const tornReport = byDir.get('broker-0/t-0')!;
    expect(tornReport.bytesTruncated).toBe(tornLast.sizeBytes - 7);
    expect(tornReport.truncatedAtOffset).toBe(tornLast.baseOffset);
    expect(tornReport.logEndOffset).toBe(tornLast.baseOffset);
    expect(port.files.get(torn)!.length).toBe(tornLast.position);
    const tornAfter = batchesOf(port.files.get(torn)!);
    expect(tornAfter.map((b) => b.baseOffset)).toEqual(tornBefore.slice(0, -1).map((b) => b.baseOffset));

    const flippedReport = byDir.get('broker-1/t-1')!;
    expect(flippedReport.truncatedAtOffset).toBe(victim.baseOffset);
    expect(flippedReport.bytesTruncated).toBe(untouchedSizes.get(flipped)! - victim.position);
    expect(port.files.get(flipped)!.length).toBe(victim.position);
    // The records left are exactly those of the batches before the bad one.
    const left = batchesOf(port.files.get(flipped)!).flatMap((b) => b.records.map((r) => r.offset));
    expect(left).toEqual(flippedBefore.filter((b) => b.position < victim.position).flatMap((b) => b.records.map((r) => r.offset)));

    // The other partitions lose nothing.
    for (const p of report.partitions) {
      if (p === tornReport || p === flippedReport) continue;
      expect(p.bytesTruncated).toBe(0);
      expect(p.truncatedAtOffset).toBeNull();
    }
    const summary = summarizeRecovery(report);
    expect(summary).toMatchObject({ partitions: 6, truncatedPartitions: 2, bytesTruncated: tornLast.sizeBytes - 7 + untouchedSizes.get(flipped)! - victim.position });
    expect(summary.indexEntriesRebuilt).toBeGreaterThan(0);
  });

  it('a bad batch in an older segment: the segments after it are deleted, as Kafka\'s LogLoader does', async () => {
    const port = await storedGeneration();
    const dir = 'broker-1/t-0/';
    const logs = [...port.files.keys()].filter((p) => p.startsWith(dir) && p.endsWith('.log')).sort();
    expect(logs.length).toBeGreaterThan(2);
    const first = logs[0]!;
    const batches = batchesOf(port.files.get(first)!);
    const victim = batches[Math.floor(batches.length / 2)]!;
    const bytes = port.files.get(first)!.slice();
    bytes[victim.position + CRC_OFFSET]! ^= 0x5a;
    port.files.set(first, bytes);
    const laterBytes = logs.slice(1).reduce((sum, p) => sum + port.files.get(p)!.length, 0);

    const report = recoverGeneration('g1', await entries(port), port);
    const p = report.partitions.find((x) => `${x.broker}/${x.dir}/` === dir)!;
    expect(p.truncatedAtOffset).toBe(victim.baseOffset);
    expect(p.logEndOffset).toBe(victim.baseOffset);
    expect(p.segments).toBe(1);
    expect(p.segmentsDeleted).toBe(logs.length - 1);
    expect(p.bytesTruncated).toBe(bytes.length - victim.position + laterBytes);
    // The later segments' .log files are gone from the directory (indexes are rebuilt, never read).
    expect([...port.files.keys()].filter((path) => path.startsWith(dir) && path.endsWith('.log'))).toEqual([first]);
  });

  it('rebuilds .index entries that each point at the start of a batch covering their offset', async () => {
    const port = await storedGeneration();
    const torn = lastLog(port, 'broker-2/t-0/');
    port.files.set(torn, port.files.get(torn)!.slice(0, port.files.get(torn)!.length - 3));
    const group = new FileStorageGroup(port);
    const storage = group.storage('broker-2');
    for (const { path, handle } of await entries(port)) if (path.startsWith('broker-2/t-0/')) storage.adopt(path.slice('broker-2/'.length), handle);
    const result = recoverPartition('broker-2', storage, 't-0', { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 300 });
    expect(result.bytesTruncated).toBeGreaterThan(0);
    let entriesChecked = 0;
    for (const name of storage.list('t-0').filter((n) => n.endsWith('.index'))) {
      const base = Number(name.slice(0, 20));
      const index = storage.read(`t-0/${name}`, 0, storage.size(`t-0/${name}`));
      const log = `t-0/${filenamePrefixFromOffset(base)}.log`;
      const batches = batchesOf(storage.read(log, 0, storage.size(log)));
      const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
      for (let at = 0; at < index.length; at += 8) {
        const offset = base + view.getInt32(at);
        const position = view.getInt32(at + 4);
        const batch = batches.find((b) => b.position === position);
        expect(batch, `entry ${offset} → ${position}`).toBeDefined();
        expect(batch!.baseOffset).toBeLessThanOrEqual(offset);
        expect(batch!.lastOffset).toBeGreaterThanOrEqual(offset);
        entriesChecked++;
      }
    }
    expect(entriesChecked).toBeGreaterThan(5);
    group.close();
  });
});
