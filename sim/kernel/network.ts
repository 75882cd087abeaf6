// The simulated network between nodes.
//
// Delivery: per channel (ordered pair from→to) FIFO, like one TCP connection: a message arrives
// at max(now + latency + jitter, arrival of the message sent before it on that channel), so
// jitter delays but never reorders a connection.
//
// Faults are explicit state changed by the calls below, never random ifs in handlers:
// - cutLink/healLink: a cut cable between two nodes, both ways;
// - partition/heal: nothing crosses between the two sides (nodes in neither side are unaffected);
// - dropRate: each message on a link is lost with a probability, drawn from the channel's stream;
// - resetConnection: a TCP reset, both ends are told (onDisconnect);
// - node down/up (driven by Kernel.crash/restart): a node going down resets its connections.
//
// Connections behave like TCP: a stream never has a hole. A message lost for any reason (cut
// link, partition, random loss, a node that is down) breaks its connection, as a reset does:
// everything in flight on it either way is lost and both ends are told (onDisconnect), so their
// requests in flight fail. Until an end has been told, what it sends still goes on the broken
// connection and is lost too; after that a new message opens a new connection. A send that
// fails before any connection was established (a connect that cannot get through) tells only
// its sender. So a message is never delivered after an earlier one on its connection was lost.
// A fault that starts while messages are on the wire loses them at once, so inFlight() never
// shows a message that cannot arrive.
//
// Every drop is reported as 'message-dropped' (from, to, reason, count), rate limited per channel
// and reason by DropReporter; a fault that loses many messages at once reports them as one event
// per channel. An established connection that breaks is reported as 'connection-broken'.
import type { DropReason, LinkProfile, NetworkOptions, NodeId, Random, TraceEventBody } from './types.ts';
import { KernelError, checkDelayMs, invalidArgument } from './errors.ts';
import { Channel, Link, MessageInFlight, NetworkNode } from './connection.ts';
import { DropReporter } from './drop-report.ts';
import { bound } from '../snapshot/bound.ts';
import { Partitions, type PartitionView } from './partitions.ts';

export type { PartitionView } from './partitions.ts';

const DEFAULT_DROP_REPORT_INTERVAL_MS = 1000;

/** What the network needs from the kernel that runs it. */
export interface NetworkHost {
  readonly nowMs: number;
  /** Queues the delivery of `message` at `arrivesAtMs`. */
  schedule(message: MessageInFlight, arrivesAtMs: number): void;
  /** Takes a lost message's delivery off the queue. */
  unschedule(message: MessageInFlight): void;
  /** Calls `node`'s onDisconnect(peer) as an event at the current time. */
  disconnect(node: NodeId, peer: NodeId): void;
  /** Appends a kernel-level event to the trace. */
  emit(body: TraceEventBody): void;
  /** Names the run in limit errors, e.g. "seed 42". */
  readonly errorContext: string;
}

/** A message on the wire, as drawn: its position is a function of virtual time alone. */
export interface InFlightView {
  id: number;
  from: NodeId;
  to: NodeId;
  sentAtMs: number;
  arrivesAtMs: number;
  message: unknown;
}

export interface LinkState {
  profile: LinkProfile;
  cut: boolean;
  lossProbability: number;
  /** A connection is established (a message went either way since the last reset). */
  open: boolean;
}

export class Network {
  private readonly defaultLink: LinkProfile;
  private readonly maxInFlight: number;
  private readonly drops: DropReporter;
  private readonly nodes = new Map<NodeId, NetworkNode>();
  private readonly channels = new Map<NodeId, Map<NodeId, Channel>>();
  private readonly partitions = new Partitions();
  // Every message in flight, oldest first: a doubly linked list so any one leaves in O(1).
  private oldest: MessageInFlight | null = null;
  private newest: MessageInFlight | null = null;
  private inFlightTotal = 0;
  private nextMessageId = 1;

  constructor(
    options: NetworkOptions,
    /** The network's own stream; each channel forks its own from it. */
    private readonly random: Random,
    private readonly host: NetworkHost,
  ) {
    this.defaultLink = checkedProfile(options.defaultLink);
    if (!(Number.isSafeInteger(options.maxInFlight) && options.maxInFlight > 0)) {
      throw invalidArgument(`maxInFlight must be a positive integer, got ${options.maxInFlight}`);
    }
    this.maxInFlight = options.maxInFlight;
    const dropReportIntervalMs = options.dropReportIntervalMs ?? DEFAULT_DROP_REPORT_INTERVAL_MS;
    checkDelayMs('dropReportIntervalMs', dropReportIntervalMs);
    this.drops = new DropReporter(dropReportIntervalMs, bound(host, 'emit'));
  }

