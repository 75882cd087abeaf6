// The coordinator's server-side assignors (KIP-848): cases ported from Kafka's
// OptimizedUniformAssignmentBuilderTest, UniformHeterogeneousAssignmentBuilderTest and
// RangeAssignorTest (group-coordinator), then seeded properties: validity, balance, stickiness
// and co-partitioning. Reproduce a failing property with
// `ASSIGNOR_SEED=<seed> npx vitest run --project unit tests/sim/group/assignors/server.test.ts`.
//
// Kafka's tests use fixed topic ids that its hash sets iterate as topic2, topic3, topic1; our
// assignors iterate topics in input order, so the subscriptions below list them in that order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AssignorError,
  runServerAssignor,
  serverRangeAssign,
  uniformAssign,
  type ServerAssignment,
  type ServerAssignorInput,
  type ServerAssignorMember,
  type ServerAssignorName,
} from '../../../../sim/group/assignors/index.ts';
import { asSets, tps } from './helpers.ts';

const SEED = Number(process.env.ASSIGNOR_SEED ?? 6_7_2024);
const params = { seed: SEED, numRuns: Number(process.env.ASSIGNOR_RUNS ?? 80) };

function member(id: string, topics: string[], assignment: string[] = [], instanceId?: string): ServerAssignorMember {
  const m: ServerAssignorMember = { id, topics, assignment: tps(assignment) };
  if (instanceId !== undefined) m.instanceId = instanceId;
  return m;
}

