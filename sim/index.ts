// The engine's public face: what the worker, the CLI and the tests import.
import { parseScenario } from './scenario/parse.ts';
import { defaultScenarioInput } from './scenario/library/default.ts';
import type { Scenario } from './scenario/schema.ts';

export { createSimulation } from './simulation.ts';
export type { Simulation, ActionResult } from './api.ts';
export type * from './snapshot.ts';
export type { EngineEvent, EngineEventType } from './events.ts';
export type { TraceEvent } from './kernel/types.ts';
export { parseScenario, parseScenarioText, type ParseResult, type ScenarioError, type MessageLanguage } from './scenario/parse.ts';
export type { Scenario, ScenarioInput, Action } from './scenario/schema.ts';
export { murmur2, partitionForKey, toPositive } from './clients/murmur2.ts';
export { encodeRecordBatch, decodeRecordBatches } from './log/index.ts';

function parseDefault(): Scenario {
  const parsed = parseScenario(defaultScenarioInput);
  if (!parsed.ok) throw new Error(`the built-in default scenario is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.scenario;
}

/** The scenario the app opens with (3 brokers, topic "pedidos", one producer, one consumer). */
export const defaultScenario: Scenario = parseDefault();
export { summarize, type RunSummary } from './summary.ts';
export { InvariantChecker, type HistoryReport, type Violation, type PartitionDigests } from './check/index.ts';
export { assign, type AssignInput, type AssignMember, type Assignment, type AssignorStrategy, type TopicPartition } from './group/assignors/index.ts';
