// Every goal kind of the lesson vocabulary can be met and can fail, judged on real runs of the
// library's scenarios (so that a goal reading a field the engine does not emit cannot pass).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario } from '../../../sim/index.ts';
import { GoalTracker, goalSchema, type Goal, type GoalKind } from '../../../sim/goals/index.ts';
import type { Action } from '../../../sim/scenario/schema.ts';

interface Case {
  goal: Goal;
  met: boolean;
}

/** Runs a library scenario to `untilMs` (applying `actions` at their times) and judges the goals from `startMs`. */
function judge(name: string, untilMs: number, cases: Case[], options: { startMs?: number; actions?: { atMs: number; action: Action }[] } = {}): void {
  const parsed = parseScenario(JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
  const sim = createSimulation(parsed.scenario);
  const tracker = new GoalTracker(
    cases.map((c) => goalSchema.parse(c.goal)),
    options.startMs ?? 0,
  );
  const pending = [...(options.actions ?? [])];
  let lastSeq = 0;
  while (sim.nowMs() < untilMs) {
    const next = pending[0];
    const sliceEnd = Math.min(untilMs, sim.nowMs() + 100, next?.atMs ?? Number.POSITIVE_INFINITY);
    sim.runUntil(sliceEnd);
    if (next && sim.nowMs() >= next.atMs) {
      pending.shift();
      expect(sim.apply(next.action).ok).toBe(true);
      tracker.observeAction(sim.nowMs(), next.action);
    }
    const events = sim.traceEvents(lastSeq);
    if (events.length > 0) expect(events[0]!.seq).toBe(lastSeq + 1);
    for (const event of events) tracker.observe(event);
    lastSeq = events.at(-1)?.seq ?? lastSeq;
  }
  const statuses = tracker.evaluate({ snapshot: sim.snapshot(), report: () => sim.check(), findRecords: (query) => sim.findRecords(query) });
  cases.forEach((c, i) => expect({ goal: c.goal, met: statuses[i]!.met }).toEqual({ goal: c.goal, met: c.met }));
}

const covered = new Set<GoalKind>();
const met = (goal: Goal): Case => (covered.add(goal.kind), { goal, met: true });
const unmet = (goal: Goal): Case => ({ goal, met: false });

describe('GoalTracker', () => {
  it('judges a leader that loses acknowledged records (acks=1)', () => {
    judge('acks1-leader-cai', 30_000, [
      met({ kind: 'record-acknowledged', topic: 'pagamentos', producer: 'p', count: 5 }),
      unmet({ kind: 'record-acknowledged', topic: 'pagamentos', partition: 1 }),
      met({ kind: 'record-in-log', topic: 'pagamentos', key: null, committed: true }),
      unmet({ kind: 'record-in-log', topic: 'pagamentos', key: 'cliente-42' }),
      met({ kind: 'records-consumed', consumer: 'c', count: 10 }),
      unmet({ kind: 'records-consumed', consumer: 'c', count: 1_000_000 }),
      met({ kind: 'leader-changed', topic: 'pagamentos' }),
      unmet({ kind: 'leader-changed', topic: 'pagamentos', partition: 1 }),
      met({ kind: 'isr-shrunk', topic: 'pagamentos' }),
      met({ kind: 'isr-expanded', topic: 'pagamentos', partition: 0 }),
      unmet({ kind: 'isr-expanded', topic: 'outro' }),
      met({ kind: 'replica-truncated', topic: 'pagamentos', broker: 0 }),
      unmet({ kind: 'replica-truncated', topic: 'outro' }),
      unmet({ kind: 'unclean-leader-elected' }),
      met({ kind: 'broker-fenced', broker: 0 }),
      unmet({ kind: 'broker-fenced', broker: 1 }),
      met({ kind: 'controller-elected' }),
      met({ kind: 'time-elapsed', ms: 30_000 }),
      unmet({ kind: 'time-elapsed', ms: 30_001 }),
      met({ kind: 'broker-state', broker: 0, state: 'up' }),
      unmet({ kind: 'broker-state', broker: 1, state: 'down' }),
      unmet({ kind: 'broker-state', broker: 2, state: 'fenced' }),
      met({ kind: 'partition-leader', topic: 'pagamentos', partition: 0, epochAtLeast: 1 }),
      unmet({ kind: 'partition-leader', topic: 'pagamentos', partition: 0, leader: 'none' }),
      met({ kind: 'isr-size', topic: 'pagamentos', partition: 0, atMost: 3 }),
      unmet({ kind: 'isr-size', topic: 'pagamentos', partition: 0, size: 0 }),
      met({ kind: 'high-watermark', topic: 'pagamentos', partition: 0, atLeast: 100 }),
      unmet({ kind: 'high-watermark', topic: 'pagamentos', partition: 0, atLeast: 1_000_000 }),
      unmet({ kind: 'log-start-offset', topic: 'pagamentos', partition: 0, atLeast: 1 }),
      met({ kind: 'segment-count', topic: 'pagamentos', partition: 0, atLeast: 1 }),
      unmet({ kind: 'segment-count', topic: 'pagamentos', partition: 0, atLeast: 1000 }),
      met({ kind: 'topic-exists', topic: 'pagamentos', partitions: 1, replicationFactor: 3 }),
      unmet({ kind: 'topic-exists', topic: 'pagamentos', partitions: 2 }),
      met({ kind: 'consumer-partitions', consumer: 'c', count: 1 }),
      unmet({ kind: 'consumer-partitions', consumer: 'c', count: 0 }),
      met({ kind: 'acknowledged-records-lost', acks: '1' }),
      unmet({ kind: 'acknowledged-records-lost', acks: 'all' }),
      met({ kind: 'duplicates', atMost: 0 }),
      unmet({ kind: 'duplicates', atLeast: 1 }),
      met({ kind: 'active-controller' }),
      unmet({ kind: 'active-controller', not: 100 }),
    ]);
  });

  it('judges only what happens after the step began', () => {
    // The leadership moves at about 11.1 s (broker 0 fenced); nothing is elected between 12 s and 19 s.
    judge('acks1-leader-cai', 19_000, [unmet({ kind: 'controller-elected' }), unmet({ kind: 'leader-changed', topic: 'pagamentos' })], { startMs: 12_000 });
  });

  it('judges produce errors and the actions the person applied', () => {
    judge(
      'isr-insuficiente',
      // Requests wait in purgatory until request.timeout.ms (30 s); the retries then get NOT_ENOUGH_REPLICAS.
      36_000,
      [
        met({ kind: 'record-in-log', topic: 'pagamentos', partition: 0, key: 'cliente-42', value: 'olá', committed: true }),
        unmet({ kind: 'record-in-log', topic: 'pagamentos', key: 'cliente-42', value: 'outro valor' }),
        met({ kind: 'produce-error', error: 'NOT_ENOUGH_REPLICAS' }),
        unmet({ kind: 'produce-error', error: 'INVALID_RECORD' }),
        met({ kind: 'action-applied', action: 'pause-consumer' }),
        unmet({ kind: 'action-applied', action: 'crash-broker', broker: 2 }),
      ],
      {
        actions: [
          { atMs: 500, action: { type: 'pause-consumer', consumer: firstConsumer('isr-insuficiente') } },
          { atMs: 1000, action: { type: 'produce', producer: 'p', key: 'cliente-42', value: 'olá' } },
        ],
      },
    );
  });

  it('judges an unclean election', () => {
    judge('eleicao-unclean', 80_000, [met({ kind: 'unclean-leader-elected' })]);
  });

  it('judges a consumer group growing', () => {
    judge('grupo-escala-1-para-4', 25_000, [
      met({ kind: 'rebalance-started', group: groupOf('grupo-escala-1-para-4') }),
      met({ kind: 'rebalance-completed', group: groupOf('grupo-escala-1-para-4') }),
      unmet({ kind: 'rebalance-completed', group: 'outro' }),
      met({ kind: 'offsets-committed', group: groupOf('grupo-escala-1-para-4') }),
      unmet({ kind: 'offsets-committed', group: 'outro' }),
      met({ kind: 'group-state', group: groupOf('grupo-escala-1-para-4'), state: 'Stable', members: 4 }),
      unmet({ kind: 'group-state', group: groupOf('grupo-escala-1-para-4'), members: 7 }),
      met({ kind: 'group-lag', group: groupOf('grupo-escala-1-para-4'), atMost: 1000 }),
      unmet({ kind: 'group-lag', group: 'outro', atMost: 1000 }),
    ]);
  });

  it('judges segments rolling and retention moving the log start offset', () => {
    judge('primeiro-cluster', 100_000, [
      met({ kind: 'segment-rolled', topic: 'pedidos' }),
      unmet({ kind: 'segment-rolled', topic: 'outro' }),
      met({ kind: 'segments-deleted', topic: 'pedidos' }),
      unmet({ kind: 'segments-deleted', topic: 'pedidos', partition: 7 }),
      met({ kind: 'log-start-offset', topic: 'pedidos', partition: 0, atLeast: 1 }),
    ]);
  });

  it('covers every goal kind of the vocabulary', () => {
    const kinds = goalSchema.options.map((option) => option.shape.kind.value);
    expect([...covered].sort()).toEqual([...kinds].sort());
  });
});

function scenarioJson(name: string): { consumers: { id: string; config?: Record<string, unknown> }[] } {
  return JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8'));
}
function firstConsumer(name: string): string {
  return scenarioJson(name).consumers[0]!.id;
}
function groupOf(name: string): string {
  return String(scenarioJson(name).consumers.find((c) => c.config?.['group.id'])!.config!['group.id']);
}
