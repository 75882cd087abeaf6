import { describe, expect, it } from 'vitest';
import { CheckError, History } from '../../../sim/check/index.ts';

describe('History', () => {
  it('keeps consecutive acknowledged records as one run, whatever the batching', () => {
    const history = new History();
    for (let base = 0; base < 10_000; base += 10) history.recordAcked('p', 't', 0, base, Array.from({ length: 10 }, (_, i) => base + i));
    const ledger = history.producers.get('p')!;
    expect(ledger.acked).toBe(10_000);
    expect(ledger.maxRecordId).toBe(9_999);
    expect(ledger.acks.get('0:t')!.runs).toEqual([0, 0, 10_000]);
  });

  it('starts a new run where offsets or ids stop following each other', () => {
    const history = new History();
    history.recordAcked('p', 't', 1, 100, [0, 1]);
    history.recordAcked('p', 't', 1, 102, [5]); // keyed records: ids spread over partitions
    history.recordAcked('p', 't', 1, 104, [6]); // another producer wrote offset 103
    expect(history.producers.get('p')!.acks.get('1:t')!.runs).toEqual([100, 0, 2, 102, 5, 1, 104, 6, 1]);
  });

  it('keeps consumed offsets as runs, split where the leader epoch changes', () => {
    const history = new History();
    history.recordConsumed('c', 't', 0, [[0, 5, 1], [5, 7, 1]]);
    history.recordConsumed('c', 't', 0, [[7, 9, 2]]);
    history.recordConsumed('c', 't', 0, [[9, 12]]);
    const ledger = [...history.consumers.values()][0]!;
    expect(ledger.runs).toEqual([0, 7, 1, 7, 9, 2, 9, 12, -1]);
    expect(ledger.consumed).toBe(12);
    expect(ledger.expected).toBe(12);
  });

  it('notes jumps and steps back until a position reset says where the consumer is', () => {
    const history = new History();
    history.recordConsumed('c', 't', 0, [[10, 12]]); // the first records may start anywhere
    history.recordConsumed('c', 't', 0, [[15, 16]]);
    history.recordConsumed('c', 't', 0, [[14, 15]]);
    history.recordPositionReset('c', 't', 0, 3, 'auto.offset.reset=earliest');
    history.recordConsumed('c', 't', 0, [[3, 4]]);
    history.recordPositionReset('c', 't', 0, 40, 'seek');
    history.recordConsumed('c', 't', 0, [[41, 42]]);
    const ledger = [...history.consumers.values()][0]!;
    expect(ledger.gaps).toEqual([12, 15, 40, 41]);
    expect(ledger.rewinds).toEqual([16, 14]);
    expect(ledger.resets).toBe(2);
    expect(Object.fromEntries(ledger.resetReasons)).toEqual({ 'auto.offset.reset=earliest': 1, seek: 1 });
  });

  it('keeps one ledger per consumer and partition', () => {
    const history = new History();
    history.recordConsumed('c', 't', 0, [[0, 1]]);
    history.recordConsumed('c', 't', 1, [[5, 6]]);
    history.recordConsumed('d', 't', 0, [[7, 8]]);
    expect([...history.consumers.values()].map((l) => [l.consumer, l.partition, l.gaps.length])).toEqual([
      ['c', 0, 0],
      ['c', 1, 0],
      ['d', 0, 0],
    ]);
  });

  describe('consumer groups', () => {
    it('keeps what a member processes in consecutive polls as one run, apart from its poll() ledger', () => {
      const history = new History();
      for (let from = 0; from < 10_000; from += 10) history.recordProcessed('g', 'c1', 't', 0, [from, from + 10]);
      history.recordProcessed('g', 'c2', 't', 0, [10_000, 10_005]);
      history.recordProcessed('g', 'c1', 't', 0, [4_000, 4_010, 3]); // processed again, after a rebalance
      const ledger = history.groups.get('g\u00000:t')!;
      expect(ledger.members).toEqual(['c1', 'c2']);
      expect(ledger.processed).toEqual([0, 10_000, 0, 10_000, 10_005, 1, 4_000, 4_010, 0]);
      expect(ledger.processedEnd).toBe(10_005);
      expect(history.consumers.size).toBe(0);
    });

    it('keeps the last committed offset and the commits that went back', () => {
      const history = new History();
      history.recordCommitted('g', 'c1', 't', 0, 5);
      history.recordCommitted('g', 'c1', 't', 0, 5);
      history.recordCommitted('g', 'c2', 't', 0, 3);
      history.recordCommitted('g', 'c2', 't', 0, 9);
      history.recordCommitted('h', 'c1', 't', 0, 1); // another group: its own ledger
      const ledger = history.groups.get('g\u00000:t')!;
      expect(ledger).toMatchObject({ commits: 4, lastCommitted: 9, processedEnd: -1, backwardCommits: [5, 3, 1] });
      expect([...history.groups.values()].map((l) => [l.group, l.lastCommitted])).toEqual([
        ['g', 9],
        ['h', 1],
      ]);
    });

    it('rejects runs and committed offsets that cannot be offsets', () => {
      const history = new History();
      expect(() => history.recordProcessed('g', 'c', 't', 0, [4, 4])).toThrow(/non-empty/);
      expect(() => history.recordProcessed('g', 'c', 't', 0, [-1, 2])).toThrow(CheckError);
      expect(() => history.recordCommitted('g', 'c', 't', 0, -1)).toThrow(CheckError);
      expect(() => history.recordCommitted('g', 'c', 't', 0, 1.5)).toThrow(CheckError);
      expect(history.groups.size).toBe(0);
    });
  });
});
