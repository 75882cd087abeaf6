// InitProducerId (API 22) for an idempotent producer without a transactional.id
// (KafkaApis.handleInitProducerIdRequest → TransactionCoordinator.handleInitProducerId): any broker
// answers, with a new producer id from its ProducerIdManager and epoch 0.
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';
import { ProducerIdManager } from './producer-id-manager.ts';

/** One manager per broker process: a restarted broker (a new Broker) takes a new block. */
const managers = new WeakMap<Broker, ProducerIdManager>();

export function handleInitProducerId(broker: Broker, _request: InitProducerIdRequest): InitProducerIdResponse {
  let manager = managers.get(broker);
  if (manager === undefined) {
    manager = new ProducerIdManager(() => broker.metadata.allocateProducerIdBlock(broker.brokerId));
    managers.set(broker, manager);
  }
  // With no transactional.id the coordinator ignores the producer id and epoch sent, if any, and
  // always hands out a new id at epoch 0.
  return { api: 'InitProducerId', error: 'NONE', producerId: manager.generateProducerId(), producerEpoch: 0 };
}
