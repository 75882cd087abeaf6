// RecordAccumulator and ProducerBatch against Kafka's RecordAccumulator: batching by batch.size
// (estimated sizes), readiness by linger.ms / fullness / retry backoff, draining per leader within
// max.request.size, muting for max.in.flight.requests.per.connection=1, expiry and splitting.
import { describe, expect, it } from 'vitest';
import { RecordAccumulator, type AccumulatorConfig } from '../../../sim/clients/producer/accumulator.ts';
import { estimateRecordSize, ProducerBatch, type ProducerRecord } from '../../../sim/clients/producer/producer-batch.ts';

const RECORD_BATCH_OVERHEAD = 61;
/** A keyless, headerless record with a 64-byte value is estimated at 21 + 5 + 5 + 64 + 5 = 100 bytes. */
const VALUE_BYTES = 64;
const RECORD_BYTES = 100;

let nextId = 0;
function record(valueBytes = VALUE_BYTES): ProducerRecord {
  return { id: nextId++, labelId: null, key: null, value: new Uint8Array(valueBytes), headers: [], timestamp: 0, createdMs: 0, byHand: false };
}

function accumulator(config: Partial<AccumulatorConfig> = {}): RecordAccumulator {
  return new RecordAccumulator({ batchSizeBytes: 1000, lingerMs: 50, maxRequestSizeBytes: 1_048_576, guaranteeOrder: false, ...config });
}

function append(acc: RecordAccumulator, partition: number, nowMs: number, r: ProducerRecord = record(), topic = 't'): ProducerBatch {
  return acc.append(topic, partition, r, estimateRecordSize(r), nowMs);
}

/** Every partition led by broker "b0". */
const oneLeader = () => 'b0';
const always = () => true;

function drained(acc: RecordAccumulator, nowMs: number, leaderOf: (topic: string, partition: number) => string | null = oneLeader, canSendTo = always) {
  return acc.drain(nowMs, leaderOf, canSendTo);
}

describe('ProducerBatch sizes', () => {
  it('estimates a record as its fields at their widest varint encodings', () => {
    expect(estimateRecordSize(record())).toBe(RECORD_BYTES);
    expect(estimateRecordSize({ key: new Uint8Array(10), value: null, headers: [{ key: 'ab', value: new Uint8Array(3) }] })).toBe(36 + 10 + 5 + 6 + 5 + 3);
  });

  it('starts at the 61-byte batch header and grows by each record estimate', () => {
    const batch = new ProducerBatch('t', 0, 0, 1000);
    expect(batch.estimatedSizeBytes).toBe(RECORD_BATCH_OVERHEAD);
    batch.tryAppend(record());
    batch.tryAppend(record());
    expect(batch.estimatedSizeBytes).toBe(RECORD_BATCH_OVERHEAD + 2 * RECORD_BYTES);
  });
});

describe('appending', () => {
  it('fills a batch up to batch.size and starts a new batch with the record that does not fit', () => {
    const acc = accumulator({ batchSizeBytes: 1000 });
    // 61 + 9 × 100 = 961 ≤ 1000; a tenth record would make 1061.
    const first = append(acc, 0, 0);
    for (let i = 1; i < 9; i++) expect(append(acc, 0, i)).toBe(first);
    expect(first.records).toHaveLength(9);
    expect(first.estimatedSizeBytes).toBe(961);
    expect(first.isFull).toBe(false);
    const second = append(acc, 0, 9);
    expect(second).not.toBe(first);
    expect(second.records).toHaveLength(1);
    expect(second.createdMs).toBe(9);
    expect(first.records).toHaveLength(9);
    expect(acc.pendingRecords).toBe(10);
  });

  it('counts a batch whose estimate reaches batch.size exactly as full', () => {
    const acc = accumulator({ batchSizeBytes: RECORD_BATCH_OVERHEAD + 3 * RECORD_BYTES });
    const batch = append(acc, 0, 0);
    append(acc, 0, 0);
    expect(batch.isFull).toBe(false);
    append(acc, 0, 0);
    expect(batch.isFull).toBe(true);
    expect(append(acc, 0, 0)).not.toBe(batch);
  });

  it('gives a record larger than batch.size a batch of its own', () => {
    const acc = accumulator({ batchSizeBytes: 1000 });
    const small = append(acc, 0, 0);
    const big = append(acc, 0, 1, record(2000));
    expect(big).not.toBe(small);
    expect(big.records).toHaveLength(1);
    expect(big.estimatedSizeBytes).toBeGreaterThan(1000);
    expect(big.isFull).toBe(true);
    const after = append(acc, 0, 2);
    expect(after).not.toBe(big);
    expect(big.records).toHaveLength(1);
    // Alone in an empty queue as well.
    const alone = append(acc, 1, 3, record(5000));
    expect(alone.records).toHaveLength(1);
    expect(alone.isFull).toBe(true);
  });

  it('keeps a queue per partition and per topic', () => {
    const acc = accumulator();
    const a = append(acc, 0, 0, record(), 'a');
    const b = append(acc, 0, 0, record(), 'b');
    const a1 = append(acc, 1, 0, record(), 'a');
    expect(new Set([a, b, a1]).size).toBe(3);
    expect([a.topic, a.partition, b.topic, a1.partition]).toEqual(['a', 0, 'b', 1]);
  });

  it('never appends to a batch that was sent and came back for a retry', () => {
    const acc = accumulator();
    const batch = append(acc, 0, 0);
    const [sent] = drained(acc, 50).requests.get('b0')!;
    expect(sent).toBe(batch);
    sent!.attempts = 1;
    acc.reenqueue(sent!, 200);
    const next = append(acc, 0, 60);
    expect(next).not.toBe(batch);
    expect(batch.records).toHaveLength(1);
  });
});

