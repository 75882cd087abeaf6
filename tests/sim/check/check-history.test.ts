import { describe, expect, it } from 'vitest';
import { CheckError, History, checkHistory, type FinalPartitionLog, type ProducerGuarantees } from '../../../sim/check/index.ts';
import { batch, concat, labelValue } from './helpers.ts';

const SAFE: ProducerGuarantees = { acks: -1, idempotent: true, maxInFlightRequestsPerConnection: 5 };
const LOOSE: ProducerGuarantees = { acks: 1, idempotent: false, maxInFlightRequestsPerConnection: 5 };

/** Producer p sent records 0..5 and got them acknowledged at offsets 0..5 in two batches. */
function produced(guarantees: ProducerGuarantees = SAFE): History {
  const history = new History();
  history.describeProducer('p', guarantees);
  for (let n = 0; n < 6; n++) history.recordSent('p', n, 't', 0);
  history.recordAcked('p', 't', 0, 0, [0, 1, 2]);
  history.recordAcked('p', 't', 0, 3, [3, 4, 5]);
  return history;
}

function finalLog(parts: Uint8Array[], extra: Partial<FinalPartitionLog> = {}): FinalPartitionLog {
  return { topic: 't', partition: 0, records: concat(parts), logStartOffset: 0, highWatermark: 6, ...extra };
}

const wholeLog = () => finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'p#5'])]);

