import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LogError, MemoryStorage, type LogStorage } from '../../../sim/log/index.ts';
import { FileStorageGroup, type FileStorageOptions } from '../../../sim/log/file-storage.ts';
import { FakeFilePort, type FakePortOptions } from './fake-file-port.ts';

const PATHS = ['t-0/a.log', 't-0/b.log', 't-0/a.index', 't-1/c.log'];

type Op =
  | { kind: 'create'; path: number }
  | { kind: 'append'; path: number; length: number; fill: number }
  | { kind: 'write'; path: number; at: number; length: number; fill: number }
  | { kind: 'read'; path: number; at: number; length: number }
  | { kind: 'truncate'; path: number; at: number }
  | { kind: 'delete'; path: number }
  | { kind: 'flush'; tails: 'all' | 'large' | { smallWrites: number } };

const path = fc.integer({ min: 0, max: PATHS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), path }),
  { arbitrary: fc.record({ kind: fc.constant('append' as const), path, length: fc.integer({ min: 0, max: 90 }), fill: fc.integer({ min: 0, max: 255 }) }), weight: 4 },
  fc.record({ kind: fc.constant('write' as const), path, at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), fill: fc.integer({ min: 0, max: 255 }) }),
  { arbitrary: fc.record({ kind: fc.constant('read' as const), path, at: fc.nat(), length: fc.nat({ max: 120 }) }), weight: 3 },
  fc.record({ kind: fc.constant('truncate' as const), path, at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), path }),
  // The worker's ways: every tail when paused; between frames the large ones and a share of the rest.
  {
    arbitrary: fc.record({
      kind: fc.constant('flush' as const),
      tails: fc.oneof(fc.constant('all' as const), fc.constant('large' as const), fc.record({ smallWrites: fc.integer({ min: 0, max: 2 }) })),
    }),
    weight: 2,
  },
);

/** Runs an op on a storage; the result is a comparable value (errors by code). */
function run(s: LogStorage, op: Exclude<Op, { kind: 'flush' }>): unknown {
  const p = PATHS[op.path]!;
  try {
    switch (op.kind) {
      case 'create':
        s.create(p);
        return 'ok';
      case 'append':
        return s.append(p, new Uint8Array(op.length).map((_, i) => (op.fill + i) & 0xff));
      case 'write': {
        const size = s.size(p);
        if (size === 0) return 'empty';
        const at = op.at % size;
        const length = Math.min(op.length, size - at);
        s.write(p, at, new Uint8Array(length).fill(op.fill));
        return 'ok';
      }
      case 'read': {
        const size = s.size(p);
        const at = size === 0 ? 0 : op.at % (size + 1);
        const length = Math.min(op.length, size - at);
        return s.read(p, at, length);
      }
      case 'truncate': {
        const size = s.size(p);
        s.truncate(p, op.at % (size + 2));
        return s.size(p);
      }
      case 'delete':
        s.delete(p);
        return 'ok';
    }
  } catch (error) {
    if (error instanceof LogError) return `error ${error.code}`;
    throw error;
  }
}

async function compare(ops: Op[], options: FileStorageOptions, portOptions: FakePortOptions): Promise<void> {
  const memory = new MemoryStorage();
  const port = new FakeFilePort(portOptions);
  const group = new FileStorageGroup(port, options);
  const files = group.storage('broker-0');
  // Every buffer handed out, with the bytes it had: later operations must never change them.
  const handedOut: { view: Uint8Array; copy: number[] }[] = [];
  for (const p of PATHS) {
    memory.create(p);
    files.create(p);
  }
  for (const op of ops) {
    if (op.kind === 'flush') {
      await group.flush({ tails: op.tails });
      continue;
    }
    const expected = run(memory, op);
    const actual = run(files, op);
    if (expected instanceof Uint8Array) {
      expect(actual).toBeInstanceOf(Uint8Array);
      expect([...(actual as Uint8Array)]).toEqual([...expected]);
      handedOut.push({ view: actual as Uint8Array, copy: [...expected] });
    } else {
      expect(actual).toEqual(expected);
    }
    for (const dir of ['t-0', 't-1']) expect(files.list(dir)).toEqual(memory.list(dir));
  }
  for (const { view, copy } of handedOut) expect([...view]).toEqual(copy);
  for (const p of PATHS) {
    expect(files.exists(p)).toBe(memory.exists(p));
    if (memory.exists(p)) expect([...files.read(p, 0, files.size(p))]).toEqual([...memory.read(p, 0, memory.size(p))]);
  }
  // What the files say is what the storage says, for every byte it reports as written.
  expect(group.health().openHandles).toBe(port.openHandles);
}

const small: FileStorageOptions = { blockBytes: 16, cacheBytes: 48, syncWriteBytes: 24 };

