// npm run bench [-- --only <name>]: every figure is one line of JSON on stdout,
// {"bench": name, "value": number, "unit": unit, ...details}, so that runs can be compared by machine.
// The engine benches run in Node; "engine-speed" plays the two bench scenes (scenarios/cena-*.json);
// "browser" builds the app, plays those scenes in headless Chromium at 1× and records frame times
// (frame-p95-standard, frame-p95-large) and the initial JavaScript size (bundle-initial-js-gzip).
import { createSimulation, encodeRecordBatch, parseScenario } from '../sim/index.ts';
import { verifyBatchCrc } from '../sim/log/index.ts';
import { bundleFigures } from './bench-bundle.ts';
import { engineSpeed } from './bench-engine.ts';
import { memoryOneMillionRecords } from './bench-memory.ts';
import { printFigure as print, type Figure } from './bench-figure.ts';
import { ROOT, buildAndServe, measureScene } from './bench-frames.ts';

const VALUE_BYTES = 100;
/** Wall seconds each scene plays at 1× in Chromium (after a one-second warm-up). */
const BROWSER_SECONDS = 10;

/** produce → append → fetch through the whole engine: one broker, one partition, linger/batch.size batching. */
function produceOneBroker(): Figure {
  const virtualMs = 3000;
  const parsed = parseScenario({
    seed: 1,
    cluster: { brokers: 1, network: { latencyMs: 0.1, jitterMs: 0 } },
    topics: [{ name: 'bench', partitions: 1 }],
    producers: [
      {
        id: 'p',
        topic: 'bench',
        config: { acks: 1, 'linger.ms': 5, 'batch.size': 16384, 'max.in.flight.requests.per.connection': 5 },
        workload: { ratePerSec: 2_000_000, valueSizeBytes: VALUE_BYTES, keys: { kind: 'none' } },
      },
    ],
    consumers: [{ id: 'c', topic: 'bench', config: { 'auto.offset.reset': 'earliest' }, processing: { perRecordMs: 0, perPollMs: 0 } }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const simulation = createSimulation(parsed.scenario);
  simulation.runUntil(100); // warm-up: metadata and positions
  const before = simulation.snapshot();
  const consumedBefore = before.consumers[0]!.consumed;
  const start = process.hrtime.bigint();
  simulation.runUntil(100 + virtualMs);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = simulation.snapshot();
  const consumed = after.consumers[0]!.consumed - consumedBefore;
  return {
    bench: 'produce-1broker',
    value: Math.round(consumed / seconds),
    unit: 'records/s',
    recordsConsumed: consumed,
    recordsAcked: after.producers[0]!.acked,
    wallSeconds: Number(seconds.toFixed(3)),
    virtualSeconds: virtualMs / 1000,
    valueBytes: VALUE_BYTES,
    traceEvents: after.traceLength,
  };
}

/** Three brokers, RF=3, acks=all, min.insync.replicas=2: records acknowledged per wall-clock second. */
function produceRf3AcksAll(): Figure {
  const virtualMs = 2000;
  const parsed = parseScenario({
    seed: 1,
    cluster: { brokers: 3, network: { latencyMs: 0.1, jitterMs: 0 } },
    topics: [{ name: 'bench', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
    producers: [
      {
        id: 'p',
        topic: 'bench',
        config: { acks: 'all', 'linger.ms': 5, 'batch.size': 16384 },
        workload: { ratePerSec: 2_000_000, valueSizeBytes: VALUE_BYTES, keys: { kind: 'none' } },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const simulation = createSimulation(parsed.scenario);
  simulation.runUntil(500); // warm-up: metadata, producer id, followers fetching
  const ackedBefore = simulation.snapshot().producers[0]!.acked;
  const start = process.hrtime.bigint();
  simulation.runUntil(500 + virtualMs);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = simulation.snapshot();
  const acked = after.producers[0]!.acked - ackedBefore;
  return {
    bench: 'produce-rf3-acksall',
    value: Math.round(acked / seconds),
    unit: 'records/s',
    recordsAcked: acked,
    wallSeconds: Number(seconds.toFixed(3)),
    virtualSeconds: virtualMs / 1000,
    valueBytes: VALUE_BYTES,
    failed: after.producers[0]!.failedTotal,
  };
}

/** The machine's ceiling for the bytes involved: encode a batch, CRC-check it, copy it into a log. */
function ceilingEncodeCrcCopy(): Figure {
  const recordsPerBatch = 150; // ~16 KiB batches of 100-byte values, as batch.size gives
  const value = new Uint8Array(VALUE_BYTES).fill(46);
  const records = Array.from({ length: recordsPerBatch }, (_, i) => ({ timestamp: 1_700_000_000_000 + i, key: null, value, headers: [] }));
  const log = new Uint8Array(64 * 1024 * 1024);
  let position = 0;
  let total = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < 2) {
    for (let i = 0; i < 100; i++) {
      const batch = encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: 0, producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, records });
      if (!verifyBatchCrc(batch, 0)) throw new Error('CRC mismatch in the ceiling benchmark');
      if (position + batch.length > log.length) position = 0;
      log.set(batch, position);
      position += batch.length;
      total += recordsPerBatch;
    }
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { bench: 'ceiling-encode-crc-copy', value: Math.round(total / seconds), unit: 'records/s', recordsPerBatch, valueBytes: VALUE_BYTES };
}

/** Virtual seconds per wall second on the bench scenes, bare and paced in frames as the worker does. */
function engineSpeeds(): Figure[] {
  return [
    engineSpeed('standard', 'bare', 5000, 20_000),
    engineSpeed('standard', 'frames', 5000, 20_000),
    engineSpeed('large', 'bare', 5000, 10_000),
    engineSpeed('large', 'frames', 5000, 10_000),
  ];
}

async function browser(): Promise<Figure[]> {
  const server = await buildAndServe();
  try {
    const figures = bundleFigures(`${ROOT}/dist`);
    figures.forEach(print);
    for (const scene of ['standard', 'large'] as const) {
      const measured = await measureScene(server.baseUrl, scene, BROWSER_SECONDS);
      measured.forEach(print);
      figures.push(...measured);
    }
    return figures;
  } finally {
    await server.close();
  }
}

const benches: Record<string, () => Figure | Figure[] | Promise<Figure[]>> = {
  'produce-1broker': produceOneBroker,
  'ceiling-encode-crc-copy': ceilingEncodeCrcCopy,
  'produce-rf3-acksall': produceRf3AcksAll,
  'engine-speed': engineSpeeds,
  'memory-1m-records': memoryOneMillionRecords,
  browser,
  'restore-100k-events': () => import('./bench-restore.ts').then((m) => m.restoreFigures()),
};
/** Benches that print their own figures as they go. */
const SELF_PRINTING = new Set(['browser']);

async function main(argv: string[]): Promise<void> {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
  if (only !== undefined && !(only in benches)) {
    process.stderr.write(`unknown bench "${only}"; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  const results = new Map<string, Figure>();
  for (const [name, run] of Object.entries(benches)) {
    if (only !== undefined && name !== only) continue;
    const produced = await run();
    for (const figure of Array.isArray(produced) ? produced : [produced]) {
      results.set(figure.bench, figure);
      if (!SELF_PRINTING.has(name)) print(figure);
    }
  }
  const produce = results.get('produce-1broker');
  const ceiling = results.get('ceiling-encode-crc-copy');
  if (produce && ceiling) {
    print({ bench: 'produce-1broker-vs-ceiling', value: Number((produce.value / ceiling.value).toFixed(3)), unit: 'ratio' });
  }
  const replicated = results.get('produce-rf3-acksall');
  if (produce && replicated) {
    print({ bench: 'produce-rf3-acksall-vs-1broker', value: Number((replicated.value / produce.value).toFixed(3)), unit: 'ratio' });
  }
}

await main(process.argv.slice(2));
