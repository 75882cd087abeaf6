// Markers: which events make one, how a burst of events becomes one marker, the bound, and how a
// replay and a new branch are handled.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../sim/kernel/types.ts';
import { COALESCE_MS, MarkerCollector, markerKind } from '../../../sim/timeline/markers.ts';

let seq = 0;
const ev = (timeMs: number, type: string, fields: Record<string, unknown> = {}): TraceEvent => ({ seq: ++seq, timeMs, node: 'controller-100', type, ...fields });

describe('markerKind', () => {
  it('classifies faults, elections and rebalances, and ignores the rest', () => {
    expect(markerKind(ev(10, 'broker-stopped', { broker: 1, reason: 'crash' }))).toBe('fault');
    expect(markerKind(ev(10, 'partition', { sideA: ['broker-0'], sideB: ['broker-1'] }))).toBe('fault');
    expect(markerKind(ev(10, 'partition-healed'))).toBe('fault');
    expect(markerKind(ev(10, 'broker-disk-slowed', { broker: 0, latencyMs: 50 }))).toBe('fault');
    expect(markerKind(ev(10, 'node-down', { target: 'controller-100' }))).toBe('fault');
    expect(markerKind(ev(10, 'node-down', { target: 'p1' }))).toBe('fault');
    // A broker's crash is broker-stopped already.
    expect(markerKind(ev(10, 'node-down', { target: 'broker-1' }))).toBeNull();
    expect(markerKind(ev(10, 'leader-changed', { topic: 't', partition: 0 }))).toBe('election');
    expect(markerKind(ev(10, 'unclean-leader-elected', { topic: 't', partition: 0 }))).toBe('election');
    expect(markerKind(ev(10, 'group-rebalance-started', { group: 'g' }))).toBe('rebalance');
    expect(markerKind(ev(10, 'group-state-changed', { group: 'g', to: 'Stable' }))).toBe('rebalance');
    expect(markerKind(ev(10, 'group-state-changed', { group: 'g', to: 'PreparingRebalance' }))).toBeNull();
    expect(markerKind(ev(10, 'record-batch-appended'))).toBeNull();
    // The cluster coming up at time 0 is the start, not a fault or an election.
    expect(markerKind(ev(0, 'broker-started', { broker: 0 }))).toBeNull();
    expect(markerKind(ev(0, 'controller-elected'))).toBeNull();
    expect(markerKind(ev(5, 'broker-started', { broker: 0 }))).toBe('fault');
  });
});

describe('MarkerCollector', () => {
  it('coalesces a burst of leader changes into one marker with a count', () => {
    const markers = new MarkerCollector();
    for (let p = 0; p < 17; p++) markers.observe(ev(1000, 'leader-changed', { topic: 't', partition: p }));
    markers.observe(ev(1000 + COALESCE_MS + 1, 'leader-changed', { topic: 't', partition: 0 }));
    expect(markers.markers.map((m) => [m.timeMs, m.kind, m.count])).toEqual([
      [1000, 'election', 17],
      [1000 + COALESCE_MS + 1, 'election', 1],
    ]);
  });

  it('keeps different brokers and groups apart, even at the same time', () => {
    const markers = new MarkerCollector();
    markers.observe(ev(50, 'broker-stopped', { broker: 0 }));
    markers.observe(ev(50, 'broker-stopped', { broker: 1 }));
    markers.observe(ev(60, 'group-rebalance-started', { group: 'a' }));
    markers.observe(ev(60, 'group-rebalance-started', { group: 'b' }));
    expect(markers.markers.map((m) => m.count)).toEqual([1, 1, 1, 1]);
  });

  it('ignores events fed again by a replay, and bumps its version only on change', () => {
    const markers = new MarkerCollector();
    const crash = ev(100, 'broker-stopped', { broker: 2 });
    const noise = ev(101, 'record-batch-appended');
    markers.observe(crash);
    markers.observe(noise);
    const version = markers.version;
    markers.observe(crash);
    markers.observe(noise);
    expect(markers.markers).toHaveLength(1);
    expect(markers.version).toBe(version);
  });

  it('forgets what comes after a new branch, keeping the part of a coalesced marker before it', () => {
    const markers = new MarkerCollector();
    const first = ev(500, 'leader-changed', { partition: 0 });
    ev(500, 'leader-changed', { partition: 1 }); // not fed: a seq in between
    markers.observe(first);
    const second = ev(510, 'leader-changed', { partition: 2 });
    markers.observe(second);
    const later = ev(5000, 'broker-stopped', { broker: 0 });
    markers.observe(later);
    markers.truncate(first.seq);
    expect(markers.markers.map((m) => [m.seq, m.count])).toEqual([[first.seq, 1]]);
    expect(markers.lastSeq).toBe(first.seq);
    // The new branch's events (with the seqs the old future had) are taken.
    markers.observe({ ...later, seq: first.seq + 1, timeMs: 600, broker: 1 });
    expect(markers.markers).toHaveLength(2);
  });

  it('is bounded, dropping the oldest', () => {
    const markers = new MarkerCollector(3);
    for (let i = 0; i < 5; i++) markers.observe(ev(i * 1000, 'broker-stopped', { broker: i }));
    expect(markers.markers.map((m) => m.event.broker)).toEqual([2, 3, 4]);
  });
});
