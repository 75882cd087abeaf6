// The producer inside whole simulations, judged from the trace and the snapshots: batching by
// linger.ms and batch.size, acks=0, the key and sticky partitioners, max.in.flight, retries with
// exponential backoff, delivery.timeout.ms, and the metrics' bookkeeping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { partitionForKey, type ScenarioInput } from '../../../sim/index.ts';
import { eventsOf, only, runCollecting, runLengths, simulate } from './harness.ts';

/** One broker, no jitter: every hop takes exactly `latencyMs`, so timings can be checked exactly. */
function singleBroker(partitions: number, producer: NonNullable<ScenarioInput['producers']>[number], latencyMs = 1): ScenarioInput {
  return {
    seed: 7,
    cluster: { brokers: 1, network: { latencyMs, jitterMs: 0 } },
    topics: [{ name: 't', partitions }],
    producers: [producer],
  };
}

describe('linger.ms', () => {
  it('gathers the records sent within linger.ms into one batch, acked about linger.ms after the first', () => {
    // One record every 10 ms from t = 10: a batch opened at t waits until t + 50 and takes 5 records.
    const sim = simulate(singleBroker(1, { id: 'p', topic: 't', config: { acks: 1, 'linger.ms': 50 }, workload: { ratePerSec: 100, count: 50 } }));
    sim.runUntil(2_000);
    const appended = eventsOf(sim, 'record-batch-appended');
    expect(appended.map((e) => e.records)).toEqual(Array(10).fill(5));
    const acked = eventsOf(sim, 'produce-acked');
    expect(acked).toHaveLength(10);
    // linger.ms, then one hop there and one back (1 ms each), nothing else.
    for (const e of acked) expect(e.latencyMs).toBe(52);
    expect(sim.snapshot().producers[0]).toMatchObject({ sent: 50, acked: 50, pending: 0, latencyMsMax: 52 });
  });

  it('with linger.ms=0 sends every record on its own as soon as it is sent', () => {
    const sim = simulate(singleBroker(1, { id: 'p', topic: 't', config: { acks: 1, 'linger.ms': 0 }, workload: { ratePerSec: 100, count: 50 } }));
    sim.runUntil(2_000);
    expect(eventsOf(sim, 'record-batch-appended').map((e) => e.records)).toEqual(Array(50).fill(1));
    for (const e of eventsOf(sim, 'produce-acked')) expect(e.latencyMs).toBe(2);
  });
});

describe('batch.size', () => {
  it('sends a batch as soon as it is full, long before linger.ms', () => {
    // A keyless 100-byte value is estimated at 136 bytes: 61 + 4 × 136 = 605 fills a batch.
    const sim = simulate(
      singleBroker(1, {
        id: 'p',
        topic: 't',
        config: { acks: 1, 'linger.ms': 1_000, 'batch.size': 605 },
        workload: { ratePerSec: 100, count: 40, valueSizeBytes: 100 },
      }),
    );
    sim.runUntil(1_000);
    expect(eventsOf(sim, 'record-batch-appended').map((e) => e.records)).toEqual(Array(10).fill(4));
    // Opened by the first record, sent with the fourth 30 ms later, acked one round trip after.
    for (const e of eventsOf(sim, 'produce-acked')) expect(e.latencyMs).toBe(32);
  });
});

