// A node as the kernel holds it (NodeSlot, which outlives crashes) and the ActorContext handed to
// each incarnation of it. After the node crashes the context goes stale: an old actor instance
// still holding it (a leaked callback) fails loudly instead of sending from a dead node.
import type { Actor, ActorContext, NodeId, Random, TimerId, TraceEventBody } from './types.ts';
import { KernelError } from './errors.ts';
import type { DisconnectEvent, TimerEvent } from './scheduled.ts';

/** The kernel operations a context forwards to. */
export interface ContextHost {
  readonly nowMs: number;
  send(from: NodeId, to: NodeId, message: unknown): number | null;
  setTimer(slot: NodeSlot, delayMs: number, payload: unknown): TimerId;
  cancelTimer(slot: NodeSlot, id: TimerId): void;
  emit(node: NodeId, body: TraceEventBody): void;
}

export class NodeSlot {
  up = true;
  /** The context of the current incarnation. */
  ctx: NodeContext;
  /** Armed timers, to cancel by id and to clear when the node crashes. */
  readonly timers = new Map<TimerId, TimerEvent>();
  /** onDisconnect calls not yet run, to clear when the node crashes. */
  readonly disconnects = new Set<DisconnectEvent>();

  constructor(
    readonly id: NodeId,
    public actor: Actor,
    /** Kept across restarts, so a restarted node continues its stream rather than replaying it. */
    readonly random: Random,
    private readonly host: ContextHost,
  ) {
    this.ctx = new NodeContext(host, this);
  }

  /** Ends the current incarnation; its context goes stale. */
  retire(): void {
    this.up = false;
    this.ctx.retire();
  }

  /** Starts a new incarnation with `actor`. */
  renew(actor: Actor): void {
    this.actor = actor;
    this.ctx = new NodeContext(this.host, this);
    this.up = true;
  }
}

export class NodeContext implements ActorContext {
  private live = true;

  constructor(
    private readonly host: ContextHost,
    private readonly slot: NodeSlot,
  ) {}

  get self(): NodeId {
    return this.slot.id;
  }

  get nowMs(): number {
    return this.host.nowMs;
  }

  get random(): Random {
    return this.slot.random;
  }

  /** Called by its slot when this incarnation ends. */
  retire(): void {
    this.live = false;
  }

  send(to: NodeId, message: unknown): number | null {
    this.checkLive('send');
    return this.host.send(this.slot.id, to, message);
  }

  setTimer(delayMs: number, payload: unknown): TimerId {
    this.checkLive('setTimer');
    return this.host.setTimer(this.slot, delayMs, payload);
  }

  cancelTimer(id: TimerId): void {
    this.checkLive('cancelTimer');
    this.host.cancelTimer(this.slot, id);
  }

  emit(event: TraceEventBody): void {
    this.checkLive('emit');
    this.host.emit(this.slot.id, event);
  }

  private checkLive(operation: string): void {
    if (!this.live) {
      throw new KernelError(
        'STALE_CONTEXT',
        `${operation} on node "${this.slot.id}" through the context of an incarnation that has crashed`,
      );
    }
  }
}
