// What consumer groups processed and committed, against the acknowledged records of the final
// logs: records left behind below what the group claims to have done (at-most-once), records
// processed more than once (at-least-once), the lag at the end, and commits that went back.
// Processed runs are kept with repeats; their multiplicity comes from one sweep over the sorted
// run boundaries, so the work is the runs sorted plus one pass over each partition's records.

import { ExampleCollector } from './examples.ts';
import { CONTROL, lowerBoundOffset, type PartitionContent } from './final-log.ts';
import { partitionKey, type GroupLedger, type History } from './history.ts';
import { compareStrings, type LabelParser } from './labels.ts';
import type { BackwardCommit, GroupReport, NeverProcessedRecord, ProcessedTwiceRecord } from './report.ts';

export interface GroupVerdict {
  groups: Record<string, GroupReport>;
  /** No neverProcessed and no commitsWentBackwards in any group. */
  clean: boolean;
}

export function judgeGroups(history: History, contents: ReadonlyMap<string, PartitionContent>, parser: LabelParser, limit: number): GroupVerdict {
  const byGroup = new Map<string, GroupLedger[]>();
  for (const ledger of history.groups.values()) {
    const ledgers = byGroup.get(ledger.group);
    if (ledgers) ledgers.push(ledger);
    else byGroup.set(ledger.group, [ledger]);
  }
  const acked = markAcknowledged(history, contents, parser, new Set([...history.groups.values()].map((l) => partitionKey(l.topic, l.partition))));

  const entries: [string, GroupReport][] = [];
  let clean = true;
  for (const group of [...byGroup.keys()].sort(compareStrings)) {
    const ledgers = byGroup.get(group)!.sort((a, b) => compareStrings(a.topic, b.topic) || a.partition - b.partition);
    const counts = { processedRecords: 0, notYetProcessed: 0 };
    const never = new ExampleCollector<NeverProcessedRecord>(limit);
    const twice = new ExampleCollector<ProcessedTwiceRecord>(limit);
    const backwards = new ExampleCollector<BackwardCommit>(limit);
    for (const ledger of ledgers) {
      findBackwardCommits(ledger, backwards);
      const key = partitionKey(ledger.topic, ledger.partition);
      const content = contents.get(key);
      if (content) judgePartition(ledger, content, acked.get(key)!, parser, counts, never, twice);
    }
    if (never.count > 0 || backwards.count > 0) clean = false;
    entries.push([
      group,
      {
        processedRecords: counts.processedRecords,
        neverProcessed: never.group(),
        notYetProcessed: counts.notYetProcessed,
        processedTwice: twice.group(),
        commitsWentBackwards: backwards.group(),
      },
    ]);
  }
  // fromEntries defines own properties, so even a group named "__proto__" is an ordinary key.
  return { groups: Object.fromEntries(entries), clean };
}

/**
 * Per partition asked for, 1 at each record index of the final log where a producer was
 * acknowledged and the record with that label is still there. Records below the log start offset
 * are not in the content, so retention removes them from the count as it removes them from the log.
 */
function markAcknowledged(history: History, contents: ReadonlyMap<string, PartitionContent>, parser: LabelParser, keys: ReadonlySet<string>): Map<string, Uint8Array> {
  const marks = new Map<string, Uint8Array>();
  for (const key of keys) {
    const content = contents.get(key);
    if (content) marks.set(key, new Uint8Array(content.count));
  }
  for (const ledger of history.producers.values()) {
    const producer = parser.indexOf(ledger.name);
    for (const [key, acked] of ledger.acks) {
      const content = contents.get(key);
      const mark = marks.get(key);
      if (!content || !mark) continue;
      const runs = acked.runs;
      for (let r = 0; r < runs.length; r += 3) {
        const baseOffset = runs[r]!;
        const baseId = runs[r + 1]!;
        const length = runs[r + 2]!;
        let i = lowerBoundOffset(content, baseOffset);
        for (let k = 0; k < length && i < content.count; k++) {
          const offset = baseOffset + k;
          while (i < content.count && content.offsets[i]! < offset) i++;
          if (content.offsets[i] === offset && content.producers[i] === producer && content.ids[i] === baseId + k) mark[i] = 1;
        }
      }
    }
  }
  return marks;
}

function findBackwardCommits(ledger: GroupLedger, found: ExampleCollector<BackwardCommit>): void {
  const { topic, partition, backwardCommits: b } = ledger;
  for (let k = 0; k < b.length; k += 3) {
    const previous = b[k]!;
    const offset = b[k + 1]!;
    const consumer = ledger.members[b[k + 2]!]!;
    found.add([topic, partition, offset, consumer, previous], { topic, partition, previous, offset, consumer });
  }
}

function judgePartition(
  ledger: GroupLedger,
  content: PartitionContent,
  acked: Uint8Array,
  parser: LabelParser,
  counts: { processedRecords: number; notYetProcessed: number },
  never: ExampleCollector<NeverProcessedRecord>,
  twice: ExampleCollector<ProcessedTwiceRecord>,
): void {
  const { topic, partition } = ledger;
  const segments = coverage(ledger.processed);
  const bound = Math.max(ledger.processedEnd, ledger.lastCommitted);
  // A group that only committed here (a starting position, say) has not read the partition.
  const processedHere = ledger.processed.length > 0;
  let s = 0;
  for (let i = 0; i < content.count; i++) {
    const producer = content.producers[i]!;
    if (producer === CONTROL) continue;
    const offset = content.offsets[i]!;
    while (s < segments.length && segments[s + 1]! <= offset) s += 3;
    const times = s < segments.length && segments[s]! <= offset ? segments[s + 2]! : 0;
    if (times > 0) {
      counts.processedRecords += times;
      if (times > 1) twice.add([topic, partition, offset, '', times], () => ({ topic, partition, offset, times, consumers: membersAt(ledger, offset) }), times - 1);
    } else if (acked[i] === 1) {
      if (offset >= bound) counts.notYetProcessed += 1;
      else if (processedHere) {
        const id = content.ids[i]!;
        never.add([topic, partition, offset, parser.names[producer]!, id], () => ({ topic, partition, offset, producer: parser.names[producer]!, recordId: id }));
      }
    }
  }
}

/**
 * Flat triples (from, to, times): the offsets covered by the runs, as disjoint ascending segments
 * with how many runs cover each. A sweep over the run boundaries, starts and ends sorted apart.
 */
function coverage(runs: readonly number[]): number[] {
  const n = runs.length / 3;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    starts[r] = runs[3 * r]!;
    ends[r] = runs[3 * r + 1]!;
  }
  starts.sort();
  ends.sort();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let depth = 0;
  let previous = 0;
  while (j < n) {
    const x = i < n && starts[i]! < ends[j]! ? starts[i]! : ends[j]!;
    if (depth > 0 && x > previous) {
      const last = out.length - 3;
      if (last >= 0 && out[last + 1] === previous && out[last + 2] === depth) out[last + 1] = x;
      else out.push(previous, x, depth);
    }
    while (i < n && starts[i] === x) (depth++, i++);
    while (j < n && ends[j] === x) (depth--, j++);
    previous = x;
  }
  return out;
}

/** Members whose runs cover the offset, each once, in code-unit order. */
function membersAt(ledger: GroupLedger, offset: number): string[] {
  const seen = new Set<string>();
  const runs = ledger.processed;
  for (let r = 0; r < runs.length; r += 3) {
    if (runs[r]! <= offset && offset < runs[r + 1]!) seen.add(ledger.members[runs[r + 2]!]!);
  }
  return [...seen].sort(compareStrings);
}
