// Random clean histories produce no finding; one injected loss, duplicate or reordering is found
// exactly once. A failing case prints fast-check's seed and path; rerun it with
// `npx vitest run --project unit tests/sim/check/check-history-property.test.ts` after passing
// them to fc.assert ({ seed, path }).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { History, checkHistory, type FinalPartitionLog, type ProducerGuarantees } from '../../../sim/check/index.ts';
import { batch, concat, labelValue } from './helpers.ts';

interface Rec {
  /** null: a record typed by hand, without a label. */
  producer: number | null;
  id: number;
  offset: number;
}

interface LayoutBatch {
  epoch: number;
  records: Rec[];
}

type Injection = 'none' | 'loss' | 'duplicate' | 'reorder';

const sendArb = fc.record({
  producer: fc.nat(),
  partition: fc.nat(),
  size: fc.integer({ min: 1, max: 5 }),
  epochBump: fc.boolean(),
  byHand: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  splitAt: fc.nat(),
});

const scenarioArb = fc.record({
  producerCount: fc.integer({ min: 1, max: 3 }),
  partitionCount: fc.integer({ min: 1, max: 3 }),
  settings: fc.array(
    fc.record({ acks: fc.constantFrom<1 | -1>(1, -1), idempotent: fc.boolean(), maxInFlightRequestsPerConnection: fc.constantFrom(1, 5) }),
    { minLength: 3, maxLength: 3 },
  ),
  sends: fc.array(sendArb, { minLength: 1, maxLength: 30 }),
  retention: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  injection: fc.constantFrom<Injection>('none', 'loss', 'duplicate', 'reorder'),
  pick: fc.nat(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const name = (producer: number) => `p${producer}`;

function run(s: Scenario): { injected: boolean; report: ReturnType<typeof checkHistory>; retained: number } {
  const history = new History();
  for (let p = 0; p < s.producerCount; p++) history.describeProducer(name(p), s.settings[p] as ProducerGuarantees);

  // The logs as the producers' batches built them, offsets assigned in order.
  const layout: LayoutBatch[][] = Array.from({ length: s.partitionCount }, () => []);
  const nextId = new Array<number>(s.producerCount).fill(0);
  const epochs = new Array<number>(s.partitionCount).fill(0);
  const next = new Array<number>(s.partitionCount).fill(0);
  for (const send of s.sends) {
    const partition = send.partition % s.partitionCount;
    const producer = send.byHand ? null : send.producer % s.producerCount;
    if (send.epochBump) epochs[partition]! += 1;
    const records: Rec[] = [];
    for (let i = 0; i < send.size; i++) {
      const id = producer === null ? -1 : nextId[producer]!++;
      if (producer !== null) history.recordSent(name(producer), id, 't');
      records.push({ producer, id, offset: next[partition]!++ });
    }
    layout[partition]!.push({ epoch: epochs[partition]!, records });
  }

  // Retention removed the first batches of each partition.
  const logStart = layout.map((batches, p) => {
    const k = s.retention[p]! % (batches.length + 1);
    return k < batches.length ? batches[k]!.records[0]!.offset : next[p]!;
  });
  const retained = (p: number) => layout[p]!.flatMap((b) => b.records).filter((r) => r.offset >= logStart[p]!);

  let injected = false;
  const candidates = layout.flatMap((_, p) => retained(p).filter((r) => r.producer !== null).map((r) => ({ p, r })));
  if (s.injection === 'reorder') {
    // Swap two records of one producer that follow each other in one partition, before the acks:
    // the broker acknowledged them where they landed.
    const pairs: [Rec, Rec][] = [];
    for (let p = 0; p < s.partitionCount; p++) {
      const records = retained(p);
      for (let producer = 0; producer < s.producerCount; producer++) {
        const mine = records.filter((r) => r.producer === producer);
        for (let j = 0; j + 1 < mine.length; j++) pairs.push([mine[j]!, mine[j + 1]!]);
      }
    }
    if (pairs.length > 0) {
      const [a, b] = pairs[s.pick % pairs.length]!;
      [a.id, b.id] = [b.id, a.id];
      injected = true;
    }
  }

  for (let p = 0; p < s.partitionCount; p++) {
    for (const b of layout[p]!) {
      const producer = b.records[0]!.producer;
      if (producer !== null) history.recordAcked(name(producer), 't', p, b.records[0]!.offset, b.records.map((r) => r.id));
    }
  }

  if (s.injection === 'loss' && candidates.length > 0) {
    const { p, r } = candidates[s.pick % candidates.length]!;
    for (const b of layout[p]!) b.records = b.records.filter((x) => x !== r);
    injected = true;
  } else if (s.injection === 'duplicate' && candidates.length > 0) {
    const { p, r } = candidates[s.pick % candidates.length]!;
    layout[p]!.push({ epoch: epochs[p]!, records: [{ ...r, offset: next[p]!++ }] });
    injected = true;
  }

  // Consumers read every record while it was there, one run per batch, some split in two.
  const finalLogs: FinalPartitionLog[] = [];
  for (let p = 0; p < s.partitionCount; p++) {
    history.recordPositionReset('c', 't', p, 0, 'auto.offset.reset=earliest');
    const chunks: Uint8Array[] = [];
    layout[p]!.forEach((b, index) => {
      for (const group of contiguous(b.records)) {
        const first = group[0]!.offset;
        const end = first + group.length;
        const split = first + (s.sends[index % s.sends.length]!.splitAt % group.length);
        history.recordConsumed('c', 't', p, split > first ? [[first, split, b.epoch], [split, end, b.epoch]] : [[first, end, b.epoch]]);
        if (first >= logStart[p]!) chunks.push(batch(first, group.map((r) => (r.producer === null ? 'typed by hand' : labelValue(name(r.producer), r.id))), { epoch: b.epoch }));
      }
    });
    const records = concat(chunks);
    finalLogs.push({ topic: 't', partition: p, records, logStartOffset: logStart[p]!, highWatermark: next[p]!, replicas: [{ broker: 2, records }] });
  }
  return { injected, report: checkHistory(history, finalLogs), retained: layout.reduce((n, _, p) => n + retained(p).length, 0) };
}

/** Records split where their offsets stop being consecutive (a batch that lost a record). */
function contiguous(records: Rec[]): Rec[][] {
  const groups: Rec[][] = [];
  for (const r of records) {
    const last = groups.at(-1);
    if (last && last.at(-1)!.offset + 1 === r.offset) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

describe('checkHistory, property', () => {
  it('finds nothing in clean histories and exactly the one injected fault otherwise', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { injected, report, retained } = run(s);
        const expected = (kind: Injection) => (injected && s.injection === kind ? 1 : 0);
        expect(report.lost.count).toBe(expected('loss'));
        expect(report.duplicated.count).toBe(expected('duplicate'));
        expect(report.reordered.count).toBe(expected('reorder'));
        expect(report.consumerRewound.count).toBe(0);
        expect(report.consumerSkipped.count).toBe(0);
        expect(report.consumedNotInLog.count).toBe(0);
        expect(report.replicasDiverged.count).toBe(0);
        expect(report.clean).toBe(!injected);
        expect(report.totals.logRecords).toBe(retained);
        expect(report.totals.ackedUnverifiable).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