describe('readiness', () => {
  it('holds a batch that is not full until linger.ms after its creation', () => {
    const acc = accumulator({ lingerMs: 50 });
    append(acc, 0, 10);
    append(acc, 0, 30);
    const early = drained(acc, 59);
    expect(early.requests.size).toBe(0);
    expect(early.nextReadyMs).toBe(60);
    expect(acc.pendingRecords).toBe(2);
    const due = drained(acc, 60);
    expect(due.requests.get('b0')!.map((b) => b.records.length)).toEqual([2]);
    expect(due.nextReadyMs).toBe(Infinity);
    expect(acc.pendingRecords).toBe(0);
  });

  it('sends a full batch at once, before linger.ms', () => {
    const acc = accumulator({ lingerMs: 1000, batchSizeBytes: RECORD_BATCH_OVERHEAD + 2 * RECORD_BYTES });
    append(acc, 0, 0);
    expect(drained(acc, 0).requests.size).toBe(0);
    append(acc, 0, 0);
    expect(drained(acc, 0).requests.get('b0')!.map((b) => b.records.length)).toEqual([2]);
  });

  it('sends a batch at once when another batch follows it in the queue', () => {
    const acc = accumulator({ lingerMs: 1000, batchSizeBytes: 1000 });
    for (let i = 0; i < 10; i++) append(acc, 0, 5);
    const result = drained(acc, 5);
    // The first batch (9 records, not full) goes because a second one is behind it; the second lingers.
    expect(result.requests.get('b0')!.map((b) => b.records.length)).toEqual([9]);
    const next = drained(acc, 5);
    expect(next.requests.size).toBe(0);
    expect(next.nextReadyMs).toBe(1005);
  });

  it('holds a retried batch until its retryAtMs, even when others queue behind it', () => {
    const acc = accumulator({ lingerMs: 0 });
    const batch = append(acc, 0, 0);
    const [sent] = drained(acc, 0).requests.get('b0')!;
    sent!.attempts = 1;
    acc.reenqueue(sent!, 300);
    append(acc, 0, 10);
    const waiting = drained(acc, 299);
    expect(waiting.requests.size).toBe(0);
    expect(waiting.nextReadyMs).toBe(300);
    const again = drained(acc, 300).requests.get('b0')!;
    expect(again).toEqual([batch]);
    expect(batch.inFlight).toBe(true);
  });

  it('reports the earliest time a lingering batch becomes ready across partitions', () => {
    const acc = accumulator({ lingerMs: 50 });
    append(acc, 0, 20);
    append(acc, 1, 5);
    append(acc, 2, 40);
    expect(drained(acc, 10).nextReadyMs).toBe(55);
  });
});

