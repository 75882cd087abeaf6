// What the kernel's queue holds: the kinds of event that move the simulation. Each is its own
// small object carrying its data, so running one is a switch on `kind` — no closure per event.
import type { NodeId, TimerId } from './types.ts';
import { NOT_QUEUED, type QueueItem } from './event-queue.ts';
import type { MessageInFlight } from './connection.ts';
import type { NodeSlot } from './node-context.ts';

export class TimerEvent implements QueueItem {
  readonly kind = 'timer';
  timeMs = 0;
  seq = 0;
  heapIndex = NOT_QUEUED;

  constructor(
    readonly id: TimerId,
    readonly slot: NodeSlot,
    readonly payload: unknown,
  ) {}
}

export class DisconnectEvent implements QueueItem {
  readonly kind = 'disconnect';
  timeMs = 0;
  seq = 0;
  heapIndex = NOT_QUEUED;

  constructor(
    readonly slot: NodeSlot,
    readonly peer: NodeId,
  ) {}
}

/** An input from outside the simulation (a scenario action, a user command). */
export class ExternalEvent implements QueueItem {
  readonly kind = 'external';
  timeMs = 0;
  seq = 0;
  heapIndex = NOT_QUEUED;

  constructor(readonly run: () => void) {}
}

export type KernelEvent = MessageInFlight | TimerEvent | DisconnectEvent | ExternalEvent;
