// How long a consumer group's partitions went without a live owner: the "pause" a rebalance costs.
// An eager rebalance (range, roundrobin, sticky) revokes every partition of every member before the
// JoinGroup, so all of them wait for the new assignment; a cooperative one (cooperative-sticky,
// KIP-429) and the consumer protocol (KIP-848) revoke only the partitions that move. Fed with the
// trace, event by event, so that it covers the whole run however small the trace buffer is.
import type { TraceEvent } from '../kernel/types.ts';

export interface GroupPause {
  group: string;
  /** Sum over partitions of the time each spent without an owner, after it first had one. */
  unownedPartitionMs: number;
  /** The longest single stretch one partition spent without an owner. */
  longestGapMs: number;
  /** Partitions without an owner right now (their stretch is counted up to the time asked). */
  unownedNow: number;
  /**
   * Time during which none of the group's partitions had an owner: the whole group stopped. An
   * eager rebalance does that; a cooperative one never does (moved partitions wait instead).
   */
  stopTheWorldMs: number;
}

interface PartitionState {
  /** Consumer that owns it, or null since `sinceMs`. */
  owner: string | null;
  sinceMs: number;
}

interface RefList {
  topic: string;
  partition: number;
}

export class OwnershipTracker {
  /** group → "topic/partition" → state; only partitions the group has owned once. */
  readonly #groups = new Map<string, Map<string, PartitionState>>();
  readonly #closedMs = new Map<string, { total: number; longest: number }>();
  /** group → when all its partitions last became unowned (absent while one has an owner), and closed stops. */
  readonly #stoppedSinceMs = new Map<string, number>();
  readonly #stoppedMs = new Map<string, number>();
  /** consumer → its group, learnt from its events. */
  readonly #groupOf = new Map<string, string>();

  observe(event: TraceEvent): void {
    switch (event.type) {
      case 'partitions-assigned':
        this.#assign(String(event['group']), String(event['consumer']), refs(event['partitions']), event.timeMs);
        break;
      case 'partitions-revoked':
      case 'partitions-lost':
        this.#release(String(event['group']), String(event['consumer']), refs(event['partitions']), event.timeMs);
        break;
      case 'node-down': {
        // A crashed consumer owns nothing any more, though no event revokes its partitions.
        const consumer = consumerOf(event['target']);
        const group = consumer === null ? undefined : this.#groupOf.get(consumer);
        if (consumer !== null && group !== undefined) this.#releaseAll(group, consumer, event.timeMs);
        break;
      }
      default:
        break;
    }
  }

  /** Every group seen, sorted by id, with its stretches counted up to `nowMs`. */
  pauses(nowMs: number): GroupPause[] {
    return [...this.#groups.keys()].sort().map((group) => {
      const closed = this.#closedMs.get(group) ?? { total: 0, longest: 0 };
      let total = closed.total;
      let longest = closed.longest;
      let unownedNow = 0;
      for (const state of this.#groups.get(group)!.values()) {
        if (state.owner !== null) continue;
        const open = Math.max(0, nowMs - state.sinceMs);
        unownedNow++;
        total += open;
        longest = Math.max(longest, open);
      }
      const stoppedSince = this.#stoppedSinceMs.get(group);
      const stopTheWorldMs = (this.#stoppedMs.get(group) ?? 0) + (stoppedSince === undefined ? 0 : Math.max(0, nowMs - stoppedSince));
      return { group, unownedPartitionMs: total, longestGapMs: longest, unownedNow, stopTheWorldMs };
    });
  }

  #partitions(group: string): Map<string, PartitionState> {
    let partitions = this.#groups.get(group);
    if (!partitions) this.#groups.set(group, (partitions = new Map()));
    return partitions;
  }

  #assign(group: string, consumer: string, partitions: RefList[], timeMs: number): void {
    this.#groupOf.set(consumer, group);
    const states = this.#partitions(group);
    for (const ref of partitions) {
      const key = `${ref.topic}/${ref.partition}`;
      const state = states.get(key);
      if (state && state.owner === null) this.#close(group, timeMs - state.sinceMs);
      states.set(key, { owner: consumer, sinceMs: timeMs });
    }
    this.#updateStop(group, timeMs);
  }

  #release(group: string, consumer: string, partitions: RefList[], timeMs: number): void {
    this.#groupOf.set(consumer, group);
    const states = this.#partitions(group);
    for (const ref of partitions) {
      const state = states.get(`${ref.topic}/${ref.partition}`);
      // Only the owner's release counts: a late revoke from a former owner changes nothing.
      if (state && state.owner === consumer) {
        state.owner = null;
        state.sinceMs = timeMs;
      }
    }
    this.#updateStop(group, timeMs);
  }

  #releaseAll(group: string, consumer: string, timeMs: number): void {
    for (const state of this.#partitions(group).values()) {
      if (state.owner === consumer) {
        state.owner = null;
        state.sinceMs = timeMs;
      }
    }
    this.#updateStop(group, timeMs);
  }

  #updateStop(group: string, timeMs: number): void {
    const states = [...this.#partitions(group).values()];
    const stopped = states.length > 0 && states.every((state) => state.owner === null);
    const since = this.#stoppedSinceMs.get(group);
    if (stopped && since === undefined) this.#stoppedSinceMs.set(group, timeMs);
    if (!stopped && since !== undefined) {
      this.#stoppedMs.set(group, (this.#stoppedMs.get(group) ?? 0) + Math.max(0, timeMs - since));
      this.#stoppedSinceMs.delete(group);
    }
  }

  #close(group: string, gapMs: number): void {
    const closed = this.#closedMs.get(group) ?? { total: 0, longest: 0 };
    closed.total += Math.max(0, gapMs);
    closed.longest = Math.max(closed.longest, gapMs);
    this.#closedMs.set(group, closed);
  }
}

function refs(value: unknown): RefList[] {
  if (!Array.isArray(value)) return [];
  return value.filter((ref): ref is RefList => typeof ref === 'object' && ref !== null && typeof ref.topic === 'string' && typeof ref.partition === 'number');
}

function consumerOf(node: unknown): string | null {
  return typeof node === 'string' && node.startsWith('consumer-') ? node.slice('consumer-'.length) : null;
}
