import { describe, expect, it } from 'vitest';
import { createSimulation, defaultScenario, parseScenario, partitionForKey, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';

function simulate(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createSimulation(parsed.scenario);
}

const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

describe('the default scenario', () => {
  it('produces, appends and consumes: every acked record is below the HW and gets consumed', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(30_000);
    const snap = sim.snapshot();
    const producer = snap.producers[0]!;
    expect(producer.acked).toBeGreaterThan(500);
    expect(producer.failedTotal).toBe(0);
    const partitions = snap.topics[0]!.partitions;
    const totalHw = partitions.reduce((sum, p) => sum + p.highWatermark, 0);
    // acks=all with one replica: acked ⇒ below the HW; the rest is in flight or lingering.
    expect(totalHw).toBeGreaterThanOrEqual(producer.acked);
    expect(totalHw).toBeLessThanOrEqual(producer.sent);
    const consumer = snap.consumers[0]!;
    expect(consumer.consumed).toBeGreaterThan(producer.acked - 50);
    for (const a of consumer.assignment) expect(a.position).toBeLessThanOrEqual(partitions[a.partition]!.highWatermark);
  });

  it('is deterministic: same seed and inputs give the same trace hash; another seed another hash', () => {
    const run = (seed: number) => {
      const sim = createSimulation({ ...defaultScenario, seed });
      sim.runUntil(5_000);
      sim.apply({ type: 'produce', producer: 'p1', key: 'cliente-42', value: 'olá' });
      sim.runUntil(10_000);
      return sim.traceHash();
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });

  it('rolls segments on segment.ms and deletes them on retention.ms, advancing the log start offset', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(150_000);
    const events = sim.traceEvents();
    expect(ofType(events, 'segment-rolled').length).toBeGreaterThan(0);
    expect(ofType(events, 'segments-deleted').length).toBeGreaterThan(0);
    for (const p of sim.snapshot().topics[0]!.partitions) {
      const replica = p.replicaStates[0]!;
      expect(p.logStartOffset).toBeGreaterThan(0);
      expect(replica.segments[0]!.baseOffset).toBe(p.logStartOffset);
      expect(replica.segments.at(-1)!.active).toBe(true);
      expect(replica.segments[0]!.fileName).toMatch(/^\d{20}\.log$/);
    }
  });
});

describe('producing by hand', () => {
  it('sends a keyed record to the partition murmur2 picks', () => {
    const sim = createSimulation({ ...defaultScenario, producers: [{ id: 'p1', topic: 'pedidos' }], consumers: [] });
    sim.runUntil(1_000);
    const before = sim.snapshot().topics[0]!.partitions.map((p) => p.logEndOffset);
    expect(sim.apply({ type: 'produce', producer: 'p1', key: 'cliente-42', value: 'pedido 1', headers: [{ key: 'origem', value: 'aula' }] })).toEqual({ ok: true });
    sim.runUntil(2_000);
    const expected = partitionForKey('cliente-42', 3);
    const after = sim.snapshot().topics[0]!.partitions.map((p) => p.logEndOffset);
    after.forEach((leo, partition) => expect(leo - before[partition]!).toBe(partition === expected ? 1 : 0));
    const sent = ofType(sim.traceEvents(), 'record-sent')[0]!;
    expect(sent).toMatchObject({ partition: expected, key: 'cliente-42', byHand: true });
    expect(ofType(sim.traceEvents(), 'produce-acked')).toHaveLength(1);
  });

  it('refuses, before sending, a record larger than max.request.size', () => {
    const sim = createSimulation({ ...defaultScenario, producers: [{ id: 'p1', topic: 'pedidos' }], consumers: [] });
    const result = sim.apply({ type: 'produce', producer: 'p1', value: 'x'.repeat(2_000_000) });
    expect(result).toMatchObject({ ok: false, error: 'MESSAGE_TOO_LARGE' });
    expect(sim.inputs()).toHaveLength(0);
  });

  it('gets MESSAGE_TOO_LARGE from the broker for a batch over the topic max.message.bytes, and the log stays', () => {
    const sim = simulate({
      seed: 3,
      cluster: { brokers: 1 },
      topics: [{ name: 't', partitions: 1, configs: { 'max.message.bytes': 500 } }],
      producers: [{ id: 'p', topic: 't', config: { acks: 1 } }],
    });
    sim.runUntil(500);
    sim.apply({ type: 'produce', producer: 'p', value: 'pequeno' });
    sim.runUntil(1_000);
    sim.apply({ type: 'produce', producer: 'p', value: 'g'.repeat(800) });
    sim.runUntil(2_000);
    const snap = sim.snapshot();
    expect(snap.producers[0]).toMatchObject({ acked: 1, failed: { MESSAGE_TOO_LARGE: 1 } });
    expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(1);
    expect(ofType(sim.traceEvents(), 'produce-rejected')[0]).toMatchObject({ error: 'MESSAGE_TOO_LARGE' });
  });

  it('fails a record for an explicit partition the topic does not have', () => {
    const sim = createSimulation({ ...defaultScenario, producers: [{ id: 'p1', topic: 'pedidos' }], consumers: [] });
    sim.runUntil(500);
    sim.apply({ type: 'produce', producer: 'p1', value: 'x', partition: 7 });
    sim.runUntil(1_000);
    expect(sim.snapshot().producers[0]!.failed).toEqual({ INVALID_PARTITION: 1 });
  });
});

