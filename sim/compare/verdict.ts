// What one run of a side-by-side comparison amounts to, in the few numbers a class compares:
// acknowledged records lost, duplicated or reordered, records that failed, and how long the
// consumer groups' partitions went without an owner. Built from the history checker's report
// (sim/check) and the ownership tracker, both of which judge the engine from outside.
import type { HistoryReport } from '../check/index.ts';
import type { GroupPause } from './ownership.ts';

export interface RunVerdict {
  timeMs: number;
  acked: number;
  lost: number;
  duplicated: number;
  reordered: number;
  failed: number;
  /** Summed over every group. */
  unownedPartitionMs: number;
  longestGapMs: number;
  /** Summed over every group: time during which a whole group had no partition owned. */
  stopTheWorldMs: number;
  groups: GroupPause[];
}

export const VERDICT_METRICS = ['lost', 'duplicated', 'reordered', 'failed', 'stopTheWorldMs', 'unownedPartitionMs', 'longestGapMs'] as const;
export type VerdictMetric = (typeof VERDICT_METRICS)[number];

export interface VerdictDifference {
  metric: VerdictMetric;
  a: number;
  b: number;
  /** Which run did better (fewer losses, a shorter pause). */
  better: 'a' | 'b';
}

export function runVerdict(timeMs: number, report: HistoryReport, pauses: GroupPause[]): RunVerdict {
  return {
    timeMs,
    acked: report.totals.acked,
    lost: report.lost.count,
    duplicated: report.duplicated.count,
    reordered: report.reordered.count,
    failed: report.totals.failed,
    unownedPartitionMs: pauses.reduce((sum, pause) => sum + pause.unownedPartitionMs, 0),
    longestGapMs: pauses.reduce((longest, pause) => Math.max(longest, pause.longestGapMs), 0),
    stopTheWorldMs: pauses.reduce((sum, pause) => sum + pause.stopTheWorldMs, 0),
    groups: pauses,
  };
}

/** The metrics on which the two runs differ, in VERDICT_METRICS order (every metric is "lower is better"). */
export function verdictDifferences(a: RunVerdict, b: RunVerdict): VerdictDifference[] {
  return VERDICT_METRICS.filter((metric) => a[metric] !== b[metric]).map((metric) => ({
    metric,
    a: a[metric],
    b: b[metric],
    better: a[metric] < b[metric] ? 'a' : 'b',
  }));
}