  get inFlightCount(): number {
    return this.inFlightTotal;
  }

  // --- nodes (driven by the kernel) ---

  addNode(id: NodeId): void {
    if (this.nodes.has(id)) throw new KernelError('NODE_STATE', `node "${id}" is already on the network`);
    this.nodes.set(id, new NetworkNode(id));
  }

  isNodeUp(id: NodeId): boolean {
    return this.node(id).up;
  }

  /** The node stops: everything on the wire to or from it is lost, and its open connections' peers are told. */
  markDown(id: NodeId): void {
    const node = this.node(id);
    node.up = false;
    const peers: Link[] = [];
    for (const link of node.links) {
      // Its queued onDisconnect calls are gone with it: the next incarnation starts afresh.
      link.setStale(node, false);
      this.dropAll(link.from(node), 'node-down');
      this.dropAll(link.from(link.other(node)), 'node-down');
      if (link.open) {
        link.open = false;
        if (link.other(node).up) peers.push(link);
      }
    }
    peers.sort((x, y) => compareIds(x.other(node).id, y.other(node).id));
    for (const link of peers) this.tell(link, link.other(node));
  }

  markUp(id: NodeId): void {
    this.node(id).up = true;
  }

  // --- traffic ---

  /** Puts `message` on the wire; returns its arrival time, or null if it was lost at once. */
  send(from: NodeId, to: NodeId, message: unknown): number | null {
    const channel = this.channel(from, to);
    const reason = this.blockedBy(channel);
    if (reason !== null) {
      this.drops.record(channel, reason, 1, false, this.host.nowMs);
      // A send on a connection already broken adds nothing: its sender is about to be told.
      if (reason !== 'connection-reset') this.breakConnection(channel, reason);
      return null;
    }
    if (this.inFlightTotal >= this.maxInFlight) {
      throw new KernelError(
        'MAX_IN_FLIGHT',
        `${this.inFlightTotal} messages in flight, limit ${this.maxInFlight} (send ${from}→${to}, ${this.host.errorContext})`,
      );
    }
    const link = channel.link;
    const profile = link.profile ?? this.defaultLink;
    const nowMs = this.host.nowMs;
    let arrivesAtMs = nowMs + profile.latencyMs;
    if (profile.jitterMs > 0) arrivesAtMs += channel.random.range(0, profile.jitterMs);
    const previous = channel.tail;
    if (previous !== null && previous.timeMs > arrivesAtMs) arrivesAtMs = previous.timeMs;

    const sent = new MessageInFlight(this.nextMessageId++, channel, nowMs, message);
    this.host.schedule(sent, arrivesAtMs);
    if (previous === null) channel.head = sent;
    else previous.channelNext = sent;
    channel.tail = sent;
    sent.olderInFlight = this.newest;
    if (this.newest === null) this.oldest = sent;
    else this.newest.newerInFlight = sent;
    this.newest = sent;
    this.inFlightTotal++;
    link.open = true;
    return arrivesAtMs;
  }

  /** The kernel is about to run `node`'s onDisconnect(peer): from now on it sends on a new connection. */
  told(node: NodeId, peer: NodeId): void {
    const channel = this.channels.get(node)?.get(peer);
    if (channel !== undefined) channel.link.setStale(channel.source, false);
  }

  /** The kernel took `message`'s delivery off the queue: it leaves the wire. */
  delivered(message: MessageInFlight): void {
    const channel = message.channel;
    if (channel.head !== message) {
      throw new Error(`network invariant broken: message ${message.id} delivered out of its channel's order`);
    }
    channel.head = message.channelNext;
    if (channel.head === null) channel.tail = null;
    message.channelNext = null;
    this.unlink(message);
  }

  /** Messages on the wire, in the order they were sent (ids increase). */
  inFlight(): InFlightView[] {
    const views: InFlightView[] = [];
    for (let m = this.oldest; m !== null; m = m.newerInFlight) {
      views.push({ id: m.id, from: m.from, to: m.to, sentAtMs: m.sentAtMs, arrivesAtMs: m.timeMs, message: m.message });
    }
    return views;
  }

