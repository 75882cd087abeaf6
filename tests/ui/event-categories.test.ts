// The event log's filters: every event falls in one category, and broker/topic/group match what the event is about.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim/kernel/types.ts';
import { eventBrokers, eventCategory, matchesFilter } from '../../src/components/timeline/event-categories.ts';

const ev = (type: string, node: string, fields: Record<string, unknown> = {}): TraceEvent => ({ seq: 1, timeMs: 0, node, type, ...fields });

describe('event categories and filters', () => {
  it('groups the event types', () => {
    expect(eventCategory('produce-acked')).toBe('production');
    expect(eventCategory('records-replicated')).toBe('replication');
    expect(eventCategory('isr-shrunk')).toBe('leadership');
    expect(eventCategory('broker-fenced')).toBe('brokers');
    expect(eventCategory('controller-elected')).toBe('brokers');
    expect(eventCategory('group-join-received')).toBe('groups');
    expect(eventCategory('partitions-assigned')).toBe('groups');
    expect(eventCategory('link-cut')).toBe('network');
    expect(eventCategory('records-consumed')).toBe('clients');
  });

  it('finds the brokers an event is about', () => {
    expect(eventBrokers(ev('records-replicated', 'broker-2', { broker: 2, leader: 0 })).sort()).toEqual([0, 2]);
    expect(eventBrokers(ev('node-down', 'kernel', { target: 'broker-1' }))).toEqual([1]);
    expect(eventBrokers(ev('leader-changed', 'controller-100', { leader: -1 }))).toEqual([]);
  });

  it('matches all the filters together', () => {
    const event = ev('isr-shrunk', 'broker-1', { topic: 'pedidos', leader: 1 });
    const none = { categories: new Set<never>(), broker: null, topic: null, group: null };
    expect(matchesFilter(event, none)).toBe(true);
    expect(matchesFilter(event, { ...none, broker: 1, topic: 'pedidos', categories: new Set(['leadership'] as const) })).toBe(true);
    expect(matchesFilter(event, { ...none, broker: 0 })).toBe(false);
    expect(matchesFilter(event, { ...none, group: 'leitores' })).toBe(false);
    expect(matchesFilter(event, { ...none, categories: new Set(['production'] as const) })).toBe(false);
  });
});
