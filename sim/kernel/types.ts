// The contracts of the deterministic kernel. Everything the engine's nodes may touch — time,
// randomness, the network, timers, the trace — reaches them through an ActorContext.

/** A node of the simulation: a broker, a controller, a producer, a consumer. */
export type NodeId = string;

/** Seeded random stream. Each node gets its own stream, forked by name from the master seed. */
export interface Random {
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). n must be a positive safe integer. */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number;
  /** An independent stream derived from this one's seed and `name`; does not draw from this one. */
  fork(name: string): Random;
}

/** Latency model of one direction of a link. */
export interface LinkProfile {
  /** Base one-way latency. */
  latencyMs: number;
  /** Extra latency drawn uniformly in [0, jitterMs). FIFO order per connection is kept anyway. */
  jitterMs: number;
}

export interface NetworkOptions {
  /** Profile of every link that has not been given its own. */
  defaultLink: LinkProfile;
  /** Upper bound on messages in flight at once, all connections together. */
  maxInFlight: number;
  /**
   * Rate limit of 'message-dropped' trace events: at most one per channel and reason in this
   * much virtual time, carrying a `count` of the drops it stands for; drops held back are
   * reported at the next change of the network's faults. 0 reports every drop. Default 1000.
   */
  dropReportIntervalMs?: number;
}

/** Why a message did not arrive. */
export type DropReason = 'link-cut' | 'partitioned' | 'node-down' | 'connection-reset' | 'random-loss';

export interface ActorContext {
  readonly self: NodeId;
  readonly nowMs: number;
  readonly random: Random;
  /** Sends `message` to `to` over the simulated network; returns the scheduled arrival time, or null if dropped at once. */
  send(to: NodeId, message: unknown): number | null;
  /** Calls the actor's onTimer with `payload` after `delayMs` of virtual time. */
  setTimer(delayMs: number, payload: unknown): TimerId;
  cancelTimer(id: TimerId): void;
  /** Appends an event to the trace, stamped with the current virtual time. */
  emit(event: TraceEventBody): void;
}

export type TimerId = number;

export interface Actor {
  readonly id: NodeId;
  /** Called once when the actor is added (or restarted) — arm timers here. */
  start?(ctx: ActorContext): void;
  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void;
  onTimer(payload: unknown, ctx: ActorContext): void;
  /** The connection to `peer` was reset (a TCP RST): whatever was in flight on it is gone. */
  onDisconnect?(peer: NodeId, ctx: ActorContext): void;
}

/** A trace event as emitted: its `type` names it; any other fields are plain JSON data. */
export interface TraceEventBody {
  type: string;
  [field: string]: unknown;
}

/** A trace event as stored: stamped with virtual time, the emitting node and a sequence number. */
export interface TraceEvent extends TraceEventBody {
  seq: number;
  timeMs: number;
  node: NodeId;
}