describe('topics', () => {
  it('auto-creates a topic a producer asks for, with num.partitions', () => {
    const sim = simulate({ seed: 5, cluster: { brokers: 2, config: { 'num.partitions': 4 } }, producers: [{ id: 'p', topic: 'novo' }] });
    sim.apply({ type: 'produce', producer: 'p', key: 'k', value: 'v' });
    sim.runUntil(2_000);
    const snap = sim.snapshot();
    expect(snap.topics.map((t) => [t.name, t.partitionCount])).toEqual([['novo', 4]]);
    expect(snap.producers[0]!.acked).toBe(1);
    expect(ofType(sim.traceEvents(), 'topic-created')[0]).toMatchObject({ topic: 'novo', autoCreated: true });
  });

  it('fails records after max.block.ms when the topic does not exist and cannot be created', () => {
    const sim = simulate({ seed: 5, cluster: { brokers: 1, config: { 'auto.create.topics.enable': false } }, producers: [{ id: 'p', topic: 'ausente' }] });
    sim.apply({ type: 'produce', producer: 'p', value: 'v' });
    sim.runUntil(59_000);
    expect(sim.snapshot().producers[0]!.failedTotal).toBe(0);
    sim.runUntil(62_000);
    expect(sim.snapshot().producers[0]!.failed).toEqual({ TIMEOUT_WAITING_FOR_METADATA: 1 });
  });

  it('creates and deletes topics through actions, with Kafka error names for bad requests', () => {
    const sim = simulate({ seed: 1, cluster: { brokers: 2 } });
    expect(sim.apply({ type: 'create-topic', topic: { name: 'a', partitions: 3, replicationFactor: 1 } })).toEqual({ ok: true });
    expect(sim.apply({ type: 'create-topic', topic: { name: 'a', partitions: 1 } })).toMatchObject({ ok: false, error: 'TOPIC_ALREADY_EXISTS' });
    expect(sim.apply({ type: 'create-topic', topic: { name: 'b', partitions: 1, replicationFactor: 3 } })).toMatchObject({ ok: false, error: 'INVALID_REPLICATION_FACTOR' });
    expect(sim.apply({ type: 'delete-topic', name: 'nada' })).toMatchObject({ ok: false, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(sim.apply({ type: 'delete-topic', name: 'a' })).toEqual({ ok: true });
    expect(sim.snapshot().topics).toEqual([]);
  });
});

describe('consumer by assignment', () => {
  const scenario = (reset: 'earliest' | 'latest'): ScenarioInput => ({
    seed: 9,
    cluster: { brokers: 1 },
    topics: [{ name: 't', partitions: 2 }],
    producers: [{ id: 'p', topic: 't', workload: { ratePerSec: 100, count: 200, keys: { kind: 'sequence', prefix: 'k', cardinality: 10 } } }],
    consumers: [{ id: 'c', topic: 't', startMs: 5_000, config: { 'auto.offset.reset': reset } }],
  });

  it('auto.offset.reset=earliest reads everything from the log start offset', () => {
    const sim = simulate(scenario('earliest'));
    sim.runUntil(10_000);
    const snap = sim.snapshot();
    expect(snap.consumers[0]!.consumed).toBe(200);
    expect(snap.consumers[0]!.assignment.map((a) => a.lag)).toEqual([0, 0]);
  });

  it('auto.offset.reset=latest starts at the high watermark and only sees later records', () => {
    const sim = simulate(scenario('latest'));
    sim.runUntil(10_000);
    const snap = sim.snapshot();
    expect(snap.consumers[0]!.consumed).toBe(0);
    const resets = ofType(sim.traceEvents(), 'offset-reset');
    expect(resets.map((e) => e.offset)).toEqual(snap.topics[0]!.partitions.map((p) => p.highWatermark));
  });

  it('lags behind when processing is slower than production', () => {
    const sim = simulate({
      seed: 9,
      cluster: { brokers: 1 },
      topics: [{ name: 't', partitions: 1 }],
      producers: [{ id: 'p', topic: 't', workload: { ratePerSec: 200 } }],
      consumers: [{ id: 'c', topic: 't', config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 10 }, processing: { perRecordMs: 10 } }],
    });
    sim.runUntil(10_000);
    const lag = sim.snapshot().consumers[0]!.assignment[0]!.lag;
    expect(lag).toBeGreaterThan(500);
  });
});

describe('a broker crash', () => {
  it('takes its partitions offline after the session timeout; producers retry and deliver after the restart', () => {
    const sim = simulate({
      seed: 11,
      cluster: { brokers: 1 },
      topics: [{ name: 't', partitions: 1 }],
      producers: [{ id: 'p', topic: 't', config: { acks: 1 }, workload: { ratePerSec: 10, count: 300 } }],
      schedule: [
        { atMs: 5_000, action: { type: 'crash-broker', broker: 0 } },
        { atMs: 20_000, action: { type: 'restart-broker', broker: 0 } },
      ],
    });
    sim.runUntil(15_000);
    let snap = sim.snapshot();
    expect(snap.brokers[0]!.status).toBe('down');
    expect(snap.topics[0]!.partitions[0]).toMatchObject({ leader: -1, leaderEpoch: 1 });
    sim.runUntil(60_000);
    snap = sim.snapshot();
    expect(snap.topics[0]!.partitions[0]).toMatchObject({ leader: 0, leaderEpoch: 2 });
    expect(snap.producers[0]).toMatchObject({ sent: 300, acked: 300, failedTotal: 0 });
    expect(snap.producers[0]!.retries).toBeGreaterThan(0);
    // The disk survived: everything acked before the crash is still there.
    expect(snap.topics[0]!.partitions[0]!.logEndOffset).toBe(300);
  });
});
