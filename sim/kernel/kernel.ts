// The kernel ties the clock, the queue, the random streams, the network and the trace together
// and runs the actors. Advancing (step, runUntil) is separate from scheduling: a worker loop or a
// test decides when to advance; nothing here reads real time.
//
// Messages are delivered as the very object that was sent — no cloning: the simulation is one
// thread, and copying every batch would dominate the data path. So a sender must not mutate a
// message after sending it (the receiver, and inFlight() drawing, would see the change).
import type { Actor, NetworkOptions, NodeId, Random, TimerId, TraceEventBody } from './types.ts';
import { KernelError, checkDelayMs, invalidArgument } from './errors.ts';
import { VirtualClock } from './clock.ts';
import { EventQueue } from './event-queue.ts';
import { createRandom } from './random.ts';
import { Network, type NetworkHost } from './network.ts';
import { Trace } from './trace.ts';
import { NodeSlot, type ContextHost } from './node-context.ts';
import { DisconnectEvent, ExternalEvent, TimerEvent, type KernelEvent } from './scheduled.ts';
import type { MessageInFlight } from './connection.ts';

/** The `node` of trace events emitted by the kernel itself (faults, node lifecycle). */
export const KERNEL_NODE: NodeId = 'kernel';

const DEFAULT_MAX_QUEUED_EVENTS = 1_000_000;

export interface KernelOptions {
  /** Master seed; every random stream of the run derives from it. */
  seed: number;
  network: NetworkOptions;
  /** How many recent trace events are kept for trace.since() (the hash covers all of them). */
  traceLimit: number;
  /** Most events one runUntil may run: a guard against zero-delay loops. */
  maxEventsPerRun: number;
  /** Most events scheduled at once. Default 1,000,000. */
  maxQueuedEvents?: number;
}

export class Kernel {
  readonly seed: number;
  /** The master stream. Nodes and the network use forks of it, never it. */
  readonly random: Random;
  readonly network: Network;
  readonly trace: Trace;
  private readonly clock = new VirtualClock();
  private readonly queue: EventQueue<KernelEvent>;
  private readonly slots = new Map<NodeId, NodeSlot>();
  private readonly contextHost: ContextHost;
  private readonly maxEventsPerRun: number;
  private nextTimerId = 1;
  private eventsRun = 0;

  constructor(options: KernelOptions) {
    if (!(Number.isSafeInteger(options.maxEventsPerRun) && options.maxEventsPerRun > 0)) {
      throw invalidArgument(`maxEventsPerRun must be a positive integer, got ${options.maxEventsPerRun}`);
    }
    this.seed = options.seed;
    this.random = createRandom(options.seed);
    this.maxEventsPerRun = options.maxEventsPerRun;
    const errorContext = `seed ${options.seed}`;
    const clock = this.clock;
    const queue = new EventQueue<KernelEvent>({
      maxSize: options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS,
      context: errorContext,
    });
    this.queue = queue;
    const trace = new Trace(options.traceLimit);
    this.trace = trace;

    const networkHost = new KernelNetworkHost(this, clock, queue, trace, errorContext);
    const network = new Network(options.network, this.random.fork('network'), networkHost);
    this.network = network;

    this.contextHost = new KernelContextHost(this, clock, network, trace);
  }

  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** Events run since the start. */
  get eventCount(): number {
    return this.eventsRun;
  }

  /** Events waiting in the queue. */
  get queuedEventCount(): number {
    return this.queue.size;
  }

  // --- nodes ---

  /**
   * Adds a node, up, with its own random stream (a fork of the master named 'node:' + id), and
   * calls its start() right away — so start() may only send to nodes already added; to reach
   * nodes added later in the same setup, arm a zero-delay timer.
   */
  addActor(actor: Actor): void {
    const id = actor.id;
    if (typeof id !== 'string' || id === '' || id === KERNEL_NODE) {
      throw invalidArgument(`actor id must be a non-empty string other than "${KERNEL_NODE}", got "${String(id)}"`);
    }
    if (this.slots.has(id)) throw new KernelError('NODE_STATE', `node "${id}" was already added`);
    this.network.addNode(id);
    const slot = new NodeSlot(id, actor, this.random.fork('node:' + id), this.contextHost);
    this.slots.set(id, slot);
    this.emit({ type: 'node-added', target: id });
    actor.start?.(slot.ctx);
  }

