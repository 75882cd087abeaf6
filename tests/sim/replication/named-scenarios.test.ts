// The named scenarios in scenarios/ that lessons load: each must end as Kafka's rules say it does.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenarioText, type ScenarioInput, type TraceEvent, parseScenario } from '../../../sim/index.ts';

function load(name: string): ScenarioInput {
  return JSON.parse(readFileSync(`scenarios/${name}.json`, 'utf8')) as ScenarioInput;
}

function run(input: ScenarioInput, untilMs: number) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = createSimulation(parsed.scenario);
  sim.runUntil(untilMs);
  return { sim, report: sim.check(), snapshot: sim.snapshot(), events: sim.traceEvents() };
}

const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

describe('named scenarios', () => {
  it('every named scenario file is valid', () => {
    for (const name of ['acks1-leader-cai', 'acks-all-sem-perda', 'isr-insuficiente', 'eleicao-unclean']) {
      expect(parseScenarioText(readFileSync(`scenarios/${name}.json`, 'utf8')).ok, name).toBe(true);
    }
  });

  it('acks1-leader-cai: acks=1 and a leader crash lose acknowledged records, which the old leader truncates', () => {
    const { report, events, snapshot } = run(load('acks1-leader-cai'), 40_000);
    expect(report.lost.count).toBeGreaterThan(0);
    expect(report.lost.withAcksAll).toBe(0);
    expect(report.lost.examples.every((l) => l.acks === 1)).toBe(true);
    expect(ofType(events, 'replica-truncated').some((e) => e.broker === 0)).toBe(true);
    expect(snapshot.topics[0]!.partitions[0]!.leader).not.toBe(0);
  });

  it('acks-all-sem-perda: acks=all with min.insync.replicas=2 and RF=3 loses nothing in the same crash', () => {
    const { report, snapshot } = run(load('acks-all-sem-perda'), 40_000);
    expect(report.lost.count).toBe(0);
    expect(snapshot.topics[0]!.partitions[0]!.leader).not.toBe(0);
    expect(snapshot.producers[0]!.failedTotal).toBe(0);
  });

  it('isr-insuficiente: with one in-sync replica, acks=all writes get NOT_ENOUGH_REPLICAS until the ISR grows back', () => {
    const input = load('isr-insuficiente');
    const { report, snapshot, events } = run(input, 70_000);
    const refused = [...ofType(events, 'produce-retry'), ...ofType(events, 'produce-failed')].filter((e) => e.error === 'NOT_ENOUGH_REPLICAS');
    expect(refused.length).toBeGreaterThan(0);
    expect(ofType(events, 'produce-rejected').some((e) => e.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    expect(report.lost.count).toBe(0);
    // Back with three in-sync replicas, every record gets acknowledged.
    expect(snapshot.topics[0]!.partitions[0]!.isr).toHaveLength(3);
    expect(snapshot.producers[0]!.acked).toBe(input.producers![0]!.workload!.count);
  });

  it('eleicao-unclean: an out-of-sync leader elected uncleanly loses records acknowledged with acks=all', () => {
    const { report, events } = run(load('eleicao-unclean'), 110_000);
    expect(ofType(events, 'isr-shrunk').some((e) => (e.isr as number[]).length === 1)).toBe(true);
    expect(ofType(events, 'unclean-leader-elected')).toHaveLength(1);
    expect(report.lost.withAcksAll).toBeGreaterThan(0);
  });

  it('eleicao-unclean without unclean election: the partition waits offline for the old leader and loses nothing', () => {
    const input = load('eleicao-unclean');
    input.topics![0]!.configs = { 'unclean.leader.election.enable': false };
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const sim = createSimulation(parsed.scenario);
    sim.runUntil(65_000);
    expect(sim.snapshot().topics[0]!.partitions[0]!.leader).toBe(-1);
    sim.runUntil(110_000);
    expect(ofType(sim.traceEvents(), 'unclean-leader-elected')).toHaveLength(0);
    expect(sim.check().lost.count).toBe(0);
    expect(sim.snapshot().topics[0]!.partitions[0]!.leader).toBe(0);
  });
});