describe('draining', () => {
  it('takes at most one batch per partition per drain, grouped by leader', () => {
    const acc = accumulator({ lingerMs: 0, batchSizeBytes: 1000 });
    for (let i = 0; i < 30; i++) append(acc, 0, 0); // 4 batches: 9, 9, 9, 3 records
    append(acc, 1, 0);
    append(acc, 2, 0);
    const leaders = (_topic: string, partition: number) => (partition === 2 ? 'b1' : 'b0');
    const first = drained(acc, 0, leaders).requests;
    expect([...first.keys()].sort()).toEqual(['b0', 'b1']);
    expect(first.get('b0')!.map((b) => [b.partition, b.records.length])).toEqual([
      [0, 9],
      [1, 1],
    ]);
    expect(first.get('b1')!.map((b) => b.partition)).toEqual([2]);
    const second = drained(acc, 0, leaders).requests;
    expect(second.get('b0')!.map((b) => [b.partition, b.records.length])).toEqual([[0, 9]]);
    expect(second.has('b1')).toBe(false);
  });

  it('stops adding batches for a leader at max.request.size', () => {
    // Nine 100-byte estimates encode to a batch of about 720 bytes: one fits in 1000, two do not.
    const acc = accumulator({ lingerMs: 0, batchSizeBytes: 1000, maxRequestSizeBytes: 1000 });
    for (let p = 0; p < 3; p++) for (let i = 0; i < 9; i++) append(acc, p, 0);
    const sizes = drained(acc, 0).requests.get('b0')!.map((b) => b.bytes().length);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]).toBeGreaterThan(500);
    expect(acc.pendingRecords).toBe(18);
    // Two batches fit under a limit of twice their size, not three.
    const roomy = accumulator({ lingerMs: 0, batchSizeBytes: 1000, maxRequestSizeBytes: 2 * sizes[0]! });
    for (let p = 0; p < 3; p++) for (let i = 0; i < 9; i++) append(roomy, p, 0);
    expect(drained(roomy, 0).requests.get('b0')!.map((b) => b.partition)).toEqual([0, 1]);
  });

  it('always lets the first batch of a request go, even when it alone exceeds max.request.size', () => {
    const acc = accumulator({ lingerMs: 0, maxRequestSizeBytes: 100 });
    append(acc, 0, 0, record(5000));
    append(acc, 1, 0);
    const batches = drained(acc, 0).requests.get('b0')!;
    expect(batches).toHaveLength(1);
    expect(batches[0]!.bytes().length).toBeGreaterThan(5000);
  });

  it('keeps batches whose leader is unknown, and says so', () => {
    const acc = accumulator({ lingerMs: 0 });
    append(acc, 0, 0);
    const result = drained(acc, 0, () => null);
    expect(result.requests.size).toBe(0);
    expect(result.unknownLeader).toBe(true);
    expect(acc.pendingRecords).toBe(1);
  });

  it('keeps batches for a leader it cannot send to (max.in.flight reached)', () => {
    const acc = accumulator({ lingerMs: 0 });
    append(acc, 0, 0);
    append(acc, 1, 0);
    const leaders = (_t: string, p: number) => `b${p}`;
    const result = acc.drain(0, leaders, (node) => node !== 'b0');
    expect([...result.requests.keys()]).toEqual(['b1']);
    expect(acc.pendingRecords).toBe(1);
    expect(acc.drain(0, leaders, always).requests.get('b0')).toHaveLength(1);
  });

  it('with guaranteeOrder (max.in.flight=1) mutes a partition while its batch is in flight', () => {
    const acc = accumulator({ lingerMs: 0, guaranteeOrder: true });
    const first = append(acc, 0, 0);
    expect(drained(acc, 0).requests.get('b0')).toEqual([first]);
    const second = append(acc, 0, 1);
    const other = append(acc, 1, 1);
    expect(drained(acc, 1).requests.get('b0')).toEqual([other]);
    expect(drained(acc, 2).requests.size).toBe(0);
    acc.unmute('t', 0);
    expect(drained(acc, 3).requests.get('b0')).toEqual([second]);
  });

  it('without guaranteeOrder sends the next batch of a partition while the previous one is in flight', () => {
    const acc = accumulator({ lingerMs: 0 });
    append(acc, 0, 0);
    drained(acc, 0);
    const second = append(acc, 0, 1);
    expect(drained(acc, 1).requests.get('b0')).toEqual([second]);
  });
});

