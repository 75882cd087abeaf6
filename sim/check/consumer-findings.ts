// What the consumers returned from poll(), against the final logs: offsets that went back or
// jumped over records without a position reset, and offsets the final log does not hold (a
// consumer that read above the high watermark sees records that a new leader then replaced).

import type { ExampleCollector } from './examples.ts';
import { dataRecordsIn, lowerBoundOffset, type PartitionContent } from './final-log.ts';
import type { ConsumerLedger } from './history.ts';
import type { ConsumedNotInLog, ConsumerRewind, ConsumerSkip } from './report.ts';

export function findRewindsAndSkips(
  ledger: ConsumerLedger,
  content: PartitionContent | undefined,
  rewound: ExampleCollector<ConsumerRewind>,
  skipped: ExampleCollector<ConsumerSkip>,
): void {
  const { consumer, topic, partition } = ledger;
  for (let i = 0; i < ledger.rewinds.length; i += 2) {
    const expectedOffset = ledger.rewinds[i]!;
    const offset = ledger.rewinds[i + 1]!;
    rewound.add([topic, partition, offset, consumer, expectedOffset], { consumer, topic, partition, expectedOffset, offset });
  }
  for (let i = 0; i < ledger.gaps.length; i += 2) {
    const fromOffset = ledger.gaps[i]!;
    const toOffset = ledger.gaps[i + 1]!;
    let skippedRecords: number | null = null;
    let belowLogStart = false;
    if (content) {
      skippedRecords = dataRecordsIn(content, fromOffset, toOffset);
      // Below the log start the final log cannot show a hole; a compacted log is full of them.
      belowLogStart = fromOffset < content.logStartOffset;
      if (skippedRecords === 0 && (!belowLogStart || content.compacted)) continue;
    }
    skipped.add([topic, partition, fromOffset, consumer, toOffset], { consumer, topic, partition, fromOffset, toOffset, skippedRecords, belowLogStart });
  }
}

type Reason = ConsumedNotInLog['reason'];

/** Each maximal stretch of consumed offsets the final log does not hold, for one reason, is one finding. */
export function findConsumedNotInLog(ledger: ConsumerLedger, content: PartitionContent, found: ExampleCollector<ConsumedNotInLog>): void {
  const { consumer, topic, partition } = ledger;
  const runs = ledger.runs;
  for (let r = 0; r < runs.length; r += 3) {
    const from = Math.max(runs[r]!, content.logStartOffset);
    const to = runs[r + 1]!;
    const epoch = runs[r + 2]!;
    let open: { from: number; reason: Reason; logEpoch: number | null } | null = null;
    const close = (end: number) => {
      if (open === null) return;
      const f = open;
      found.add([topic, partition, f.from, consumer, end], {
        consumer,
        topic,
        partition,
        fromOffset: f.from,
        toOffset: end,
        reason: f.reason,
        consumedLeaderEpoch: epoch >= 0 ? epoch : null,
        logLeaderEpoch: f.logEpoch,
      });
      open = null;
    };
    let i = lowerBoundOffset(content, from);
    for (let offset = from; offset < to; offset++) {
      let reason: Reason | null;
      let logEpoch: number | null = null;
      if (offset >= content.logEndOffset) reason = 'beyond-log-end';
      else if (i < content.count && content.offsets[i] === offset) {
        logEpoch = content.epochs[i]!;
        reason = epoch >= 0 && logEpoch >= 0 && logEpoch !== epoch ? 'other-leader-epoch' : null;
        i++;
      } else reason = content.compacted ? null : 'absent'; // the cleaner may have removed it since
      if (open !== null && (reason === null || open.reason !== reason)) close(offset);
      if (reason !== null && open === null) open = { from: offset, reason, logEpoch: reason === 'other-leader-epoch' ? logEpoch : null };
      if (reason === 'beyond-log-end') {
        offset = to - 1; // the rest of the run is beyond the end too
      }
    }
    close(to);
  }
}
