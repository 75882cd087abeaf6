// npm run bench [-- --only <name>]: every figure is one line of JSON on stdout,
// {"bench": name, "value": number, "unit": unit, ...details}, so that runs can be compared by machine.
import { createSimulation, encodeRecordBatch, parseScenario } from '../sim/index.ts';
import { verifyBatchCrc } from '../sim/log/index.ts';

const VALUE_BYTES = 100;

interface Figure {
  bench: string;
  value: number;
  unit: string;
  [detail: string]: unknown;
}

function print(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

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

const benches: Record<string, () => Figure> = {
  'produce-1broker': produceOneBroker,
  'ceiling-encode-crc-copy': ceilingEncodeCrcCopy,
  'produce-rf3-acksall': produceRf3AcksAll,
};

function main(argv: string[]): void {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
  if (only !== undefined && !(only in benches)) {
    process.stderr.write(`unknown bench "${only}"; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  const results = new Map<string, Figure>();
  for (const [name, run] of Object.entries(benches)) {
    if (only !== undefined && name !== only) continue;
    const figure = run();
    results.set(name, figure);
    print(figure);
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

main(process.argv.slice(2));