  // --- faults ---

  /** Latency profile of the link between `a` and `b`, both directions. */
  setLink(a: NodeId, b: NodeId, profile: LinkProfile): void {
    const link = this.link(a, b);
    const checked = checkedProfile(profile);
    this.flushDropCounts();
    this.host.emit({ type: 'link-profile-set', a, b, latencyMs: checked.latencyMs, jitterMs: checked.jitterMs });
    link.profile = checked;
  }

  cutLink(a: NodeId, b: NodeId): void {
    const link = this.link(a, b);
    this.flushDropCounts();
    this.host.emit({ type: 'link-cut', a, b });
    link.cut = true;
    this.loseInFlight(link, 'link-cut');
  }

  healLink(a: NodeId, b: NodeId): void {
    const link = this.link(a, b);
    this.flushDropCounts();
    this.host.emit({ type: 'link-healed', a, b });
    link.cut = false;
  }

  /** From now until heal(), nothing crosses between the sides. Partitions add up. */
  partition(sideA: readonly NodeId[], sideB: readonly NodeId[]): void {
    for (const id of sideA) this.node(id);
    for (const id of sideB) this.node(id);
    const crossesNew = this.partitions.add(sideA, sideB);
    this.flushDropCounts();
    this.host.emit({ type: 'partition', sideA: [...sideA], sideB: [...sideB] });
    // A link crossing the partition loses all its messages, so sweeping links suffices.
    const crossing = new Set<Link>();
    for (let m = this.oldest; m !== null; m = m.newerInFlight) {
      if (crossesNew(m.from, m.to)) crossing.add(m.channel.link);
    }
    for (const link of crossing) this.loseInFlight(link, 'partitioned');
  }

  /** Ends every partition. */
  heal(): void {
    this.flushDropCounts();
    this.host.emit({ type: 'partition-healed' });
    this.partitions.clear();
  }

  /** Each message between `a` and `b`, either way, is lost with `probability`. */
  dropRate(a: NodeId, b: NodeId, probability: number): void {
    if (!(probability >= 0 && probability <= 1)) {
      throw invalidArgument(`drop probability must be in [0, 1], got ${probability}`);
    }
    const link = this.link(a, b);
    this.flushDropCounts();
    this.host.emit({ type: 'drop-rate-set', a, b, probability });
    link.lossProbability = probability;
  }

  /** A TCP reset: what is in flight either way is lost; `a` then `b` get onDisconnect (if up). */
  resetConnection(a: NodeId, b: NodeId): void {
    const link = this.link(a, b);
    const nodeA = this.node(a);
    const nodeB = this.node(b);
    this.flushDropCounts();
    this.host.emit({ type: 'connection-reset', a, b });
    this.dropAll(link.from(nodeA), 'connection-reset');
    this.dropAll(link.from(nodeB), 'connection-reset');
    link.open = false;
    this.tell(link, nodeA);
    this.tell(link, nodeB);
  }

  /** Reports the drops held back by the rate limit, in the order they were first held back. */
  flushDropCounts(): void {
    this.drops.flush(this.host.nowMs);
  }

  // --- reading the fault state (for snapshots and drawing) ---

  linkState(a: NodeId, b: NodeId): LinkState {
    const link = this.channels.get(a)?.get(b)?.link;
    if (link === undefined) {
      this.node(a);
      this.node(b);
      return { profile: { ...this.defaultLink }, cut: false, lossProbability: 0, open: false };
    }
    const profile = link.profile ?? this.defaultLink;
    return { profile: { ...profile }, cut: link.cut, lossProbability: link.lossProbability, open: link.open };
  }

  activePartitions(): PartitionView[] {
    return this.partitions.views();
  }

  // --- internals ---

