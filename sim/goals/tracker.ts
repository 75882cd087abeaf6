// Judges a lesson step's goals from outside the engine: event goals latch when a matching trace
// event (or user action) arrives after the step began; state goals are read from each snapshot.
// The checker's report (lost records, duplicates) is asked for only by goals that need it.
import type { TraceEvent } from '../kernel/types.ts';
import type { ClusterSnapshot } from '../snapshot.ts';
import type { HistoryReport } from '../check/index.ts';
import type { Action } from '../scenario/schema.ts';
import type { RecordMatch, RecordQuery } from './log-search.ts';
import { isEventGoal, type Goal } from './schema.ts';

export interface GoalStatus {
  met: boolean;
  /** For goals that count: how far along, e.g. 2 of 3 records. */
  progress?: { current: number; target: number };
}

export interface GoalView {
  snapshot: ClusterSnapshot;
  /** The history checker's verdict so far; called only when a goal needs it. */
  report: () => HistoryReport;
  /** Records in the leader logs matching a key or value. */
  findRecords: (query: RecordQuery) => RecordMatch[];
}

type Fields = Record<string, unknown>;

export class GoalTracker {
  readonly goals: readonly Goal[];
  readonly startMs: number;
  /** Per goal: how many matching events so far (event goals). */
  readonly #counts: number[];

  constructor(goals: readonly Goal[], startMs: number) {
    this.goals = goals;
    this.startMs = startMs;
    this.#counts = goals.map(() => 0);
  }

  observe(event: TraceEvent): void {
    if (event.timeMs < this.startMs) return;
    const e = event as unknown as Fields;
    this.goals.forEach((goal, i) => {
      this.#counts[i]! += matchEvent(goal, event.type, e);
    });
  }

  /** A user action applied during the step. */
  observeAction(timeMs: number, action: Action): void {
    if (timeMs < this.startMs) return;
    const a = action as unknown as Fields;
    this.goals.forEach((goal, i) => {
      if (goal.kind !== 'action-applied' || goal.action !== action.type) return;
      if (goal.broker !== undefined && a['broker'] !== goal.broker) return;
      if (goal.client !== undefined && ![a['client'], a['producer'], a['consumer']].includes(goal.client)) return;
      this.#counts[i]!++;
    });
  }

