// How the event log groups the trace's event types for its filters, and which broker, topic and
// group an event is about. Pure, so that it can be tested without a page.
import type { TraceEvent } from '../../../sim/kernel/types.ts';

export const EVENT_CATEGORIES = ['production', 'replication', 'leadership', 'brokers', 'groups', 'network', 'clients'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

const BY_TYPE: Record<string, EventCategory> = {
  'record-sent': 'production',
  'produce-acked': 'production',
  'produce-failed': 'production',
  'produce-retry': 'production',
  'produce-rejected': 'production',
  'record-batch-appended': 'production',
  'producer-id-assigned': 'production',
  'producer-epoch-bumped': 'production',
  'duplicate-batch-ignored': 'production',
  'records-replicated': 'replication',
  'high-watermark-advanced': 'replication',
  'replica-truncated': 'replication',
  'segment-rolled': 'replication',
  'segments-deleted': 'replication',
  'page-cache-lost': 'replication',
  'leader-changed': 'leadership',
  'unclean-leader-elected': 'leadership',
  'isr-shrunk': 'leadership',
  'isr-expanded': 'leadership',
  'alter-partition-failed': 'leadership',
  'topic-created': 'brokers',
  'topic-deleted': 'brokers',
  'node-added': 'brokers',
  'node-down': 'brokers',
  'node-up': 'brokers',
  'offsets-committed': 'groups',
  'coordinator-found': 'groups',
  'coordinator-lost': 'groups',
  'partitions-revoked': 'groups',
  'partitions-assigned': 'groups',
  'partitions-lost': 'groups',
  'commit-failed': 'groups',
  'poll-timeout-expired': 'groups',
  'message-dropped': 'network',
  'link-profile-set': 'network',
  'link-cut': 'network',
  'link-healed': 'network',
  partition: 'network',
  'partition-healed': 'network',
  'drop-rate-set': 'network',
  'connection-reset': 'network',
  'connection-broken': 'network',
};

export function eventCategory(type: string): EventCategory {
  const known = BY_TYPE[type];
  if (known !== undefined) return known;
  if (type.startsWith('group-')) return 'groups';
  if (type.startsWith('broker-') || type.startsWith('controller-') || type.startsWith('metadata-')) return 'brokers';
  return 'clients';
}

/** The brokers an event is about: the one that emitted it, and those it names. */
export function eventBrokers(event: TraceEvent): number[] {
  const brokers = new Set<number>();
  const fromNode = /^broker-(\d+)$/.exec(event.node);
  if (fromNode) brokers.add(Number(fromNode[1]));
  for (const field of ['broker', 'leader'] as const) {
    const value = event[field];
    if (typeof value === 'number' && value >= 0) brokers.add(value);
  }
  const target = typeof event.target === 'string' ? /^broker-(\d+)$/.exec(event.target) : null;
  if (target) brokers.add(Number(target[1]));
  return [...brokers];
}

export function eventTopic(event: TraceEvent): string | null {
  return typeof event.topic === 'string' ? event.topic : null;
}

export function eventGroup(event: TraceEvent): string | null {
  return typeof event.group === 'string' ? event.group : null;
}

export interface EventFilter {
  categories: ReadonlySet<EventCategory>;
  broker: number | null;
  topic: string | null;
  group: string | null;
}

/** An empty set of categories means all of them. */
export function matchesFilter(event: TraceEvent, filter: EventFilter): boolean {
  if (filter.categories.size > 0 && !filter.categories.has(eventCategory(event.type))) return false;
  if (filter.broker !== null && !eventBrokers(event).includes(filter.broker)) return false;
  if (filter.topic !== null && eventTopic(event) !== filter.topic) return false;
  if (filter.group !== null && eventGroup(event) !== filter.group) return false;
  return true;
}
