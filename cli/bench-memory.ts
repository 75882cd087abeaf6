// The "memory-1m-records" figure: one million records pushed through the engine into one
// partition, its log in files (FileStorage over node:fs in a temporary directory, as OPFS in the
// browser) against its log in memory (MemoryStorage). Each variant runs in its own Node process
// with --expose-gc, so that one's garbage does not count against the other.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../sim/index.ts';
import { createSimulation, type SimulationOptions } from '../sim/simulation.ts';
import { FileStorageGroup } from '../sim/log/file-storage.ts';
import { NodeFilePort } from './bench-file-port.ts';
import type { Figure } from './bench-figure.ts';

/** KAFKA_LAB_BENCH_RECORDS overrides it, to see what else grows with the log (e.g. 250000 against the default). */
const RECORDS = Number(process.env.KAFKA_LAB_BENCH_RECORDS ?? 1_000_000);
const VALUE_BYTES = 100;
const MB = 1024 * 1024;

type Variant = 'files' | 'memory';

interface Measured {
  variant: Variant;
  records: number;
  logBytes: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  rssMB: number;
  storageMemoryMB: number;
  wallSeconds: number;
}

function runVariant(variant: Variant): Measured {
  const parsed = parseScenario({
    seed: 1,
    cluster: { brokers: 1, network: { latencyMs: 0.1, jitterMs: 0 } },
    topics: [{ name: 'bench', partitions: 1 }],
    producers: [{ id: 'p', topic: 'bench', config: { acks: 1, 'linger.ms': 5, 'batch.size': 16384 }, workload: { ratePerSec: 500_000, valueSizeBytes: VALUE_BYTES, keys: { kind: 'none' } } }],
    consumers: [{ id: 'c', topic: 'bench', config: { 'auto.offset.reset': 'earliest' }, processing: { perRecordMs: 0, perPollMs: 0 } }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-bench-'));
  const group = variant === 'files' ? new FileStorageGroup(new NodeFilePort(dir)) : null;
  const options: SimulationOptions = group ? { brokerStorage: group.brokerStorage() } : {};
  const started = process.hrtime.bigint();
  try {
    const sim = createSimulation(parsed.scenario, options);
    let records = 0;
    let logBytes = 0;
    while (records < RECORDS) {
      sim.runUntil(sim.nowMs() + 100);
      const partition = sim.snapshot().topics[0]!.partitions[0]!;
      records = partition.logEndOffset;
      logBytes = partition.replicaStates[0]!.sizeBytes;
    }
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run with --expose-gc');
    gc();
    gc();
    const usage = process.memoryUsage();
    // The simulation must stay alive until measured.
    if (sim.nowMs() < 0) throw new Error('unreachable');
    return {
      variant,
      records,
      logBytes,
      heapUsedMB: usage.heapUsed / MB,
      arrayBuffersMB: usage.arrayBuffers / MB,
      rssMB: usage.rss / MB,
      storageMemoryMB: group ? group.memoryBytes() / MB : logBytes / MB,
      wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    group?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function inChild(variant: Variant): Measured {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child', variant], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory bench (${variant}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measured;
}

const round = (x: number) => Number(x.toFixed(1));

export function memoryOneMillionRecords(): Figure {
  const files = inChild('files');
  const memory = inChild('memory');
  const total = (m: Measured) => m.heapUsedMB + m.arrayBuffersMB;
  return {
    bench: 'memory-1m-records',
    value: round(total(files)),
    unit: 'MB (heap + array buffers after GC, log in files)',
    records: files.records,
    logMB: round(files.logBytes / MB),
    files: { heapUsedMB: round(files.heapUsedMB), arrayBuffersMB: round(files.arrayBuffersMB), rssMB: round(files.rssMB), storageMemoryMB: round(files.storageMemoryMB), wallSeconds: round(files.wallSeconds) },
    memory: { heapUsedMB: round(memory.heapUsedMB), arrayBuffersMB: round(memory.arrayBuffersMB), rssMB: round(memory.rssMB), storageMemoryMB: round(memory.storageMemoryMB), wallSeconds: round(memory.wallSeconds) },
    memoryStorageMB: round(total(memory)),
  };
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const variant = process.argv[childAt + 1] as Variant;
  process.stdout.write(`${JSON.stringify(runVariant(variant))}\n`);
}
