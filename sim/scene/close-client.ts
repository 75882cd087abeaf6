// close() of a client, as the simulation runs it for remove-client and reconfigure-client: the
// application stops, the client finishes what close() finishes in Kafka, then the process ends.
import type { EngineEvent } from '../events.ts';
import type { SimulationParts } from '../simulation.ts';

/** How often the simulation looks whether a closing producer has delivered everything. */
const CLOSE_POLL_MS = 5;
/** KafkaConsumer.close(): DEFAULT_CLOSE_TIMEOUT_MS. */
const CONSUMER_CLOSE_TIMEOUT_MS = 30_000;

/**
 * Closes client `id` and calls `after` once its process has ended. A producer stops taking records
 * and waits until those it accepted are delivered or failed (KafkaProducer.close() without a
 * timeout: each record is bounded by delivery.timeout.ms); a consumer commits and leaves its group
 * (KafkaConsumer.close(), at most 30 s). A client already down has nothing to finish.
 */
export function closeClient(parts: SimulationParts, id: string, reason: 'removed' | 'reconfigured', after: () => void): void {
  const { kernel } = parts;
  const producer = parts.producers.get(id);
  const consumer = parts.consumers.get(id);
  const kind = producer ? 'producer' : 'consumer';
  const node = (producer ?? consumer)!.id;
  let finished = false;
  const finish = (timedOut: boolean) => {
    if (finished) return;
    finished = true;
    parts.closingClients.delete(id);
    kernel.emit({ type: 'client-closed', client: id, kind, reason, timedOut } satisfies EngineEvent, node);
    if (kernel.isUp(node)) kernel.crash(node);
    after();
  };
  if (!kernel.isUp(node)) {
    finish(false);
    return;
  }
  parts.closingClients.add(id);
  kernel.emit({ type: 'client-closing', client: id, kind, reason } satisfies EngineEvent, node);
  if (producer) {
    producer.paused = true;
    const deadlineMs = kernel.nowMs + producer.config.deliveryTimeoutMs + producer.config.requestTimeoutMs;
    const check = () => {
      if (finished) return;
      // A crash while closing ends the close with it.
      if (!kernel.isUp(node) || producer.pending === 0) return finish(false);
      if (kernel.nowMs >= deadlineMs) return finish(true);
      kernel.schedule(CLOSE_POLL_MS, check);
    };
    check();
    return;
  }
  kernel.schedule(CONSUMER_CLOSE_TIMEOUT_MS, () => finish(true));
  // The last answer arrives inside the consumer's own handler: the process ends once that is over.
  consumer!.close(() => kernel.schedule(0, () => finish(false)));
}
