// Markers for the timeline's scrubber: the moments a class wants to jump back to (faults, leader
// elections, rebalances), collected from the trace as it streams, over the whole run. The engine
// keeps only its most recent trace events, so the worker feeds every new event here as it comes.
// Pure and deterministic: the same trace gives the same markers.
import type { TraceEvent } from '../kernel/types.ts';

export type MarkerKind = 'fault' | 'election' | 'rebalance';

export const MARKER_KINDS: readonly MarkerKind[] = ['fault', 'election', 'rebalance'];

export interface Marker {
  /** seq of the first event the marker stands for: the marker's identity. */
  seq: number;
  timeMs: number;
  kind: MarkerKind;
  /** The first event, as the trace has it: the UI words the label from it (src/i18n). */
  event: TraceEvent;
  /** Events coalesced into this marker (e.g. one leader-changed per partition of a crashed broker). */
  count: number;
  /** seq of the last event coalesced into it. */
  lastSeq: number;
}

/** Markers kept at most; the oldest go first. */
export const MARKERS_MAX = 2000;
/** Events of the same type closer than this to a marker's first event join it. */
export const COALESCE_MS = 250;

/** The marker kind of an event, or null when it is not worth a marker. */
export function markerKind(event: TraceEvent): MarkerKind | null {
  switch (event.type) {
    case 'broker-stopped':
    case 'broker-disk-slowed':
    case 'broker-disk-healed':
    case 'partition':
    case 'partition-healed':
    case 'link-cut':
    case 'link-healed':
    case 'link-profile-set':
    case 'client-paused':
    case 'client-resumed':
      return 'fault';
    // The brokers and the quorum of the scenario start at time 0: that is the beginning, not a fault.
    case 'broker-started':
      return event.timeMs > 0 ? 'fault' : null;
    case 'node-down':
    case 'node-up': {
      // A broker's crash and restart have their own events (broker-stopped, broker-started).
      const target = typeof event.target === 'string' ? event.target : '';
      return target !== '' && !target.startsWith('broker-') ? 'fault' : null;
    }
    case 'leader-changed':
    case 'unclean-leader-elected':
      return 'election';
    case 'controller-elected':
      return event.timeMs > 0 ? 'election' : null;
    case 'group-rebalance-started':
      return 'rebalance';
    // A rebalance completes when the group is Stable again (classic and KIP-848 alike).
    case 'group-state-changed':
      return event.to === 'Stable' ? 'rebalance' : null;
    default:
      return null;
  }
}

export interface MarkerState {
  markers: readonly Marker[];
  lastSeq: number;
}

/**
 * Collects markers from trace events fed in seq order. Events already seen (seq at or below the
 * last one) are ignored, so a replay after a rewind can feed the same events again; `truncate`
 * forgets what a new branch of the session made untrue.
 */
export class MarkerCollector {
  #markers: Marker[] = [];
  #lastSeq = 0;
  /** Bumped on every change, so that the worker sends the list only when it changed. */
  #version = 0;

  constructor(private readonly limit = MARKERS_MAX) {}

  get markers(): readonly Marker[] {
    return this.#markers;
  }
  get version(): number {
    return this.#version;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** What a saved session keeps: a copy, as plain data (it is written after the run goes on). */
  exportState(): MarkerState {
    return { markers: this.#markers.map((marker) => ({ ...marker })), lastSeq: this.#lastSeq };
  }

  /** Takes the state a saved session kept: a fresh list, so the page gets it whole. */
  importState(state: MarkerState): void {
    this.#markers = state.markers.map((marker) => ({ ...marker }));
    this.#lastSeq = state.lastSeq;
    this.#version += 1;
  }

  observe(event: TraceEvent): void {
    if (event.seq <= this.#lastSeq) return;
    this.#lastSeq = event.seq;
    const kind = markerKind(event);
    if (kind === null) return;
    const joined = this.#joinable(event, kind);
    if (joined) {
      joined.count += 1;
      joined.lastSeq = event.seq;
    } else {
      this.#markers.push({ seq: event.seq, timeMs: event.timeMs, kind, event, count: 1, lastSeq: event.seq });
      if (this.#markers.length > this.limit) this.#markers.splice(0, this.#markers.length - this.limit);
    }
    this.#version += 1;
  }

  /**
   * Forgets every event after `seq` (a new branch starts there). A marker that coalesced events on
   * both sides keeps its first one; its count can only be bounded by what it still stands for.
   */
  truncate(seq: number): void {
    const kept = this.#markers.filter((marker) => marker.seq <= seq);
    for (const marker of kept) {
      if (marker.lastSeq > seq) {
        marker.lastSeq = seq;
        marker.count = Math.max(1, Math.min(marker.count, seq - marker.seq + 1));
      }
    }
    if (kept.length !== this.#markers.length || this.#lastSeq > seq) this.#version += 1;
    this.#markers = kept;
    this.#lastSeq = Math.min(this.#lastSeq, seq);
  }

  /** The marker an event of `kind` joins: the latest of the same kind and type, close enough in time. */
  #joinable(event: TraceEvent, kind: MarkerKind): Marker | undefined {
    for (let i = this.#markers.length - 1; i >= 0; i--) {
      const marker = this.#markers[i]!;
      if (event.timeMs - marker.timeMs > COALESCE_MS) return undefined;
      if (marker.kind === kind && marker.event.type === event.type && sameSubject(marker.event, event)) return marker;
    }
    return undefined;
  }
}

/** Group events join only within their group; network and partition-level events join freely. */
function sameSubject(a: TraceEvent, b: TraceEvent): boolean {
  if (a.type.startsWith('group-')) return a.group === b.group;
  if (a.type === 'broker-stopped' || a.type === 'broker-started') return a.broker === b.broker;
  return true;
}