  /** The node stops: its timers never fire, messages to and from it are lost, its peers are told. */
  crash(id: NodeId): void {
    const slot = this.slot(id);
    if (!slot.up) throw new KernelError('NODE_STATE', `node "${id}" is already down`);
    this.network.flushDropCounts();
    this.emit({ type: 'node-down', target: id });
    slot.retire();
    for (const timer of slot.timers.values()) this.queue.remove(timer);
    slot.timers.clear();
    for (const disconnect of slot.disconnects) this.queue.remove(disconnect);
    slot.disconnects.clear();
    this.network.markDown(id);
  }

  /**
   * Brings a crashed node back with `actor`, or with its previous instance if none is given (its
   * start() must then reset whatever did not survive the crash), and starts it.
   */
  restart(id: NodeId, actor?: Actor): void {
    const slot = this.slot(id);
    if (slot.up) throw new KernelError('NODE_STATE', `node "${id}" is up; crash it before restarting it`);
    if (actor !== undefined && actor.id !== id) {
      throw invalidArgument(`restart of node "${id}" with an actor whose id is "${actor.id}"`);
    }
    this.network.flushDropCounts();
    this.emit({ type: 'node-up', target: id });
    this.network.markUp(id);
    slot.renew(actor ?? slot.actor);
    slot.actor.start?.(slot.ctx);
  }

  isUp(id: NodeId): boolean {
    return this.slot(id).up;
  }

  /** Node ids in the order they were added. */
  nodeIds(): NodeId[] {
    return [...this.slots.keys()];
  }

  /** The current actor instance of a node (for snapshots); undefined for an unknown id. */
  actorOf(id: NodeId): Actor | undefined {
    return this.slots.get(id)?.actor;
  }

  // --- inputs ---

  /** Runs `run` after `delayMs` of virtual time, in order with everything else due then. */
  schedule(delayMs: number, run: () => void): void {
    checkDelayMs('schedule delay', delayMs);
    this.queue.push(new ExternalEvent(run), this.clock.nowMs + delayMs);
  }

  /** Runs `run` at virtual time `timeMs` (not in the past). */
  scheduleAt(timeMs: number, run: () => void): void {
    if (!(timeMs >= this.clock.nowMs)) {
      throw invalidArgument(`cannot schedule at ${timeMs} ms, the clock is at ${this.clock.nowMs} ms`);
    }
    this.queue.push(new ExternalEvent(run), timeMs);
  }

  /** Appends an event to the trace at the current time; `node` defaults to the kernel. */
  emit(body: TraceEventBody, node: NodeId = KERNEL_NODE): void {
    this.trace.emit(node, this.clock.nowMs, body);
  }

  // --- advancing ---

  nextEventTimeMs(): number | null {
    return this.queue.peek()?.timeMs ?? null;
  }

  /** Runs the next event; false when nothing is scheduled. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.clock.advanceTo(event.timeMs);
    this.eventsRun++;
    switch (event.kind) {
      case 'deliver': {
        this.network.delivered(event);
        // Lost messages leave the queue when they are lost, so the receiver is up.
        const slot = this.slots.get(event.to)!;
        slot.actor.onMessage(event.from, event.message, slot.ctx);
        break;
      }
      case 'timer':
        event.slot.timers.delete(event.id);
        event.slot.actor.onTimer(event.payload, event.slot.ctx);
        break;
      case 'disconnect':
        event.slot.disconnects.delete(event);
        this.network.told(event.slot.id, event.peer);
        event.slot.actor.onDisconnect?.(event.peer, event.slot.ctx);
        break;
      case 'external':
        event.run();
        break;
    }
    return true;
  }

  /** Runs every event due at or before `timeMs`, then sets the clock to `timeMs`. */
  runUntil(timeMs: number): void {
    if (!(timeMs >= this.clock.nowMs)) {
      throw invalidArgument(`cannot run until ${timeMs} ms, the clock is already at ${this.clock.nowMs} ms`);
    }
    let ran = 0;
    for (let next = this.queue.peek(); next !== undefined && next.timeMs <= timeMs; next = this.queue.peek()) {
      if (ran === this.maxEventsPerRun) {
        throw new KernelError(
          'MAX_EVENTS_PER_RUN',
          `runUntil(${timeMs}) ran ${ran} events and stopped at ${this.clock.nowMs} ms (seed ${this.seed}): ` +
            'raise maxEventsPerRun, or look for events that keep rescheduling themselves without delay',
        );
      }
      this.step();
      ran++;
    }
    this.clock.advanceTo(timeMs);
  }

