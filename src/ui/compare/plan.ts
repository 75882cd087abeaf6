// A comparison ready to run: the library scenario parsed and split into its two sides, and how far
// "até o fim" goes — past the scenario's last scheduled fault or client start, so that what that
// fault does (an election, a rebalance, a broker truncating its log on return) has time to show.
import { parseScenario } from '../../../sim/scenario/parse.ts';
import type { Scenario } from '../../../sim/scenario/schema.ts';
import { comparisonPair, type ComparisonKind, type ComparisonPair } from '../../../sim/compare/variants.ts';

/** How long both runs go on after the last thing the scenario schedules. */
export const SETTLE_MS = 20_000;
/** "Até o fim" never stops before this: even a quiet scenario shows a few rounds of traffic. */
export const END_MIN_MS = 30_000;

export type ComparisonPlan = { ok: true; pair: ComparisonPair; endMs: number } | { ok: false; message: string };

/** The last virtual time the scenario itself does something: a scheduled action or a client starting. */
export function lastScheduledMs(scenario: Scenario): number {
  const times = [
    ...scenario.schedule.map((entry) => entry.atMs),
    ...scenario.producers.map((producer) => producer.workload?.startMs ?? 0),
    ...scenario.consumers.map((consumer) => consumer.startMs ?? 0),
  ];
  return Math.max(0, ...times);
}

/** Where "até o fim" stops, on a whole second. */
export function comparisonEndMs(scenario: Scenario): number {
  return Math.max(END_MIN_MS, Math.ceil((lastScheduledMs(scenario) + SETTLE_MS) / 1000) * 1000);
}

/** Parses a library scenario (plain JSON) and makes the pair; a refusal carries the reason in English for the log. */
export function planComparison(raw: unknown, kind: ComparisonKind): ComparisonPlan {
  const parsed = parseScenario(raw);
  if (!parsed.ok) return { ok: false, message: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  const result = comparisonPair(parsed.scenario, kind);
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, pair: result.pair, endMs: comparisonEndMs(parsed.scenario) };
}