  evaluate(view: GoalView): GoalStatus[] {
    let report: HistoryReport | null = null;
    const lazyReport = (): HistoryReport => (report ??= view.report());
    return this.goals.map((goal, i) => {
      if (goal.kind === 'time-elapsed') {
        return progress(view.snapshot.timeMs - this.startMs, goal.ms);
      }
      if (isEventGoal(goal)) {
        const target = 'count' in goal && goal.count !== undefined ? goal.count : 1;
        return progress(this.#counts[i]!, target);
      }
      return evaluateState(goal, view, lazyReport);
    });
  }
}

function progress(current: number, target: number): GoalStatus {
  return { met: current >= target, progress: { current: Math.min(current, target), target } };
}

/** How many times (0 or 1) one trace event meets an event goal. */
function matchEvent(goal: Goal, type: string, e: Fields): number {
  const is = (field: string, want: unknown): boolean => want === undefined || e[field] === want;
  switch (goal.kind) {
    case 'record-acknowledged':
      return type === 'produce-acked' && is('producer', goal.producer) && is('topic', goal.topic) && is('partition', goal.partition) ? Number(e['records']) : 0;
    case 'records-consumed':
      return type === 'records-consumed' && is('consumer', goal.consumer) ? Number(e['records']) : 0;
    case 'leader-changed':
      return Number(type === 'leader-changed' && is('topic', goal.topic) && is('partition', goal.partition) && e['leader'] !== e['previousLeader']);
    case 'produce-error':
      return Number(
        ((type === 'produce-failed' || type === 'produce-retry') && is('producer', goal.producer) && e['error'] === goal.error) ||
          // produce-rejected is the broker's side; it names the client by its node (producer-<id>).
          (type === 'produce-rejected' && (goal.producer === undefined || e['client'] === `producer-${goal.producer}`) && e['error'] === goal.error),
      );
    case 'isr-shrunk':
    case 'isr-expanded':
    case 'segment-rolled':
    case 'segments-deleted':
      return Number(type === goal.kind && is('topic', goal.topic) && is('partition', goal.partition));
    case 'replica-truncated':
      return Number(type === 'replica-truncated' && is('topic', goal.topic) && is('broker', goal.broker));
    case 'unclean-leader-elected':
      return Number(type === 'unclean-leader-elected' && is('topic', goal.topic));
    case 'broker-fenced':
      return Number(type === 'broker-fenced' && is('broker', goal.broker));
    case 'controller-elected':
      return Number(type === 'controller-elected');
    case 'rebalance-started':
      return Number(
        e['group'] === goal.group &&
          (type === 'group-rebalance-started' || (type === 'group-state-changed' && e['protocol'] === 'consumer' && e['to'] === 'Assigning')),
      );
    case 'rebalance-completed':
      return Number(type === 'group-state-changed' && e['group'] === goal.group && e['to'] === 'Stable' && e['from'] !== 'Stable');
    case 'offsets-committed':
      return Number(type === 'offsets-committed' && e['group'] === goal.group && e['error'] === 'NONE');
    default:
      return 0;
  }
}

function evaluateState(goal: Goal, view: GoalView, report: () => HistoryReport): GoalStatus {
  const { snapshot } = view;
  const partitionOf = (topic: string, partition: number) =>
    snapshot.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition);
  const yes = (met: boolean): GoalStatus => ({ met });
  switch (goal.kind) {
    case 'record-in-log': {
      const query: RecordQuery = { topic: goal.topic, limit: 1000, ...(goal.partition !== undefined ? { partition: goal.partition } : {}), ...(goal.key !== undefined ? { key: goal.key } : {}), ...(goal.value !== undefined ? { value: goal.value } : {}) };
      return yes(view.findRecords(query).some((match) => goal.committed === undefined || match.committed === goal.committed));
    }
    case 'broker-state': {
      const broker = snapshot.brokers.find((b) => b.id === goal.broker);
      if (!broker) return yes(false);
      if (goal.state === 'fenced') return yes(broker.fenced === true);
      if (goal.state === 'down') return yes(broker.status === 'down');
      return yes(broker.status === 'up' && broker.fenced !== true);
    }
    case 'partition-leader': {
      const p = partitionOf(goal.topic, goal.partition);
      if (!p) return yes(false);
      const leaderOk = goal.leader === undefined ? p.leader >= 0 : goal.leader === 'none' ? p.leader < 0 : p.leader === goal.leader;
      return yes(leaderOk && (goal.epochAtLeast === undefined || p.leaderEpoch >= goal.epochAtLeast));
    }
    case 'isr-size': {
      const p = partitionOf(goal.topic, goal.partition);
      if (!p) return yes(false);
      return yes((goal.size === undefined || p.isr.length === goal.size) && (goal.atMost === undefined || p.isr.length <= goal.atMost));
    }
    case 'high-watermark': {
      const p = partitionOf(goal.topic, goal.partition);
      return progress(p?.highWatermark ?? 0, goal.atLeast);
    }
    case 'log-start-offset': {
      const p = partitionOf(goal.topic, goal.partition);
      return yes((p?.logStartOffset ?? 0) >= goal.atLeast);
    }
    case 'segment-count': {
      const p = partitionOf(goal.topic, goal.partition);
      const leader = p?.replicaStates.find((r) => r.broker === p.leader) ?? p?.replicaStates[0];
      return progress(leader?.segments.length ?? 0, goal.atLeast);
    }
    case 'topic-exists': {
      const t = snapshot.topics.find((topic) => topic.name === goal.topic);
      return yes(t !== undefined && (goal.partitions === undefined || t.partitionCount === goal.partitions) && (goal.replicationFactor === undefined || t.replicationFactor === goal.replicationFactor));
    }
    case 'group-state': {
      const g = snapshot.groups.find((group) => group.groupId === goal.group);
      return yes(g !== undefined && (goal.state === undefined || g.state === goal.state) && (goal.members === undefined || g.members.length === goal.members));
    }
    case 'group-lag': {
      const g = snapshot.groups.find((group) => group.groupId === goal.group);
      if (!g || g.offsets.length === 0) return yes(false);
      return yes(g.offsets.every((o) => o.endOffset - Math.max(0, o.committed) <= goal.atMost));
    }
    case 'consumer-partitions': {
      const c = snapshot.consumers.find((consumer) => consumer.id === goal.consumer);
      return yes(c !== undefined && c.status === 'running' && c.assignment.length === goal.count);
    }
    case 'acknowledged-records-lost': {
      const lost = report().lost;
      const count = goal.acks === 'all' ? lost.withAcksAll : goal.acks === '1' ? lost.count - lost.withAcksAll : lost.count;
      return yes(count > 0);
    }
    case 'duplicates': {
      const duplicates = report().duplicated.count;
      return yes((goal.atLeast === undefined || duplicates >= goal.atLeast) && (goal.atMost === undefined || duplicates <= goal.atMost));
    }
    case 'active-controller': {
      const active = (snapshot.controllers ?? []).find((c) => c.active && c.status === 'up');
      return yes(active !== undefined && (goal.not === undefined || active.id !== goal.not));
    }
    default:
      return yes(false);
  }
}
