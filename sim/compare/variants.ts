// Side by side: one scenario run twice with a single setting changed, so that a class sees what
// that setting buys (records lost, duplicates, the pause of a rebalance). Each comparison states
// exactly which settings differ; nothing else in the two scenarios does.
import type { Scenario } from '../scenario/schema.ts';

export const COMPARISON_KINDS = ['acks', 'idempotence', 'assignor', 'unclean'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

/** One setting that differs between the two runs, by Kafka's config name. */
export interface SettingChange {
  /** 'producer p1', 'consumer c1', 'topic pedidos' or 'cluster'. */
  target: { kind: 'producer' | 'consumer' | 'topic' | 'cluster'; id: string };
  config: string;
  a: string;
  b: string;
}

export interface ComparisonPair {
  kind: ComparisonKind;
  a: Scenario;
  b: Scenario;
  changes: SettingChange[];
}

/** The library scenario each comparison starts from: one whose faults make the difference show. */
export const COMPARISON_SCENARIOS: Record<ComparisonKind, string> = {
  acks: 'acks1-leader-cai',
  idempotence: 'retry-duplicado-sem-idempotencia',
  assignor: 'grupo-eager-vs-cooperativo',
  unclean: 'eleicao-unclean',
};

export type ComparisonResult = { ok: true; pair: ComparisonPair } | { ok: false; error: 'NOTHING_TO_COMPARE'; message: string };

export function comparisonPair(scenario: Scenario, kind: ComparisonKind): ComparisonResult {
  const a = cloneScenario(scenario);
  const b = cloneScenario(scenario);
  const changes: SettingChange[] = [];
  switch (kind) {
    case 'acks':
      // acks=1 with enable.idempotence left at its default turns idempotence off silently
      // (KAFKA-13673); set explicitly, it would be a config error, so run A says false.
      a.producers.forEach((producer, i) => {
        const before = { ...producer.config };
        producer.config = { ...before, acks: 1, 'enable.idempotence': false };
        b.producers[i]!.config = { ...before, acks: 'all' };
        changes.push(change('producer', producer.id, 'acks', '1', 'all'));
      });
      break;
    case 'idempotence':
      a.producers.forEach((producer, i) => {
        const before = { ...producer.config };
        producer.config = { ...before, 'enable.idempotence': false };
        // The idempotent producer needs acks=all, retries > 0 and at most 5 requests in flight.
        const inFlight = before['max.in.flight.requests.per.connection'];
        const withIdempotence = { ...before, 'enable.idempotence': true, acks: 'all' as const };
        if (inFlight !== undefined && inFlight > 5) withIdempotence['max.in.flight.requests.per.connection'] = 5;
        if (before.retries === 0) delete withIdempotence.retries;
        b.producers[i]!.config = withIdempotence;
        changes.push(change('producer', producer.id, 'enable.idempotence', 'false', 'true'));
        if (String(before.acks ?? 'all') !== 'all' && String(before.acks) !== '-1') changes.push(change('producer', producer.id, 'acks', String(before.acks), 'all'));
      });
      break;
    case 'assignor':
      a.consumers.forEach((consumer, i) => {
        // The consumer protocol (KIP-848) has no client-side assignor: those consumers stay as they are.
        if (consumer.config?.['group.protocol'] === 'consumer' || !consumer.config?.['group.id']) return;
        consumer.config = { ...consumer.config, 'partition.assignment.strategy': ['range'] };
        b.consumers[i]!.config = { ...b.consumers[i]!.config, 'partition.assignment.strategy': ['cooperative-sticky'] };
        changes.push(change('consumer', consumer.id, 'partition.assignment.strategy', 'range', 'cooperative-sticky'));
      });
      break;
    case 'unclean':
      a.cluster.config = { ...a.cluster.config, 'unclean.leader.election.enable': false };
      b.cluster.config = { ...b.cluster.config, 'unclean.leader.election.enable': true };
      changes.push(change('cluster', '', 'unclean.leader.election.enable', 'false', 'true'));
      // A topic's own setting overrides the cluster's: set it on every topic that has one.
      a.topics.forEach((topic, i) => {
        if (topic.configs?.['unclean.leader.election.enable'] === undefined) return;
        topic.configs = { ...topic.configs, 'unclean.leader.election.enable': false };
        b.topics[i]!.configs = { ...b.topics[i]!.configs, 'unclean.leader.election.enable': true };
        changes.push(change('topic', topic.name, 'unclean.leader.election.enable', 'false', 'true'));
      });
      break;
  }
  if (changes.length === 0) {
    return { ok: false, error: 'NOTHING_TO_COMPARE', message: `the scenario has nothing the "${kind}" comparison can change (no ${kind === 'assignor' ? 'classic consumer group' : 'producer'})` };
  }
  return { ok: true, pair: { kind, a, b, changes } };
}

function change(kind: SettingChange['target']['kind'], id: string, config: string, a: string, b: string): SettingChange {
  return { target: { kind, id }, config, a, b };
}

/** Scenarios are plain JSON once parsed (sim/ has no structuredClone: its lib is ES2022 only). */
function cloneScenario(scenario: Scenario): Scenario {
  return JSON.parse(JSON.stringify(scenario)) as Scenario;
}
