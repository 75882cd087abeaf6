// Reference §6.5: every Java assignor vector V1–V19 and V21 (run against Kafka's own assignor
// classes), with list order where the vector gives it and sets where Kafka's test compares sets.
import { describe, expect, it } from 'vitest';
import { assign, runAssignor } from '../../../../sim/group/assignors/index.ts';
import { asSets, input, names, nextRound, tps } from './helpers.ts';

describe('range (RangeAssignor)', () => {
  it('V1: one topic of 7 partitions over 3 members, the first gets the extra one', () => {
    const result = runAssignor('range', input({ orders: 7 }, [
      { id: 'c1', topics: ['orders'] }, { id: 'c2', topics: ['orders'] }, { id: 'c3', topics: ['orders'] },
    ]));
    expect(names(result.assignment)).toEqual({
      c1: ['orders-0', 'orders-1', 'orders-2'], c2: ['orders-3', 'orders-4'], c3: ['orders-5', 'orders-6'],
    });
  });

  it('V2: two topics, the imbalance of each topic lands on the same member', () => {
    const result = runAssignor('range', input({ topic1: 3, topic2: 3 }, [
      { id: 'consumer1', topics: ['topic1', 'topic2'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'], consumer2: ['topic1-2', 'topic2-2'],
    });
  });

  it('V3: 3 topics of 2 partitions over 3 members leaves the third idle (V3\': roundrobin does not)', () => {
    const group = input({ a: 2, b: 2, c: 2 }, [
      { id: 'm1', topics: ['a', 'b', 'c'] }, { id: 'm2', topics: ['a', 'b', 'c'] }, { id: 'm3', topics: ['a', 'b', 'c'] },
    ]);
    expect(names(runAssignor('range', group).assignment)).toEqual({ m1: ['a-0', 'b-0', 'c-0'], m2: ['a-1', 'b-1', 'c-1'], m3: [] });
    expect(names(runAssignor('roundrobin', group).assignment)).toEqual({ m1: ['a-0', 'b-1'], m2: ['a-1', 'c-0'], m3: ['b-0', 'c-1'] });
  });

  it('V4: mixed subscriptions', () => {
    const result = runAssignor('range', input({ topic1: 3, topic2: 2 }, [
      { id: 'consumer1', topics: ['topic1'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] }, { id: 'consumer3', topics: ['topic1'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-0', 'topic2-1'], consumer3: ['topic1-2'],
    });
  });

  it('V5: static members sort by group.instance.id, not by member id', () => {
    const result = runAssignor('range', input({ topic1: 3, topic2: 3 }, [
      { id: 'consumer-b', instance: 'instance1', topics: ['topic1', 'topic2'] },
      { id: 'consumer-a', instance: 'instance2', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      'consumer-b': ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'], 'consumer-a': ['topic1-2', 'topic2-2'],
    });
  });

  it("V5': static members come before dynamic ones", () => {
    const topics = ['topic1', 'topic2'];
    const result = runAssignor('range', input({ topic1: 5, topic2: 4 }, [
      { id: 'consumer1', instance: 'instance1', topics }, { id: 'consumer2', instance: 'instance2', topics },
      { id: 'consumer3', instance: 'instance3', topics }, { id: 'consumer4', topics },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic1-1', 'topic2-0'], consumer2: ['topic1-2', 'topic2-1'],
      consumer3: ['topic1-3', 'topic2-2'], consumer4: ['topic1-4', 'topic2-3'],
    });
  });

  it('V6: member ids compare as Java strings, so "c10" < "c2"', () => {
    const result = runAssignor('range', input({ t: 5 }, [
      { id: 'c2', topics: ['t'] }, { id: 'c10', topics: ['t'] }, { id: 'c1', topics: ['t'] },
    ]));
    expect(names(result.assignment)).toEqual({ c2: ['t-4'], c10: ['t-2', 't-3'], c1: ['t-0', 't-1'] });
  });
});

describe('roundrobin (RoundRobinAssignor)', () => {
  it('V7: across two topics', () => {
    const result = runAssignor('roundrobin', input({ topic1: 3, topic2: 3 }, [
      { id: 'consumer1', topics: ['topic1', 'topic2'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });
  });

  it('V8: different subscriptions (the class Javadoc example)', () => {
    const result = runAssignor('roundrobin', input({ t0: 1, t1: 2, t2: 3 }, [
      { id: 'C0', topics: ['t0'] }, { id: 'C1', topics: ['t0', 't1'] }, { id: 'C2', topics: ['t0', 't1', 't2'] },
    ]));
    expect(names(result.assignment)).toEqual({ C0: ['t0-0'], C1: ['t1-0'], C2: ['t1-1', 't2-0', 't2-1', 't2-2'] });
  });

  it('V9: mixed subscriptions', () => {
    const result = runAssignor('roundrobin', input({ topic1: 3, topic2: 2 }, [
      { id: 'consumer1', topics: ['topic1'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] }, { id: 'consumer3', topics: ['topic1'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-0', 'topic2-1'], consumer3: ['topic1-2'],
    });
  });

  it('V10: static members sort by group.instance.id', () => {
    const result = runAssignor('roundrobin', input({ topic1: 3, topic2: 3 }, [
      { id: 'consumer-b', instance: 'instance1', topics: ['topic1', 'topic2'] },
      { id: 'consumer-a', instance: 'instance2', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      'consumer-b': ['topic1-0', 'topic1-2', 'topic2-1'], 'consumer-a': ['topic1-1', 'topic2-0', 'topic2-2'],
    });
  });
});

describe('sticky and cooperative-sticky (AbstractStickyAssignor)', () => {
  const both = ['sticky', 'cooperative-sticky'] as const;

  it.each(both)('V11 (%s): a fresh group with mixed subscriptions balances 2/2/1', (strategy) => {
    const result = runAssignor(strategy, input({ topic1: 3, topic2: 2 }, [
      { id: 'consumer1', topics: ['topic1'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] }, { id: 'consumer3', topics: ['topic1'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic1-2'], consumer2: ['topic2-0', 'topic2-1'], consumer3: ['topic1-1'],
    });
    expect(result.transferring).toEqual([]);
  });

  it.each(both)('V12 (%s): a fresh group over two topics', (strategy) => {
    const result = runAssignor(strategy, input({ topic1: 3, topic2: 4 }, [
      { id: 'consumer1', topics: ['topic1', 'topic2'] }, { id: 'consumer2', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });
  });

  const v13 = input({ topic1: 3, topic2: 4 }, [
    { id: 'consumer1', topics: ['topic1', 'topic2'], owned: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], generation: 1 },
    { id: 'consumer2', topics: ['topic1', 'topic2'], owned: ['topic1-1', 'topic2-0', 'topic2-2'], generation: 1 },
    { id: 'consumer3', topics: ['topic1', 'topic2'], owned: [], generation: 1 },
    { id: 'consumer4', topics: ['topic1', 'topic2'], owned: [], generation: 1 },
  ]);

  it('V13: two members join; the owners keep what fits their quota', () => {
    const result = runAssignor('sticky', v13);
    expect(names(result.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic2-0', 'topic1-1'], consumer3: ['topic1-2', 'topic2-3'], consumer4: ['topic2-2'],
    });
  });

  it('V13: the partitions transferring ownership', () => {
    const result = runAssignor('cooperative-sticky', v13);
    expect(result.transferring).toEqual([
      { topic: 'topic1', partition: 2, to: 'consumer3' },
      { topic: 'topic2', partition: 2, to: 'consumer4' },
      { topic: 'topic2', partition: 3, to: 'consumer3' },
    ]);
  });

  it('V14: two members leave; the survivors keep everything and only orphans move', () => {
    const result = runAssignor('sticky', input({ topic1: 3, topic2: 4 }, [
      { id: 'consumer3', topics: ['topic1', 'topic2'], owned: ['topic1-2', 'topic2-3'], generation: 1 },
      { id: 'consumer4', topics: ['topic1', 'topic2'], owned: ['topic2-2'], generation: 1 },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer3: ['topic1-2', 'topic2-3', 'topic1-0', 'topic2-1'], consumer4: ['topic2-2', 'topic1-1', 'topic2-0'],
    });
  });

  it('V14 (range on the same members moves 2 of the 3 owned partitions)', () => {
    const result = runAssignor('range', input({ topic1: 3, topic2: 4 }, [
      { id: 'consumer3', topics: ['topic1', 'topic2'] }, { id: 'consumer4', topics: ['topic1', 'topic2'] },
    ]));
    expect(names(result.assignment)).toEqual({
      consumer3: ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'], consumer4: ['topic1-2', 'topic2-2', 'topic2-3'],
    });
  });

  it('V15: a member joins, then the first one leaves (one topic)', () => {
    const step1 = runAssignor('sticky', input({ topic: 3 }, [{ id: 'consumer1', topics: ['topic'] }]));
    expect(names(step1.assignment)).toEqual({ consumer1: ['topic-0', 'topic-1', 'topic-2'] });

    const step2Input = input({ topic: 3 }, [
      { id: 'consumer1', topics: ['topic'], owned: ['topic-0', 'topic-1', 'topic-2'], generation: 1 },
      { id: 'consumer2', topics: ['topic'], owned: [], generation: 1 },
    ]);
    expect(names(runAssignor('sticky', step2Input).assignment)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(runAssignor('cooperative-sticky', step2Input).transferring).toEqual([{ topic: 'topic', partition: 2, to: 'consumer2' }]);

    const step3 = runAssignor('sticky', input({ topic: 3 }, [
      { id: 'consumer2', topics: ['topic'], owned: ['topic-2'], generation: 1 },
    ]));
    expect(asSets(step3.assignment)).toEqual({ consumer2: ['topic-0', 'topic-1', 'topic-2'] });
  });

  it('V16: cooperative two-phase revocation, one topic', () => {
    const round1Input = input({ topic: 3 }, [
      { id: 'consumer1', topics: ['topic'], owned: ['topic-0', 'topic-1', 'topic-2'], generation: 1 },
      { id: 'consumer2', topics: ['topic'], owned: [], generation: 1 },
    ]);
    const round1 = runAssignor('cooperative-sticky', round1Input);
    expect(names(round1.assignment)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: [] });
    expect(round1.transferring).toEqual([{ topic: 'topic', partition: 2, to: 'consumer2' }]);

    const round2 = runAssignor('cooperative-sticky', nextRound(round1Input, round1.assignment));
    expect(names(round2.assignment)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(round2.transferring).toEqual([]);
  });

  it('V17: cooperative two-phase revocation, two topics (V13 input)', () => {
    const round1 = runAssignor('cooperative-sticky', v13);
    expect(names(round1.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic2-0', 'topic1-1'], consumer3: [], consumer4: [],
    });
    const round2 = runAssignor('cooperative-sticky', nextRound(v13, round1.assignment));
    expect(names(round2.assignment)).toEqual({
      consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic2-0', 'topic1-1'], consumer3: ['topic1-2', 'topic2-3'], consumer4: ['topic2-2'],
    });
    expect(round2.transferring).toEqual([]);
  });

  const v18 = input({ topic1: 2, topic2: 2 }, [
    { id: 'consumer1', topics: ['topic1', 'topic2'], owned: ['topic1-0', 'topic2-0'], generation: 1 },
    { id: 'consumer2', topics: ['topic1', 'topic2'], owned: ['topic1-1', 'topic2-1'], generation: 1 },
    { id: 'consumer3', topics: ['topic1', 'topic2'], owned: [], generation: 1 },
  ]);
  const v18Final = { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: ['topic2-0'] };

  it('V18: eager sticky: the member with max quota that comes first in HashMap order keeps both', () => {
    expect(names(runAssignor('sticky', v18).assignment)).toEqual(v18Final);
  });

  it('V18: cooperative: consumer1 gives topic2-0 up in round 1, consumer3 gets it in round 2', () => {
    const round1 = runAssignor('cooperative-sticky', v18);
    expect(names(round1.assignment)).toEqual({ consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: [] });
    expect(round1.transferring).toEqual([{ topic: 'topic2', partition: 0, to: 'consumer3' }]);
    const round2 = runAssignor('cooperative-sticky', nextRound(v18, round1.assignment));
    expect(names(round2.assignment)).toEqual(v18Final);
  });

  it.each(both)('V19 (%s): nobody has to give anything up, one phase', (strategy) => {
    const result = runAssignor(strategy, input({ topic1: 2, topic2: 3 }, [
      { id: 'consumer1', topics: ['topic1', 'topic2'], owned: ['topic1-0'], generation: 1 },
      { id: 'consumer2', topics: ['topic1', 'topic2'], owned: ['topic1-1'], generation: 1 },
      { id: 'consumer3', topics: ['topic1', 'topic2'], owned: [], generation: 1 },
    ]));
    expect(names(result.assignment)).toEqual({ consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-2'], consumer3: ['topic2-0'] });
    expect(result.transferring).toEqual([]);
  });

  it('V21: when a member leaves, sticky moves only its partitions; range and roundrobin move more', () => {
    const fresh = runAssignor('sticky', input({ t: 6 }, [
      { id: 'c1', topics: ['t'] }, { id: 'c2', topics: ['t'] }, { id: 'c3', topics: ['t'] },
    ]));
    expect(names(fresh.assignment)).toEqual({ c1: ['t-0', 't-3'], c2: ['t-1', 't-4'], c3: ['t-2', 't-5'] });

    const afterLeave = input({ t: 6 }, [
      { id: 'c1', topics: ['t'], owned: ['t-0', 't-3'], generation: 1 },
      { id: 'c3', topics: ['t'], owned: ['t-2', 't-5'], generation: 1 },
    ]);
    for (const strategy of both) {
      const result = runAssignor(strategy, afterLeave);
      expect(names(result.assignment), strategy).toEqual({ c1: ['t-0', 't-3', 't-1'], c3: ['t-2', 't-5', 't-4'] });
      expect(result.transferring).toEqual([]);
    }
    expect(names(runAssignor('range', afterLeave).assignment)).toEqual({ c1: ['t-0', 't-1', 't-2'], c3: ['t-3', 't-4', 't-5'] });
    expect(names(runAssignor('roundrobin', afterLeave).assignment)).toEqual({ c1: ['t-0', 't-2', 't-4'], c3: ['t-1', 't-3', 't-5'] });
  });
});

describe('the public assign', () => {
  it('returns the assignment alone, every member present', () => {
    const result = assign('range', {
      partitions: { t: 1 },
      members: [{ id: 'a', topics: ['t'] }, { id: 'b', topics: ['t'] }],
    });
    expect(result).toEqual({ a: [{ topic: 't', partition: 0 }], b: [] });
  });

  it('withholds, for cooperative-sticky, what another member still owns (V16 round 1)', () => {
    const result = assign('cooperative-sticky', {
      partitions: { topic: 3 },
      members: [
        { id: 'consumer1', topics: ['topic'], owned: tps(['topic-0', 'topic-1', 'topic-2']) },
        { id: 'consumer2', topics: ['topic'] },
      ],
    });
    expect(names(result)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: [] });
  });
});
