import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPARISON_KINDS, COMPARISON_SCENARIOS } from '../../../sim/compare/variants.ts';
import { END_MIN_MS, comparisonEndMs, lastScheduledMs, planComparison } from '../../../src/ui/compare/plan.ts';
import { parseScenario } from '../../../sim/scenario/parse.ts';
import { changeLines } from '../../../src/ui/compare/changes.ts';

const library = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8'));

describe('planComparison', () => {
  it('makes every comparison from its library scenario, ending 20 s after the last scheduled thing', () => {
    const ends = Object.fromEntries(
      COMPARISON_KINDS.map((kind) => {
        const plan = planComparison(library(COMPARISON_SCENARIOS[kind]), kind);
        if (!plan.ok) throw new Error(plan.message);
        expect(plan.pair.changes.length).toBeGreaterThan(0);
        return [kind, plan.endMs];
      }),
    );
    // acks1-leader-cai restarts broker 0 at 20 s; eleicao-unclean at 70 s; the last eager/cooperative
    // consumer starts at 15 s; the idempotence scenario heals its link at 1.35 s (the minimum wins).
    expect(ends).toEqual({ acks: 40_000, idempotence: END_MIN_MS, assignor: 35_000, unclean: 90_000 });
  });

  it('refuses an invalid scenario and one with nothing to change, without throwing', () => {
    expect(planComparison({ name: 'x' }, 'acks')).toMatchObject({ ok: false });
    const scenario = library('acks1-leader-cai') as { consumers: unknown[] };
    const refused = planComparison({ ...scenario, consumers: [] }, 'assignor');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('assignor');
  });

  it('counts scheduled actions and late clients, rounding the end up to a whole second', () => {
    const parsed = parseScenario(library('grupo-eager-vs-cooperativo'));
    if (!parsed.ok) throw new Error('parse');
    expect(lastScheduledMs(parsed.scenario)).toBe(15_000);
    const late = { ...parsed.scenario, schedule: [{ atMs: 31_250, action: { type: 'heal-network' as const } }] };
    expect(comparisonEndMs(late)).toBe(52_000);
  });
});

describe('changeLines', () => {
  it('folds the same change on many clients into one line, in first-seen order', () => {
    const plan = planComparison(library('grupo-eager-vs-cooperativo'), 'assignor');
    if (!plan.ok) throw new Error(plan.message);
    expect(changeLines(plan.pair.changes)).toEqual([
      { kind: 'consumer', ids: ['e1', 'e2', 'e3', 'e4', 'k1', 'k2', 'k3', 'k4'], config: 'partition.assignment.strategy', a: 'range', b: 'cooperative-sticky' },
    ]);
    const unclean = planComparison(library('eleicao-unclean'), 'unclean');
    if (!unclean.ok) throw new Error(unclean.message);
    expect(changeLines(unclean.pair.changes)).toEqual([
      { kind: 'cluster', ids: [], config: 'unclean.leader.election.enable', a: 'false', b: 'true' },
      { kind: 'topic', ids: ['pagamentos'], config: 'unclean.leader.election.enable', a: 'false', b: 'true' },
    ]);
  });
});
