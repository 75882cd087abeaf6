// close() of a client, as the simulation runs it for remove-client and reconfigure-client: the
// application stops, the client finishes what close() finishes in Kafka, then the process ends.
import type { EngineEvent } from '../events.ts';
import type { SimulationParts } from '../simulation.ts';
import type { Producer } from '../clients/producer/producer.ts';
import { bound } from '../snapshot/bound.ts';

/** How often the simulation looks whether a closing producer has delivered everything. */
const CLOSE_POLL_MS = 5;
/** KafkaConsumer.close(): DEFAULT_CLOSE_TIMEOUT_MS. */
const CONSUMER_CLOSE_TIMEOUT_MS = 30_000;

/**
 * Closes client `id` and calls `after(parts)` once its process has ended. A producer stops taking
 * records and waits until those it accepted are delivered or failed (KafkaProducer.close() without a
 * timeout: each record is bounded by delivery.timeout.ms); a consumer commits and leaves its group
 * (KafkaConsumer.close(), at most 30 s). A client already down has nothing to finish.
 */
export function closeClient(parts: SimulationParts, id: string, reason: 'removed' | 'reconfigured', after: (parts: SimulationParts) => void): void {
  new ClientClose(parts, id, reason, after).start();
}

/** One close under way (a class, not closures: a captured simulation may be in the middle of one). */
class ClientClose {
  private finished = false;
  private readonly kind: 'producer' | 'consumer';
  private readonly node: string;
  private deadlineMs = 0;
  private readonly producer: Producer | undefined;

  constructor(
    private readonly parts: SimulationParts,
    private readonly id: string,
    private readonly reason: 'removed' | 'reconfigured',
    private readonly after: (parts: SimulationParts) => void,
  ) {
    const producer = parts.producers.get(id);
    this.producer = producer;
    this.kind = producer ? 'producer' : 'consumer';
    this.node = (producer ?? parts.consumers.get(id))!.id;
  }

  start(): void {
    const { parts, id, kind, node, reason } = this;
    const { kernel } = parts;
    if (!kernel.isUp(node)) {
      this.finish(false);
      return;
    }
    parts.closingClients.add(id);
    kernel.emit({ type: 'client-closing', client: id, kind, reason } satisfies EngineEvent, node);
    const producer = this.producer;
    if (producer) {
      producer.paused = true;
      this.deadlineMs = kernel.nowMs + producer.config.deliveryTimeoutMs + producer.config.requestTimeoutMs;
      this.check();
      return;
    }
    kernel.schedule(CONSUMER_CLOSE_TIMEOUT_MS, bound(this, 'finish', true));
    // The last answer arrives inside the consumer's own handler: the process ends once that is over.
    parts.consumers.get(id)!.close(bound(this, 'closed'));
  }

  private check(): void {
    if (this.finished) return;
    const { kernel } = this.parts;
    // A crash while closing ends the close with it.
    if (!kernel.isUp(this.node) || this.producer!.pending === 0) return this.finish(false);
    if (kernel.nowMs >= this.deadlineMs) return this.finish(true);
    kernel.schedule(CLOSE_POLL_MS, bound(this, 'check'));
  }

  private closed(): void {
    this.parts.kernel.schedule(0, bound(this, 'finish', false));
  }

  private finish(timedOut: boolean): void {
    if (this.finished) return;
    this.finished = true;
    const { parts, id, kind, node, reason } = this;
    const { kernel } = parts;
    parts.closingClients.delete(id);
    kernel.emit({ type: 'client-closed', client: id, kind, reason, timedOut } satisfies EngineEvent, node);
    if (kernel.isUp(node)) kernel.crash(node);
    this.after(parts);
  }
}

export const closeClasses = { ClientClose };
