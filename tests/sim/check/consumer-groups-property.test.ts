// Random group processings and commits over random logs, judged against a model that counts
// offset by offset. A failing case prints fast-check's seed and path; rerun it with
// `npx vitest run --project unit tests/sim/check/consumer-groups-property.test.ts` after passing
// them to fc.assert ({ seed, path }).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { History, checkHistory, type FinalPartitionLog, type HistoryReport } from '../../../sim/check/index.ts';
import { batch, concat } from './helpers.ts';

/**
 * What an offset of the log holds at the end. acked: p's record, acknowledged there; unacked: p's
 * record, never acknowledged; replaced: p was acknowledged there, another of p's records is there
 * now; hole: the cleaner removed it (the log is compacted).
 */
type Slot = 'acked' | 'unacked' | 'replaced' | 'unlabelled' | 'control' | 'hole';

const PARTITIONS = 2;
const GROUPS = ['g', 'h'];
const MEMBERS = ['c0', 'c1', 'c2'];

const eventArb = fc.record({
  commit: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  group: fc.nat({ max: GROUPS.length - 1 }),
  member: fc.nat({ max: MEMBERS.length - 1 }),
  partition: fc.nat({ max: PARTITIONS - 1 }),
  from: fc.nat({ max: 24 }),
  length: fc.integer({ min: 1, max: 8 }),
});

