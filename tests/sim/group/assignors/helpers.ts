// Test helpers: the reference's "topic-N" notation and small checks shared by the assignor tests.
import type { Assignment, AssignorInput, AssignorMember, TopicPartition } from '../../../../sim/group/assignors/index.ts';

/** "topic1-2" -> { topic: 'topic1', partition: 2 } (the partition follows the last dash). */
export function tp(name: string): TopicPartition {
  const dash = name.lastIndexOf('-');
  return { topic: name.slice(0, dash), partition: Number(name.slice(dash + 1)) };
}

export function tps(names: readonly string[]): TopicPartition[] {
  return names.map(tp);
}

/** { member: ["t-0", ...] } -> Assignment */
export function expected(byMember: Record<string, readonly string[]>): Assignment {
  return Object.fromEntries(Object.entries(byMember).map(([m, names]) => [m, tps(names)]));
}

/** Back to the reference notation, which reads better in a failing diff. */
export function names(assignment: Assignment): Record<string, string[]> {
  return Object.fromEntries(Object.entries(assignment).map(([m, list]) => [m, list.map((p) => `${p.topic}-${p.partition}`)]));
}

export function asSets(assignment: Assignment): Record<string, string[]> {
  return Object.fromEntries(Object.entries(names(assignment)).map(([m, list]) => [m, [...list].sort()]));
}

export interface VectorMember {
  id: string;
  instance?: string;
  topics: string[];
  owned?: string[];
  generation?: number;
}

export function input(topics: Record<string, number>, members: VectorMember[]): AssignorInput {
  return {
    partitions: topics,
    members: members.map((m): AssignorMember => {
      const member: AssignorMember = { id: m.id, topics: m.topics };
      if (m.instance !== undefined) member.instanceId = m.instance;
      if (m.owned !== undefined) member.owned = tps(m.owned);
      if (m.generation !== undefined) member.generation = m.generation;
      return member;
    }),
  };
}

/** The next round's input: every member now owns what it was assigned. */
export function nextRound(previous: AssignorInput, assignment: Assignment): AssignorInput {
  return {
    partitions: previous.partitions,
    members: previous.members.map((m) => ({ ...m, owned: assignment[m.id] ?? [] })),
  };
}