describe('FileStorage', () => {
  it('gives the same results as MemoryStorage for random operations (synchronous handles)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { maxLength: 80, size: 'max' }), (ops) => compare(ops, small, {})), { numRuns: 150 });
  });

  it('gives the same results when handles open only asynchronously, as OPFS', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { maxLength: 80, size: 'max' }), (ops) => compare(ops, small, { asyncOnly: true })), { numRuns: 150 });
  });

  it('gives the same results when the quota runs out midway, and with a tiny handle budget', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 80, size: 'max' }), fc.integer({ min: 0, max: 400 }), fc.boolean(), (ops, quotaBytes, asyncOnly) =>
        compare(ops, { ...small, maxOpenHandles: 1 }, { quotaBytes, asyncOnly }),
      ),
      { numRuns: 150 },
    );
  });

  it('writes appends to the file once the handle is open and keeps memory bounded by the cache', async () => {
    const port = new FakeFilePort({ asyncOnly: true });
    const group = new FileStorageGroup(port, { cacheBytes: 64 * 1024, syncWriteBytes: 4096 });
    const s = group.storage('broker-3');
    s.create('orders-0/00000000000000000000.log');
    s.create('orders-0/00000000000000000000.index');
    const chunk = new Uint8Array(1000).fill(7);
    s.append('orders-0/00000000000000000000.log', chunk);
    // No handle yet: the bytes wait in memory.
    expect(port.files.size).toBe(0);
    expect(group.health().memoryBytes).toBe(1000);
    await group.flush();
    expect(port.files.get('broker-3/orders-0/00000000000000000000.log')?.length).toBe(1000);
    expect(port.files.has('broker-3/orders-0/00000000000000000000.index')).toBe(false);
    for (let i = 0; i < 5000; i++) s.append('orders-0/00000000000000000000.log', chunk);
    // Handle open: written synchronously past the threshold, so at most a threshold's worth waits.
    expect(port.files.get('broker-3/orders-0/00000000000000000000.log')!.length).toBeGreaterThan(5_000_000 - 4096);
    for (let at = 0; at < 5_000_000; at += 10_000) s.read('orders-0/00000000000000000000.log', at, 1000);
    const health = group.health();
    expect(health.fileBytes).toBeGreaterThan(4_990_000);
    expect(health.memoryBytes).toBeLessThanOrEqual(64 * 1024 + 4096);
    expect(health.mode).toBe('files');
  });

  it('between frames writes the large tails and a ration of the small ones, in turn', async () => {
    const port = new FakeFilePort({ asyncOnly: true });
    const group = new FileStorageGroup(port, { syncWriteBytes: 500 });
    const s = group.storage('broker-0');
    const names = ['a', 'b', 'c', 'd'].map((n) => `t-0/${n}.log`);
    for (const name of names) s.create(name);
    s.append(names[3]!, new Uint8Array(600));
    for (const name of names.slice(0, 3)) s.append(name, new Uint8Array(10));
    const written = (): number[] => names.map((name) => port.files.get(`broker-0/${name}`)?.length ?? 0);
    // The first flush opens every handle; the large tail goes, and one small one.
    await group.flush({ tails: { smallWrites: 1 } });
    expect(written()).toEqual([10, 0, 0, 600]);
    expect(group.hasPendingTails()).toBe(true);
    await group.flush({ tails: { smallWrites: 1 } });
    expect(written()).toEqual([10, 10, 0, 600]);
    s.append(names[0]!, new Uint8Array(5));
    // The turn goes on from where it stopped, so no file waits for ever behind a busy one.
    await group.flush({ tails: { smallWrites: 1 } });
    expect(written()).toEqual([10, 10, 10, 600]);
    await group.flush({ tails: { smallWrites: 1 } });
    expect(written()).toEqual([15, 10, 10, 600]);
    expect(group.hasPendingTails()).toBe(false);
    s.append(names[1]!, new Uint8Array(7));
    await group.flush({ tails: 'large' });
    expect(written()).toEqual([15, 10, 10, 600]);
    await group.flush();
    expect(written()).toEqual([15, 17, 10, 600]);
  });

  it('falls back to memory on a quota error, keeps what was written and reports why', async () => {
    const port = new FakeFilePort({ quotaBytes: 2500 });
    const group = new FileStorageGroup(port, { syncWriteBytes: 1 });
    const s = group.storage('broker-0');
    s.create('t-0/a.log');
    for (let i = 0; i < 5; i++) s.append('t-0/a.log', new Uint8Array(1000).fill(i + 1));
    const health = group.health();
    expect(health.mode).toBe('memory');
    expect(health.reason).toMatch(/^QuotaExceededError/);
    expect(port.files.get('broker-0/t-0/a.log')!.length).toBe(2000);
    const all = s.read('t-0/a.log', 0, 5000);
    for (let i = 0; i < 5; i++) expect(all[i * 1000]).toBe(i + 1);
    await group.flush();
    expect(port.files.get('broker-0/t-0/a.log')!.length).toBe(2000);
  });
});

describe('FileStorageGroup.close', () => {
  it('closes the handles a flush was still opening, so the directory can be deleted', async () => {
    const port = new FakeFilePort({ asyncOnly: true });
    const group = new FileStorageGroup(port);
    const s = group.storage('broker-0');
    for (const name of ['a', 'b', 'c']) {
      s.create(`t-0/${name}.log`);
      s.append(`t-0/${name}.log`, new Uint8Array(10));
    }
    const flushing = group.flush();
    group.close();
    await flushing;
    expect(port.openHandles).toBe(0);
  });
});
