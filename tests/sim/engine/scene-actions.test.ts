import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';
import type { Action } from '../../../sim/scenario/schema.ts';

function simulate(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createSimulation(parsed.scenario);
}
const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

const base: ScenarioInput = {
  seed: 7,
  cluster: { brokers: 3 },
  topics: [{ name: 't', partitions: 3, replicationFactor: 3 }],
  producers: [{ id: 'p', topic: 't', config: { acks: 'all' }, workload: { ratePerSec: 50, keys: { kind: 'sequence', prefix: 'k', cardinality: 9 } } }],
  consumers: [
    { id: 'c1', topic: 't', config: { 'group.id': 'g', 'auto.offset.reset': 'earliest' } },
    { id: 'c2', topic: 't', config: { 'group.id': 'g', 'auto.offset.reset': 'earliest' } },
  ],
};

/** Runs the base scene, applying `actions` at their times, and returns the simulation. */
function run(actions: { atMs: number; action: Action }[], untilMs: number, input: ScenarioInput = base) {
  const sim = simulate(input);
  const results: unknown[] = [];
  for (const { atMs, action } of actions) {
    sim.runUntil(atMs);
    results.push(sim.apply(action));
  }
  sim.runUntil(untilMs);
  return { sim, results };
}

describe('add-consumer', () => {
  it('a third member joins the group: the group rebalances and is Stable with three members, each owning one partition', () => {
    const { sim, results } = run([{ atMs: 8000, action: { type: 'add-consumer', consumer: { id: 'c3', topic: 't', config: { 'group.id': 'g', 'auto.offset.reset': 'earliest' } } } }], 20_000);
    expect(results).toEqual([{ ok: true }]);
    const snap = sim.snapshot();
    const group = snap.groups.find((g) => g.groupId === 'g')!;
    expect(group.state).toBe('Stable');
    expect(group.members).toHaveLength(3);
    const owned = snap.consumers.map((c) => c.assignment.map((a) => a.partition)).flat().sort();
    expect(owned).toEqual([0, 1, 2]);
    expect(snap.consumers.find((c) => c.id === 'c3')!.assignment).toHaveLength(1);
    expect(ofType(sim.traceEvents(), 'client-added')).toEqual([expect.objectContaining({ client: 'c3', kind: 'consumer' })]);
    expect(sim.inputs()).toEqual([{ timeMs: 8000, action: expect.objectContaining({ type: 'add-consumer' }) }]);
  });

  it('refuses an id in use, a commit mode without group.id and a malformed spec, changing nothing', () => {
    const sim = simulate(base);
    sim.runUntil(3000);
    const hash = sim.traceHash();
    expect(sim.apply({ type: 'add-consumer', consumer: { id: 'p', topic: 't' } })).toMatchObject({ ok: false, error: 'CLIENT_ID_IN_USE' });
    expect(sim.apply({ type: 'add-consumer', consumer: { id: 'c9', topic: 't', commit: 'sync-after-processing' } })).toMatchObject({ ok: false, error: 'INVALID_CONFIG' });
    expect(sim.apply({ type: 'add-consumer', consumer: { id: 'bad id', topic: 't' } } as Action)).toMatchObject({ ok: false, error: 'INVALID_REQUEST' });
    expect(sim.apply({ type: 'add-producer', producer: { id: 'p2', topic: 't', config: { 'enable.idempotence': true, acks: 1 } } })).toMatchObject({ ok: false, error: 'INVALID_REQUEST' });
    expect(sim.traceHash()).toBe(hash);
    expect(sim.inputs()).toEqual([]);
  });
});

describe('add-producer', () => {
  it('a new producer sends its workload and every record is acknowledged', () => {
    const { sim } = run([{ atMs: 2000, action: { type: 'add-producer', producer: { id: 'p2', topic: 't', workload: { ratePerSec: 100, count: 300 } } } }], 15_000);
    const p2 = sim.snapshot().producers.find((p) => p.id === 'p2')!;
    expect(p2).toMatchObject({ sent: 300, acked: 300, failedTotal: 0 });
  });
});