  private node(id: NodeId): NetworkNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new KernelError('UNKNOWN_NODE', `unknown node "${id}" (${this.host.errorContext})`);
    return node;
  }

  private channel(from: NodeId, to: NodeId): Channel {
    const channel = this.channels.get(from)?.get(to);
    if (channel !== undefined) return channel;
    return this.link(from, to).forward;
  }

  /** The link between `a` and `b`, created on first use with `a` as its first end. */
  private link(a: NodeId, b: NodeId): Link {
    const existing = this.channels.get(a)?.get(b);
    if (existing !== undefined) return existing.link;
    if (a === b) throw invalidArgument(`node "${a}" cannot talk to itself over the network; use a timer`);
    const nodeA = this.node(a);
    const nodeB = this.node(b);
    const link = new Link(nodeA, nodeB, this.random.fork(channelName(a, b)), this.random.fork(channelName(b, a)));
    this.channelsFrom(a).set(b, link.forward);
    this.channelsFrom(b).set(a, link.backward);
    nodeA.links.push(link);
    nodeB.links.push(link);
    return link;
  }

  private channelsFrom(id: NodeId): Map<NodeId, Channel> {
    let map = this.channels.get(id);
    if (map === undefined) {
      map = new Map();
      this.channels.set(id, map);
    }
    return map;
  }

  /** Why a message sent now on `channel` would be lost; checks in a fixed order. */
  private blockedBy(channel: Channel): DropReason | null {
    if (!channel.source.up || !channel.target.up) return 'node-down';
    const link = channel.link;
    if (link.isStale(channel.source)) return 'connection-reset';
    if (link.cut) return 'link-cut';
    if (this.partitions.size > 0 && this.partitions.separates(channel.from, channel.to)) return 'partitioned';
    if (link.lossProbability > 0 && channel.random.next() < link.lossProbability) return 'random-loss';
    return null;
  }

  /**
   * A message sent on `channel` was lost: its connection breaks. An established one loses what is
   * in flight either way and both ends are told; a connection not yet established only fails its
   * sender's attempt.
   */
  private breakConnection(channel: Channel, reason: DropReason): void {
    const link = channel.link;
    if (!link.open) {
      this.tell(link, channel.source);
      return;
    }
    this.host.emit({ type: 'connection-broken', from: channel.from, to: channel.to, reason });
    this.dropAll(channel, 'connection-reset');
    this.dropAll(link.from(channel.target), 'connection-reset');
    link.open = false;
    this.tell(link, channel.source);
    this.tell(link, channel.target);
  }

  /** A fault lost what was on the wire between the two ends of `link`: if anything, the connection breaks. */
  private loseInFlight(link: Link, reason: DropReason): void {
    const lost = link.forward.head !== null || link.backward.head !== null;
    this.dropAll(link.forward, reason);
    this.dropAll(link.backward, reason);
    if (!lost) return;
    this.host.emit({ type: 'connection-broken', from: link.a.id, to: link.b.id, reason });
    link.open = false;
    this.tell(link, link.a);
    this.tell(link, link.b);
  }

  /** Queues `node`'s onDisconnect for the other end of `link`, unless it is down or already due to be told. */
  private tell(link: Link, node: NetworkNode): void {
    if (!node.up || link.isStale(node)) return;
    link.setStale(node, true);
    this.host.disconnect(node.id, link.other(node).id);
  }

  private dropAll(channel: Channel, reason: DropReason): void {
    let dropped = 0;
    for (let m = channel.head; m !== null; ) {
      const next = m.channelNext;
      this.host.unschedule(m);
      m.channelNext = null;
      this.unlink(m);
      dropped++;
      m = next;
    }
    channel.head = null;
    channel.tail = null;
    if (dropped > 0) this.drops.record(channel, reason, dropped, true, this.host.nowMs);
  }

  private unlink(message: MessageInFlight): void {
    const older = message.olderInFlight;
    const newer = message.newerInFlight;
    if (older === null) this.oldest = newer;
    else older.newerInFlight = newer;
    if (newer === null) this.newest = older;
    else newer.olderInFlight = older;
    message.olderInFlight = null;
    message.newerInFlight = null;
    this.inFlightTotal--;
  }
}

function channelName(from: NodeId, to: NodeId): string {
  return `channel\u0000${from}\u0000${to}`;
}

/** Code-unit order: the same in every engine, unlike localeCompare. */
function compareIds(a: NodeId, b: NodeId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkedProfile(profile: LinkProfile): LinkProfile {
  checkDelayMs('link latencyMs', profile.latencyMs);
  checkDelayMs('link jitterMs', profile.jitterMs);
  return { latencyMs: profile.latencyMs, jitterMs: profile.jitterMs };
}