describe('acks=0', () => {
  it('counts records as acked when they are sent, with offset -1, without waiting for the broker', () => {
    // 50 ms each way: an answer would take 100 ms.
    const sim = simulate(singleBroker(2, { id: 'p', topic: 't', config: { acks: 0, 'linger.ms': 0 }, workload: { ratePerSec: 50, count: 20 } }, 50));
    sim.runUntil(300);
    const early = sim.snapshot().producers[0]!;
    expect(early.acked).toBe(early.sent);
    expect(eventsOf(sim, 'record-batch-appended').length).toBeLessThan(early.sent);
    sim.runUntil(2_000);
    const acked = eventsOf(sim, 'produce-acked');
    expect(acked.map((e) => e.baseOffset)).toEqual(Array(20).fill(-1));
    for (const e of acked) expect(e.latencyMs).toBe(0);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 20, acked: 20, failedTotal: 0, pending: 0, inFlightRequests: 0, status: 'done' });
    // The broker got them all, all the same.
    expect(snap.topics[0]!.partitions.reduce((sum, p) => sum + p.logEndOffset, 0)).toBe(20);
  });

  it('does not stall a partition when max.in.flight.requests.per.connection=1', () => {
    const sim = simulate(
      singleBroker(1, { id: 'p', topic: 't', config: { acks: 0, 'linger.ms': 0, 'max.in.flight.requests.per.connection': 1 }, workload: { ratePerSec: 50, count: 20 } }),
    );
    sim.runUntil(2_000);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 20, acked: 20, pending: 0 });
    expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(20);
  });
});

