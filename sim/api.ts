// What createSimulation returns: the commands every face (worker, CLI, tests) uses.
import type { ClusterSnapshot } from './snapshot.ts';
import type { TraceEvent } from './kernel/types.ts';
import type { Action } from './scenario/schema.ts';
import type { HistoryReport, PartitionDigests } from './check/index.ts';
import type { RecordMatch, RecordQuery } from './goals/log-search.ts';
import type { InspectQuery, InspectResult } from './inspect/types.ts';

export interface ActionResult {
  ok: boolean;
  /** Kafka's error name when the engine refused (e.g. UNKNOWN_TOPIC_OR_PARTITION). */
  error?: string;
  /** English, for developers' logs; the app shows its own Portuguese text keyed by `error`. */
  message?: string;
}

export interface Simulation {
  readonly seed: number;
  nowMs(): number;
  /** Kernel events run since the start: with nowMs(), the exact position a replay must reach. */
  eventCount(): number;
  /** Runs the next event; false when nothing is scheduled. */
  step(): boolean;
  runFor(durationMs: number): void;
  /** Runs every event up to and including `timeMs`, then sets the clock to `timeMs`. */
  runUntil(timeMs: number): void;
  /** Applies a user action at the current virtual time; it is recorded in the input log. */
  apply(action: Action): ActionResult;
  snapshot(): ClusterSnapshot;
  traceHash(): string;
  /**
   * One listener called synchronously with every trace event as it is recorded (null removes it):
   * how a face sees the whole trace although the buffer keeps only the most recent events.
   */
  setTraceListener(listener: ((event: TraceEvent) => void) | null): void;
  /** The most recent trace events (bounded buffer), oldest first. */
  traceEvents(sinceSeq?: number): TraceEvent[];
  /** The inputs applied so far, with their virtual times: with the scenario, the whole session. */
  inputs(): { timeMs: number; action: Action }[];
  /**
   * The history checker's verdict so far: acknowledged records lost, duplicates, reordering,
   * consumers rewinding or skipping, replicas disagreeing (sim/check).
   */
  check(): HistoryReport;
  /** Batch digests of every replica, for InvariantChecker.observe after each step of a test. */
  replicaDigests(): PartitionDigests[];
  /** Records of a topic's leader logs matching a key or value (lesson goals). */
  findRecords(query: RecordQuery): RecordMatch[];
  /**
   * Reads a broker's replica of a partition for the inspectors (sim/inspect): its segments, one
   * page of its records, or a record batch's annotated bytes. Reads only; changes nothing.
   */
  inspect(query: InspectQuery): InspectResult;
}
