// The network's bookkeeping for one pair of nodes: a Link (the unordered pair, where faults and
// the latency profile live) holding two Channels (one per direction, each a FIFO of the messages
// on the wire that way), and the messages themselves.
import type { DropReason, LinkProfile, NodeId, Random } from './types.ts';
import { NOT_QUEUED, type QueueItem } from './event-queue.ts';

/** A message on the wire. It is also the kernel's queue item for its own delivery. */
export class MessageInFlight implements QueueItem {
  readonly kind = 'deliver';
  timeMs = 0;
  seq = 0;
  heapIndex = NOT_QUEUED;
  /** Next message on the same channel (arrives no earlier than this one). */
  channelNext: MessageInFlight | null = null;
  /** Neighbours in the network-wide list, kept in send order for inFlight(). */
  olderInFlight: MessageInFlight | null = null;
  newerInFlight: MessageInFlight | null = null;

  constructor(
    readonly id: number,
    readonly channel: Channel,
    readonly sentAtMs: number,
    readonly message: unknown,
  ) {}

  get from(): NodeId {
    return this.channel.from;
  }

  get to(): NodeId {
    return this.channel.to;
  }

  /** The arrival time is the queue time: one number, so the two cannot disagree. */
  get arrivesAtMs(): number {
    return this.timeMs;
  }
}

/** Drops of one reason on one channel, for the trace's rate limit. */
export interface DropTally {
  lastReportMs: number;
  /** Drops not yet reported in any trace event. */
  unreported: number;
  /** Whether the tally is already on the network's list of tallies to flush. */
  awaitingFlush: boolean;
}

/** A node as the network sees it. */
export class NetworkNode {
  up = true;
  /** Links to this node, in the order they were first used: the order node failures walk them. */
  readonly links: Link[] = [];

  constructor(readonly id: NodeId) {}
}

/** One direction of a link: a FIFO, since arrivals on a channel never decrease. */
export class Channel {
  head: MessageInFlight | null = null;
  tail: MessageInFlight | null = null;
  private readonly tallies = new Map<DropReason, DropTally>();

  constructor(
    readonly source: NetworkNode,
    readonly target: NetworkNode,
    readonly link: Link,
    /** Jitter and random loss of this direction; a stream of its own so other traffic cannot shift it. */
    readonly random: Random,
  ) {}

  get from(): NodeId {
    return this.source.id;
  }

  get to(): NodeId {
    return this.target.id;
  }

  tally(reason: DropReason): DropTally {
    let tally = this.tallies.get(reason);
    if (tally === undefined) {
      tally = { lastReportMs: -Infinity, unreported: 0, awaitingFlush: false };
      this.tallies.set(reason, tally);
    }
    return tally;
  }
}

/** The unordered pair of nodes; `a` is the node named first in the call that created it. */
export class Link {
  /** null: NetworkOptions.defaultLink applies. */
  profile: LinkProfile | null = null;
  /** A cut cable: nothing crosses, either way. */
  cut = false;
  /** Chance that any one message is lost, each way. */
  lossProbability = 0;
  /**
   * Whether a connection is established between the two: set by the first message either way,
   * cleared by a reset, a lost message or a node going down. Only open connections notify on a
   * node failure.
   */
  open = false;
  /**
   * Ends whose connection broke and who have not yet been told (their onDisconnect is queued):
   * what they send meanwhile still goes on the old connection, and is lost, as writes on a reset
   * socket fail. Cleared when the end is told, or goes down.
   */
  private staleA = false;
  private staleB = false;
  readonly forward: Channel;
  readonly backward: Channel;

  constructor(
    readonly a: NetworkNode,
    readonly b: NetworkNode,
    forwardRandom: Random,
    backwardRandom: Random,
  ) {
    this.forward = new Channel(a, b, this, forwardRandom);
    this.backward = new Channel(b, a, this, backwardRandom);
  }

  other(node: NetworkNode): NetworkNode {
    return node === this.a ? this.b : this.a;
  }

  isStale(node: NetworkNode): boolean {
    return node === this.a ? this.staleA : this.staleB;
  }

  setStale(node: NetworkNode, stale: boolean): void {
    if (node === this.a) this.staleA = stale;
    else this.staleB = stale;
  }

  /** The channel leaving `node`. */
  from(node: NetworkNode): Channel {
    return node === this.a ? this.forward : this.backward;
  }
}
