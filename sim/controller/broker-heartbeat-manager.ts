// The active controller's soft state about broker heartbeats (KRaft BrokerHeartbeatManager, 3.9):
// when each broker last reached it, the metadata offset it reported, whether it is fenced and where
// its controlled shutdown ends. None of it is in the metadata log: a controller that becomes
// active starts every registered broker's session afresh (ClusterControlManager.activate).
import type { BrokerHeartbeatRequest } from '../protocol/controller-messages.ts';

/** BrokerControlState. */
export type BrokerControlState = 'fenced' | 'unfenced' | 'controlled-shutdown' | 'shutdown-now';

interface HeartbeatState {
  brokerId: number;
  lastContactMs: number;
  fenced: boolean;
  metadataOffset: number;
  /** The offset at which the controlled shutdown completes, -1 when not shutting down. */
  controlledShutdownOffset: number;
}

export class BrokerHeartbeatManager {
  private readonly brokers = new Map<number, HeartbeatState>();

  /** broker.session.timeout.ms */
  constructor(readonly sessionTimeoutMs: number) {}

  /** Updates a broker's state and its last contact time (BrokerHeartbeatManager.touch). */
  touch(brokerId: number, fenced: boolean, metadataOffset: number, nowMs: number): void {
    let broker = this.brokers.get(brokerId);
    if (broker === undefined) {
      broker = { brokerId, lastContactMs: nowMs, fenced, metadataOffset, controlledShutdownOffset: -1 };
      this.brokers.set(brokerId, broker);
    }
    broker.lastContactMs = nowMs;
    broker.fenced = fenced;
    broker.metadataOffset = metadataOffset;
    // A fenced broker leaves controlled shutdown; on its next heartbeat it shuts down at once.
    if (fenced) broker.controlledShutdownOffset = -1;
  }

  remove(brokerId: number): void {
    this.brokers.delete(brokerId);
  }

  fence(brokerId: number): void {
    const broker = this.brokers.get(brokerId);
    if (broker !== undefined) {
      broker.fenced = true;
      broker.controlledShutdownOffset = -1;
    }
  }

  /** hasValidSession (3.9): unfenced, and last heard from within broker.session.timeout.ms. */
  hasValidSession(brokerId: number, nowMs: number): boolean {
    const broker = this.brokers.get(brokerId);
    return broker !== undefined && !broker.fenced && broker.lastContactMs + this.sessionTimeoutMs >= nowMs;
  }

  /**
   * Unfenced brokers whose session has run out, least recently heard from first
   * (findOneStaleBroker, taken one after the other). Kafka compares nanoseconds; at the engine's
   * millisecond grain a session ends broker.session.timeout.ms after the last contact.
   */
  staleBrokers(nowMs: number): number[] {
    return [...this.brokers.values()]
      .filter((b) => !b.fenced && b.lastContactMs + this.sessionTimeoutMs <= nowMs)
      .sort((a, b) => a.lastContactMs - b.lastContactMs || a.brokerId - b.brokerId)
      .map((b) => b.brokerId);
  }

  /** When the next session may run out (nextCheckTimeNs); null when no broker is unfenced. */
  nextCheckTimeMs(): number | null {
    let next: number | null = null;
    for (const b of this.brokers.values()) {
      if (b.fenced) continue;
      const expiry = b.lastContactMs + this.sessionTimeoutMs;
      if (next === null || expiry < next) next = expiry;
    }
    return next;
  }

  /** The lowest metadata offset of the active brokers (unfenced, not shutting down). */
  lowestActiveOffset(): number {
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const b of this.brokers.values()) if (!b.fenced && b.controlledShutdownOffset < 0) lowest = Math.min(lowest, b.metadataOffset);
    return lowest;
  }

  /** Sets where a broker's controlled shutdown completes, once (maybeUpdateControlledShutdownOffset). */
  maybeUpdateControlledShutdownOffset(brokerId: number, offset: number): void {
    const broker = this.brokers.get(brokerId);
    if (broker !== undefined && !broker.fenced && broker.controlledShutdownOffset < 0) broker.controlledShutdownOffset = offset;
  }

  inControlledShutdown(brokerId: number): boolean {
    return (this.brokers.get(brokerId)?.controlledShutdownOffset ?? -1) >= 0;
  }

  /**
   * calculateNextBrokerState: what a heartbeat leads to. A fenced broker is unfenced when it asks
   * to be and has applied the metadata up to its own registration record; an unfenced broker that
   * wants to shut down enters controlled shutdown while it leads partitions; it may stop once it
   * leads none and every active broker has applied the records that moved its leaderships.
   */
  nextState(brokerId: number, request: BrokerHeartbeatRequest, registrationOffset: number, hasLeaderships: () => boolean): { current: BrokerControlState; next: BrokerControlState } {
    const broker = this.brokers.get(brokerId);
    const current: Exclude<BrokerControlState, 'shutdown-now'> = broker === undefined || broker.fenced ? 'fenced' : broker.controlledShutdownOffset >= 0 ? 'controlled-shutdown' : 'unfenced';
    const to = (next: BrokerControlState) => ({ current, next });
    switch (current) {
      case 'fenced':
        if (request.wantShutDown) return to('shutdown-now');
        if (!request.wantFence && request.currentMetadataOffset >= registrationOffset) return to('unfenced');
        return to('fenced');
      case 'unfenced':
        if (request.wantFence) return to(request.wantShutDown ? 'shutdown-now' : 'fenced');
        if (request.wantShutDown) return to(hasLeaderships() ? 'controlled-shutdown' : 'shutdown-now');
        return to('unfenced');
      case 'controlled-shutdown':
        if (hasLeaderships()) return to('controlled-shutdown');
        return to(broker!.controlledShutdownOffset <= this.lowestActiveOffset() ? 'shutdown-now' : 'controlled-shutdown');
    }
  }
}