describe('uniform, homogeneous subscriptions (Kafka OptimizedUniformAssignmentBuilderTest)', () => {
  it('first assignment, two members, two topics', () => {
    const result = uniformAssign({
      partitions: { topic1: 3, topic3: 2 },
      members: [member('A', ['topic3', 'topic1']), member('B', ['topic3', 'topic1'])],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic3-0', 'topic3-1'], B: ['topic1-1', 'topic1-2'] });
  });

  it('an unbalanced previous assignment is evened out, keeping what fits', () => {
    const topics = ['topic2', 'topic1'];
    const result = uniformAssign({
      partitions: { topic1: 3, topic2: 3 },
      members: [
        member('A', topics, ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1']),
        member('B', topics, ['topic1-2', 'topic2-2']),
      ],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic1-1', 'topic2-0'], B: ['topic1-2', 'topic2-1', 'topic2-2'] });
  });

  it('added partitions go to the members under quota', () => {
    const topics = ['topic2', 'topic1'];
    const result = uniformAssign({
      partitions: { topic1: 6, topic2: 5 },
      members: [member('A', topics, ['topic1-0', 'topic1-2', 'topic2-0']), member('B', topics, ['topic1-1', 'topic2-1', 'topic2-2'])],
    });
    expect(asSets(result)).toEqual({
      A: ['topic1-0', 'topic1-2', 'topic1-3', 'topic2-0', 'topic2-3', 'topic2-4'],
      B: ['topic1-1', 'topic1-4', 'topic1-5', 'topic2-1', 'topic2-2'],
    });
  });

  it('a member joins: the others give up only what is over their quota', () => {
    const topics = ['topic2', 'topic1'];
    const result = uniformAssign({
      partitions: { topic1: 3, topic2: 3 },
      members: [
        member('A', topics, ['topic1-0', 'topic1-2', 'topic2-0']),
        member('B', topics, ['topic1-1', 'topic2-1', 'topic2-2']),
        member('C', topics),
      ],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic1-2'], B: ['topic1-1', 'topic2-1'], C: ['topic2-0', 'topic2-2'] });
  });

  it('a member leaves: its partitions are shared, nothing else moves', () => {
    const topics = ['topic2', 'topic1'];
    const result = uniformAssign({
      partitions: { topic1: 3, topic2: 3 },
      members: [member('A', topics, ['topic2-0', 'topic1-0']), member('B', topics, ['topic2-1', 'topic1-1'])],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic2-0', 'topic2-2'], B: ['topic1-1', 'topic1-2', 'topic2-1'] });
  });
});

describe('uniform, heterogeneous subscriptions (Kafka UniformHeterogeneousAssignmentBuilderTest)', () => {
  it('first assignment, two members, two topics', () => {
    const result = uniformAssign({
      partitions: { topic1: 3, topic3: 6 },
      members: [member('A', ['topic3', 'topic1']), member('B', ['topic3'])],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic1-1', 'topic1-2', 'topic3-4'], B: ['topic3-0', 'topic3-1', 'topic3-2', 'topic3-3', 'topic3-5'] });
  });

  it('an unbalanced previous assignment over three topics', () => {
    const result = uniformAssign({
      partitions: { topic1: 6, topic2: 4, topic3: 4 },
      members: [
        member('A', ['topic1'], ['topic1-0', 'topic1-1', 'topic1-2']),
        member('B', ['topic2', 'topic1'], ['topic1-3', 'topic2-0']),
        member('C', ['topic2', 'topic3', 'topic1'], ['topic1-4', 'topic1-5', 'topic2-1', 'topic2-2', 'topic2-3', 'topic3-0', 'topic3-1', 'topic3-2', 'topic3-3']),
      ],
    });
    expect(asSets(result)).toEqual({
      A: ['topic1-0', 'topic1-1', 'topic1-2', 'topic1-5'],
      B: ['topic1-3', 'topic2-0', 'topic2-1', 'topic2-2', 'topic2-3'],
      C: ['topic1-4', 'topic3-0', 'topic3-1', 'topic3-2', 'topic3-3'],
    });
  });

  it('a member leaves: its partitions go to the remaining subscribers', () => {
    const result = uniformAssign({
      partitions: { topic1: 3, topic2: 8, topic3: 3 },
      members: [
        member('A', ['topic3', 'topic1'], ['topic1-0', 'topic1-1', 'topic1-2', 'topic3-0', 'topic3-1']),
        member('B', ['topic2'], ['topic2-3', 'topic2-4', 'topic2-5', 'topic2-6']),
      ],
    });
    expect(asSets(result)).toEqual({
      A: ['topic1-0', 'topic1-1', 'topic1-2', 'topic3-0', 'topic3-1', 'topic3-2'],
      B: ['topic2-0', 'topic2-1', 'topic2-2', 'topic2-3', 'topic2-4', 'topic2-5', 'topic2-6', 'topic2-7'],
    });
  });
});

describe('range on the coordinator (Kafka group-coordinator RangeAssignorTest)', () => {
  it('three members, three topics, different subscriptions', () => {
    const result = serverRangeAssign({
      partitions: { topic1: 3, topic2: 3, topic3: 2 },
      members: [member('A', ['topic1', 'topic2']), member('B', ['topic3']), member('C', ['topic2', 'topic3'])],
    });
    expect(asSets(result)).toEqual({ A: ['topic1-0', 'topic1-1', 'topic1-2', 'topic2-0', 'topic2-1'], B: ['topic3-0'], C: ['topic2-2', 'topic3-1'] });
  });

  it('a static member that rejoins with a new member id gets the same partitions', () => {
    const before = serverRangeAssign({
      partitions: { topic1: 5 },
      members: [member('A', ['topic1'], [], 'instanceA'), member('C', ['topic1'], [], 'instanceC'), member('B', ['topic1'])],
    });
    const after = serverRangeAssign({
      partitions: { topic1: 5 },
      members: [member('C', ['topic1'], [], 'instanceC'), member('B', ['topic1']), member('memberA1', ['topic1'], [], 'instanceA')],
    });
    expect(after.memberA1).toEqual(before.A);
    expect(after.B).toEqual(before.B);
    expect(after.C).toEqual(before.C);
    expect(asSets(before)).toEqual({ A: ['topic1-0', 'topic1-1'], C: ['topic1-2', 'topic1-3'], B: ['topic1-4'] });
  });
});

describe('server assignor input', () => {
  it('refuses an unknown assignor and unknown topics, and accepts them with missingTopics: ignore', () => {
    expect(() => runServerAssignor('sticky' as ServerAssignorName, { partitions: {}, members: [] })).toThrow(
      'unknown server assignor "sticky"; expected one of uniform, range',
    );
    expect(() => uniformAssign({ partitions: { t: 1 }, members: [member('A', ['t', 'ghost'])] })).toThrow(AssignorError);
    expect(uniformAssign({ partitions: { t: 1 }, members: [member('A', ['t', 'ghost'])] }, { missingTopics: 'ignore' })).toEqual({
      A: [{ topic: 't', partition: 0 }],
    });
    expect(() => uniformAssign({ partitions: { t: -2 }, members: [] })).toThrow(/partition count -2/);
    expect(() =>
      uniformAssign({ partitions: { t: 2 }, members: [member('A', ['t'], ['t-0']), member('B', ['t'], ['t-0'])] }),
    ).toThrow('t-0 is in the assignment of both "A" and "B"; a target assignment has one owner per partition');
  });

  it('gives every member an entry, possibly empty', () => {
    expect(uniformAssign({ partitions: { t: 1 }, members: [member('A', []), member('B', [])] })).toEqual({ A: [], B: [] });
    expect(serverRangeAssign({ partitions: { t: 1 }, members: [member('A', ['t']), member('B', ['t'])] })).toEqual({
      A: [{ topic: 't', partition: 0 }],
      B: [],
    });
  });
});

// ---- properties ----

const TOPICS = ['t0', 't1', 't2', 'orders'];
const IDS = ['A', 'B', 'C', 'c10', 'c2', 'member-1', 'member-2', 'z'];

interface Scenario {
  input: ServerAssignorInput;
}

/** A random group; `equal` gives every member the same subscription; current assignments are disjoint. */
function scenarioArb(equal?: boolean): fc.Arbitrary<Scenario> {
  return fc
    .record({
      counts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: TOPICS.length, maxLength: TOPICS.length }),
      ids: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 6 }),
      equal: equal === undefined ? fc.boolean() : fc.constant(equal),
      shared: fc.shuffledSubarray(TOPICS, { minLength: 1 }),
      subs: fc.array(fc.shuffledSubarray(TOPICS, { minLength: 1 }), { minLength: 6, maxLength: 6 }),
      owners: fc.array(fc.integer({ min: -3, max: 5 }), { minLength: 40, maxLength: 40 }),
      statics: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    })
    .map(({ counts, ids, equal, shared, subs, owners, statics }) => {
      const partitions = Object.fromEntries(TOPICS.map((t, i) => [t, counts[i]!]));
      const members: ServerAssignorMember[] = ids.map((id, i) => {
        const m: ServerAssignorMember = { id, topics: equal ? shared : subs[i]!, assignment: [] };
        if (statics[i]) m.instanceId = `instance-${id}`;
        return m;
      });
      let o = 0;
      for (const topic of TOPICS) {
        for (let p = 0; p < partitions[topic]!; p++) {
          const owner = owners[o++ % owners.length]!;
          if (owner >= 0 && owner < members.length) (members[owner]!.assignment as { topic: string; partition: number }[]).push({ topic, partition: p });
        }
      }
      return { input: { partitions, members } };
    });
}

const key = (tp: { topic: string; partition: number }): string => `${tp.topic}-${tp.partition}`;

/** Every subscribed partition exactly once, only to a subscriber; one expect. */
function expectValid(input: ServerAssignorInput, result: ServerAssignment): void {
  const problems: string[] = [];
  if (Object.keys(result).sort().join() !== input.members.map((m) => m.id).sort().join()) problems.push('members differ');
  const seen = new Set<string>();
  for (const m of input.members) {
    for (const tp of result[m.id] ?? []) {
      if (!m.topics.includes(tp.topic)) problems.push(`${m.id} got ${key(tp)} without subscribing`);
      if (seen.has(key(tp))) problems.push(`${key(tp)} twice`);
      seen.add(key(tp));
    }
  }
  const subscribed = new Set(input.members.flatMap((m) => m.topics));
  const all = [...subscribed].flatMap((t) => Array.from({ length: input.partitions[t]! }, (_, p) => `${t}-${p}`));
  for (const k of all) if (!seen.has(k)) problems.push(`${k} unassigned`);
  if (seen.size !== all.length) problems.push(`${seen.size} assigned for ${all.length} partitions`);
  expect(problems).toEqual([]);
}

function spread(result: ServerAssignment): number {
  const sizes = Object.values(result).map((l) => l.length);
  return Math.max(...sizes) - Math.min(...sizes);
}

describe('server assignor properties', () => {
  it.each(['uniform', 'range'] as const)('%s assigns every subscribed partition exactly once, to a subscriber, deterministically', (name) => {
    fc.assert(
      fc.property(scenarioArb(), ({ input }) => {
        const before = JSON.stringify(input);
        const result = runServerAssignor(name, input);
        expectValid(input, result);
        expect(JSON.stringify(input)).toBe(before);
        expect(JSON.stringify(runServerAssignor(name, JSON.parse(before) as ServerAssignorInput))).toBe(JSON.stringify(result));
      }),
      params,
    );
  });

  it('uniform balances equal subscriptions within one', () => {
    fc.assert(
      fc.property(scenarioArb(true), ({ input }) => {
        expect(spread(uniformAssign(input))).toBeLessThanOrEqual(1);
      }),
      params,
    );
  });

  it("uniform balances each topic's subscribers within one when they share one subscription", () => {
    fc.assert(
      fc.property(scenarioArb(false), ({ input }) => {
        const result = uniformAssign(input);
        for (const topic of TOPICS) {
          const subscribers = input.members.filter((m) => m.topics.includes(topic));
          const same = subscribers.every((m) => [...m.topics].sort().join() === [...subscribers[0]!.topics].sort().join());
          if (subscribers.length < 2 || !same) continue;
          const sizes = subscribers.map((m) => result[m.id]!.length);
          expect(Math.max(...sizes) - Math.min(...sizes), topic).toBeLessThanOrEqual(1);
        }
      }),
      params,
    );
  });

  it('uniform with equal subscriptions moves no more partitions than balance needs', () => {
    fc.assert(
      fc.property(scenarioArb(true), ({ input }) => {
        const result = uniformAssign(input);
        const subscribed = new Set(input.members[0]!.topics);
        const total = [...subscribed].reduce((s, t) => s + input.partitions[t]!, 0);
        const k = input.members.length;
        const min = Math.floor(total / k);
        // Kafka gives the extra partitions to the first members in its iteration order, not to the
        // largest owners; a member keeps at least min(owned, minQuota), so at most the excess over
        // minQuota moves, and when no member owns more than minQuota nothing moves.
        let moved = 0;
        let bound = 0;
        for (const m of input.members) {
          const now = new Set(result[m.id]!.map(key));
          const owned = m.assignment!.filter((tp) => subscribed.has(tp.topic));
          moved += owned.filter((tp) => !now.has(key(tp))).length;
          bound += Math.max(0, owned.length - min);
        }
        expect(moved).toBeLessThanOrEqual(bound);
      }),
      params,
    );
  });

  it('uniform is stable: run again on its own result, it moves nothing', () => {
    fc.assert(
      fc.property(scenarioArb(), ({ input }) => {
        const first = uniformAssign(input);
        const again = uniformAssign({ ...input, members: input.members.map((m) => ({ ...m, assignment: first[m.id]! })) });
        expect(asSets(again)).toEqual(asSets(first));
      }),
      params,
    );
  });

  it('uniform: when a member leaves, the others keep everything (equal subscriptions)', () => {
    fc.assert(
      fc.property(scenarioArb(true), fc.nat(), ({ input }, pick) => {
        fc.pre(input.members.length >= 2);
        const first = uniformAssign(input);
        const leaver = input.members[pick % input.members.length]!.id;
        const rest = input.members.filter((m) => m.id !== leaver).map((m) => ({ ...m, assignment: first[m.id]! }));
        const result = uniformAssign({ ...input, members: rest });
        for (const m of rest) {
          const now = new Set(result[m.id]!.map(key));
          for (const tp of m.assignment) expect(now.has(key(tp)), `${m.id} lost ${key(tp)}`).toBe(true);
        }
      }),
      params,
    );
  });

  it('range co-partitions: with equal subscriptions and equal counts, a member gets the same partition numbers of every topic', () => {
    fc.assert(
      fc.property(scenarioArb(true), fc.integer({ min: 0, max: 9 }), ({ input }, n) => {
        const partitions = Object.fromEntries(TOPICS.map((t) => [t, n]));
        const result = serverRangeAssign({ ...input, partitions });
        for (const list of Object.values(result)) {
          const byTopic = new Map<string, number[]>();
          for (const tp of list) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
          const numbers = [...byTopic.values()].map((ps) => ps.join());
          expect(new Set(numbers).size).toBeLessThanOrEqual(1);
          if (numbers.length > 0) expect(byTopic.size).toBe(input.members[0]!.topics.length);
        }
      }),
      params,
    );
  });

  it('range balances each topic within one over its subscribers', () => {
    fc.assert(
      fc.property(scenarioArb(), ({ input }) => {
        const result = serverRangeAssign(input);
        for (const topic of TOPICS) {
          const sizes = input.members.filter((m) => m.topics.includes(topic)).map((m) => result[m.id]!.filter((tp) => tp.topic === topic).length);
          if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
      }),
      params,
    );
  });
});