describe('remove-client', () => {
  it('a consumer closes gracefully: it commits, sends LeaveGroup, and the group rebalances at once (no session timeout wait)', () => {
    const { sim } = run([{ atMs: 10_000, action: { type: 'remove-client', client: 'c2' } }], 13_000);
    const events = sim.traceEvents();
    expect(ofType(events, 'client-closing')).toHaveLength(1);
    expect(ofType(events, 'client-closed')).toEqual([expect.objectContaining({ client: 'c2', reason: 'removed', timedOut: false })]);
    const closedAt = ofType(events, 'client-closed')[0]!.timeMs;
    // LeaveGroup, not session.timeout.ms (45 s): the group is Stable again within a few seconds.
    expect(closedAt).toBeLessThan(10_500);
    const snap = sim.snapshot();
    expect(snap.consumers.map((c) => c.id)).toEqual(['c1']);
    const group = snap.groups.find((g) => g.groupId === 'g')!;
    expect(group.state).toBe('Stable');
    expect(group.members).toHaveLength(1);
    expect(snap.consumers[0]!.assignment.map((a) => a.partition)).toEqual([0, 1, 2]);
  });

  it('a producer closes after delivering what it accepted; the id can be used again later', () => {
    const { sim, results } = run(
      [
        { atMs: 5000, action: { type: 'remove-client', client: 'p' } },
        { atMs: 5001, action: { type: 'produce', producer: 'p', key: 'x', value: 'y' } },
        { atMs: 8000, action: { type: 'add-producer', producer: { id: 'p', topic: 't' } } },
      ],
      9000,
    );
    expect(results[0]).toEqual({ ok: true });
    expect(results[1]).toMatchObject({ ok: false });
    expect(results[2]).toEqual({ ok: true });
    const closed = ofType(sim.traceEvents(), 'client-closed');
    expect(closed).toEqual([expect.objectContaining({ client: 'p', timedOut: false })]);
    const report = sim.check();
    expect(report.lost.count).toBe(0);
    expect(report.clean).toBe(true);
  });

  it('refuses an unknown client', () => {
    const sim = simulate(base);
    expect(sim.apply({ type: 'remove-client', client: 'zz' })).toMatchObject({ ok: false, error: 'UNKNOWN_CLIENT' });
  });
});

describe('reconfigure-client', () => {
  it('a producer restarts with acks=1 and linger.ms=20 (same id); its workload goes on', () => {
    const { sim, results } = run([{ atMs: 4000, action: { type: 'reconfigure-client', client: 'p', producerConfig: { acks: 1, 'enable.idempotence': false, 'linger.ms': 20 } } }], 8000);
    expect(results).toEqual([{ ok: true }]);
    const p = sim.snapshot().producers.find((x) => x.id === 'p')!;
    expect(p).toMatchObject({ acks: 1, idempotent: false, lingerMs: 20, status: 'running' });
    const reconfigured = ofType(sim.traceEvents(), 'client-reconfigured');
    expect(reconfigured).toHaveLength(1);
    expect(reconfigured[0]!.changes).toEqual(['acks=1', 'enable.idempotence=false', 'linger.ms=20']);
    expect(p.acked).toBeGreaterThan(0);
  });

  it('a consumer changes its assignor to cooperative-sticky and commit mode; the group is Stable again with both members', () => {
    const { sim } = run(
      [{ atMs: 6000, action: { type: 'reconfigure-client', client: 'c1', consumerConfig: { 'partition.assignment.strategy': ['cooperative-sticky', 'range'], 'max.poll.interval.ms': 60_000 }, commit: 'sync-after-processing' } }],
      20_000,
    );
    const snap = sim.snapshot();
    const c1 = snap.consumers.find((c) => c.id === 'c1')!;
    expect(c1.commitMode).toBe('sync-after-processing');
    const group = snap.groups.find((g) => g.groupId === 'g')!;
    expect(group.state).toBe('Stable');
    expect(group.members).toHaveLength(2);
  });

  it('refuses settings of the other kind, invalid combinations and no change at all', () => {
    const sim = simulate(base);
    sim.runUntil(2000);
    const hash = sim.traceHash();
    expect(sim.apply({ type: 'reconfigure-client', client: 'p', consumerConfig: { 'session.timeout.ms': 10_000 } })).toMatchObject({ ok: false, error: 'INVALID_CONFIG' });
    expect(sim.apply({ type: 'reconfigure-client', client: 'p', producerConfig: { acks: 0 } })).toMatchObject({ ok: true });
    expect(sim.apply({ type: 'reconfigure-client', client: 'p', producerConfig: { acks: 1 } })).toMatchObject({ ok: false, error: 'CLIENT_CLOSING' });
    const sim2 = simulate(base);
    sim2.runUntil(2000);
    const hash2 = sim2.traceHash();
    expect(sim2.apply({ type: 'reconfigure-client', client: 'p', producerConfig: { acks: 'all' } })).toMatchObject({ ok: false, error: 'NOTHING_TO_CHANGE' });
    expect(sim2.apply({ type: 'reconfigure-client', client: 'p', producerConfig: { 'enable.idempotence': true, acks: 1 } })).toMatchObject({ ok: false });
    expect(sim2.apply({ type: 'reconfigure-client', client: 'c1', producerConfig: { acks: 1 } })).toMatchObject({ ok: false, error: 'INVALID_CONFIG' });
    expect(sim2.traceHash()).toBe(hash2);
    expect(hash).toBeTruthy();
  });
});

