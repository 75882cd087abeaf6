// The typed trace: what happened, stamped with seq, virtual time and node. The UI animates it,
// lessons check goals against it, tests assert on it.
//
// Memory is bounded by a ring buffer of the most recent events, but the hash covers every event
// ever emitted, so two runs are compared in full however long they were. The hash is FNV-1a 64
// over each event's canonical serialisation followed by a newline.
import type { NodeId, TraceEvent, TraceEventBody } from './types.ts';
import { invalidArgument } from './errors.ts';
import { needsEscape, writeCanonical, type CanonicalSink } from './canonical.ts';
import { Fnv1a64 } from './hash.ts';

export type TraceListener = (event: TraceEvent) => void;

export class Trace {
  private readonly limit: number;
  private readonly ring: (TraceEvent | undefined)[];
  private emitted = 0;
  private readonly digest = new Fnv1a64();
  private readonly hashSink: CanonicalSink;
  private listener: TraceListener | null = null;

  /** `limit`: how many recent events are kept for since(); 0 keeps none (the hash still covers all). */
  constructor(limit: number) {
    if (!(Number.isSafeInteger(limit) && limit >= 0)) {
      throw invalidArgument(`trace limit must be an integer >= 0, got ${limit}`);
    }
    this.limit = limit;
    this.ring = new Array<TraceEvent | undefined>(limit).fill(undefined);
    this.hashSink = new DigestSink(this.digest);
  }

  /** Events emitted so far; also the seq of the latest one (seqs start at 1). */
  get count(): number {
    return this.emitted;
  }

  /**
   * Stamps and records an event. Nested values are kept by reference: the emitter must not
   * mutate them afterwards (the hash has already been taken, the buffer would then disagree).
   */
  emit(node: NodeId, timeMs: number, body: TraceEventBody): TraceEvent {
    if (typeof body.type !== 'string') throw invalidArgument('trace event needs a string "type"');
    if ('seq' in body || 'timeMs' in body || 'node' in body) {
      throw invalidArgument(`trace event "${body.type}" must not set seq, timeMs or node: the trace stamps them`);
    }
    const event: TraceEvent = { seq: this.emitted + 1, timeMs, node, ...body };
    // The event is serialised straight into the digest, so a refused event must roll the digest
    // back: it leaves no trace at all.
    const high = this.digest.high32;
    const low = this.digest.low32;
    try {
      writeCanonical(event, this.hashSink);
    } catch (error) {
      this.digest.restore(high, low);
      throw error;
    }
    this.digest.byte(0x0a);
    this.emitted = event.seq;
    if (this.limit > 0) this.ring[(event.seq - 1) % this.limit] = event;
    if (this.listener !== null) this.listener(event);
    return event;
  }

  /** Buffered events with seq greater than `afterSeq`, oldest first. */
  since(afterSeq = 0): TraceEvent[] {
    const oldest = Math.max(1, this.emitted - this.limit + 1);
    const first = Math.max(oldest, Math.floor(afterSeq) + 1);
    const events: TraceEvent[] = [];
    for (let seq = first; seq <= this.emitted; seq++) events.push(this.ring[(seq - 1) % this.limit]!);
    return events;
  }

  /** Hash of every event emitted so far, as 16 hex digits. */
  hash(): string {
    return this.digest.hex();
  }

  /** One listener, called synchronously after each event is recorded (the worker streams with it). */
  setListener(listener: TraceListener | null): void {
    this.listener = listener;
  }
}

/** Writes canonical text straight into the digest (a class: a captured trace holds no closures). */
export class DigestSink implements CanonicalSink {
  constructor(private readonly digest: Fnv1a64) {}

  raw(text: string): void {
    this.digest.string(text);
  }

  // Hashes the same bytes as the JSON literal, without building it when nothing needs escaping.
  quoted(text: string): void {
    if (needsEscape(text)) {
      this.digest.string(JSON.stringify(text));
    } else {
      this.digest.byte(0x22);
      this.digest.string(text);
      this.digest.byte(0x22);
    }
  }
}
