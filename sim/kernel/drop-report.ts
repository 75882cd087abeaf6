// Rate-limited reporting of lost messages. Every drop is counted, but a channel reports each
// reason at most once per interval of virtual time, so a long partition cannot flood the trace.
// Counts held back are reported by flush(), which the network calls whenever its faults change:
// a point fixed by the inputs, never by how the run is sliced into runUntil calls.
import type { DropReason, TraceEventBody } from './types.ts';
import type { Channel, DropTally } from './connection.ts';

interface HeldBack {
  channel: Channel;
  reason: DropReason;
  tally: DropTally;
}

export class DropReporter {
  private readonly heldBack: HeldBack[] = [];

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (body: TraceEventBody) => void,
  ) {}

  /** Counts `dropped` losses; reports them now if `atOnce` or the interval has passed, else later. */
  record(channel: Channel, reason: DropReason, dropped: number, atOnce: boolean, nowMs: number): void {
    const tally = channel.tally(reason);
    tally.unreported += dropped;
    if (atOnce || nowMs - tally.lastReportMs >= this.intervalMs) {
      this.report(channel, reason, tally, nowMs);
    } else if (!tally.awaitingFlush) {
      tally.awaitingFlush = true;
      this.heldBack.push({ channel, reason, tally });
    }
  }

  /** Reports every count held back, in the order they were first held back. */
  flush(nowMs: number): void {
    for (const { channel, reason, tally } of this.heldBack) {
      tally.awaitingFlush = false;
      if (tally.unreported > 0) this.report(channel, reason, tally, nowMs);
    }
    this.heldBack.length = 0;
  }

  private report(channel: Channel, reason: DropReason, tally: DropTally, nowMs: number): void {
    this.emit({ type: 'message-dropped', from: channel.from, to: channel.to, reason, count: tally.unreported });
    tally.unreported = 0;
    tally.lastReportMs = nowMs;
  }
}
