// What the producers were told, against what the final logs hold: acknowledged records that are
// gone, records written twice, and records of one producer out of order within a partition.

import type { ExampleCollector } from './examples.ts';
import { CONTROL, UNLABELLED, offsetsOf, recordAt, type PartitionContent } from './final-log.ts';
import type { ProducerGuarantees, ProducerLedger } from './history.ts';
import { formatRecord, type LabelParser } from './labels.ts';
import type { DuplicatedRecord, HistoryTotals, LostRecord, ReorderedRecord } from './report.ts';

const MAX_OFFSETS_LISTED = 10;

export interface AckCheckCounts {
  belowLogStart: number;
  unverifiable: number;
  withAcksAll: number;
}

/** Every acknowledged record at an offset ≥ logStartOffset must be at that offset. */
export function findLost(
  ledger: ProducerLedger,
  contents: ReadonlyMap<string, PartitionContent>,
  parser: LabelParser,
  lost: ExampleCollector<LostRecord>,
  counts: AckCheckCounts,
): void {
  const producer = parser.indexOf(ledger.name);
  const acks = ledger.guarantees?.acks ?? null;
  for (const [key, acked] of ledger.acks) {
    const content = contents.get(key);
    const runs = acked.runs;
    for (let r = 0; r < runs.length; r += 3) {
      const baseOffset = runs[r]!;
      const baseId = runs[r + 1]!;
      const length = runs[r + 2]!;
      if (!content) {
        counts.unverifiable += length;
        continue;
      }
      for (let k = 0; k < length; k++) {
        const offset = baseOffset + k;
        const id = baseId + k;
        if (offset < content.logStartOffset) {
          counts.belowLogStart += 1;
          continue;
        }
        const at = recordAt(content, offset);
        const there = at < 0 ? null : content.producers[at]!;
        if (there === producer && content.ids[at] === id) continue;
        if (there === UNLABELLED || (there === null && content.compacted && offset < content.logEndOffset)) {
          counts.unverifiable += 1;
          continue;
        }
        if (acks === -1) counts.withAcksAll += 1;
        lost.add([content.topic, content.partition, offset, ledger.name, id], () => ({
          topic: content.topic,
          partition: content.partition,
          offset,
          producer: ledger.name,
          recordId: id,
          acks,
          reason: there === null ? 'absent' : 'replaced',
          foundThere: there === null ? null : describeRecord(content, at, parser),
          foundAt: offsetsOf(content, producer, id).slice(0, MAX_OFFSETS_LISTED),
        }));
      }
    }
  }
}

function describeRecord(content: PartitionContent, index: number, parser: LabelParser): string {
  const producer = content.producers[index]!;
  if (producer === CONTROL) return 'control';
  if (producer === UNLABELLED) return 'unlabelled';
  return formatRecord(parser.names[producer]!, content.ids[index]!);
}

/**
 * Copies beyond the first of each record, and descents in each producer's ids in offset order.
 * Only first copies take part in the order, so one duplicate is one finding, not two.
 */
export function findDuplicatesAndReorders(
  content: PartitionContent,
  parser: LabelParser,
  guarantees: readonly (ProducerGuarantees | null)[],
  duplicated: ExampleCollector<DuplicatedRecord>,
  reordered: ExampleCollector<ReorderedRecord>,
  counts: { fromIdempotent: number; withOrderingGuarantee: number },
): void {
  const order = content.byIdentity;
  for (let k = 0; k < order.length; ) {
    let end = k + 1;
    const first = order[k]!;
    const producer = content.producers[first]!;
    const id = content.ids[first]!;
    while (end < order.length && content.producers[order[end]!] === producer && content.ids[order[end]!] === id) end++;
    if (end - k > 1) {
      const copies = end - k - 1;
      const g = guarantees[producer] ?? null;
      if (g?.idempotent === true) counts.fromIdempotent += copies;
      const offsets: number[] = [];
      for (let c = k; c < end && offsets.length < MAX_OFFSETS_LISTED; c++) offsets.push(content.offsets[order[c]!]!);
      const example = (): DuplicatedRecord => ({ topic: content.topic, partition: content.partition, producer: parser.names[producer]!, recordId: id, offsets, idempotent: g?.idempotent ?? null });
      duplicated.add([content.topic, content.partition, content.offsets[order[k + 1]!]!, parser.names[producer]!, id], example, copies);
    }
    k = end;
  }

  const lastId = new Float64Array(parser.names.length).fill(-1);
  const lastOffset = new Float64Array(parser.names.length).fill(-1);
  for (let i = 0; i < content.count; i++) {
    const producer = content.producers[i]!;
    if (producer < 0 || content.firstCopy[i] === 0) continue;
    const id = content.ids[i]!;
    const offset = content.offsets[i]!;
    if (id < lastId[producer]!) {
      const g = guarantees[producer] ?? null;
      if (g !== null && (g.idempotent || g.maxInFlightRequestsPerConnection === 1)) counts.withOrderingGuarantee += 1;
      const previousOffset = lastOffset[producer]!;
      const previousRecordId = lastId[producer]!;
      reordered.add([content.topic, content.partition, offset, parser.names[producer]!, id], () => ({
        topic: content.topic,
        partition: content.partition,
        producer: parser.names[producer]!,
        offset,
        recordId: id,
        previousOffset,
        previousRecordId,
        idempotent: g?.idempotent ?? null,
        maxInFlightRequestsPerConnection: g?.maxInFlightRequestsPerConnection ?? null,
      }));
    }
    lastId[producer] = id;
    lastOffset[producer] = offset;
  }
}

export function emptyTotals(): HistoryTotals {
  return {
    sent: 0,
    acked: 0,
    ackedWithoutOffset: 0,
    ackedBelowLogStart: 0,
    ackedUnverifiable: 0,
    failed: 0,
    failedByError: {},
    consumed: 0,
    positionResets: 0,
    logRecords: 0,
    unlabelledLogRecords: 0,
  };
}
