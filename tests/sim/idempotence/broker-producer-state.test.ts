// The leader's producer state (§7.1; ProducerStateManager, ProducerAppendInfo): duplicates of the
// last five batches are answered with their original offsets and not written, gaps and old epochs
// are refused, a new epoch starts at 0; producer ids come from InitProducerId, never twice.
import { describe, expect, it } from 'vitest';
import { makeCluster } from '../broker/harness.ts';
import { makeReplicatedCluster } from '../replication/harness.ts';
import type { InitProducerIdResponse, ProduceResponse } from '../../../sim/protocol/messages.ts';
import { NUM_BATCHES_TO_RETAIN } from '../../../sim/broker/producer-state.ts';
import { idempotentBatch, initProducerId, partitionOf, produce } from './helpers.ts';

const PID = 4_000;

function singleBroker() {
  const c = makeCluster();
  c.createTopic('t', 1);
  const send = (records: Uint8Array) => partitionOf(c.request<ProduceResponse>(0, produce('t', 0, records)));
  const log = () => c.brokers[0]!.replica('t', 0)!.log;
  return { ...c, send, log };
}

describe('InitProducerId', () => {
  it('hands out a new producer id at epoch 0 on every call, from any broker, never the same twice', () => {
    const c = makeCluster(2);
    const answers = [0, 0, 1, 0, 1].map((broker) => c.request<InitProducerIdResponse>(broker, initProducerId)!);
    for (const answer of answers) expect(answer).toMatchObject({ api: 'InitProducerId', error: 'NONE', producerEpoch: 0 });
    const ids = answers.map((a) => a.producerId);
    expect(new Set(ids).size).toBe(ids.length);
    // Each broker takes its own block of 1000 ids from the controller (AllocateProducerIds).
    expect(ids.slice(0, 2)).toEqual([ids[0], ids[0]! + 1]);
    expect(Math.abs(ids[2]! - ids[0]!)).toBeGreaterThanOrEqual(1000);
  });
});

describe('duplicates', () => {
  it('answers a retry of an appended batch with its original offset and writes nothing', () => {
    const c = singleBroker();
    const first = idempotentBatch(['a', 'b', 'c'], PID, 0, 0);
    expect(c.send(first)).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.send(idempotentBatch(['d', 'e'], PID, 0, 3))).toMatchObject({ error: 'NONE', baseOffset: 3 });
    expect(c.log().logEndOffset).toBe(5);
    // The same batch again (a retry after a lost answer): the offset it got the first time.
    expect(c.send(first)).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.log().logEndOffset).toBe(5);
    const ignored = c.kernel.trace.since(0).filter((e) => e.type === 'duplicate-batch-ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatchObject({ producerId: PID, producerEpoch: 0, firstSequence: 0, lastSequence: 2, firstOffset: 0, lastOffset: 2 });
  });

  it(`remembers only the last ${NUM_BATCHES_TO_RETAIN} batches of a producer: an older retry is out of order`, () => {
    const c = singleBroker();
    for (let seq = 0; seq <= NUM_BATCHES_TO_RETAIN; seq++) expect(c.send(idempotentBatch([`v${seq}`], PID, 0, seq))?.error).toBe('NONE');
    expect(c.send(idempotentBatch(['v1'], PID, 0, 1))).toMatchObject({ error: 'NONE', baseOffset: 1 });
    expect(c.send(idempotentBatch(['v0'], PID, 0, 0))?.error).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(c.log().logEndOffset).toBe(NUM_BATCHES_TO_RETAIN + 1);
  });

  it('keeps producers apart: the same sequence from another producer id is a new batch', () => {
    const c = singleBroker();
    expect(c.send(idempotentBatch(['a'], PID, 0, 0))?.baseOffset).toBe(0);
    expect(c.send(idempotentBatch(['a'], PID + 1, 0, 0))?.baseOffset).toBe(1);
    expect(c.log().logEndOffset).toBe(2);
  });
});

