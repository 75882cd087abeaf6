// Outgoing requests of one replica, as KafkaRaftClient's RequestManager keeps them: at most one in
// flight per destination, each with a correlation id and a timeout
// (controller.quorum.request.timeout.ms), and a retry backoff per destination after a failure
// (controller.quorum.retry.backoff.ms). A response is handled only if it answers the request in
// flight to its sender; reset() forgets everything (Kafka resets its connections on every state
// change), so answers to requests of a previous state are ignored.
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { QuorumRequest, QuorumResponse } from './messages.ts';
import type { TimerSlots } from './timer-slots.ts';

type Outgoing<R extends QuorumRequest> = R extends QuorumRequest ? Omit<R, 'kind' | 'correlationId'> : never;

const TIMEOUT_PREFIX = 'request-timeout:';

export class RequestManager {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<NodeId, { correlationId: number; api: QuorumRequest['api'] }>();
  private readonly backoffUntilMs = new Map<NodeId, number>();

  constructor(
    private readonly timers: TimerSlots,
    private readonly requestTimeoutMs: number,
  ) {}

  isReady(destination: NodeId, nowMs: number): boolean {
    return !this.inFlight.has(destination) && (this.backoffUntilMs.get(destination) ?? 0) <= nowMs;
  }

  hasInFlight(destination: NodeId): boolean {
    return this.inFlight.has(destination);
  }

  hasInFlightAny(): boolean {
    return this.inFlight.size > 0;
  }

  /** Sends `body` to `destination` and arms its timeout; the caller checks isReady first. */
  send(ctx: ActorContext, destination: NodeId, body: Outgoing<QuorumRequest>): void {
    const correlationId = this.nextCorrelationId++;
    const request = { ...body, kind: 'quorum-request', correlationId } as QuorumRequest;
    this.inFlight.set(destination, { correlationId, api: request.api });
    this.backoffUntilMs.delete(destination);
    this.timers.set(ctx, TIMEOUT_PREFIX + destination, this.requestTimeoutMs);
    // A message lost on the way (partition, crashed peer) breaks the connection: onDisconnect
    // fails the request (fail()); a lost answer is noticed by the timeout.
    ctx.send(destination, request);
  }

  /** True if `response` answers the request in flight to `from`; that request is then done. */
  accept(ctx: ActorContext, from: NodeId, response: QuorumResponse): boolean {
    const pending = this.inFlight.get(from);
    if (pending === undefined || pending.correlationId !== response.correlationId || pending.api !== response.api) return false;
    this.inFlight.delete(from);
    this.timers.cancel(ctx, TIMEOUT_PREFIX + from);
    return true;
  }

  /** After a failed exchange with `destination`: no request to it before the backoff ends. */
  backOff(destination: NodeId, nowMs: number, backoffMs: number): void {
    this.backoffUntilMs.set(destination, nowMs + backoffMs);
  }

  /** The connection to `peer` was reset: its request in flight failed. Returns what it was. */
  fail(ctx: ActorContext, peer: NodeId): QuorumRequest['api'] | null {
    const pending = this.inFlight.get(peer);
    if (pending === undefined) return null;
    this.inFlight.delete(peer);
    this.timers.cancel(ctx, TIMEOUT_PREFIX + peer);
    return pending.api;
  }

  /** If `timerName` is one of ours, the request it guarded timed out: returns its destination and api. */
  timedOut(timerName: string): { destination: NodeId; api: QuorumRequest['api'] } | null {
    if (!timerName.startsWith(TIMEOUT_PREFIX)) return null;
    const destination = timerName.slice(TIMEOUT_PREFIX.length);
    const pending = this.inFlight.get(destination);
    if (pending === undefined) return null;
    this.inFlight.delete(destination);
    return { destination, api: pending.api };
  }

  reset(ctx: ActorContext): void {
    this.inFlight.clear();
    this.backoffUntilMs.clear();
    this.timers.cancelAll(ctx, (name) => name.startsWith(TIMEOUT_PREFIX));
  }

  /** The node crashed: nothing survives (the kernel dropped the timers). */
  forget(): void {
    this.inFlight.clear();
    this.backoffUntilMs.clear();
  }
}
