// InitProducerId (API 22) for an idempotent producer without a transactional.id
// (KafkaApis.handleInitProducerIdRequest → TransactionCoordinator.handleInitProducerId): any broker
// answers, with a new producer id from its ProducerIdManager and epoch 0.
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';
import { ProducerIdManager, type ProducerIdBlock } from './producer-id-manager.ts';
import { bound } from '../snapshot/bound.ts';

export function handleInitProducerId(broker: Broker, _request: InitProducerIdRequest): InitProducerIdResponse {
  // One manager per broker process: a restarted broker (a new Broker) takes a new block.
  let manager = broker.producerIds;
  if (manager === null) {
    manager = new ProducerIdManager(bound<() => ProducerIdBlock>(broker.metadata, 'allocateProducerIdBlock', broker.brokerId));
    broker.producerIds = manager;
  }
  // With no transactional.id the coordinator ignores the producer id and epoch sent, if any, and
  // always hands out a new id at epoch 0.
  return { api: 'InitProducerId', error: 'NONE', producerId: manager.generateProducerId(), producerEpoch: 0 };
}