describe('add-broker and remove-broker', () => {
  it('a new broker registers fenced, is unfenced, holds no replicas, and a topic created afterwards may use it', () => {
    const { sim, results } = run(
      [
        { atMs: 1000, action: { type: 'add-broker' } },
        { atMs: 6000, action: { type: 'create-topic', topic: { name: 'novo', partitions: 8, replicationFactor: 4 } } },
      ],
      10_000,
    );
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    const events = sim.traceEvents();
    expect(ofType(events, 'broker-added')).toEqual([expect.objectContaining({ broker: 3 })]);
    expect(ofType(events, 'broker-registered').some((e) => e.broker === 3)).toBe(true);
    expect(ofType(events, 'broker-unfenced').some((e) => e.broker === 3)).toBe(true);
    const snap = sim.snapshot();
    const b3 = snap.brokers.find((b) => b.id === 3)!;
    expect(b3).toMatchObject({ status: 'up', fenced: false });
    // No automatic reassignment: the old topic stays where it was.
    expect(snap.topics.find((t) => t.name === 't')!.partitions.every((p) => !p.replicas.includes(3))).toBe(true);
    expect(snap.topics.find((t) => t.name === 'novo')!.partitions.every((p) => p.replicas.includes(3))).toBe(true);
  });

  it('removes a broker without replicas, and refuses one that holds replicas', () => {
    const sim = simulate(base);
    sim.runUntil(1000);
    expect(sim.apply({ type: 'remove-broker', broker: 0 })).toMatchObject({ ok: false, error: 'BROKER_HAS_REPLICAS' });
    expect(sim.apply({ type: 'remove-broker', broker: 9 })).toMatchObject({ ok: false, error: 'BROKER_ID_NOT_REGISTERED' });
    expect(sim.apply({ type: 'add-broker' })).toEqual({ ok: true });
    sim.runUntil(5000);
    expect(sim.apply({ type: 'remove-broker', broker: 3 })).toEqual({ ok: true });
    sim.runUntil(8000);
    const snap = sim.snapshot();
    expect(snap.brokers.map((b) => b.id)).toEqual([0, 1, 2]);
    expect(ofType(sim.traceEvents(), 'broker-unregistered')).toEqual([expect.objectContaining({ broker: 3 })]);
    // The id is free again.
    expect(sim.apply({ type: 'add-broker' })).toEqual({ ok: true });
    sim.runUntil(12_000);
    expect(sim.snapshot().brokers.find((b) => b.id === 3)).toMatchObject({ status: 'up', fenced: false });
  });
});

describe('determinism', () => {
  it('the same scene actions at the same virtual times give the same trace hash', () => {
    const actions: { atMs: number; action: Action }[] = [
      { atMs: 1000, action: { type: 'add-broker' } },
      { atMs: 3000, action: { type: 'add-consumer', consumer: { id: 'c3', topic: 't', config: { 'group.id': 'g' } } } },
      { atMs: 5000, action: { type: 'reconfigure-client', client: 'p', producerConfig: { 'linger.ms': 50 } } },
      { atMs: 7000, action: { type: 'remove-client', client: 'c1' } },
      { atMs: 8000, action: { type: 'add-producer', producer: { id: 'p9', topic: 't', workload: { ratePerSec: 10 } } } },
    ];
    const a = run(actions, 15_000).sim;
    const b = run(actions, 15_000).sim;
    expect(a.traceHash()).toBe(b.traceHash());
    // And replaying the recorded inputs gives the same trace.
    const c = run(a.inputs().map((i) => ({ atMs: i.timeMs, action: i.action })), 15_000).sim;
    expect(c.traceHash()).toBe(a.traceHash());
  });

  it('a scenario may schedule the new actions, and names the clients they add', () => {
    const parsed = parseScenario({
      ...base,
      schedule: [
        { atMs: 1000, action: { type: 'add-producer', producer: { id: 'p5', topic: 't' } } },
        { atMs: 2000, action: { type: 'produce', producer: 'p5', key: 'a', value: 'b' } },
        { atMs: 3000, action: { type: 'add-broker' } },
        { atMs: 4000, action: { type: 'cut-link', a: 'broker-3', b: 'producer-p5' } },
      ],
    });
    expect(parsed.ok).toBe(true);
  });
});

describe('produce by hand', () => {
  it('record-acked tells the partition murmur2 chose and the offset the record landed at', async () => {
    const { partitionForKey } = await import('../../../sim/clients/murmur2.ts');
    const { sim } = run([{ atMs: 3000, action: { type: 'produce', producer: 'p', key: 'cliente-42', value: 'oi', headers: [{ key: 'origem', value: 'teste' }] } }], 4000);
    const acked = ofType(sim.traceEvents(), 'record-acked');
    expect(acked).toHaveLength(1);
    expect(acked[0]).toMatchObject({ producer: 'p', topic: 't', partition: partitionForKey('cliente-42', 3), key: 'cliente-42' });
    const partition = sim.snapshot().topics[0]!.partitions[acked[0]!.partition as number]!;
    expect(acked[0]!.offset as number).toBeLessThan(partition.logEndOffset);
  });
});