const scenarioArb = fc.record({
  allAcked: fc.boolean(),
  slots: fc.array(fc.array(fc.constantFrom<Slot>('acked', 'acked', 'acked', 'unacked', 'replaced', 'unlabelled', 'control', 'hole'), { maxLength: 24 }), {
    minLength: PARTITIONS,
    maxLength: PARTITIONS,
  }),
  logStart: fc.array(fc.nat({ max: 6 }), { minLength: PARTITIONS, maxLength: PARTITIONS }),
  events: fc.array(eventArb, { maxLength: 25 }),
  interleaving: fc.array(fc.nat(), { maxLength: 25 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
type Event = Scenario['events'][number];

/** With allAcked, every data record the log holds is an acknowledged record of p. */
function slotsOf(s: Scenario, partition: number): Slot[] {
  return s.slots[partition]!.map((slot) => (s.allAcked && slot !== 'hole' ? 'acked' : slot));
}

const recordId = (partition: number, offset: number) => partition * 100 + offset;

function logsAndAcks(s: Scenario, history: History): FinalPartitionLog[] {
  const logs: FinalPartitionLog[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const slots = slotsOf(s, partition);
    const logStart = Math.min(s.logStart[partition]!, slots.length);
    const chunks: Uint8Array[] = [];
    slots.forEach((slot, offset) => {
      const id = recordId(partition, offset);
      if (slot === 'acked' || slot === 'replaced') history.recordAcked('p', 't', partition, offset, [id]);
      if (offset < logStart || slot === 'hole') return;
      if (slot === 'control') chunks.push(batch(offset, ['marker'], { control: true }));
      else chunks.push(batch(offset, [slot === 'unlabelled' ? 'typed by hand' : `p#${slot === 'replaced' ? id + 1000 : id}`]));
    });
    logs.push({ topic: 't', partition, records: concat(chunks), logStartOffset: logStart, highWatermark: slots.length, logEndOffset: slots.length, compacted: slots.includes('hole') });
  }
  return logs;
}

function feed(s: Scenario, events: readonly Event[]): HistoryReport {
  const history = new History();
  history.recordSent('p', 2000, 't'); // every label p writes is read whole
  const logs = logsAndAcks(s, history);
  for (const e of events) {
    const group = GROUPS[e.group]!;
    const member = MEMBERS[e.member]!;
    if (e.commit) history.recordCommitted(group, member, 't', e.partition, e.from);
    else history.recordProcessed(group, member, 't', e.partition, [e.from, e.from + e.length]);
  }
  return checkHistory(history, logs);
}

/** The same events, each (group, partition)'s commits in their order, everything else shuffled. */
function reordered(s: Scenario): Event[] {
  const queues = new Map<string, Event[]>();
  for (const e of s.events) {
    const key = `${e.group}/${e.partition}`;
    queues.set(key, [...(queues.get(key) ?? []), e]);
  }
  for (const queue of queues.values()) {
    const processings = queue.filter((e) => !e.commit).reverse();
    queue.forEach((e, k) => {
      if (!e.commit) queue[k] = processings.shift()!;
    });
  }
  const lists = [...queues.values()].reverse();
  const out: Event[] = [];
  for (let k = 0; lists.some((l) => l.length > 0); k++) {
    const open = lists.filter((l) => l.length > 0);
    out.push(open[(s.interleaving[k] ?? 0) % open.length]!.shift()!);
  }
  return out;
}

interface ModelGroup {
  processedRecords: number;
  neverProcessed: number[][];
  notYetProcessed: number;
  processedTwice: number;
  /** [partition, offset, times, members in code-unit order], for each record processed twice or more. */
  twiceExamples: [number, number, number, string[]][];
  commitsWentBackwards: number;
  /** In partitions the group processed: acknowledged records below the bound, and of those the processed ones. */
  ackedBelowBound: number;
  processedBelowBound: number;
}

/** Offset by offset, as the definitions say. */
function model(s: Scenario): Map<string, ModelGroup> {
  const out = new Map<string, ModelGroup>();
  for (const [g, group] of GROUPS.entries()) {
    const mine = s.events.filter((e) => e.group === g);
    if (mine.length === 0) continue;
    const m: ModelGroup = { processedRecords: 0, neverProcessed: [], notYetProcessed: 0, processedTwice: 0, twiceExamples: [], commitsWentBackwards: 0, ackedBelowBound: 0, processedBelowBound: 0 };
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const here = mine.filter((e) => e.partition === partition);
      if (here.length === 0) continue; // a partition the group never touched is not its to judge
      const runs = here.filter((e) => !e.commit);
      const commits = here.filter((e) => e.commit).map((e) => e.from);
      commits.forEach((c, k) => {
        if (k > 0 && c < commits[k - 1]!) m.commitsWentBackwards += 1;
      });
      const bound = Math.max(-1, commits.at(-1) ?? -1, ...runs.map((e) => e.from + e.length));
      const slots = slotsOf(s, partition);
      const logStart = Math.min(s.logStart[partition]!, slots.length);
      slots.forEach((slot, offset) => {
        if (offset < logStart || slot === 'hole' || slot === 'control') return;
        const covering = runs.filter((e) => e.from <= offset && offset < e.from + e.length);
        const times = covering.length;
        m.processedRecords += times;
        m.processedTwice += Math.max(0, times - 1);
        if (times > 1) m.twiceExamples.push([partition, offset, times, [...new Set(covering.map((e) => MEMBERS[e.member]!))].sort()]);
        if (slot !== 'acked') return;
        if (offset < bound && runs.length > 0) {
          m.ackedBelowBound += 1;
          if (times > 0) m.processedBelowBound += 1;
          else m.neverProcessed.push([partition, offset]);
        } else if (times === 0 && offset >= bound) m.notYetProcessed += 1;
      });
    }
    out.set(group, m);
  }
  return out;
}

describe('consumer groups, property', () => {
  it('counts what the offset-by-offset model counts, and gives the same text in any event order', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const report = feed(s, s.events);
        const expected = model(s);
        expect(Object.keys(report.groups)).toEqual([...expected.keys()]);
        for (const [group, m] of expected) {
          const got = report.groups[group]!;
          expect(got.processedRecords).toBe(m.processedRecords);
          expect(got.neverProcessed.count).toBe(m.neverProcessed.length);
          expect(got.neverProcessed.examples.map((e) => [e.partition, e.offset, e.recordId])).toEqual(m.neverProcessed.slice(0, 5).map(([p, o]) => [p, o, recordId(p!, o!)]));
          expect(got.notYetProcessed).toBe(m.notYetProcessed);
          expect(got.processedTwice.count).toBe(m.processedTwice);
          expect(got.processedTwice.examples.map((e) => [e.partition, e.offset, e.times, e.consumers])).toEqual(m.twiceExamples.slice(0, 5));
          expect(got.commitsWentBackwards.count).toBe(m.commitsWentBackwards);
          // Below the bound every acknowledged record was processed at least once, or is reported.
          expect(got.neverProcessed.count + m.processedBelowBound).toBe(m.ackedBelowBound);
          if (s.allAcked) {
            // Every record is acknowledged: distinct processed = processings − repeats.
            expect(got.neverProcessed.count + got.processedRecords - got.processedTwice.count).toBe(m.ackedBelowBound);
          }
        }
        expect(report.groupsClean).toBe([...expected.values()].every((m) => m.neverProcessed.length === 0 && m.commitsWentBackwards === 0));
        expect(report.clean).toBe(feed(s, []).clean); // group findings never change it
        expect(JSON.stringify(feed(s, reordered(s)))).toBe(JSON.stringify(report));
      }),
      { numRuns: 300 },
    );
  });
});