describe('sequence and epoch checks', () => {
  it('refuses a gap in the sequence with OUT_OF_ORDER_SEQUENCE_NUMBER and writes nothing', () => {
    const c = singleBroker();
    expect(c.send(idempotentBatch(['a', 'b'], PID, 0, 0))?.error).toBe('NONE');
    const answer = c.send(idempotentBatch(['f'], PID, 0, 5));
    expect(answer?.error).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(answer?.errorMessage).toContain('5 (incoming seq. number), 1 (current end sequence number)');
    expect(c.log().logEndOffset).toBe(2);
    expect(c.send(idempotentBatch(['c'], PID, 0, 2))).toMatchObject({ error: 'NONE', baseOffset: 2 });
  });

  it('refuses an older epoch with INVALID_PRODUCER_EPOCH', () => {
    const c = singleBroker();
    expect(c.send(idempotentBatch(['a'], PID, 3, 0))?.error).toBe('NONE');
    expect(c.send(idempotentBatch(['b'], PID, 2, 1))?.error).toBe('INVALID_PRODUCER_EPOCH');
    expect(c.log().logEndOffset).toBe(1);
  });

  it('makes a new epoch start at sequence 0', () => {
    const c = singleBroker();
    expect(c.send(idempotentBatch(['a', 'b'], PID, 0, 0))?.error).toBe('NONE');
    expect(c.send(idempotentBatch(['c'], PID, 1, 2))?.error).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(c.send(idempotentBatch(['c'], PID, 1, 0))).toMatchObject({ error: 'NONE', baseOffset: 2 });
    // The old epoch's batches are forgotten: their retry is now an old epoch.
    expect(c.send(idempotentBatch(['a', 'b'], PID, 0, 0))?.error).toBe('INVALID_PRODUCER_EPOCH');
  });

  it('takes any sequence from a producer it has no state for', () => {
    const c = singleBroker();
    expect(c.send(idempotentBatch(['a'], PID, 0, 42))).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.send(idempotentBatch(['b'], PID, 0, 43))).toMatchObject({ error: 'NONE', baseOffset: 1 });
  });
});

describe('producer state on every replica', () => {
  it('is built by followers from what they replicate, so a new leader dedupes a retry', () => {
    const c = makeReplicatedCluster(3);
    c.createTopic('t', 1, 3, { 'min.insync.replicas': 2 });
    c.run(50);
    const batch = idempotentBatch(['x', 'y'], PID, 0, 0);
    const sent = (broker: number) => {
      const id = c.probe.send(`broker-${broker}`, produce('t', 0, batch));
      c.run(200);
      return partitionOf(c.probe.responses.get(id) as ProduceResponse | undefined);
    };
    expect(sent(0)).toMatchObject({ error: 'NONE', baseOffset: 0 });
    for (const broker of [1, 2]) {
      expect(c.replica(broker).producerState.entry(PID)?.batches).toEqual([{ firstSeq: 0, lastSeq: 1, firstOffset: 0, lastOffset: 1, timestamp: 1_001 }]);
    }
    c.crash(0);
    c.fence(0);
    c.run(50);
    expect(c.registration().leader).toBe(1);
    expect(sent(1)).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.replica(1).log.logEndOffset).toBe(2);
    expect(c.events('duplicate-batch-ignored').map((e) => e.node)).toEqual(['broker-1']);
  });

  it('is rebuilt from the log after a truncation: what was cut off is no longer a duplicate', () => {
    const c = singleBroker();
    const batches = [0, 1, 2].map((i) => idempotentBatch([`v${i}`], PID, 0, i));
    for (const batch of batches) c.send(batch);
    const replica = c.brokers[0]!.replica('t', 0)!;
    expect(replica.truncateTo(2)).toBe(true);
    expect(replica.producerState.entry(PID)?.batches.map((b) => b.lastSeq)).toEqual([0, 1]);
    expect(c.send(batches[2]!)).toMatchObject({ error: 'NONE', baseOffset: 2 });
    expect(c.send(batches[2]!)).toMatchObject({ error: 'NONE', baseOffset: 2 });
    expect(c.log().logEndOffset).toBe(3);
  });

  it('is read back from the log by a restarted broker', () => {
    const c = makeReplicatedCluster(1);
    c.createTopic('t', 1, 1);
    c.run(10);
    const batch = idempotentBatch(['a', 'b'], PID, 0, 0);
    const send = () => {
      const id = c.probe.send('broker-0', produce('t', 0, batch));
      c.run(20);
      return partitionOf(c.probe.responses.get(id) as ProduceResponse | undefined);
    };
    expect(send()).toMatchObject({ error: 'NONE', baseOffset: 0 });
    c.crash(0);
    c.fence(0);
    c.restart(0);
    c.run(50);
    expect(send()).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(c.replica(0).log.logEndOffset).toBe(2);
  });
});
