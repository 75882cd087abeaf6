// The named scenario of the idempotent producer: the leader appends a batch, its answer is lost
// (the link to the producer is cut: the connection breaks, as TCP's would), the producer retries.
// Without idempotence the retry is written again, a duplicate the history checker reports; with
// it the leader recognises the batch and answers with its original offset. The same holds when
// the leader crashes after the append: the new leader has the batch, and its producer state, by
// replication.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulation, parseScenario, parseScenarioText, type ScenarioInput, type TraceEvent } from '../../../sim/index.ts';

const WITHOUT = 'retry-duplicado-sem-idempotencia';
const WITH = 'retry-sem-duplicado-com-idempotencia';

function load(name: string): ScenarioInput {
  return JSON.parse(readFileSync(`scenarios/${name}.json`, 'utf8')) as ScenarioInput;
}

function run(input: ScenarioInput, untilMs: number) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const sim = createSimulation(parsed.scenario);
  const events: TraceEvent[] = [];
  for (let t = 100; t <= untilMs; t += 100) {
    sim.runUntil(t);
    events.push(...sim.traceEvents(events.at(-1)?.seq ?? 0));
  }
  return { report: sim.check(), producer: sim.snapshot().producers[0]!, events };
}

const ofType = (events: TraceEvent[], type: string) => events.filter((e) => e.type === type);

/** The same scenario with the leader (broker 1) crashing after the append of p#2, before its answer. */
function withLeaderCrash(input: ScenarioInput): ScenarioInput {
  return { ...input, schedule: [{ atMs: 307.5, action: { type: 'crash-broker', broker: 1 } }] };
}

describe('retry after a lost answer', () => {
  it('the two scenario files are valid and differ only in enable.idempotence', () => {
    for (const name of [WITHOUT, WITH]) expect(parseScenarioText(readFileSync(`scenarios/${name}.json`, 'utf8')).ok, name).toBe(true);
    const [off, on] = [load(WITHOUT), load(WITH)];
    expect(off.producers![0]!.config!['enable.idempotence']).toBe(false);
    expect(on.producers![0]!.config!['enable.idempotence']).toBe(true);
    const strip = (s: ScenarioInput) => ({ ...s, name: '', description: '', producers: s.producers!.map((p) => ({ ...p, config: { ...p.config, 'enable.idempotence': null } })) });
    expect(strip(on)).toEqual(strip(off));
  });

  it('the schedule cuts the link after the leader appended p#2 and before its answer', () => {
    const { events } = run(load(WITH), 1_000);
    const appended = ofType(events, 'record-batch-appended').find((e) => e.firstOffset === 2 && e.node === 'broker-1')!;
    const cut = ofType(events, 'link-cut')[0]!;
    expect(appended.timeMs).toBeLessThan(cut.timeMs);
    expect(ofType(events, 'produce-acked').some((e) => e.baseOffset === 2)).toBe(false);
  });

  it(`${WITHOUT}: without idempotence the retry writes p#2 again and the checker reports the duplicate`, () => {
    const { report, producer, events } = run(load(WITHOUT), 10_000);
    expect(ofType(events, 'produce-retry').some((e) => e.error === 'NETWORK_EXCEPTION')).toBe(true);
    expect(report.duplicated.count).toBeGreaterThan(0);
    expect(report.duplicated.examples[0]).toMatchObject({ producer: 'p', recordId: 2, idempotent: false });
    expect(report.duplicated.fromIdempotent).toBe(0);
    expect(report.lost.count).toBe(0);
    expect(producer).toMatchObject({ idempotent: false, sent: 30, acked: 30, failedTotal: 0 });
  });

  it(`${WITH}: with idempotence the leader answers the retry with the original offset; every record once, in order`, () => {
    const { report, producer, events } = run(load(WITH), 10_000);
    const ignored = ofType(events, 'duplicate-batch-ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatchObject({ node: 'broker-1', firstSequence: 2, lastSequence: 2, firstOffset: 2 });
    expect(ofType(events, 'produce-acked').filter((e) => e.baseOffset === 2)).toHaveLength(1);
    expect(report.duplicated.count).toBe(0);
    expect(report.reordered.count).toBe(0);
    expect(report.lost.count).toBe(0);
    expect(report.totals.logRecords).toBe(30);
    expect(producer).toMatchObject({ idempotent: true, sent: 30, acked: 30, failedTotal: 0 });
  });

  it('with a leader crash after the append: a duplicate without idempotence, none with it (the new leader dedupes)', () => {
    const off = run(withLeaderCrash(load(WITHOUT)), 40_000);
    expect(ofType(off.events, 'leader-changed').some((e) => e.previousLeader === 1)).toBe(true);
    expect(off.report.duplicated.count).toBeGreaterThan(0);
    expect(off.report.lost.count).toBe(0);

    const on = run(withLeaderCrash(load(WITH)), 40_000);
    const newLeader = ofType(on.events, 'leader-changed').find((e) => e.previousLeader === 1)!.leader;
    const ignored = ofType(on.events, 'duplicate-batch-ignored');
    expect(ignored.map((e) => e.node)).toEqual([`broker-${newLeader}`]);
    expect(ignored[0]).toMatchObject({ firstSequence: 2, firstOffset: 2 });
    expect(on.report.duplicated.count).toBe(0);
    expect(on.report.reordered.count).toBe(0);
    expect(on.report.lost.count).toBe(0);
    expect(on.producer).toMatchObject({ sent: 30, acked: 30, failedTotal: 0 });
  });
});
