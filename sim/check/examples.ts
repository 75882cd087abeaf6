// Findings are counted in full but only the first few are kept as examples, in an order that does
// not depend on the order they were found in: by topic, partition, offset, then a tie-breaker. The
// same findings give the same report, so reports can be compared across runs.

import { compareStrings } from './labels.ts';

export interface FindingGroup<T> {
  count: number;
  examples: T[];
}

/** Sort key of an example: topic, partition, offset, then a name and a number to break ties. */
export type ExampleKey = readonly [topic: string, partition: number, offset: number, name: string, n: number];

export const DEFAULT_MAX_EXAMPLES = 5;

export class ExampleCollector<T> {
  count = 0;
  private readonly kept: { key: ExampleKey; example: T }[] = [];

  constructor(private readonly limit: number) {}

  /** One finding (or `weight` of them) with its example, built only if it is kept. */
  add(key: ExampleKey, example: T | (() => T), weight = 1): void {
    this.count += weight;
    if (this.limit <= 0) return;
    const kept = this.kept;
    if (kept.length >= this.limit && compareKeys(key, kept[kept.length - 1]!.key) >= 0) return;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(kept[mid]!.key, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const value = typeof example === 'function' ? (example as () => T)() : example;
    kept.splice(lo, 0, { key, example: value });
    if (kept.length > this.limit) kept.pop();
  }

  group(): FindingGroup<T> {
    return { count: this.count, examples: this.kept.map((k) => k.example) };
  }
}

function compareKeys(a: ExampleKey, b: ExampleKey): number {
  return compareStrings(a[0], b[0]) || a[1] - b[1] || a[2] - b[2] || compareStrings(a[3], b[3]) || a[4] - b[4];
}
