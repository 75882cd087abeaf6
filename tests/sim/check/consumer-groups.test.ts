import { describe, expect, it } from 'vitest';
import { History, checkHistory, type FinalPartitionLog, type GroupReport } from '../../../sim/check/index.ts';
import { batch, concat } from './helpers.ts';

/** Producer p got records 0..5 acknowledged at offsets 0..5 of t-0. */
function produced(): History {
  const history = new History();
  history.describeProducer('p', { acks: -1, idempotent: true, maxInFlightRequestsPerConnection: 5 });
  for (let n = 0; n < 6; n++) history.recordSent('p', n, 't', 0);
  history.recordAcked('p', 't', 0, 0, [0, 1, 2, 3, 4, 5]);
  return history;
}

function finalLog(parts: Uint8Array[], extra: Partial<FinalPartitionLog> = {}): FinalPartitionLog {
  return { topic: 't', partition: 0, records: concat(parts), logStartOffset: 0, highWatermark: 6, ...extra };
}

const wholeLog = () => finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'p#5'])]);

const nothingFound = { count: 0, examples: [] };

describe('consumer groups', () => {
  it('at-least-once: a member that crashed after processing and before committing leaves records processed twice, none missed', () => {
    const history = produced();
    history.recordProcessed('g', 'c1', 't', 0, [0, 2]);
    history.recordCommitted('g', 'c1', 't', 0, 2);
    history.recordProcessed('g', 'c1', 't', 0, [2, 4]);
    // c1 crashes before its next commit; c2 takes the partition over from the last commit.
    history.recordProcessed('g', 'c2', 't', 0, [2, 6]);
    history.recordCommitted('g', 'c2', 't', 0, 6);
    const report = checkHistory(history, [wholeLog()]);
    expect(report.groups).toEqual({
      g: {
        processedRecords: 8,
        neverProcessed: nothingFound,
        notYetProcessed: 0,
        processedTwice: {
          count: 2,
          examples: [
            { topic: 't', partition: 0, offset: 2, times: 2, consumers: ['c1', 'c2'] },
            { topic: 't', partition: 0, offset: 3, times: 2, consumers: ['c1', 'c2'] },
          ],
        },
        commitsWentBackwards: nothingFound,
      } satisfies GroupReport,
    });
    expect(report.groupsClean).toBe(true);
    expect(report.clean).toBe(true);
  });

  it('at-most-once: a member that committed before processing and then crashed leaves records never processed', () => {
    const history = produced();
    history.recordCommitted('g', 'c1', 't', 0, 4);
    history.recordProcessed('g', 'c1', 't', 0, [0, 2]);
    // c1 crashes; c2 starts from the committed 4.
    history.recordProcessed('g', 'c2', 't', 0, [4, 6]);
    history.recordCommitted('g', 'c2', 't', 0, 6);
    const report = checkHistory(history, [wholeLog()]);
    expect(report.groups.g).toMatchObject({
      processedRecords: 4,
      neverProcessed: {
        count: 2,
        examples: [
          { topic: 't', partition: 0, offset: 2, producer: 'p', recordId: 2 },
          { topic: 't', partition: 0, offset: 3, producer: 'p', recordId: 3 },
        ],
      },
      notYetProcessed: 0,
      processedTwice: nothingFound,
    });
    expect(report.groupsClean).toBe(false);
    expect(report.clean).toBe(true); // a group's choices are not the cluster's faults
  });

  it('reports a commit below the previous one of the same group and partition, not a repeated one', () => {
    const history = produced();
    history.recordProcessed('g', 'c1', 't', 0, [0, 6]);
    history.recordCommitted('g', 'c1', 't', 0, 4);
    history.recordCommitted('g', 'c1', 't', 0, 4);
    history.recordCommitted('g', 'c2', 't', 0, 2); // a member with an old position after a rebalance
    history.recordCommitted('g', 'c1', 't', 0, 6);
    history.recordCommitted('other', 'c3', 't', 0, 1); // another group's commits are its own
    const report = checkHistory(history, [wholeLog()]);
    expect(report.groups.g!.commitsWentBackwards).toEqual({ count: 1, examples: [{ topic: 't', partition: 0, previous: 4, offset: 2, consumer: 'c2' }] });
    expect(report.groups.other!.commitsWentBackwards).toEqual(nothingFound);
    expect(report.groupsClean).toBe(false);
  });

  it('counts acknowledged records at or above the bound as not yet processed: the lag', () => {
    const history = produced();
    history.recordProcessed('g', 'c1', 't', 0, [0, 3]);
    history.recordCommitted('g', 'c1', 't', 0, 3);
    // A group whose last commit is above what it processed: the commit sets the bound.
    history.recordProcessed('h', 'c1', 't', 0, [0, 2]);
    history.recordCommitted('h', 'c1', 't', 0, 4);
    // A group that only committed a starting position has read nothing: lag only.
    history.recordCommitted('k', 'c1', 't', 0, 4);
    const report = checkHistory(history, [wholeLog()]);
    expect(report.groups.g).toMatchObject({ processedRecords: 3, neverProcessed: nothingFound, notYetProcessed: 3 });
    expect(report.groups.h).toMatchObject({ processedRecords: 2, notYetProcessed: 2 });
    expect(report.groups.h!.neverProcessed.examples.map((e) => e.offset)).toEqual([2, 3]);
    expect(report.groups.k).toMatchObject({ processedRecords: 0, neverProcessed: nothingFound, notYetProcessed: 2 });
  });

  it('does not report holes of a compacted log, and counts only the records the log holds', () => {
    const history = produced();
    const log = finalLog([batch(0, ['p#0', 'p#1']), batch(4, ['p#4', 'p#5'])], { compacted: true });
    history.recordProcessed('g', 'c1', 't', 0, [0, 6]);
    history.recordProcessed('g', 'c2', 't', 0, [1, 6]);
    history.recordProcessed('h', 'c1', 't', 0, [0, 2]);
    history.recordProcessed('h', 'c1', 't', 0, [4, 6]);
    const report = checkHistory(history, [log]);
    expect(report.groups.g).toMatchObject({ processedRecords: 7, neverProcessed: nothingFound, notYetProcessed: 0 });
    expect(report.groups.g!.processedTwice.count).toBe(3);
    expect(report.groups.g!.processedTwice.examples.map((e) => e.offset)).toEqual([1, 4, 5]);
    expect(report.groups.h).toMatchObject({ processedRecords: 4, neverProcessed: nothingFound, notYetProcessed: 0, processedTwice: nothingFound });
    expect(report.groupsClean).toBe(true);
  });

  it('judges only records acknowledged where the final log still holds them', () => {
    const history = produced();
    history.recordProcessed('g', 'c1', 't', 0, [5, 7]);
    // Retention removed 0..1; offset 3 holds p#9 (p#3 is lost); 6 was typed by hand.
    const log = finalLog([batch(2, ['p#2', 'p#9', 'p#4', 'p#5', 'typed by hand'])], { logStartOffset: 2, highWatermark: 7 });
    const report = checkHistory(history, [log]);
    expect(report.groups.g!.neverProcessed.examples.map((e) => e.offset)).toEqual([2, 4]);
    expect(report.groups.g!.processedRecords).toBe(2); // the unlabelled record is a record all the same
    expect(report.lost.count).toBe(1);
  });

  it('lists each member once however many times it processed a record, and keeps every count with few examples', () => {
    const history = produced();
    for (let round = 0; round < 3; round++) history.recordProcessed('g', 'c1', 't', 0, [0, 6]);
    history.recordProcessed('g', 'c0', 't', 0, [5, 6]);
    const report = checkHistory(history, [wholeLog()], { maxExamples: 1 });
    expect(report.groups.g!.processedTwice).toEqual({ count: 13, examples: [{ topic: 't', partition: 0, offset: 0, times: 3, consumers: ['c1'] }] });
    expect(checkHistory(history, [wholeLog()], { maxExamples: 6 }).groups.g!.processedTwice.examples.at(-1)).toEqual({ topic: 't', partition: 0, offset: 5, times: 4, consumers: ['c0', 'c1'] });
  });

  it('keeps group processings out of the per-consumer poll() ledgers and their findings', () => {
    const history = produced();
    history.recordConsumed('c1', 't', 0, [[0, 6]]);
    history.recordProcessed('g', 'c1', 't', 0, [0, 6]);
    history.recordProcessed('g', 'c1', 't', 0, [0, 3]); // processing again is not a poll() going back
    const report = checkHistory(history, [wholeLog()]);
    expect(report.consumerRewound).toEqual(nothingFound);
    expect(report.totals.consumed).toBe(6);
    expect(report.groups.g!.processedTwice.count).toBe(3);
    expect(report.clean).toBe(true);
  });

  it('sorts groups by id and gives the same text whatever order the groups and partitions came in', () => {
    const feed = (order: 'forward' | 'backward') => {
      const history = produced();
      history.recordAcked('p', 't', 1, 0, [6, 7]);
      const steps = [
        () => history.recordProcessed('b', 'c1', 't', 1, [0, 2]),
        () => history.recordProcessed('a', 'c2', 't', 0, [0, 3]),
        () => history.recordCommitted('a', 'c2', 't', 0, 5),
        () => history.recordProcessed('__proto__', 'c3', 't', 0, [1, 2]),
        () => history.recordProcessed('a', 'c1', 't', 1, [1, 2]),
      ];
      for (const step of order === 'forward' ? steps : steps.reverse()) step();
      return checkHistory(history, [wholeLog(), finalLog([batch(0, ['p#6', 'p#7'])], { partition: 1, highWatermark: 2 })]);
    };
    const report = feed('forward');
    expect(Object.keys(report.groups)).toEqual(['__proto__', 'a', 'b']);
    expect(report.groups.a!.neverProcessed.examples.map((e) => [e.partition, e.offset])).toEqual([
      [0, 3],
      [0, 4],
      [1, 0],
    ]);
    expect(JSON.stringify(feed('backward'))).toBe(JSON.stringify(report));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('has nothing to say about a partition it was given no log for, and no groups without group events', () => {
    const history = produced();
    history.recordProcessed('g', 'c1', 't', 9, [0, 6]);
    const report = checkHistory(history, [wholeLog()]);
    expect(report.groups.g).toEqual({ processedRecords: 0, neverProcessed: nothingFound, notYetProcessed: 0, processedTwice: nothingFound, commitsWentBackwards: nothingFound });
    expect(checkHistory(produced(), [wholeLog()])).toMatchObject({ groups: {}, groupsClean: true });
  });
});
