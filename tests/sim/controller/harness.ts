// Whole-engine runs for the controller tests: a scenario, every trace event kept (the simulation
// retains only the latest ones), and the invariant checker watching every slice.
import { expect } from 'vitest';
import { createSimulation, parseScenario, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';
import { InvariantChecker } from '../../../sim/check/index.ts';

export const SESSION_TIMEOUT_MS = 9000;
export const HEARTBEAT_INTERVAL_MS = 2000;

export function simulate(input: ScenarioInput, checker: { allowEmptyIsr?: boolean } = {}) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = createSimulation(parsed.scenario);
  const invariants = new InvariantChecker(checker);
  const events: TraceEvent[] = [];
  let lastSeq = 0;
  const collect = () => {
    for (const e of sim.traceEvents(lastSeq)) {
      events.push(e);
      lastSeq = e.seq;
    }
  };
  /** Runs to `timeMs` in slices of 50 ms, judging the invariants after each. */
  const runUntil = (timeMs: number) => {
    while (sim.nowMs() < timeMs) {
      sim.runUntil(Math.min(timeMs, sim.nowMs() + 50));
      collect();
      invariants.observe(sim.snapshot(), sim.replicaDigests());
    }
  };
  const ofType = (type: string, filter: Record<string, unknown> = {}) =>
    events.filter((e) => e.type === type && Object.entries(filter).every(([k, v]) => e[k] === v));
  const apply = (action: Parameters<typeof sim.apply>[0]) => {
    const result = sim.apply(action);
    collect();
    return result;
  };
  const partition = (p = 0) => sim.snapshot().topics[0]!.partitions[p]!;
  const noViolations = () => expect(invariants.summary()).toMatchObject({ count: 0 });
  return { sim, runUntil, events, ofType, apply, partition, noViolations };
}

/** A 3-broker cluster, one topic of RF 3 led by broker 0 at first, and a steady acks=all producer. */
export function cluster(options: { minIsr?: number; brokerConfig?: Record<string, unknown>; controllers?: 1 | 3 | 5; partitions?: number; count?: number; seed?: number } = {}): ScenarioInput {
  return {
    seed: options.seed ?? 11,
    cluster: { brokers: 3, controllers: options.controllers ?? 1, config: options.brokerConfig ?? {} },
    topics: [{ name: 't', partitions: options.partitions ?? 1, replicationFactor: 3, configs: { 'min.insync.replicas': options.minIsr ?? 2 } }],
    producers: [{ id: 'p', topic: 't', config: { acks: 'all' }, workload: { ratePerSec: 20, count: options.count ?? 600, keys: { kind: 'none' } } }],
  } as ScenarioInput;
}