  runFor(durationMs: number): void {
    checkDelayMs('runFor duration', durationMs);
    this.runUntil(this.clock.nowMs + durationMs);
  }

  // --- internals ---

  private slot(id: NodeId): NodeSlot {
    const slot = this.slots.get(id);
    if (slot === undefined) throw new KernelError('UNKNOWN_NODE', `unknown node "${id}" (seed ${this.seed})`);
    return slot;
  }

  private setTimer(slot: NodeSlot, delayMs: number, payload: unknown): TimerId {
    checkDelayMs(`timer delay of node "${slot.id}"`, delayMs);
    const timer = new TimerEvent(this.nextTimerId++, slot, payload);
    this.queue.push(timer, this.clock.nowMs + delayMs);
    slot.timers.set(timer.id, timer);
    return timer.id;
  }

  private cancelTimer(slot: NodeSlot, id: TimerId): void {
    const timer = slot.timers.get(id);
    if (timer === undefined) return; // already fired or cancelled: cancelling is idempotent
    this.queue.remove(timer);
    slot.timers.delete(id);
  }

  private scheduleDisconnect(node: NodeId, peer: NodeId): void {
    const slot = this.slot(node);
    const disconnect = new DisconnectEvent(slot, peer);
    this.queue.push(disconnect, this.clock.nowMs);
    slot.disconnects.add(disconnect);
  }
}

// The kernel's sides that the network and the nodes' contexts call. Classes rather than object
// literals of arrow functions, so that a captured simulation holds no closures (sim/snapshot).

class KernelNetworkHost implements NetworkHost {
  constructor(
    private readonly kernel: Kernel,
    private readonly clock: VirtualClock,
    private readonly queue: EventQueue<KernelEvent>,
    private readonly trace: Trace,
    readonly errorContext: string,
  ) {}

  get nowMs(): number {
    return this.clock.nowMs;
  }

  schedule(message: MessageInFlight, arrivesAtMs: number): void {
    this.queue.push(message, arrivesAtMs);
  }

  unschedule(message: MessageInFlight): void {
    this.queue.remove(message);
  }

  disconnect(node: NodeId, peer: NodeId): void {
    this.kernel['scheduleDisconnect'](node, peer);
  }

  emit(body: TraceEventBody): void {
    this.trace.emit(KERNEL_NODE, this.clock.nowMs, body);
  }
}

class KernelContextHost implements ContextHost {
  constructor(
    private readonly kernel: Kernel,
    private readonly clock: VirtualClock,
    private readonly network: Network,
    private readonly trace: Trace,
  ) {}

  get nowMs(): number {
    return this.clock.nowMs;
  }

  send(from: NodeId, to: NodeId, message: unknown): number | null {
    return this.network.send(from, to, message);
  }

  setTimer(slot: NodeSlot, delayMs: number, payload: unknown): TimerId {
    return this.kernel['setTimer'](slot, delayMs, payload);
  }

  cancelTimer(slot: NodeSlot, id: TimerId): void {
    this.kernel['cancelTimer'](slot, id);
  }

  emit(node: NodeId, body: TraceEventBody): void {
    this.trace.emit(node, this.clock.nowMs, body);
  }
}

export const kernelClasses = { KernelNetworkHost, KernelContextHost };
