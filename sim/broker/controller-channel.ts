// The broker's requests to the active controller (NodeToControllerChannelManager): each goes to the
// controller the broker's metadata fetcher knows as the quorum leader, with its own timeout; a
// timeout or a reset connection fails it, and the caller decides when to try again.
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { ControllerRequestBody, ControllerRequestEnvelope, ControllerResponseBody } from '../protocol/controller-messages.ts';
import { isControllerMessage } from '../protocol/controller-messages.ts';

export type ChannelOutcome<R extends ControllerResponseBody = ControllerResponseBody> =
  | { ok: true; body: R }
  /** NO_CONTROLLER: no active controller is known yet. */
  | { ok: false; error: 'REQUEST_TIMED_OUT' | 'NETWORK_EXCEPTION' | 'NO_CONTROLLER' };

interface InFlight {
  to: NodeId;
  timerId: number;
  callback: (outcome: ChannelOutcome) => void;
}

export interface ChannelTimer {
  kind: 'controller-channel-timeout';
  correlationId: number;
}

export class ControllerChannel {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<number, InFlight>();

  /** `activeController` names the node to send to, or null when none is known. */
  constructor(private readonly activeController: () => NodeId | null) {}

  send<R extends ControllerResponseBody>(ctx: ActorContext, body: ControllerRequestBody, timeoutMs: number, callback: (outcome: ChannelOutcome<R>) => void): void {
    const to = this.activeController();
    if (to === null) return callback({ ok: false, error: 'NO_CONTROLLER' });
    const correlationId = this.nextCorrelationId++;
    const request: ControllerRequestEnvelope = { kind: 'controller-request', correlationId, body };
    ctx.send(to, request);
    const timer: ChannelTimer = { kind: 'controller-channel-timeout', correlationId };
    this.inFlight.set(correlationId, { to, timerId: ctx.setTimer(timeoutMs, timer), callback: callback as (outcome: ChannelOutcome) => void });
  }

  /** Takes the controllers' answers; false for any other message. */
  handleMessage(message: unknown, ctx: ActorContext): boolean {
    if (!isControllerMessage(message) || message.kind !== 'controller-response') return false;
    const request = this.inFlight.get(message.correlationId);
    if (request === undefined) return true;
    this.inFlight.delete(message.correlationId);
    ctx.cancelTimer(request.timerId);
    request.callback({ ok: true, body: message.body });
    return true;
  }

  handleTimer(payload: unknown): boolean {
    const timer = payload as Partial<ChannelTimer> | null;
    if (timer?.kind !== 'controller-channel-timeout' || timer.correlationId === undefined) return false;
    const request = this.inFlight.get(timer.correlationId);
    if (request === undefined) return true;
    this.inFlight.delete(timer.correlationId);
    request.callback({ ok: false, error: 'REQUEST_TIMED_OUT' });
    return true;
  }

  handleDisconnect(peer: NodeId, ctx: ActorContext): void {
    for (const [correlationId, request] of [...this.inFlight]) {
      if (request.to !== peer) continue;
      this.inFlight.delete(correlationId);
      ctx.cancelTimer(request.timerId);
      request.callback({ ok: false, error: 'NETWORK_EXCEPTION' });
    }
  }
}
