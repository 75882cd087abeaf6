// The verdict table's rows: one per metric of sim/compare's RunVerdict, both sides' values and which
// side did better. Every metric is "lower is better". Durations are compared in whole
// milliseconds: a tenth of a millisecond is the simulation's arithmetic, not a difference a class
// should be told about.
import { VERDICT_METRICS, type RunVerdict, type VerdictMetric } from '../../../sim/compare/verdict.ts';

export type Side = 'a' | 'b';

export interface VerdictRow {
  metric: VerdictMetric;
  a: number | null;
  b: number | null;
  /** The side with the lower value; null while equal or unknown. */
  better: Side | null;
}

const DURATION_METRICS: ReadonlySet<VerdictMetric> = new Set(['stopTheWorldMs', 'unownedPartitionMs', 'longestGapMs']);

export function isDuration(metric: VerdictMetric): boolean {
  return DURATION_METRICS.has(metric);
}

/** The value as compared and shown: durations rounded to whole ms, counts as they are. */
export function metricValue(verdict: RunVerdict | null, metric: VerdictMetric): number | null {
  if (verdict === null) return null;
  const value = verdict[metric];
  return isDuration(metric) ? Math.round(value) : value;
}

export function verdictRows(a: RunVerdict | null, b: RunVerdict | null): VerdictRow[] {
  return VERDICT_METRICS.map((metric) => {
    const va = metricValue(a, metric);
    const vb = metricValue(b, metric);
    const better = va === null || vb === null || va === vb ? null : va < vb ? 'a' : 'b';
    return { metric, a: va, b: vb, better };
  });
}

/** The rows on which the sides differ: each gets a sentence under the table. */
export function differingRows(rows: VerdictRow[]): VerdictRow[] {
  return rows.filter((row) => row.better !== null);
}
