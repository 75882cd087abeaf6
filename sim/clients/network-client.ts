// The client side of Kafka's NetworkClient: correlation ids, requests in flight per broker,
// request.timeout.ms (a timed-out request also closes its connection, as NetworkClient does), and
// failing everything in flight when a connection resets.
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { KafkaRequestBody, KafkaResponseBody, RequestEnvelope } from '../protocol/messages.ts';
import { isKafkaMessage } from '../protocol/messages.ts';
import type { ConnectionControl } from '../broker/broker.ts';

export type RequestOutcome<R extends KafkaResponseBody = KafkaResponseBody> =
  | { ok: true; body: R }
  | { ok: false; error: 'REQUEST_TIMED_OUT' | 'NETWORK_EXCEPTION' };

interface InFlightRequest {
  node: NodeId;
  api: string;
  timerId: number;
  callback: (outcome: RequestOutcome) => void;
}

export interface RequestTimeoutTimer {
  kind: 'request-timeout';
  correlationId: number;
}

export class NetworkClient {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<number, InFlightRequest>();

  constructor(
    private readonly clientId: string,
    private readonly connections: ConnectionControl,
    private readonly requestTimeoutMs: number,
  ) {}

  /** `timeoutMs` replaces request.timeout.ms for requests the server holds longer (JoinGroup). */
  send<R extends KafkaResponseBody>(
    ctx: ActorContext,
    node: NodeId,
    body: KafkaRequestBody,
    callback: (outcome: RequestOutcome<R>) => void,
    expectResponse = true,
    timeoutMs = this.requestTimeoutMs,
  ): void {
    const correlationId = this.nextCorrelationId++;
    const request: RequestEnvelope = { kind: 'request', correlationId, clientId: this.clientId, body };
    ctx.send(node, request);
    if (!expectResponse) return;
    const timer: RequestTimeoutTimer = { kind: 'request-timeout', correlationId };
    const timerId = ctx.setTimer(timeoutMs, timer);
    this.inFlight.set(correlationId, { node, api: body.api, timerId, callback: callback as (o: RequestOutcome) => void });
  }

  inFlightTo(node: NodeId): number {
    let count = 0;
    for (const request of this.inFlight.values()) if (request.node === node) count++;
    return count;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Returns true when the message was a response this client was waiting for. */
  handleMessage(message: unknown, ctx: ActorContext): boolean {
    if (!isKafkaMessage(message) || message.kind !== 'response') return false;
    const request = this.inFlight.get(message.correlationId);
    if (!request) return true; // a late answer to a request already failed: dropped, as Kafka does
    this.inFlight.delete(message.correlationId);
    ctx.cancelTimer(request.timerId);
    request.callback({ ok: true, body: message.body });
    return true;
  }

  /** Returns true when the timer was one of this client's request timeouts. */
  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    const timer = payload as Partial<RequestTimeoutTimer>;
    if (timer?.kind !== 'request-timeout' || timer.correlationId === undefined) return false;
    const request = this.inFlight.get(timer.correlationId);
    if (!request) return true;
    this.inFlight.delete(timer.correlationId);
    request.callback({ ok: false, error: 'REQUEST_TIMED_OUT' });
    // NetworkClient.handleTimedOutRequests disconnects: the other requests on it fail as well.
    this.connections.closeConnection(ctx.self, request.node);
    return true;
  }

  /** Closes the connection to `node`: what is in flight on it fails (NetworkClient.disconnect). */
  disconnect(ctx: ActorContext, node: NodeId): void {
    if (this.inFlightTo(node) > 0) this.connections.closeConnection(ctx.self, node);
  }

  handleDisconnect(peer: NodeId, ctx: ActorContext): void {
    for (const [correlationId, request] of [...this.inFlight]) {
      if (request.node !== peer) continue;
      this.inFlight.delete(correlationId);
      ctx.cancelTimer(request.timerId);
      request.callback({ ok: false, error: 'NETWORK_EXCEPTION' });
    }
  }
}
