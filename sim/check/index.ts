// Checkers that judge the engine from outside: the history checker (what clients were told and
// did, against the final logs) and the replication invariants (after every step). Re-exports only.

export { CheckError, type CheckErrorCode } from './errors.ts';
export { History, partitionKey, type OffsetRun, type ProducerGuarantees, type ProducerLedger, type ConsumerLedger, type GroupLedger, type AckedRuns } from './history.ts';
export { LabelParser, formatRecord, type RecordIdentity } from './labels.ts';
export { digestBatches, firstDivergence, endOffsetOf, describeBatch, type BatchDigest, type ReplicaDigest, type PartitionDigests, type Divergence } from './batch-digest.ts';
export { type FinalPartitionLog, type FinalReplicaLog } from './final-log.ts';
export { DEFAULT_MAX_EXAMPLES, type FindingGroup } from './examples.ts';
export { checkHistory, type CheckHistoryOptions } from './check-history.ts';
export type {
  HistoryReport,
  HistoryTotals,
  LostRecord,
  DuplicatedRecord,
  ReorderedRecord,
  ConsumerRewind,
  ConsumerSkip,
  ConsumedNotInLog,
  ReplicaDivergence,
  GroupReport,
  NeverProcessedRecord,
  ProcessedTwiceRecord,
  BackwardCommit,
} from './report.ts';
export { InvariantChecker, type InvariantName, type Violation, type InvariantCheckerOptions, type InvariantSummary } from './invariants.ts';
export { randomFaultScenario, DEFAULT_FAULT_SCHEDULE, type FaultScheduleOptions } from './fault-schedule.ts';
