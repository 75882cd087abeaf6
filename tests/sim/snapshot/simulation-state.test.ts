// A captured simulation, revived, runs on exactly as the original does: same trace hash, same
// snapshot, same checker verdict, for every scenario of the library, random fault schedules and
// random actions around the capture. And capture never fails at an ordinary moment of a run.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSimulation, parseScenario, type Scenario, type Simulation } from '../../../sim/index.ts';
import { randomFaultScenario } from '../../../sim/check/fault-schedule.ts';
import { captureSimulation, reviveSimulation } from '../../../sim/snapshot/simulation-state.ts';
import type { Action } from '../../../sim/scenario/schema.ts';

const BUILD = 'test-build';
const SCENARIO_DIR = new URL('../../../scenarios/', import.meta.url);

function scenario(input: unknown): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.scenario;
}

const library: [string, Scenario][] = readdirSync(SCENARIO_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name, scenario(JSON.parse(readFileSync(new URL(name, SCENARIO_DIR), 'utf8')))]);

/** The copy the app makes: captured, through the structured clone algorithm (IndexedDB), revived. */
function copy(sim: Simulation): Simulation {
  return reviveSimulation(structuredClone(captureSimulation(sim, BUILD)), BUILD);
}

function expectSameRun(revived: Simulation, original: Simulation): void {
  expect(revived.nowMs()).toBe(original.nowMs());
  expect(revived.eventCount()).toBe(original.eventCount());
  expect(revived.traceHash()).toBe(original.traceHash());
  expect(revived.snapshot()).toEqual(original.snapshot());
  expect(revived.traceEvents(original.traceEvents().at(-1)!.seq - 50)).toEqual(original.traceEvents(original.traceEvents().at(-1)!.seq - 50));
}

describe('captured simulation', () => {
  // cena-grande is large (200 partitions): a shorter run keeps the test fast.
  it.each(library)('%s runs on the same after a capture and a revive', (name, chosen) => {
    const captureMs = name === 'cena-grande.json' ? 4_000 : 11_000;
    const original = createSimulation(chosen);
    original.runUntil(captureMs);
    const revived = copy(original);
    expectSameRun(revived, original);
    const endMs = captureMs * 2 + 1;
    original.runUntil(endMs);
    revived.runUntil(endMs);
    expectSameRun(revived, original);
    expect(revived.check()).toEqual(original.check());
    expect(revived.inputs()).toEqual(original.inputs());
  });

  it.each([1, 2, 4])('random fault schedule %i: capture succeeds every second, and each copy runs on the same', (seed) => {
    const chosen = scenario(randomFaultScenario(seed));
    const original = createSimulation(chosen);
    const failures: string[] = [];
    const copies: Simulation[] = [];
    for (let t = 1_000; t <= 60_000; t += 1_000) {
      original.runUntil(t);
      try {
        const state = captureSimulation(original, BUILD);
        if (t % 15_000 === 0) copies.push(reviveSimulation(structuredClone(state), BUILD));
      } catch (error) {
        failures.push(`${t} ms: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    for (const revived of copies) {
      revived.runUntil(original.nowMs());
      expectSameRun(revived, original);
    }
  });

  it('capture succeeds every 2 s in every scenario of the library', () => {
    const failures: string[] = [];
    for (const [name, chosen] of library) {
      if (name === 'cena-grande.json') continue;
      const sim = createSimulation(chosen);
      for (let t = 2_000; t <= 24_000; t += 2_000) {
        sim.runUntil(t);
        try {
          captureSimulation(sim, BUILD);
        } catch (error) {
          failures.push(`${name} at ${t} ms: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
    fc.integer({ min: 0, max: 99 }).map((n): Action => ({ type: 'produce', producer: 'p1', key: `k${n}`, value: `v${n}` })),
    fc.integer({ min: 0, max: 2 }).map((broker): Action => ({ type: 'crash-broker', broker })),
    fc.integer({ min: 0, max: 2 }).map((broker): Action => ({ type: 'restart-broker', broker })),
    fc.integer({ min: 0, max: 2 }).map((broker): Action => ({ type: 'shutdown-broker', broker })),
    fc.constant<Action>({ type: 'crash-client', client: 'c1' }),
    fc.constant<Action>({ type: 'restart-client', client: 'c1' }),
    fc.constant<Action>({ type: 'crash-controller', controller: 0 }),
    fc.constant<Action>({ type: 'restart-controller', controller: 0 }),
    fc.constant<Action>({ type: 'isolate-broker', broker: 1 }),
    fc.constant<Action>({ type: 'heal-network' }),
    fc.constant<Action>({ type: 'add-broker' }),
    fc.constant<Action>({ type: 'remove-client', client: 'c1' }),
    fc.constant<Action>({ type: 'reconfigure-client', client: 'p1', producerConfig: { acks: '1' } } as Action),
    fc.integer({ min: 2, max: 9 }).map((n): Action => ({ type: 'add-consumer', consumer: { id: `extra${n}`, topic: 'pedidos', config: { 'group.id': 'g-extra' } } } as Action)),
  );

  it('random actions before and after the capture: the copy and the original stay the same', () => {
    const base = library.find(([name]) => name === 'cena-padrao.json')![1];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 100, max: 3_000 }), actionArbitrary), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        (steps, captureAfter) => {
          const original = createSimulation(base);
          let revived: Simulation | null = null;
          steps.forEach(([waitMs, action], i) => {
            if (i === captureAfter) revived = copy(original);
            original.runFor(waitMs);
            const result = original.apply(action);
            if (revived !== null) {
              (revived as Simulation).runFor(waitMs);
              expect((revived as Simulation).apply(action)).toEqual(result);
            }
          });
          revived ??= copy(original);
          original.runFor(10_000);
          revived.runFor(10_000);
          expectSameRun(revived, original);
        },
      ),
      { numRuns: 12, seed: 8_2026 },
    );
  });
});
