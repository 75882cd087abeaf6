// Named one-shot timers on the kernel clock. Setting a name again replaces its timer; a timer that
// fires after it was replaced or cancelled is recognised as stale by its sequence number, so a
// state change never acts on a timer armed for the previous state.
import type { ActorContext, TimerId } from '../../kernel/types.ts';

export interface TimerPayload {
  kind: string;
  name: string;
  seq: number;
}

export class TimerSlots {
  private readonly armed = new Map<string, { id: TimerId; seq: number }>();
  private seq = 0;

  /** `kind` tags the payloads, so an actor embedding several owners can route them. */
  constructor(readonly kind: string) {}

  set(ctx: ActorContext, name: string, delayMs: number): void {
    this.cancel(ctx, name);
    const seq = ++this.seq;
    const payload: TimerPayload = { kind: this.kind, name, seq };
    this.armed.set(name, { id: ctx.setTimer(delayMs, payload), seq });
  }

  isArmed(name: string): boolean {
    return this.armed.has(name);
  }

  cancel(ctx: ActorContext, name: string): void {
    const timer = this.armed.get(name);
    if (timer === undefined) return;
    ctx.cancelTimer(timer.id);
    this.armed.delete(name);
  }

  /** Cancels every timer whose name passes `filter` (all of them without one). */
  cancelAll(ctx: ActorContext, filter?: (name: string) => boolean): void {
    for (const [name, timer] of [...this.armed]) {
      if (filter !== undefined && !filter(name)) continue;
      ctx.cancelTimer(timer.id);
      this.armed.delete(name);
    }
  }

  /** The node crashed: the kernel dropped its timers already; just forget them. */
  forgetAll(): void {
    this.armed.clear();
  }

  owns(payload: unknown): payload is TimerPayload {
    return typeof payload === 'object' && payload !== null && (payload as { kind?: unknown }).kind === this.kind;
  }

  /** The name of the fired timer if it is still the live one for its name (and forgets it); else null. */
  take(payload: TimerPayload): string | null {
    const timer = this.armed.get(payload.name);
    if (timer === undefined || timer.seq !== payload.seq) return null;
    this.armed.delete(payload.name);
    return payload.name;
  }
}
