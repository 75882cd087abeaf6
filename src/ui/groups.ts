// Small pure helpers for showing consumer groups: short member ids, partition names, and how a
// group state reads at a glance (a tone for colour and a symbol, so colour is never alone).
import { GROUP_STATES, MEMBER_STATES, COORDINATOR_MEMBER_STATES } from '../i18n/messages.ts';
import type { CoordinatorMemberStateName, GroupStateName, MemberStateName } from '../i18n/messages.ts';

export type TopicPartition = { topic: string; partition: number };

export const partitionName = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/**
 * A member id short enough for a table cell. Classic ids are `<client.id>-<uuid>`: keep the client
 * id and the uuid's first 4 characters; KIP-848 ids (a bare uuid) keep their first 8.
 */
export function shortMemberId(memberId: string, clientId: string): string {
  if (memberId === '') return '';
  const prefix = `${clientId}-`;
  if (clientId !== '' && memberId.startsWith(prefix)) {
    const rest = memberId.slice(prefix.length);
    return rest.length <= 5 ? memberId : `${prefix}${rest.slice(0, 4)}…`;
  }
  return memberId.length <= 9 ? memberId : `${memberId.slice(0, 8)}…`;
}

/** Partitions of `a` that `b` does not hold, in topic and partition order. */
export function minus(a: readonly TopicPartition[], b: readonly TopicPartition[]): TopicPartition[] {
  return a.filter((x) => !b.some((y) => y.topic === x.topic && y.partition === x.partition)).sort(byTopicPartition);
}

export function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

export type StateTone = 'ok' | 'busy' | 'idle' | 'bad';

const REBALANCING: ReadonlySet<string> = new Set(['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

/** How a group state looks: a tone (colour) and a symbol that tells the same without colour. */
export function stateLook(state: string): { tone: StateTone; symbol: string } {
  if (state === 'Stable') return { tone: 'ok', symbol: '✓' };
  if (REBALANCING.has(state)) return { tone: 'busy', symbol: '↻' };
  if (state === 'Dead') return { tone: 'bad', symbol: '✕' };
  if (state === 'Empty') return { tone: 'idle', symbol: '○' };
  return { tone: 'idle', symbol: '?' };
}

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

export const isGroupState = (state: string): state is GroupStateName => isOneOf(GROUP_STATES, state);
export const isMemberState = (state: string | null): state is MemberStateName => isOneOf(MEMBER_STATES, state);
export const isCoordinatorMemberState = (state: string | null): state is CoordinatorMemberStateName =>
  isOneOf(COORDINATOR_MEMBER_STATES, state);
