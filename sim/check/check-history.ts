// checkHistory: the whole run judged at its end. It decodes each partition's final log once, reads
// record identities from the values, and confronts them with what the producers were told and what
// the consumers returned. Findings are facts; whether Kafka allows them (a duplicate from a producer
// without idempotence, a loss with acks=1) is left to the reader, helped by the counts that split
// them by the producer's settings. Consumer groups are judged apart (report.groups, groupsClean):
// a record processed twice is what at-least-once allows, not a fault of the cluster.

import { digestBatches, endOffsetOf, firstDivergence } from './batch-digest.ts';
import { findConsumedNotInLog, findRewindsAndSkips } from './consumer-findings.ts';
import { CheckError } from './errors.ts';
import { DEFAULT_MAX_EXAMPLES, ExampleCollector } from './examples.ts';
import { UNLABELLED, CONTROL, decodePartition, type FinalPartitionLog, type PartitionContent } from './final-log.ts';
import { judgeGroups } from './group-findings.ts';
import { partitionKey, type History, type ProducerGuarantees } from './history.ts';
import { LabelParser, compareStrings } from './labels.ts';
import { emptyTotals, findDuplicatesAndReorders, findLost } from './producer-findings.ts';
import type {
  ConsumedNotInLog,
  ConsumerRewind,
  ConsumerSkip,
  DuplicatedRecord,
  HistoryReport,
  LostRecord,
  ReorderedRecord,
  ReplicaDivergence,
} from './report.ts';

export interface CheckHistoryOptions {
  /** Examples kept per kind of finding (counts are always complete). Default 5. */
  maxExamples?: number;
}

export function checkHistory(history: History, finalLogs: readonly FinalPartitionLog[], options: CheckHistoryOptions = {}): HistoryReport {
  const limit = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
  const producerNames = [...history.producers.keys()].sort(compareStrings);
  const parser = new LabelParser(new Map(producerNames.map((name) => [name, history.producers.get(name)!.maxRecordId])));
  const guarantees: (ProducerGuarantees | null)[] = parser.names.map((name) => history.producers.get(name)?.guarantees ?? null);

  const contents = new Map<string, PartitionContent>();
  for (const log of finalLogs) {
    const key = partitionKey(log.topic, log.partition);
    if (contents.has(key)) throw new CheckError('INVALID_LOG', `two final logs given for ${log.topic}-${log.partition}`);
    contents.set(key, decodePartition(log, parser));
  }

  const totals = emptyTotals();
  const lost = new ExampleCollector<LostRecord>(limit);
  const ackCounts = { belowLogStart: 0, unverifiable: 0, withAcksAll: 0 };
  const failedByError = new Map<string, number>();
  for (const name of producerNames) {
    const ledger = history.producers.get(name)!;
    totals.sent += ledger.sent;
    totals.acked += ledger.acked;
    totals.ackedWithoutOffset += ledger.ackedWithoutOffset;
    totals.failed += ledger.failed;
    for (const [error, n] of ledger.failedByError) failedByError.set(error, (failedByError.get(error) ?? 0) + n);
    findLost(ledger, contents, parser, lost, ackCounts);
  }
  totals.ackedBelowLogStart = ackCounts.belowLogStart;
  totals.ackedUnverifiable = ackCounts.unverifiable;
  totals.failedByError = Object.fromEntries([...failedByError].sort((a, b) => compareStrings(a[0], b[0])));

  const duplicated = new ExampleCollector<DuplicatedRecord>(limit);
  const reordered = new ExampleCollector<ReorderedRecord>(limit);
  const orderCounts = { fromIdempotent: 0, withOrderingGuarantee: 0 };
  for (const content of contents.values()) {
    for (let i = 0; i < content.count; i++) {
      const producer = content.producers[i]!;
      if (producer === CONTROL) continue;
      totals.logRecords += 1;
      if (producer === UNLABELLED) totals.unlabelledLogRecords += 1;
    }
    findDuplicatesAndReorders(content, parser, guarantees, duplicated, reordered, orderCounts);
  }

  const rewound = new ExampleCollector<ConsumerRewind>(limit);
  const skipped = new ExampleCollector<ConsumerSkip>(limit);
  const notInLog = new ExampleCollector<ConsumedNotInLog>(limit);
  for (const ledger of history.consumers.values()) {
    totals.consumed += ledger.consumed;
    totals.positionResets += ledger.resets;
    const content = contents.get(partitionKey(ledger.topic, ledger.partition));
    findRewindsAndSkips(ledger, content, rewound, skipped);
    if (content) findConsumedNotInLog(ledger, content, notInLog);
  }

  const diverged = new ExampleCollector<ReplicaDivergence>(limit);
  for (const log of finalLogs) findReplicaDivergence(log, contents.get(partitionKey(log.topic, log.partition))!, diverged);

  const groups = judgeGroups(history, contents, parser, limit);

  const report: HistoryReport = {
    clean: false,
    groupsClean: groups.clean,
    totals,
    lost: { ...lost.group(), withAcksAll: ackCounts.withAcksAll },
    duplicated: { ...duplicated.group(), fromIdempotent: orderCounts.fromIdempotent },
    reordered: { ...reordered.group(), withOrderingGuarantee: orderCounts.withOrderingGuarantee },
    consumerRewound: rewound.group(),
    consumerSkipped: skipped.group(),
    consumedNotInLog: notInLog.group(),
    replicasDiverged: diverged.group(),
    groups: groups.groups,
  };
  report.clean = [lost, duplicated, reordered, rewound, skipped, notInLog, diverged].every((c) => c.count === 0);
  return report;
}

function findReplicaDivergence(log: FinalPartitionLog, content: PartitionContent, diverged: ExampleCollector<ReplicaDivergence>): void {
  if (!log.replicas || log.replicas.length === 0) return;
  const leader = content.digests;
  for (const replica of [...log.replicas].sort((a, b) => a.broker - b.broker)) {
    const batches = digestBatches(replica.records);
    const bound = Math.min(log.highWatermark, replica.logEndOffset ?? endOffsetOf(batches, 0));
    const divergence = firstDivergence(leader, batches, bound);
    if (divergence === null) continue;
    diverged.add([log.topic, log.partition, divergence.offset, '', replica.broker], {
      topic: log.topic,
      partition: log.partition,
      broker: replica.broker,
      offset: divergence.offset,
      leaderBatch: divergence.leader,
      replicaBatch: divergence.replica,
    });
  }
}
