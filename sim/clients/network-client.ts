// The client side of Kafka's NetworkClient: correlation ids, requests in flight per broker,
// request.timeout.ms (a timed-out request also closes its connection, as NetworkClient does),
// failing everything in flight when a connection resets, and the reconnect backoff that keeps a
// client from hammering a broker it cannot reach.
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
  /** null for a request that expects no answer (acks=0). */
  callback: ((outcome: RequestOutcome) => void) | null;
  /** Not sent yet: waiting for the reconnect backoff of its node to pass (no timeout runs meanwhile). */
  held: RequestEnvelope | null;
  /** The request's timeout, from when it goes on the wire. */
  timeoutMs: number;
}

export interface RequestTimeoutTimer {
  kind: 'request-timeout';
  correlationId: number;
}

export interface ReconnectTimer {
  kind: 'reconnect';
  node: NodeId;
}

/** Kafka's client defaults: reconnect.backoff.ms and reconnect.backoff.max.ms (CommonClientConfigs). */
export const RECONNECT_BACKOFF_MS = 50;
export const RECONNECT_BACKOFF_MAX_MS = 1000;

const NO_TIMER = -1;

interface ConnectionState {
  /** Disconnects since the last answer from the node: the exponent of the backoff. */
  failures: number;
  reconnectAtMs: number;
  timerArmed: boolean;
}

export class NetworkClient {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<number, InFlightRequest>();
  private readonly connectionStates = new Map<NodeId, ConnectionState>();

  constructor(
    private readonly clientId: string,
    private readonly connections: ConnectionControl,
    private readonly requestTimeoutMs: number,
  ) {}

  /**
   * Sends `body` to `node`. Right after a disconnect from `node` the request waits for the
   * reconnect backoff (ClusterConnectionStates: reconnect.backoff.ms doubling up to
   * reconnect.backoff.max.ms; Kafka adds 20% jitter, left out here) before it goes on the wire, and
   * its request.timeout.ms runs from then, as a Kafka client sends nothing to a node not ready.
   * `timeoutMs` replaces request.timeout.ms for requests the server holds longer (JoinGroup).
   */
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
    const state = this.connectionStates.get(node);
    const waiting = state !== undefined && ctx.nowMs < state.reconnectAtMs;
    if (!expectResponse && !waiting) {
      ctx.send(node, request);
      return;
    }
    // A request without answer (acks=0) that waits for the backoff has no timeout and no callback.
    const onOutcome = expectResponse ? (callback as (o: RequestOutcome) => void) : null;
    const entry: InFlightRequest = { node, api: body.api, timerId: NO_TIMER, callback: onOutcome, held: request, timeoutMs };
    this.inFlight.set(correlationId, entry);
    if (waiting) this.armReconnect(ctx, node, state);
    else this.transmit(ctx, correlationId, entry);
  }

  /** Puts a request on the wire; request.timeout.ms runs from now, as in NetworkClient. */
  private transmit(ctx: ActorContext, correlationId: number, entry: InFlightRequest): void {
    ctx.send(entry.node, entry.held!);
    entry.held = null;
    if (entry.callback === null) {
      this.inFlight.delete(correlationId);
      return;
    }
    entry.timerId = ctx.setTimer(entry.timeoutMs, { kind: 'request-timeout', correlationId } satisfies RequestTimeoutTimer);
  }

  private armReconnect(ctx: ActorContext, node: NodeId, state: ConnectionState): void {
    if (state.timerArmed) return;
    state.timerArmed = true;
    ctx.setTimer(state.reconnectAtMs - ctx.nowMs, { kind: 'reconnect', node } satisfies ReconnectTimer);
  }

  /** The backoff of `node` passed: what waited for it goes on the wire, in the order it was sent. */
  private reconnect(ctx: ActorContext, node: NodeId): void {
    const state = this.connectionStates.get(node);
    if (state !== undefined) {
      state.timerArmed = false;
      // Another disconnect since the timer was armed pushed the backoff further.
      if (ctx.nowMs < state.reconnectAtMs) return this.armReconnect(ctx, node, state);
    }
    for (const [correlationId, request] of [...this.inFlight]) {
      if (request.node === node && request.held !== null) this.transmit(ctx, correlationId, request);
    }
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
    this.connectionStates.delete(request.node); // the connection works: the backoff starts over
    ctx.cancelTimer(request.timerId);
    request.callback?.({ ok: true, body: message.body });
    return true;
  }

  /** Returns true when the timer was one of this client's request timeouts. */
  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    const reconnect = payload as Partial<ReconnectTimer>;
    if (reconnect?.kind === 'reconnect' && reconnect.node !== undefined) {
      this.reconnect(ctx, reconnect.node);
      return true;
    }
    const timer = payload as Partial<RequestTimeoutTimer>;
    if (timer?.kind !== 'request-timeout' || timer.correlationId === undefined) return false;
    const request = this.inFlight.get(timer.correlationId);
    if (!request) return true;
    this.inFlight.delete(timer.correlationId);
    request.callback?.({ ok: false, error: 'REQUEST_TIMED_OUT' });
    // NetworkClient.handleTimedOutRequests disconnects: the other requests on it fail as well.
    this.connections.closeConnection(ctx.self, request.node);
    return true;
  }

  /** Closes the connection to `node`: what is in flight on it fails (NetworkClient.disconnect). */
  disconnect(ctx: ActorContext, node: NodeId): void {
    if (this.inFlightTo(node) > 0) this.connections.closeConnection(ctx.self, node);
  }

  handleDisconnect(peer: NodeId, ctx: ActorContext): void {
    const state = this.connectionStates.get(peer) ?? { failures: 0, reconnectAtMs: 0, timerArmed: false };
    state.failures++;
    state.reconnectAtMs = ctx.nowMs + Math.min(RECONNECT_BACKOFF_MS * 2 ** (state.failures - 1), RECONNECT_BACKOFF_MAX_MS);
    this.connectionStates.set(peer, state);
    for (const [correlationId, request] of [...this.inFlight]) {
      if (request.node !== peer || request.held !== null) continue;
      this.inFlight.delete(correlationId);
      ctx.cancelTimer(request.timerId);
      request.callback?.({ ok: false, error: 'NETWORK_EXCEPTION' });
    }
  }
}
