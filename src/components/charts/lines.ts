// Turns the worker's chart samples into the lines of each chart. Pure.
import type { SeriesSample } from '../../../sim/timeline/series.ts';

export interface ChartLine {
  /** Stable key (topic, group, topic/partition...). */
  key: string;
  points: { timeMs: number; value: number | null }[];
}

/** One line per key found in any sample of `pick`; a sample without the key leaves a gap. */
export function linesOf(samples: readonly SeriesSample[], pick: (sample: SeriesSample) => Record<string, number>): ChartLine[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const sample of samples) {
    for (const key of Object.keys(pick(sample))) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys.map((key) => ({ key, points: samples.map((sample) => ({ timeMs: sample.timeMs, value: pick(sample)[key] ?? null })) }));
}

export function latencyLines(samples: readonly SeriesSample[]): ChartLine[] {
  return [
    { key: 'avg', points: samples.map((sample) => ({ timeMs: sample.timeMs, value: sample.latencyAvgMs })) },
    { key: 'max', points: samples.map((sample) => ({ timeMs: sample.timeMs, value: sample.latencyMaxMs })) },
  ];
}

/** The latest value of a line, or null. */
export function latest(line: ChartLine): number | null {
  for (let i = line.points.length - 1; i >= 0; i--) {
    const value = line.points[i]!.value;
    if (value !== null) return value;
  }
  return null;
}
