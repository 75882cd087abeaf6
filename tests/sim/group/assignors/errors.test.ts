// Bad input is refused whole, before any work, with an AssignorError whose English message names
// the culprit; the public assign from sim/index.ts behaves the same.
import { describe, expect, it } from 'vitest';
import { AssignorError, ASSIGNOR_LIMITS, runAssignor, type AssignorStrategy } from '../../../../sim/group/assignors/index.ts';
import { assign } from '../../../../sim/index.ts';

function thrown(fn: () => unknown): AssignorError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AssignorError);
    return error as AssignorError;
  }
  throw new Error('expected the call to throw');
}

const ok = { partitions: { t: 2 }, members: [{ id: 'a', topics: ['t'] }] };

describe('assignor input errors', () => {
  it('refuses an unknown strategy, naming the known ones', () => {
    const error = thrown(() => assign('fair' as AssignorStrategy, ok));
    expect(error.code).toBe('UNKNOWN_STRATEGY');
    expect(error.message).toBe('unknown assignment strategy "fair"; expected one of range, roundrobin, sticky, cooperative-sticky');
  });

  it.each(['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const)('%s: refuses a subscription to an unknown topic', (strategy) => {
    const error = thrown(() => assign(strategy, { partitions: { t: 2 }, members: [{ id: 'a', topics: ['t', 'ghost'] }] }));
    expect(error.code).toBe('UNKNOWN_TOPIC');
    expect(error.message).toBe('member "a" subscribes to topic "ghost", which is not in input.partitions');
  });

  it('refuses negative and fractional partition counts', () => {
    for (const count of [-1, 1.5, Number.NaN, Infinity]) {
      const error = thrown(() => assign('range', { partitions: { t: count }, members: [{ id: 'a', topics: ['t'] }] }));
      expect(error.code).toBe('INVALID_PARTITION');
      expect(error.message).toMatch(/^topic "t" has partition count .+; a count must be an integer of 0 or more$/);
    }
  });

  it('refuses a negative owned partition number', () => {
    const error = thrown(() =>
      assign('sticky', { partitions: { t: 2 }, members: [{ id: 'a', topics: ['t'], owned: [{ topic: 't', partition: -1 }] }] }),
    );
    expect(error.code).toBe('INVALID_PARTITION');
    expect(error.message).toContain('member "a" owns partition -1 of topic "t"');
  });

  it('refuses duplicate member ids, duplicate instance ids and malformed members', () => {
    expect(thrown(() => assign('range', { partitions: { t: 1 }, members: [{ id: 'a', topics: ['t'] }, { id: 'a', topics: ['t'] }] })).message)
      .toBe('member id "a" appears twice');
    expect(
      thrown(() =>
        runAssignor('range', {
          partitions: { t: 1 },
          members: [{ id: 'a', topics: ['t'], instanceId: 'i' }, { id: 'b', topics: ['t'], instanceId: 'i' }],
        }),
      ).message,
    ).toBe('two members share the group.instance.id "i"');
    expect(thrown(() => assign('range', { partitions: { t: 1 }, members: [{ id: '', topics: ['t'] }] })).code).toBe('INVALID_INPUT');
    expect(thrown(() => assign('range', null as never)).code).toBe('INVALID_INPUT');
    expect(thrown(() => assign('range', { partitions: { t: 1 } } as never)).message).toBe('input.members must be an array');
    expect(thrown(() => runAssignor('sticky', { partitions: { t: 1 }, members: [{ id: 'a', topics: ['t'], generation: 1.5 }] })).code)
      .toBe('INVALID_INPUT');
  });

  it('refuses groups beyond the limits', () => {
    const error = thrown(() => assign('range', { partitions: { t: ASSIGNOR_LIMITS.maxTotalPartitions + 1 }, members: [{ id: 'a', topics: ['t'] }] }));
    expect(error.code).toBe('LIMIT_EXCEEDED');
  });
});

describe('inputs Kafka accepts', () => {
  it('ignores owned partitions of topics that no longer exist, as Kafka does', () => {
    const result = assign('cooperative-sticky', {
      partitions: { t: 2 },
      members: [{ id: 'a', topics: ['t'], owned: [{ topic: 'deleted', partition: 0 }, { topic: 't', partition: 1 }] }],
    });
    expect(result).toEqual({ a: [{ topic: 't', partition: 1 }, { topic: 't', partition: 0 }] });
  });

  it("with missingTopics: 'ignore', leaves out topics without metadata as AbstractPartitionAssignor does", () => {
    const result = runAssignor('range', { partitions: { t: 2 }, members: [{ id: 'a', topics: ['t', 'ghost'] }] }, { missingTopics: 'ignore' });
    expect(result.assignment).toEqual({ a: [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }] });
  });

  it('handles an empty group and topics without partitions', () => {
    expect(assign('sticky', { partitions: { t: 0 }, members: [] })).toEqual({});
    expect(assign('roundrobin', { partitions: { t: 0 }, members: [{ id: 'a', topics: ['t'] }] })).toEqual({ a: [] });
    expect(assign('cooperative-sticky', { partitions: { t: 0 }, members: [{ id: 'a', topics: ['t'] }] })).toEqual({ a: [] });
  });

  it('accepts member ids and topic names that are Object.prototype keys', () => {
    const result = assign('range', { partitions: { constructor: 1 }, members: [{ id: '__proto__', topics: ['constructor'] }] });
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(result['__proto__']).toEqual([{ topic: 'constructor', partition: 0 }]);
  });
});
