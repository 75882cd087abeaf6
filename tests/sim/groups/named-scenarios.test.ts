// The consumer-group scenarios in scenarios/grupo-*.json that lessons load: each parses, and each
// ends with the outcome its description promises. A new grupo-*.json needs its check here.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createSimulation, parseScenarioText, type GroupSnapshot, type Simulation, type TraceEvent } from '../../../sim/index.ts';
import { expectEachPartitionOwnedOnce, expectNoDoubleOwnership, only, runCollecting, stateChanges } from './harness.ts';

interface Run {
  sim: Simulation;
  events: TraceEvent[];
  group(id: string): GroupSnapshot;
  eventsOf(groupId: string): TraceEvent[];
}

function run(file: string, untilMs: number): Run {
  const parsed = parseScenarioText(readFileSync(`scenarios/${file}`, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  const sim = createSimulation(parsed.scenario);
  const events = runCollecting(sim, untilMs);
  const clientsOf = new Map(parsed.scenario.consumers.map((c) => [c.id, c.config?.['group.id']]));
  return {
    sim,
    events,
    group: (id) => sim.snapshot().groups.find((g) => g.groupId === id)!,
    // A group's events: the coordinator's (group field) and its consumers' (consumer field).
    eventsOf: (groupId) =>
      events.filter((e) => {
        const fields = e as unknown as { group?: string; consumer?: string };
        if (fields.group !== undefined) return fields.group === groupId;
        if (fields.consumer !== undefined) return clientsOf.get(fields.consumer) === groupId;
        return e.node.startsWith('consumer-') && clientsOf.get(e.node.slice('consumer-'.length)) === groupId;
      }),
  };
}

const headlines: Record<string, () => void> = {
  'grupo-escala-1-para-4.json': () => {
    const r = run('grupo-escala-1-para-4.json', 30_000);
    const g = r.group('processadores');
    expect(g).toMatchObject({ state: 'Stable', generation: 4, assignor: 'range' });
    expectEachPartitionOwnedOnce(g, 3);
    expect(g.members.filter((m) => m.assigned.length === 0)).toHaveLength(1);
    expect(only(r.events, 'group-join-answered').filter((e) => e.error === 'MEMBER_ID_REQUIRED')).toHaveLength(4);
    const changes = only(r.events, 'group-state-changed');
    expect(changes[1]!.timeMs - changes[0]!.timeMs).toBe(3_000);
    expect(r.sim.check().groups['processadores']!.neverProcessed.count).toBe(0);
  },
  'grupo-consumidor-cai.json': () => {
    const r = run('grupo-consumidor-cai.json', 40_000);
    const removed = only(r.events, 'group-member-removed');
    expect(removed.map((e) => [e.member.split('-')[0], e.reason])).toEqual([['c2', 'session-timeout']]);
    expect(removed[0]!.timeMs).toBeGreaterThan(12_000 + 6_000 - 1_100);
    expectEachPartitionOwnedOnce(r.group('processadores'), 3);
    const report = r.sim.check().groups['processadores']!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  },
  'grupo-consumidor-lento.json': () => {
    const r = run('grupo-consumidor-lento.json', 40_000);
    expect(only(r.events, 'poll-timeout-expired').map((e) => e.consumer)).toContain('lento');
    expect(only(r.events, 'group-member-left').some((e) => e.member.startsWith('lento-') && e.reason === 'consumer poll timeout has expired')).toBe(true);
    const report = r.sim.check().groups['processadores']!;
    expect(report.neverProcessed.count).toBe(0);
    expect(report.processedTwice.count).toBeGreaterThan(0);
    expect(report.processedTwice.examples.every((d) => d.consumers.includes('lento'))).toBe(true);
  },
  'grupo-membro-estatico.json': () => {
    const r = run('grupo-membro-estatico.json', 30_000);
    expect(only(r.events, 'group-static-member-replaced').map((e) => e.instanceId)).toEqual(['instancia-b']);
    expect(only(r.events, 'group-rebalance-started')).toHaveLength(1);
    expect(only(r.events, 'partitions-revoked')).toEqual([]);
    expect(r.group('processadores')).toMatchObject({ state: 'Stable', generation: 1 });
    expectEachPartitionOwnedOnce(r.group('processadores'), 3);
  },
  'grupo-coordenador-cai.json': () => {
    const r = run('grupo-coordenador-cai.json', 60_000);
    const crashed = only(r.events, 'coordinator-found').filter((e) => e.timeMs < 11_000);
    // The schedule crashes the broker that coordinates the group: check it still does.
    expect(crashed.map((e) => e.broker)).toEqual([2, 2]);
    const loaded = only(r.events, 'group-coordinator-loaded').find((e) => e.groups.includes('processadores') && e.timeMs > 11_000)!;
    expect(loaded.broker).not.toBe(2);
    const g = r.group('processadores');
    expect(g.coordinator).toBe(loaded.broker);
    expectEachPartitionOwnedOnce(g, 3);
    const report = r.sim.check().groups['processadores']!;
    expect(report.commitsWentBackwards.count).toBe(0);
    expect(report.neverProcessed.count).toBe(0);
    expect(report.notYetProcessed).toBe(0);
  },
  'grupo-eager-vs-cooperativo.json': () => {
    const r = run('grupo-eager-vs-cooperativo.json', 30_000);
    expect(r.group('eager')).toMatchObject({ state: 'Stable', generation: 4, assignor: 'range' });
    expect(r.group('cooperativo')).toMatchObject({ state: 'Stable', generation: 6, assignor: 'cooperative-sticky' });
    // Eager revokes 1 + 2 + 3 times, everything each time; cooperative twice, one partition each.
    const eager = only(r.eventsOf('eager'), 'partitions-revoked');
    const cooperative = only(r.eventsOf('cooperativo'), 'partitions-revoked');
    expect(eager).toHaveLength(6);
    expect(cooperative.map((e) => e.partitions.length)).toEqual([1, 1]);
    for (const id of ['eager', 'cooperativo']) {
      expectEachPartitionOwnedOnce(r.group(id), 3);
      expectNoDoubleOwnership(r.eventsOf(id));
    }
  },
  'grupo-at-most-once.json': () => {
    const r = run('grupo-at-most-once.json', 40_000);
    const report = r.sim.check().groups;
    expect(report['no-maximo-uma-vez']!.neverProcessed.count).toBeGreaterThan(0);
    expect(report['pelo-menos-uma-vez']!.neverProcessed.count).toBe(0);
    expect(report['pelo-menos-uma-vez']!.notYetProcessed).toBe(0);
    expect(r.sim.check().lost.count).toBe(0);
  },
  'grupo-kip848.json': () => {
    const r = run('grupo-kip848.json', 32_000);
    const classic = r.eventsOf('classico');
    const modern = r.eventsOf('kip848');
    expect(only(classic, 'group-join-answered').length).toBeGreaterThan(0);
    expect(only(classic, 'group-consumer-heartbeat')).toEqual([]);
    expect(only(modern, 'group-consumer-heartbeat').length).toBeGreaterThan(0);
    expect(only(modern, 'group-join-answered')).toEqual([]);
    expect(only(modern, 'group-target-assignment').map((e) => e.groupEpoch)).toEqual([1, 2, 3, 4]);
    expect(stateChanges(modern, 'kip848')).toContain('Stable→Reconciling');
    expect(r.group('classico')).toMatchObject({ protocol: 'classic', state: 'Stable', generation: 4 });
    expect(r.group('kip848')).toMatchObject({ protocol: 'consumer', state: 'Stable', generation: 4, assignor: 'uniform' });
    for (const id of ['classico', 'kip848']) expectEachPartitionOwnedOnce(r.group(id), 3);
  },
};

describe('consumer-group scenarios in scenarios/grupo-*.json', () => {
  const files = readdirSync('scenarios')
    .filter((f) => f.startsWith('grupo-') && f.endsWith('.json'))
    .sort();

  it('are all valid, in Portuguese, and each has its headline check here', () => {
    expect(files).toEqual(Object.keys(headlines).sort());
    for (const file of files) {
      const parsed = parseScenarioText(readFileSync(`scenarios/${file}`, 'utf8'), 'pt-BR');
      expect(parsed.ok, file).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.scenario.name, file).toBeTruthy();
      expect(parsed.scenario.description, file).toMatch(/consumidor|grupo/);
    }
  });

  for (const [file, headline] of Object.entries(headlines)) it(`${file} ends as its description says`, headline);
});
