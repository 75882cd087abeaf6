// Registers the broker classes a captured simulation may contain (sim/snapshot/registry.ts): the
// brokers (sim/broker) and the KRaft controllers (sim/controller). Importing the modules also
// registers their module functions used in bound callbacks (isr.ts, group/coordinator-log.ts).
import { registerClasses } from './registry.ts';
import { AlterPartitionManager } from '../broker/alter-partition-manager.ts';
import { Broker } from '../broker/broker.ts';
import { BrokerDisk } from '../broker/broker-disk.ts';
import { BrokerLifecycleManager } from '../broker/broker-lifecycle.ts';
import { ControllerChannel } from '../broker/controller-channel.ts';
import { FollowerState } from '../broker/follower-state.ts';
import { KraftBrokerMetadata, MetadataLogDir } from '../broker/kraft-metadata.ts';
import { CachedLog } from '../broker/page-cache.ts';
import { PartitionReplica } from '../broker/partition-replica.ts';
import { ProducerIdManager } from '../broker/producer-id-manager.ts';
import { ProducerStateManager } from '../broker/producer-state.ts';
import { Purgatory } from '../broker/purgatory.ts';
import { ReplicaFetcher } from '../broker/replica-fetcher.ts';
import { ReplicaFetcherManager } from '../broker/replica-fetcher-manager.ts';
import { ClassicGroup } from '../broker/group/classic-group.ts';
import { ConsumerGroup } from '../broker/group/consumer-group.ts';
import { ConsumerGroupCoordinator } from '../broker/group/consumer-group-coordinator.ts';
import { CoordinatorLog } from '../broker/group/coordinator-log.ts';
import { GroupCoordinator } from '../broker/group/group-coordinator.ts';
import '../broker/isr.ts';
import { BrokerHeartbeatManager } from '../controller/broker-heartbeat-manager.ts';
import { MetadataImage } from '../controller/metadata-image.ts';
import { QuorumController } from '../controller/quorum-controller.ts';
import { ControllerNode } from '../controller/quorum/controller-node.ts';
import { EpochElection } from '../controller/quorum/election.ts';
import { ElectionDriver } from '../controller/quorum/election-driver.ts';
import { FollowerDriver } from '../controller/quorum/follower-driver.ts';
import { LeaderDriver } from '../controller/quorum/leader-driver.ts';
import { LeaderState } from '../controller/quorum/leader-state.ts';
import { MetadataFetcher } from '../controller/quorum/metadata-fetcher.ts';
import { MetadataLog } from '../controller/quorum/metadata-log.ts';
import { CommittedRecords } from '../controller/quorum/replica-fetch.ts';
import { RequestManager } from '../controller/quorum/request-manager.ts';
import { TimerSlots } from '../controller/quorum/timer-slots.ts';

registerClasses({
  // sim/broker
  AlterPartitionManager: AlterPartitionManager,
  Broker: Broker,
  BrokerDisk: BrokerDisk,
  BrokerLifecycleManager: BrokerLifecycleManager,
  CachedLog: CachedLog,
  ControllerChannel: ControllerChannel,
  FollowerState: FollowerState,
  KraftBrokerMetadata: KraftBrokerMetadata,
  MetadataLogDir: MetadataLogDir,
  PartitionReplica: PartitionReplica,
  ProducerIdManager: ProducerIdManager,
  ProducerStateManager: ProducerStateManager,
  Purgatory: Purgatory,
  ReplicaFetcher: ReplicaFetcher,
  ReplicaFetcherManager: ReplicaFetcherManager,
  // sim/broker/group
  ClassicGroup: ClassicGroup,
  ConsumerGroup: ConsumerGroup,
  ConsumerGroupCoordinator: ConsumerGroupCoordinator,
  CoordinatorLog: CoordinatorLog,
  GroupCoordinator: GroupCoordinator,
  // sim/controller
  BrokerHeartbeatManager: BrokerHeartbeatManager,
  MetadataImage: MetadataImage,
  QuorumController: QuorumController,
  // sim/controller/quorum
  CommittedRecords: CommittedRecords,
  ControllerNode: ControllerNode,
  ElectionDriver: ElectionDriver,
  EpochElection: EpochElection,
  FollowerDriver: FollowerDriver,
  LeaderDriver: LeaderDriver,
  LeaderState: LeaderState,
  MetadataFetcher: MetadataFetcher,
  MetadataLog: MetadataLog,
  RequestManager: RequestManager,
  TimerSlots: TimerSlots,
});
