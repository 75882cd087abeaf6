// Registers the clients classes a captured simulation may contain (sim/snapshot/registry.ts).
import { registerClasses, registerConstants } from './registry.ts';
import { NetworkClient } from '../clients/network-client.ts';
import { ClientMetadata } from '../clients/client-metadata.ts';
import { Producer } from '../clients/producer/producer.ts';
import { RecordAccumulator } from '../clients/producer/accumulator.ts';
import { ProducerBatch } from '../clients/producer/producer-batch.ts';
import { StickyPartitioner } from '../clients/producer/sticky-partitioner.ts';
import { NO_PRODUCER_ID_AND_EPOCH, PartitionEntry, TransactionManager } from '../clients/producer/transaction-manager.ts';
import { ProducerIdRequest } from '../clients/producer/producer-id-request.ts';
import { WorkloadGenerator } from '../clients/producer/workload.ts';
import { Consumer } from '../clients/consumer/consumer.ts';
import { GroupClient } from '../clients/consumer/group-client.ts';
import { ClassicMembership } from '../clients/consumer/classic-membership.ts';
import { ConsumerProtocolMembership } from '../clients/consumer/consumer-protocol-membership.ts';
import { classicMemberMachine, consumerMemberMachine } from '../clients/consumer/member-state-machines.ts';

registerClasses({
  NetworkClient: NetworkClient,
  ClientMetadata: ClientMetadata,
  Producer: Producer,
  RecordAccumulator: RecordAccumulator,
  ProducerBatch: ProducerBatch,
  StickyPartitioner: StickyPartitioner,
  TransactionManager: TransactionManager,
  PartitionEntry: PartitionEntry,
  ProducerIdRequest: ProducerIdRequest,
  WorkloadGenerator: WorkloadGenerator,
  Consumer: Consumer,
  GroupClient: GroupClient,
  ClassicMembership: ClassicMembership,
  ConsumerProtocolMembership: ConsumerProtocolMembership,
});

// Shared by identity with module code: the members' xstate machines (held by their MachineState)
// and the "no producer id yet" value a TransactionManager starts from.
registerConstants({
  'clients.classicMemberMachine': classicMemberMachine,
  'clients.consumerMemberMachine': consumerMemberMachine,
  'clients.NO_PRODUCER_ID_AND_EPOCH': NO_PRODUCER_ID_AND_EPOCH,
});