describe('draining a ready leader (RecordAccumulator.ready/drain)', () => {
  it('takes the head batch of every partition of a ready leader, lingering or not', () => {
    const acc = accumulator({ lingerMs: 1000, batchSizeBytes: 1000 });
    const lingering = append(acc, 1, 0);
    const full = append(acc, 0, 0, record(5000));
    const elsewhere = append(acc, 2, 0);
    const leaders = (_topic: string, partition: number) => (partition === 2 ? 'b1' : 'b0');
    const { requests, nextReadyMs } = drained(acc, 0, leaders);
    expect(requests.get('b0')).toEqual([lingering, full]);
    expect(requests.has('b1')).toBe(false);
    expect(nextReadyMs).toBe(1000);
    expect(elsewhere.inFlight).toBe(false);
  });

  it('stops filling a request at max.request.size', () => {
    const acc = accumulator({ lingerMs: 0, batchSizeBytes: 100, maxRequestSizeBytes: 300 });
    const batches = [0, 1, 2, 3].map((p) => append(acc, p, 0, record(100)));
    const size = batches[0]!.bytes().length;
    expect(size * 2).toBeGreaterThan(300);
    // The first batch goes; the second would pass the limit, so the request is complete.
    expect(drained(acc, 0).requests.get('b0')).toEqual([batches[0]]);
    expect(batches.slice(1).every((b) => !b.inFlight)).toBe(true);
  });
});

describe('expiry (delivery.timeout.ms)', () => {
  it('removes the batches created at or before the deadline that are not in flight, oldest first', () => {
    const acc = accumulator({ lingerMs: 1000, batchSizeBytes: 1000 });
    const old = append(acc, 0, 0);
    for (let i = 0; i < 8; i++) append(acc, 0, 0);
    const middle = append(acc, 0, 100); // a second batch of partition 0
    const young = append(acc, 1, 200);
    const sentEarly = append(acc, 2, 0, record(5000)); // full: drained at once
    // Partition 1 has its own leader, which nothing has made ready yet.
    const leaders = (_topic: string, partition: number) => (partition === 1 ? 'b1' : 'b0');
    expect(drained(acc, 0, leaders).requests.get('b0')).toEqual([old, sentEarly]);
    old.inFlight = false; // not relevant any more: it left the queue
    const expired = acc.expire(100);
    expect(expired).toEqual([middle]);
    expect(acc.pendingRecords).toBe(young.records.length);
    expect(acc.expire(199)).toEqual([]);
    expect(acc.expire(200)).toEqual([young]);
    expect(acc.pendingRecords).toBe(0);
  });

  it('expires a batch waiting for a retry once its creation is past the deadline', () => {
    const acc = accumulator({ lingerMs: 0 });
    const batch = append(acc, 0, 0);
    drained(acc, 0);
    batch.attempts = 1;
    acc.reenqueue(batch, 5_000);
    expect(acc.expire(-1)).toEqual([]);
    expect(acc.expire(0)).toEqual([batch]);
  });
});

describe('splitAndReenqueue (MESSAGE_TOO_LARGE)', () => {
  it('splits a batch into batch.size pieces at the head of its queue, keeping record order', () => {
    const acc = accumulator({ lingerMs: 0, batchSizeBytes: 1000 });
    const big = new ProducerBatch('t', 0, 7, 10_000);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = record();
      ids.push(r.id);
      big.tryAppend(r);
    }
    big.attempts = 1;
    big.inFlight = true;
    const behind = append(acc, 0, 8);
    acc.splitAndReenqueue(big);
    expect(acc.pendingRecords).toBe(31);
    const order: number[][] = [];
    for (let i = 0; i < 10 && acc.pendingRecords > 0; i++) {
      for (const batch of drained(acc, 8).requests.get('b0') ?? []) order.push(batch.records.map((r) => r.id));
    }
    expect(order.map((o) => o.length)).toEqual([9, 9, 9, 3, 1]);
    expect(order.flat()).toEqual([...ids, behind.records[0]!.id]);
  });

  it('gives each piece the original creation time and attempts, within batch.size', () => {
    const acc = accumulator({ lingerMs: 1000, batchSizeBytes: 1000 });
    const big = new ProducerBatch('t', 3, 42, 5_000);
    for (let i = 0; i < 20; i++) big.tryAppend(record());
    big.attempts = 2;
    acc.splitAndReenqueue(big);
    const pieces: ProducerBatch[] = [];
    for (let i = 0; i < 5; i++) pieces.push(...(drained(acc, 42, oneLeader).requests.get('b0') ?? []));
    expect(pieces.map((p) => p.records.length)).toEqual([9, 9, 2]);
    for (const piece of pieces) {
      expect(piece).toMatchObject({ topic: 't', partition: 3, createdMs: 42, attempts: 2, capacityBytes: 1000 });
      expect(piece.estimatedSizeBytes).toBeLessThanOrEqual(1000);
    }
  });
});
