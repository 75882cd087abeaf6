// The idempotent producer in whole simulations: it gets a producer id before it sends anything,
// stamps every batch with id, epoch and a base sequence that counts the partition's records, and
// retries batches in sequence order when an earlier one of the partition failed.
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../sim/index.ts';
import { decodeRecordBatches } from '../../../sim/log/index.ts';
import { readWholeLog } from '../../../sim/final-logs.ts';
import { makeCluster } from '../broker/harness.ts';
import { eventsOf, only, runCollecting, simulate } from '../clients/harness.ts';
import { addProducer } from './helpers.ts';

function scenario(config: Record<string, unknown>, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    seed: 11,
    cluster: { brokers: 1, network: { latencyMs: 1, jitterMs: 0 } },
    topics: [{ name: 't', partitions: 3 }],
    producers: [{ id: 'p', topic: 't', config, workload: { ratePerSec: 200, count: 300, keys: { kind: 'sequence', prefix: 'k', cardinality: 7 } } }],
    ...extra,
  };
}

describe('the idempotent producer', () => {
  it('is on by default, asks InitProducerId before its first Produce, and shows its id in the snapshot', () => {
    const sim = simulate(scenario({}));
    sim.runUntil(5_000);
    const assigned = eventsOf(sim, 'producer-id-assigned');
    expect(assigned).toHaveLength(1);
    const firstAppend = eventsOf(sim, 'record-batch-appended')[0]!;
    expect(assigned[0]!.seq).toBeLessThan(firstAppend.seq);
    const producer = sim.snapshot().producers[0]!;
    expect(producer).toMatchObject({ idempotent: true, producerId: assigned[0]!.producerId, producerEpoch: 0, sent: 300, acked: 300 });
    expect(sim.check().duplicated.count).toBe(0);
  });

  it('is silently off with acks=1 when enable.idempotence is not set (KAFKA-13673), and sends no producer id', () => {
    const sim = simulate(scenario({ acks: 1 }));
    sim.runUntil(5_000);
    expect(eventsOf(sim, 'producer-id-assigned')).toHaveLength(0);
    expect(sim.snapshot().producers[0]).toMatchObject({ idempotent: false, producerId: -1, acked: 300 });
  });
});

describe('batches on the wire', () => {
  it('carry the producer id, epoch 0 and base sequences that count each partition’s records from 0', () => {
    const c = makeCluster(1);
    c.createTopic('t', 3);
    const producer = addProducer(c.kernel, { 'linger.ms': 10 }, { ratePerSec: 200, count: 300, keys: { kind: 'sequence', prefix: 'k', cardinality: 7 } });
    c.kernel.runFor(5_000);
    const { producerId, epoch } = producer.transactionManager!.producerIdAndEpoch;
    expect(producerId).toBeGreaterThanOrEqual(0);
    expect(epoch).toBe(0);
    let total = 0;
    for (let partition = 0; partition < 3; partition++) {
      let next = 0;
      for (const chunk of readWholeLog(c.brokers[0]!.replica('t', partition)!.log)) {
        for (const batch of decodeRecordBatches(chunk)) {
          expect(batch).toMatchObject({ producerId, producerEpoch: 0, baseSequence: next });
          next += batch.recordCount;
        }
      }
      expect(next, `partition ${partition}`).toBeGreaterThan(0);
      total += next;
    }
    expect(total).toBe(300);
  });
});

describe('epoch bump (KIP-360)', () => {
  it('after a batch fails for good, bumps its epoch and starts the partition again at sequence 0', () => {
    const c = makeCluster(1);
    c.createTopic('t', 1, { 'max.message.bytes': 400 });
    const producer = addProducer(c.kernel, {}, { ratePerSec: 10, count: 20 });
    c.kernel.runFor(550);
    // A single record larger than max.message.bytes: MESSAGE_TOO_LARGE, not retriable, its sequence unused.
    producer.send({ key: null, keyText: null, value: new Uint8Array(1_000), byHand: true, partition: 0 });
    c.kernel.runFor(3_000);
    const events = c.kernel.trace.since(0);
    expect(events.filter((e) => e.type === 'produce-failed').map((e) => e.error)).toEqual(['MESSAGE_TOO_LARGE']);
    expect(events.filter((e) => e.type === 'producer-epoch-bumped')).toEqual([expect.objectContaining({ producerEpoch: 1, partitions: ['t-0'] })]);
    const batches = readWholeLog(c.brokers[0]!.replica('t', 0)!.log).flatMap((chunk) => decodeRecordBatches(chunk));
    const epochs = batches.map((b) => b.producerEpoch);
    const firstOfEpoch1 = epochs.indexOf(1);
    expect(firstOfEpoch1).toBeGreaterThan(0);
    expect(epochs.slice(firstOfEpoch1).every((e) => e === 1)).toBe(true);
    expect(batches[firstOfEpoch1]!.baseSequence).toBe(0);
    expect(batches.reduce((sum, b) => sum + b.recordCount, 0)).toBe(20);
    expect(producer.metrics.acked).toBe(20);
  });
});

describe('retries in sequence order'
, () => {
  it('a request lost on a cut link takes the later ones on its connection with it: all are retried in sequence order, without duplicates', () => {
    // One partition, 20 ms each way: a request lost on a cut link breaks its connection, so the one
    // sent after it never arrives to find a gap (no OUT_OF_ORDER_SEQUENCE_NUMBER, as with TCP).
    const input: ScenarioInput = {
      seed: 3,
      cluster: { brokers: 1, network: { latencyMs: 20, jitterMs: 0 } },
      topics: [{ name: 't', partitions: 1 }],
      producers: [{ id: 'p', topic: 't', config: { 'request.timeout.ms': 1_000, 'linger.ms': 0 }, workload: { ratePerSec: 20, count: 40 } }],
      schedule: [
        { atMs: 160, action: { type: 'cut-link', a: 'producer-p', b: 'broker-0' } },
        { atMs: 170, action: { type: 'heal-link', a: 'producer-p', b: 'broker-0' } },
      ],
    };
    const sim = simulate(input);
    const events = runCollecting(sim, 6_000, 5);
    const retries = only(events, 'produce-retry');
    expect(retries.map((e) => e.error)).toContain('NETWORK_EXCEPTION');
    expect(retries.map((e) => e.error)).not.toContain('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(only(events, 'produce-rejected')).toHaveLength(0);
    // A gap that is only an earlier batch in flight is no reason for a new epoch.
    expect(only(events, 'producer-epoch-bumped')).toHaveLength(0);
    const report = sim.check();
    expect(report.duplicated.count).toBe(0);
    expect(report.reordered.count).toBe(0);
    expect(report.lost.count).toBe(0);
    expect(sim.snapshot().producers[0]).toMatchObject({ sent: 40, acked: 40, failedTotal: 0 });
  });
});