describe('checkHistory', () => {
  it('finds nothing in a clean history', () => {
    const history = produced();
    history.recordFailed('p', 't', 0, [6], 'DELIVERY_TIMEOUT');
    history.recordPositionReset('c', 't', 0, 0, 'auto.offset.reset=earliest');
    history.recordConsumed('c', 't', 0, [[0, 4]]);
    history.recordConsumed('c', 't', 0, [[4, 6]]);
    const report = checkHistory(history, [wholeLog()]);
    expect(report.clean).toBe(true);
    expect(report.totals).toEqual({
      sent: 6,
      acked: 6,
      ackedWithoutOffset: 0,
      ackedBelowLogStart: 0,
      ackedUnverifiable: 0,
      failed: 1,
      failedByError: { DELIVERY_TIMEOUT: 1 },
      consumed: 6,
      positionResets: 1,
      logRecords: 6,
      unlabelledLogRecords: 0,
    });
    for (const kind of ['lost', 'duplicated', 'reordered', 'consumerRewound', 'consumerSkipped', 'consumedNotInLog', 'replicasDiverged'] as const) {
      expect(report[kind]).toMatchObject({ count: 0, examples: [] });
    }
  });

  describe('acknowledged records', () => {
    it('reports a record acknowledged at an offset the log no longer reaches as lost', () => {
      const report = checkHistory(produced(), [finalLog([batch(0, ['p#0', 'p#1', 'p#2'])], { highWatermark: 3 })], { maxExamples: 2 });
      expect(report.lost.count).toBe(3);
      expect(report.lost.withAcksAll).toBe(3);
      expect(report.lost.examples).toEqual([
        { topic: 't', partition: 0, offset: 3, producer: 'p', recordId: 3, acks: -1, reason: 'absent', foundThere: null, foundAt: [] },
        { topic: 't', partition: 0, offset: 4, producer: 'p', recordId: 4, acks: -1, reason: 'absent', foundThere: null, foundAt: [] },
      ]);
    });

    it('reports a record whose acknowledged offset holds another record as lost (acks=1, new leader)', () => {
      const history = produced(LOOSE);
      history.describeProducer('q', LOOSE);
      history.recordAcked('q', 't', 0, 5, [0]);
      // The old leader acked p#3..p#5 at 3..5; the new leader wrote q#0 at 5 and lost p#5.
      const report = checkHistory(history, [finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4']), batch(5, ['q#0'])])]);
      expect(report.lost.count).toBe(1);
      expect(report.lost.withAcksAll).toBe(0);
      expect(report.lost.examples[0]).toMatchObject({ offset: 5, producer: 'p', recordId: 5, acks: 1, reason: 'replaced', foundThere: 'q#0', foundAt: [] });
    });

    it('says where a record went when it is in the log at another offset', () => {
      const report = checkHistory(produced(), [finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#4', 'p#3', 'p#5'])])]);
      expect(report.lost.examples.map((e) => [e.recordId, e.foundThere, e.foundAt])).toEqual([
        [3, 'p#4', [4]],
        [4, 'p#3', [3]],
      ]);
    });

    it('does not report records removed by retention (offset < logStartOffset) as lost', () => {
      const report = checkHistory(produced(), [finalLog([batch(3, ['p#3', 'p#4', 'p#5'])], { logStartOffset: 3 })]);
      expect(report.clean).toBe(true);
      expect(report.totals.ackedBelowLogStart).toBe(3);
    });

    it('ignores records below the log start offset that are still in the first segment', () => {
      const report = checkHistory(produced(), [finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'p#5'])], { logStartOffset: 4 })]);
      expect(report.clean).toBe(true);
      expect(report.totals).toMatchObject({ ackedBelowLogStart: 4, logRecords: 2 });
    });

    it('does not check records acknowledged without an offset (acks=0)', () => {
      const history = new History();
      history.recordAcked('p', 't', 0, -1, [0, 1]);
      const report = checkHistory(history, [finalLog([])]);
      expect(report.clean).toBe(true);
      expect(report.totals).toMatchObject({ acked: 2, ackedWithoutOffset: 2 });
    });

    it('cannot judge an offset that holds a record without a label, and says so', () => {
      const report = checkHistory(produced(), [finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'typed by hand'])])]);
      expect(report.clean).toBe(true);
      expect(report.totals).toMatchObject({ ackedUnverifiable: 1, unlabelledLogRecords: 1 });
    });

    it('treats labels cut by a small value size as no label, never as another record', () => {
      const history = new History();
      const ids = Array.from({ length: 120 }, (_, n) => n);
      history.recordAcked('p', 't', 0, 0, ids);
      const cut = ids.map((n) => labelValue('p', n, 4)); // "p#0.", ..., "p#10", "p#11", ..., "p#11" (for 110..119)
      const report = checkHistory(history, [finalLog([batch(0, cut)], { highWatermark: 120 })]);
      expect(report.clean).toBe(true);
      expect(report.totals.ackedUnverifiable).toBe(110);
    });

    it('counts records of a partition it was given no log for as unverifiable', () => {
      const report = checkHistory(produced(), []);
      expect(report.clean).toBe(true);
      expect(report.totals.ackedUnverifiable).toBe(6);
    });
  });

  describe('duplicates and order', () => {
    it('reports each extra copy of a record, and whether the producer was idempotent', () => {
      const log = finalLog([batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'p#5']), batch(6, ['p#1', 'p#1'])], { highWatermark: 8 });
      const safe = checkHistory(produced(SAFE), [log]);
      expect(safe.duplicated).toEqual({
        count: 2,
        fromIdempotent: 2,
        examples: [{ topic: 't', partition: 0, producer: 'p', recordId: 1, offsets: [1, 6, 7], idempotent: true }],
      });
      expect(safe.reordered.count).toBe(0);
      expect(safe.lost.count).toBe(0);
      expect(checkHistory(produced(LOOSE), [log]).duplicated.fromIdempotent).toBe(0);
    });

    it('reports a producer record that lands after a later one, with the producer settings', () => {
      // Batch [2] failed and was retried after batch [3, 4, 5] had been written.
      const log = () => finalLog([batch(0, ['p#0', 'p#1']), batch(2, ['p#3', 'p#4', 'p#5']), batch(5, ['p#2'])]);
      const history = new History();
      history.describeProducer('p', LOOSE);
      history.recordAcked('p', 't', 0, 0, [0, 1]);
      history.recordAcked('p', 't', 0, 2, [3, 4, 5]);
      history.recordAcked('p', 't', 0, 5, [2]);
      const report = checkHistory(history, [log()]);
      expect(report.reordered).toEqual({
        count: 1,
        withOrderingGuarantee: 0,
        examples: [{ topic: 't', partition: 0, producer: 'p', offset: 5, recordId: 2, previousOffset: 4, previousRecordId: 5, idempotent: false, maxInFlightRequestsPerConnection: 5 }],
      });
      expect(report.lost.count).toBe(0);
      history.describeProducer('p', { ...LOOSE, maxInFlightRequestsPerConnection: 1 });
      expect(checkHistory(history, [log()]).reordered.withOrderingGuarantee).toBe(1);
    });

    it('judges order per producer: interleaved producers are in order', () => {
      const history = new History();
      history.recordAcked('a', 't', 0, 0, [0]);
      history.recordAcked('b', 't', 0, 1, [0]);
      history.recordAcked('a', 't', 0, 2, [1]);
      history.recordAcked('b', 't', 0, 3, [1]);
      const report = checkHistory(history, [finalLog([batch(0, ['a#0']), batch(1, ['b#0']), batch(2, ['a#1']), batch(3, ['b#1'])], { highWatermark: 4 })]);
      expect(report.clean).toBe(true);
      expect(report.reordered.examples).toEqual([]);
    });

    it('marks the settings as unknown when the producer was not described', () => {
      const history = new History();
      history.recordAcked('p', 't', 0, 0, [1, 0]);
      const report = checkHistory(history, [finalLog([batch(0, ['p#1', 'p#0'])], { highWatermark: 2 })]);
      expect(report.reordered.examples[0]).toMatchObject({ idempotent: null, maxInFlightRequestsPerConnection: null });
      expect(report.reordered.withOrderingGuarantee).toBe(0);
    });
  });

  describe('consumers', () => {
    it('reports a consumer going back without a position reset, and not with one', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 4]]);
      history.recordConsumed('c', 't', 0, [[2, 6]]);
      expect(checkHistory(history, [wholeLog()]).consumerRewound).toEqual({ count: 1, examples: [{ consumer: 'c', topic: 't', partition: 0, expectedOffset: 4, offset: 2 }] });

      const reset = produced();
      reset.recordConsumed('c', 't', 0, [[0, 4]]);
      reset.recordPositionReset('c', 't', 0, 2, 'committed offset after rebalance');
      reset.recordConsumed('c', 't', 0, [[2, 6]]);
      expect(checkHistory(reset, [wholeLog()]).clean).toBe(true);
    });

    it('reports a consumer jumping over records, and not across a reset', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 2]]);
      history.recordConsumed('c', 't', 0, [[4, 6]]);
      expect(checkHistory(history, [wholeLog()]).consumerSkipped).toEqual({
        count: 1,
        examples: [{ consumer: 'c', topic: 't', partition: 0, fromOffset: 2, toOffset: 4, skippedRecords: 2, belowLogStart: false }],
      });

      const reset = produced();
      reset.recordConsumed('c', 't', 0, [[0, 2]]);
      reset.recordPositionReset('c', 't', 0, 4, 'seek');
      reset.recordConsumed('c', 't', 0, [[4, 6]]);
      expect(checkHistory(reset, [wholeLog()]).clean).toBe(true);
    });

    it('reports a jump over offsets that retention has since removed, where the log cannot tell', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 1], [4, 6]]);
      const report = checkHistory(history, [finalLog([batch(3, ['p#3', 'p#4', 'p#5'])], { logStartOffset: 3 })]);
      expect(report.consumerSkipped.examples).toEqual([{ consumer: 'c', topic: 't', partition: 0, fromOffset: 1, toOffset: 4, skippedRecords: 1, belowLogStart: true }]);
    });

    it('accepts holes the cleaner left in a compacted log', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 2], [4, 6]]);
      const report = checkHistory(history, [finalLog([batch(0, ['p#0', 'p#1']), batch(4, ['p#4', 'p#5'])], { compacted: true })]);
      expect(report.clean).toBe(true);
      expect(report.totals.ackedUnverifiable).toBe(2);
    });

    it('reports consumed offsets beyond the final log end (read above the HW, then truncated)', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 8]]);
      const report = checkHistory(history, [wholeLog()]);
      expect(report.consumedNotInLog).toEqual({
        count: 1,
        examples: [{ consumer: 'c', topic: 't', partition: 0, fromOffset: 6, toOffset: 8, reason: 'beyond-log-end', consumedLeaderEpoch: null, logLeaderEpoch: null }],
      });
    });

    it('reports consumed offsets that hold a record of another leader epoch now', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 3, 0], [3, 6, 1]]);
      const log = finalLog([batch(0, ['p#0', 'p#1', 'p#2'], { epoch: 0 }), batch(3, ['p#3', 'p#4', 'p#5'], { epoch: 2 })]);
      expect(checkHistory(history, [log]).consumedNotInLog.examples).toEqual([
        { consumer: 'c', topic: 't', partition: 0, fromOffset: 3, toOffset: 6, reason: 'other-leader-epoch', consumedLeaderEpoch: 1, logLeaderEpoch: 2 },
      ]);
    });

    it('reports consumed offsets missing from the middle of the log', () => {
      const history = produced();
      history.recordConsumed('c', 't', 0, [[0, 6]]);
      const report = checkHistory(history, [finalLog([batch(0, ['p#0', 'p#1']), batch(4, ['p#4', 'p#5'])])]);
      expect(report.consumedNotInLog.examples).toEqual([
        { consumer: 'c', topic: 't', partition: 0, fromOffset: 2, toOffset: 4, reason: 'absent', consumedLeaderEpoch: null, logLeaderEpoch: null },
      ]);
      expect(report.lost.count).toBe(2);
    });
  });

  it('compares replicas with the leader below min(HW, their LEO)', () => {
    const leader = [batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'p#5'])];
    const diverged = [batch(0, ['p#0', 'p#1', 'p#2']), batch(3, ['p#3', 'p#4', 'x'])];
    const behind = [batch(0, ['p#0', 'p#1', 'p#2'])];
    const log = finalLog(leader, {
      replicas: [
        { broker: 3, records: diverged },
        { broker: 2, records: behind },
        { broker: 1, records: leader },
      ],
    });
    const report = checkHistory(produced(), [log]);
    expect(report.replicasDiverged.count).toBe(1);
    expect(report.replicasDiverged.examples[0]).toMatchObject({ broker: 3, offset: 3, leaderBatch: { baseOffset: 3, lastOffset: 5 }, replicaBatch: { baseOffset: 3, lastOffset: 5 } });
    // Above the HW a divergent tail is the follower's to truncate.
    expect(checkHistory(produced(), [{ ...log, highWatermark: 3 }]).replicasDiverged.count).toBe(0);
  });

  it('gives the same plain-JSON report whatever order the events of different clients came in', () => {
    const feed = (order: 'ab' | 'ba') => {
      const history = new History();
      const a = () => {
        history.recordAcked('a', 't', 0, 0, [0]);
        history.recordConsumed('ca', 't', 0, [[0, 9]]);
      };
      const b = () => {
        history.recordAcked('b', 't', 0, 1, [0]);
        history.recordConsumed('cb', 't', 0, [[0, 9]]);
      };
      if (order === 'ab') (a(), b());
      else (b(), a());
      return checkHistory(history, [finalLog([batch(0, ['b#0', 'a#0'])], { highWatermark: 2 })]);
    };
    const report = feed('ab');
    expect(report.lost.count).toBe(2);
    expect(report.consumedNotInLog.examples.map((e) => e.consumer)).toEqual(['ca', 'cb']);
    expect(JSON.stringify(feed('ba'))).toBe(JSON.stringify(report));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('rejects inputs it cannot judge', () => {
    expect(() => checkHistory(new History(), [wholeLog(), wholeLog()])).toThrow(CheckError);
    expect(() => new History().recordConsumed('c', 't', 0, [[3, 3]])).toThrow(/non-empty/);
    expect(() => new History().recordAcked('p', 't', 0, 0, [-1])).toThrow(CheckError);
  });
});