describe('partitioning', () => {
  it('sends every keyed record to partitionForKey(key, partitions)', () => {
    const sim = simulate({
      seed: 3,
      cluster: { brokers: 3 },
      topics: [{ name: 'k', partitions: 6 }],
      producers: [{ id: 'p', topic: 'k', config: { acks: 1 }, workload: { ratePerSec: 500, count: 370, keys: { kind: 'sequence', prefix: 'cliente-', cardinality: 37 } } }],
    });
    sim.runUntil(3_000);
    const expected = Array<number>(6).fill(0);
    for (let n = 0; n < 370; n++) expected[partitionForKey(`cliente-${n % 37}`, 6)]! += 1;
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 370, acked: 370 });
    expect(snap.topics[0]!.partitions.map((p) => p.logEndOffset)).toEqual(expected);
    expect(expected.filter((count) => count > 0).length).toBeGreaterThan(3);
  });

  it('routes records sent by hand by their key, the same key always to the same partition', () => {
    const sim = simulate({ seed: 3, cluster: { brokers: 2 }, topics: [{ name: 'k', partitions: 5 }], producers: [{ id: 'p', topic: 'k' }] });
    sim.runUntil(500);
    const keys = ['a', 'b', 'pedido-1', 'pedido-2', 'ção', '', 'a', 'pedido-1'];
    for (const key of keys) expect(sim.apply({ type: 'produce', producer: 'p', key, value: 'v' })).toEqual({ ok: true });
    sim.runUntil(1_500);
    const sent = eventsOf(sim, 'record-sent');
    expect(sent.map((e) => e.key)).toEqual(keys);
    for (const e of sent) expect(e.partition).toBe(partitionForKey(e.key!, 5));
  });

  /** `count` keyless 100-byte records sent by hand at once; the partition each one went to. */
  function keylessPartitions(batchSize: number, count: number, seed: number): number[] {
    const sim = simulate({
      seed,
      cluster: { brokers: 2 },
      topics: [{ name: 's', partitions: 4 }],
      producers: [{ id: 'p', topic: 's', config: { acks: 1, 'batch.size': batchSize } }],
    });
    sim.runUntil(500);
    for (let i = 0; i < count; i++) sim.apply({ type: 'produce', producer: 'p', key: null, value: 'v'.repeat(100) });
    sim.runUntil(3_000);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: count, acked: count });
    const partitions = eventsOf(sim, 'record-sent').map((e) => e.partition);
    // What went to each partition is what its log holds.
    expect(snap.topics[0]!.partitions.map((p) => p.logEndOffset)).toEqual([0, 1, 2, 3].map((p) => partitions.filter((q) => q === p).length));
    return partitions;
  }

  it('keeps keyless records on one partition until a full batch and batch.size bytes went to it', () => {
    // Records are estimated at 136 bytes; batch.size 741 = 61 + 5 × 136 makes every 5th record
    // fill a batch. After 6 records the 741 bytes are reached, but the last batch holds one
    // record; after 10 it is full: switch. (2 × 741 would take 11.)
    for (const seed of [1, 2, 3]) {
      const runs = runLengths(keylessPartitions(741, 300, seed));
      for (const run of runs.slice(0, -1)) expect(run % 10, `seed ${seed}, runs ${runs}`).toBe(0);
      // A switch may draw the same partition again (1 in 4), merging two runs; most do not.
      expect(runs.filter((r) => r === 10).length, `seed ${seed}`).toBeGreaterThan(runs.length / 2);
    }
  });

  it('moves keyless records on after 2 × batch.size bytes when batches never fill up', () => {
    // batch.size 2000: 61 + 14 × 136 = 1965 never reaches it, so only 2 × 2000 bytes (30 records) switch.
    for (const seed of [1, 2, 3]) {
      const partitions = keylessPartitions(2_000, 600, seed);
      const runs = runLengths(partitions);
      for (const run of runs.slice(0, -1)) expect(run % 30, `seed ${seed}, runs ${runs}`).toBe(0);
      expect(new Set(partitions).size, `seed ${seed}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('spreads a keyless workload over the partitions in sticky runs of whole batches', () => {
    const sim = simulate({
      seed: 5,
      cluster: { brokers: 3 },
      topics: [{ name: 's', partitions: 3 }],
      producers: [{ id: 'p', topic: 's', config: { acks: 1, 'linger.ms': 20, 'batch.size': 1_000 }, workload: { ratePerSec: 400, count: 2_000, valueSizeBytes: 50 } }],
    });
    const events = runCollecting(sim, 8_000);
    const appended = only(events, 'record-batch-appended');
    expect(appended.reduce((sum, e) => sum + e.records, 0)).toBe(2_000);
    // A keyless 50-byte record is estimated at 86 bytes: a partition takes at least 1000 bytes
    // (12 records) before the partitioner moves on, so a run covers at least 12 records.
    const runs: number[] = [];
    appended.forEach((e, i) => {
      if (i > 0 && appended[i - 1]!.partition === e.partition) runs[runs.length - 1]! += e.records;
      else runs.push(e.records);
    });
    for (const run of runs.slice(1, -1)) expect(run).toBeGreaterThanOrEqual(12);
    expect(runs.length).toBeGreaterThan(20);
    const perPartition = sim.snapshot().topics[0]!.partitions.map((p) => p.logEndOffset);
    for (const count of perPartition) expect(count).toBeGreaterThan(2_000 / 3 / 2);
  });
});

describe('max.in.flight.requests.per.connection', () => {
  for (const limit of [1, 2, 5]) {
    it(`keeps at most ${limit} Produce request(s) in flight to a slow broker`, () => {
      // 100 ms each way and a record every 2 ms: far more batches than round trips.
      const sim = simulate(
        singleBroker(3, { id: 'p', topic: 't', config: { acks: 1, 'linger.ms': 0, 'max.in.flight.requests.per.connection': limit }, workload: { ratePerSec: 500, count: 1_500 } }, 100),
      );
      let most = 0;
      runCollecting(sim, 3_000, 5, () => {
        const snap = sim.snapshot();
        // A request is outstanding while it or its response is on the wire (the broker answers at once).
        const onWire = snap.inFlight.filter((m) => m.api === 'Produce' && (m.from === 'producer-p' || m.to === 'producer-p')).length;
        expect(onWire).toBeLessThanOrEqual(limit);
        expect(snap.producers[0]!.inFlightRequests).toBeLessThanOrEqual(limit);
        most = Math.max(most, onWire);
      });
      expect(most).toBe(limit);
      sim.runUntil(10_000);
      expect(sim.snapshot().producers[0]).toMatchObject({ sent: 1_500, acked: 1_500 });
    });
  }
});

describe('retries', () => {
  const retryBackoffMs = 250;
  const retryBackoffMaxMs = 4_000;
  const requestTimeoutMs = 1_000;

  function scenario(seed: number, maxInFlight: number, schedule: ScenarioInput['schedule']) {
    return simulate({
      seed,
      cluster: { brokers: 1, network: { latencyMs: 1, jitterMs: 0 } },
      topics: [{ name: 't', partitions: 1 }],
      producers: [
        {
          id: 'p',
          topic: 't',
          config: {
            acks: 1,
            'max.in.flight.requests.per.connection': maxInFlight,
            'request.timeout.ms': requestTimeoutMs,
            'retry.backoff.ms': retryBackoffMs,
            'retry.backoff.max.ms': retryBackoffMaxMs,
          },
          workload: { ratePerSec: 20, count: 500 },
        },
      ],
      schedule,
    });
  }

  /** From 2 s to 20 s every message to or from the broker takes 5 s, far more than request.timeout.ms. */
  function unanswered(seed: number, maxInFlight: number) {
    return scenario(seed, maxInFlight, [
      { atMs: 2_000, action: { type: 'slow-link', a: 'producer-p', b: 'broker-0', latencyMs: 5_000 } },
      { atMs: 20_000, action: { type: 'slow-link', a: 'producer-p', b: 'broker-0', latencyMs: 1 } },
    ]);
  }

  function crashAndRestart(seed: number, maxInFlight: number) {
    return scenario(seed, maxInFlight, [
      { atMs: 2_000, action: { type: 'crash-broker', broker: 0 } },
      { atMs: 20_000, action: { type: 'restart-broker', broker: 0 } },
    ]);
  }

  it('retries with exponentially growing backoff while the broker does not answer in time, and delivers once it does', () => {
    for (const seed of [1, 2, 3]) {
      // One request at a time: the retries are those of the batch at the head of the partition.
      const sim = unanswered(seed, 1);
      const events = runCollecting(sim, 40_000, 500);
      const retries = only(events, 'produce-retry');
      expect(retries.map((e) => e.attempt)).toEqual(retries.map((_, i) => i + 1));
      expect(retries.length, `seed ${seed}`).toBeGreaterThanOrEqual(5);
      expect(new Set(retries.map((e) => e.error))).toEqual(new Set(['REQUEST_TIMED_OUT']));
      for (let i = 1; i < retries.length; i++) {
        // Attempt i failed (a request.timeout.ms after it was sent); attempt i + 1 was sent no
        // earlier than the backoff after that: retry.backoff.ms × 2^(i−1), capped, −20% jitter.
        const backoffMs = Math.min(retryBackoffMs * 2 ** (i - 1), retryBackoffMaxMs);
        const gapMs = retries[i]!.timeMs - retries[i - 1]!.timeMs;
        expect(gapMs, `seed ${seed}, attempt ${i}`).toBeGreaterThanOrEqual(requestTimeoutMs + 0.8 * backoffMs);
        // At most one Metadata request to the same broker (request.timeout.ms) can hold it back
        // longer, and the reconnect backoff after the closed connection (at most 1 s).
        expect(gapMs, `seed ${seed}, attempt ${i}`).toBeLessThanOrEqual(2 * requestTimeoutMs + 1.2 * backoffMs + retryBackoffMs + 1_000);
      }
      const snap = sim.snapshot();
      expect(snap.producers[0]).toMatchObject({ sent: 500, acked: 500, failedTotal: 0, pending: 0, retries: retries.length });
      // No record written twice: a timed-out request closes its connection, which loses it on the way.
      expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(500);
    }
  });

  it('finds its connections refused while the broker is down, reconnects at most every reconnect.backoff.max.ms, and delivers every record once after the restart', () => {
    for (const seed of [1, 2, 3]) {
      const sim = crashAndRestart(seed, 1);
      const events = runCollecting(sim, 40_000, 500);
      const retries = only(events, 'produce-retry');
      expect(retries.length, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      expect(new Set(retries.map((e) => e.error))).toEqual(new Set(['NETWORK_EXCEPTION']));
      // Connecting to the stopped broker is refused at once; the client waits 50 ms, 100 ms, ... up to
      // 1 s between attempts (reconnect.backoff.ms, reconnect.backoff.max.ms): about one a second.
      const refused = events.filter((e) => e.type === 'message-dropped' && e.from === 'producer-p' && e.timeMs < 20_000);
      expect(refused.reduce((sum, e) => sum + (e.count as number), 0)).toBeLessThanOrEqual(2 * 18);
      const snap = sim.snapshot();
      expect(snap.producers[0]).toMatchObject({ sent: 500, acked: 500, failedTotal: 0, pending: 0 });
      expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(500);
    }
  });

  it('with five requests in flight still delivers every record once after the restart', () => {
    const sim = crashAndRestart(4, 5);
    const events = runCollecting(sim, 40_000, 500);
    const retries = only(events, 'produce-retry');
    expect(Math.max(...retries.map((e) => e.attempt))).toBeGreaterThanOrEqual(2);
    expect(new Set(retries.map((e) => e.error))).toEqual(new Set(['NETWORK_EXCEPTION']));
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 500, acked: 500, failedTotal: 0, pending: 0 });
    expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(500);
    expect(only(events, 'produce-acked').reduce((sum, e) => sum + e.records, 0)).toBe(500);
  });
});

describe('delivery.timeout.ms', () => {
  it('fails with DELIVERY_TIMEOUT every record not delivered within delivery.timeout.ms while the broker stays down', () => {
    const deliveryTimeoutMs = 5_000;
    const crashMs = 2_000;
    const sim = simulate({
      seed: 1,
      cluster: { brokers: 1, network: { latencyMs: 1, jitterMs: 0 } },
      topics: [{ name: 't', partitions: 2 }],
      producers: [
        {
          id: 'p',
          topic: 't',
          config: { acks: 1, 'request.timeout.ms': 1_000, 'delivery.timeout.ms': deliveryTimeoutMs },
          workload: { ratePerSec: 20, count: 200 },
        },
      ],
      schedule: [{ atMs: crashMs, action: { type: 'crash-broker', broker: 0 } }],
    });
    const events = runCollecting(sim, 20_000, 500);
    const snap = sim.snapshot();
    const producer = snap.producers[0]!;
    expect(producer.acked).toBeGreaterThan(30);
    expect(producer.failed).toEqual({ DELIVERY_TIMEOUT: 200 - producer.acked });
    expect(producer).toMatchObject({ sent: 200, pending: 0 });
    const failures = only(events, 'produce-failed');
    // None before the oldest unacked record (sent after the last ack, at most 50 ms before the
    // crash) reached its deadline; the last record (sent at 10 s) failed within a second of its
    // own (the producer checks expiry every second).
    for (const e of failures) expect(e.timeMs).toBeGreaterThanOrEqual(crashMs - 50 + deliveryTimeoutMs);
    expect(Math.max(...failures.map((e) => e.timeMs))).toBeLessThanOrEqual(10_000 + deliveryTimeoutMs + 1_000);
    expect(snap.topics[0]!.partitions.reduce((sum, p) => sum + p.logEndOffset, 0)).toBe(producer.acked);
  });
});

describe('delivery.timeout.ms of a batch in flight', () => {
  it('fails the batch once at its deadline and ignores the answer that comes later', () => {
    // 950 ms each way, one request at a time: the second batch is sent 1.9 s after its first
    // record and answered 1.9 s later, well past its 2 s delivery.timeout.ms.
    const sim = simulate(
      singleBroker(
        1,
        {
          id: 'p',
          topic: 't',
          config: { acks: 1, 'linger.ms': 0, 'max.in.flight.requests.per.connection': 1, 'request.timeout.ms': 2_000, 'delivery.timeout.ms': 2_000 },
          workload: { ratePerSec: 50, count: 200 },
        },
        950,
      ),
    );
    const events = runCollecting(sim, 10_000, 100, () => {
      const p = sim.snapshot().producers[0]!;
      expect(p.sent).toBe(p.acked + p.failedTotal + p.pending);
    });
    const failed = only(events, 'produce-failed');
    expect(failed.every((e) => e.error === 'DELIVERY_TIMEOUT')).toBe(true);
    const inFlightFailure = failed[0]!;
    const appended = only(events, 'record-batch-appended').find((e) => e.records === inFlightFailure.records)!;
    // The request was still on its way: the broker writes the records after the producer gave up
    // on them, and its answer (another 950 ms later) changes nothing.
    expect(appended.seq).toBeGreaterThan(inFlightFailure.seq);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ sent: 200, pending: 0 });
    expect(snap.producers[0]!.acked + snap.producers[0]!.failedTotal).toBe(200);
    // As in Kafka, a delivery timeout does not mean the records are not in the log.
    expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBeGreaterThan(snap.producers[0]!.acked);
    expect(only(events, 'produce-acked').every((e) => e.latencyMs <= 2_000)).toBe(true);
  });
});

describe('metrics', () => {
  it('always accounts for every record sent: sent = acked + failed + pending (property over scenarios)', () => {
    const scenarioArb = fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      brokers: fc.integer({ min: 1, max: 3 }),
      partitions: fc.integer({ min: 1, max: 4 }),
      acks: fc.constantFrom<0 | 1 | 'all'>(0, 1, 'all'),
      lingerMs: fc.integer({ min: 0, max: 50 }),
      batchSize: fc.integer({ min: 200, max: 20_000 }),
      maxInFlight: fc.integer({ min: 1, max: 5 }),
      ratePerSec: fc.integer({ min: 10, max: 400 }),
      keyed: fc.boolean(),
      crashAtMs: fc.integer({ min: 500, max: 6_000 }),
      downForMs: fc.integer({ min: 500, max: 15_000 }),
    });
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const sim = simulate({
          seed: s.seed,
          cluster: { brokers: s.brokers, network: { latencyMs: 2, jitterMs: 1 } },
          topics: [{ name: 't', partitions: s.partitions }],
          producers: [
            {
              id: 'p',
              topic: 't',
              config: {
                acks: s.acks,
                'linger.ms': s.lingerMs,
                'batch.size': s.batchSize,
                'max.in.flight.requests.per.connection': s.maxInFlight,
                'request.timeout.ms': 1_000,
                'delivery.timeout.ms': 4_000,
              },
              workload: { ratePerSec: s.ratePerSec, count: s.ratePerSec * 10, ...(s.keyed ? { keys: { kind: 'sequence' as const, prefix: 'k', cardinality: 20 } } : {}) },
            },
          ],
          schedule: [
            { atMs: s.crashAtMs, action: { type: 'crash-broker', broker: 0 } },
            { atMs: s.crashAtMs + s.downForMs, action: { type: 'restart-broker', broker: 0 } },
          ],
        });
        const context = `simulation seed ${s.seed}, scenario ${JSON.stringify(s)}`;
        for (let t = 250; t <= 30_000; t += 250) {
          sim.runUntil(t);
          const p = sim.snapshot().producers[0]!;
          expect(p.sent, `${context} at ${t} ms`).toBe(p.acked + p.failedTotal + p.pending);
          expect(p.pending, `${context} at ${t} ms`).toBeGreaterThanOrEqual(0);
        }
        const p = sim.snapshot().producers[0]!;
        // Ten seconds of workload, and delivery.timeout.ms bounds how long a record can stay pending.
        expect(p, context).toMatchObject({ sent: s.ratePerSec * 10, pending: 0 });
      }),
      { numRuns: 12 },
    );
  });
});
