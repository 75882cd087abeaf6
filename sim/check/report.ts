// The history checker's report: plain JSON, counts in full and the first few examples of each kind
// in a stable order (topic, partition, offset), so `npm run sim` can print it under `check` and two
// runs can be compared by their text.

import type { BatchDigest } from './batch-digest.ts';
import type { FindingGroup } from './examples.ts';

export interface HistoryReport {
  /** No finding of any kind. Whether a finding breaks a promise Kafka makes is in the counts below. */
  clean: boolean;
  /**
   * No consumer group left a record unprocessed below its bound, and none saw a commit go back.
   * Apart from `clean`: processing twice is what at-least-once allows, so it does not count here.
   */
  groupsClean: boolean;
  totals: HistoryTotals;
  /** Acknowledged at an offset the log still covers, and not there. */
  lost: FindingGroup<LostRecord> & { withAcksAll: number };
  /** Extra copies of a record in one partition: count = copies beyond the first, one example per record. */
  duplicated: FindingGroup<DuplicatedRecord> & { fromIdempotent: number };
  /** A producer's record at a higher offset than a later record of the same producer. */
  reordered: FindingGroup<ReorderedRecord> & { withOrderingGuarantee: number };
  /** poll() returned an offset below the one it should have, with no position reset between. */
  consumerRewound: FindingGroup<ConsumerRewind>;
  /** poll() jumped over records that are in the final log, with no position reset between. */
  consumerSkipped: FindingGroup<ConsumerSkip>;
  /** Offsets poll() returned that the final log does not hold (or holds from another leader epoch). */
  consumedNotInLog: FindingGroup<ConsumedNotInLog>;
  /** A replica's batches below min(HW, its LEO) differ from the leader's (only for replicas given). */
  replicasDiverged: FindingGroup<ReplicaDivergence>;
  /** Per consumer group, keys in code-unit order (as JSON keys; integer-like ids come first). */
  groups: Record<string, GroupReport>;
}

/**
 * What one consumer group processed and committed, judged per partition against the acknowledged
 * records: a producer was told the record is at offset o, and the final log holds it there. The
 * group's bound in a partition is max(highest processed offset + 1, last committed offset).
 */
export interface GroupReport {
  /** Processings of records the final log holds (data records, any label), repeats included. */
  processedRecords: number;
  /** Acknowledged records below the bound that no member processed, in partitions the group processed. */
  neverProcessed: FindingGroup<NeverProcessedRecord>;
  /** Acknowledged records at or above the bound: the group's lag at the end. */
  notYetProcessed: number;
  /** count = processings beyond the first, one example per record. */
  processedTwice: FindingGroup<ProcessedTwiceRecord>;
  /** A committed offset below the group's previous committed offset for the partition. */
  commitsWentBackwards: FindingGroup<BackwardCommit>;
}

export interface NeverProcessedRecord {
  topic: string;
  partition: number;
  offset: number;
  producer: string;
  recordId: number;
}

export interface ProcessedTwiceRecord {
  topic: string;
  partition: number;
  offset: number;
  /** How many times the group processed it (2 or more). */
  times: number;
  /** Members that processed it, each once, in code-unit order. */
  consumers: string[];
}

export interface BackwardCommit {
  topic: string;
  partition: number;
  /** The committed offset before... */
  previous: number;
  /** ...this lower one. */
  offset: number;
  /** The member whose commit went back. */
  consumer: string;
}

export interface HistoryTotals {
  sent: number;
  acked: number;
  /** acks=0 or DUPLICATE_SEQUENCE_NUMBER: the broker did not say where; not checked. */
  ackedWithoutOffset: number;
  /** Removed by retention (offset < logStartOffset): gone as Kafka intends, not lost. */
  ackedBelowLogStart: number;
  /** At an offset holding a record without a trusted label, compacted away, or of a partition with no final log. */
  ackedUnverifiable: number;
  failed: number;
  /** Failed records by the error that failed them, keys sorted. */
  failedByError: Record<string, number>;
  consumed: number;
  positionResets: number;
  /** Data records in the final logs at or above their log start offset. */
  logRecords: number;
  /** Of those, records whose value carries no label of a known producer (by hand, or cut). */
  unlabelledLogRecords: number;
}

export interface LostRecord {
  topic: string;
  partition: number;
  /** The offset the broker acknowledged. */
  offset: number;
  producer: string;
  recordId: number;
  acks: 0 | 1 | -1 | null;
  /** absent: no record at the offset; replaced: another record is there. */
  reason: 'absent' | 'replaced';
  /** The record now at the offset ("p#7", "unlabelled", "control"), null when absent. */
  foundThere: string | null;
  /** Offsets where a copy of the record is after all (at most 10). */
  foundAt: number[];
}

export interface DuplicatedRecord {
  topic: string;
  partition: number;
  producer: string;
  recordId: number;
  /** Every offset holding a copy (at most 10). */
  offsets: number[];
  idempotent: boolean | null;
}

export interface ReorderedRecord {
  topic: string;
  partition: number;
  producer: string;
  /** The record that arrived out of order... */
  offset: number;
  recordId: number;
  /** ...after this one, the producer's previous record in the partition. */
  previousOffset: number;
  previousRecordId: number;
  idempotent: boolean | null;
  maxInFlightRequestsPerConnection: number | null;
}

export interface ConsumerRewind {
  consumer: string;
  topic: string;
  partition: number;
  expectedOffset: number;
  offset: number;
}

export interface ConsumerSkip {
  consumer: string;
  topic: string;
  partition: number;
  /** Offsets [fromOffset, toOffset) were jumped over. */
  fromOffset: number;
  toOffset: number;
  /** Data records the final log holds in the gap; null when there is no final log for the partition. */
  skippedRecords: number | null;
  /** Part of the gap is below the final log start offset, where the log cannot tell. */
  belowLogStart: boolean;
}

export interface ConsumedNotInLog {
  consumer: string;
  topic: string;
  partition: number;
  fromOffset: number;
  toOffset: number;
  reason: 'absent' | 'beyond-log-end' | 'other-leader-epoch';
  /** Leader epoch of the batch the consumer read, when it said. */
  consumedLeaderEpoch: number | null;
  /** Leader epoch of the batch now at fromOffset, for other-leader-epoch. */
  logLeaderEpoch: number | null;
}

export interface ReplicaDivergence {
  topic: string;
  partition: number;
  broker: number;
  offset: number;
  leaderBatch: BatchDigest | null;
  replicaBatch: BatchDigest | null;
}
