// The controller's decisions as metadata records (KRaft's ReplicationControlManager and
// ClusterControlManager): creating and deleting topics, registering, fencing, unfencing and shutting
// down brokers, AlterPartition, and the leader elections of PartitionChangeBuilder. Each function
// reads the image, computes the records of one atomic batch and hands them to a MetadataWriter,
// which appends them to the log and applies them to the image at once.
import type { Random } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import type { TopicConfig } from '../config/topic-config.ts';
import { NO_LEADER_CHANGE, type MetadataRecordBody, type PartitionChangeReason } from './quorum/records.ts';
import { topicConfigRecords, type MetadataImage, type PartitionRegistration, type TopicRegistration } from './metadata-image.ts';
import { assignReplicas } from './placement.ts';

/** Appends one batch of records to the metadata log and applies them to `image` (in that order). */
export interface MetadataWriter {
  readonly image: MetadataImage;
  /** Offset the next record written will have. */
  readonly nextOffset: number;
  write(records: readonly MetadataRecordBody[]): void;
}

export type CreateTopicOutcome = { ok: true; topic: TopicRegistration } | { ok: false; error: KafkaErrorName; message: string };

/**
 * CreateTopics (ReplicationControlManager.createTopic): placement over the usable brokers unless the
 * replica lists are given (the first replica of each is the preferred leader); the ISR is the
 * replicas that are active and the leader its first. Records: Topic, Config, one Partition each.
 */
export function createTopic(
  writer: MetadataWriter,
  name: string,
  partitionCount: number,
  replicationFactor: number,
  config: TopicConfig,
  random: Random,
  options: { assignment?: readonly (readonly number[])[]; autoCreated?: boolean } = {},
): CreateTopicOutcome {
  const { image } = writer;
  if (image.topics.has(name)) return { ok: false, error: 'TOPIC_ALREADY_EXISTS', message: `topic "${name}" already exists` };
  let placement: number[][];
  if (options.assignment !== undefined) {
    const assignment = options.assignment;
    const bad = assignment.length === 0 || assignment.some((r) => r.length === 0 || new Set(r).size !== r.length || r.some((b) => !image.brokers.has(b)));
    if (bad) return { ok: false, error: 'INVALID_REPLICA_ASSIGNMENT', message: `invalid replica assignment ${JSON.stringify(assignment)}` };
    placement = assignment.map((r) => [...r]);
  } else {
    const usable = image.brokerIds().filter((b) => image.isUsable(b));
    const placed = assignReplicas(usable, partitionCount, replicationFactor, random);
    if (!Array.isArray(placed)) return { ok: false, ...placed };
    placement = placed;
  }
  const isrs = placement.map((replicas) => replicas.filter((b) => image.isUsable(b)));
  if (isrs.some((isr) => isr.length === 0)) {
    return { ok: false, error: 'INVALID_REPLICATION_FACTOR', message: `unable to replicate topic "${name}": all its replicas' brokers are fenced` };
  }
  const topicId = image.nextTopicId;
  if (options.autoCreated) image.autoCreated.add(name);
  writer.write([
    { type: 'Topic', name, topicId },
    ...topicConfigRecords(name, config, image.topicDefaults),
    ...placement.map((replicas, partitionId): MetadataRecordBody => ({
      type: 'Partition',
      topicId,
      partitionId,
      replicas,
      isr: isrs[partitionId]!,
      leader: isrs[partitionId]![0]!,
      leaderEpoch: 0,
      partitionEpoch: 0,
    })),
  ]);
  return { ok: true, topic: image.topics.get(name)! };
}

/** DeleteTopics: a RemoveTopicRecord (the brokers delete their replicas when it reaches them). */
export function deleteTopic(writer: MetadataWriter, name: string): TopicRegistration | undefined {
  const topic = writer.image.topics.get(name);
  if (topic === undefined) return undefined;
  writer.write([{ type: 'RemoveTopic', topicId: topic.topicId }]);
  return topic;
}

/**
 * ClusterControlManager.registerBroker, once the caller has refused a duplicate: a new
 * incarnation starts fenced, with the offset of its RegisterBrokerRecord as its broker epoch. The
 * same incarnation registering again keeps its fencing state. A previous incarnation still
 * unfenced (its session just ran out) is fenced in the same batch, as its session expiry would.
 */
export function registerBroker(writer: MetadataWriter, brokerId: number, incarnationId: number, previousBrokerEpoch?: number | null): number {
  const existing = writer.image.brokers.get(brokerId);
  const records: MetadataRecordBody[] = [];
  if (existing !== undefined && existing.incarnationId !== incarnationId && !existing.fenced) records.push(...fenceRecords(writer.image, brokerId));
  // KIP-966: a broker that did not shut down cleanly reports no previous broker epoch; the
  // controller takes it out of every ISR and ELR (handleBrokerUncleanShutdown), since its log may
  // have lost what only the page cache held.
  const unclean = previousBrokerEpoch === null || (previousBrokerEpoch !== undefined && previousBrokerEpoch !== existing?.brokerEpoch);
  if (existing !== undefined && unclean && writer.image.eligibleLeaderReplicasEnabled) {
    records.push(...uncleanShutdownRecords(writer.image, brokerId));
  }
  const brokerEpoch = writer.nextOffset + records.length;
  const fenced = existing !== undefined && existing.incarnationId === incarnationId ? existing.fenced : true;
  records.push({ type: 'RegisterBroker', brokerId, brokerEpoch, incarnationId, rack: null, fenced });
  writer.write(records);
  return brokerEpoch;
}

/**
 * ReplicationControlManager.handleBrokerFenced: the broker leaves every ISR (a partition it led
 * elects another leader), then a BrokerRegistrationChangeRecord fences it.
 */
export function fenceBroker(writer: MetadataWriter, brokerId: number): void {
  writer.write(fenceRecords(writer.image, brokerId));
}

function fenceRecords(image: MetadataImage, brokerId: number): MetadataRecordBody[] {
  const registration = image.brokers.get(brokerId);
  if (registration === undefined) return [];
  const records = removeFromIsrs(image, brokerId, 'broker-fenced');
  records.push({ type: 'BrokerRegistrationChange', brokerId, brokerEpoch: registration.brokerEpoch, fenced: 1, inControlledShutdown: 0 });
  return records;
}

/**
 * ReplicationControlManager.handleBrokerUnfenced: the UnfenceBroker change, then every partition
 * without a leader elects again with this broker acceptable (unclean where the topic allows it).
 */
export function unfenceBroker(writer: MetadataWriter, brokerId: number): void {
  const { image } = writer;
  const registration = image.brokers.get(brokerId);
  if (registration === undefined) return;
  const records: MetadataRecordBody[] = [{ type: 'BrokerRegistrationChange', brokerId, brokerEpoch: registration.brokerEpoch, fenced: -1, inControlledShutdown: 0 }];
  const acceptable = (b: number) => b === brokerId || image.isUsable(b);
  for (const topic of image.topics.values()) {
    for (const p of topic.partitions) {
      if (p.leader !== -1) continue;
      const record = partitionChange(topic, p, p.isr, 'broker-unfenced', acceptable, { elrEnabled: image.eligibleLeaderReplicasEnabled });
      if (record !== null) records.push(record);
    }
  }
  writer.write(records);
}

/**
 * ReplicationControlManager.handleBrokerInControlledShutdown: the broker is marked in controlled
 * shutdown (no longer an acceptable leader nor ISR member) and leaves every ISR, so that its
 * partitions get other leaders while it still runs.
 */
export function enterControlledShutdown(writer: MetadataWriter, brokerId: number): void {
  const { image } = writer;
  const registration = image.brokers.get(brokerId);
  if (registration === undefined) return;
  const records: MetadataRecordBody[] = [];
  if (!registration.inControlledShutdown) {
    records.push({ type: 'BrokerRegistrationChange', brokerId, brokerEpoch: registration.brokerEpoch, fenced: 0, inControlledShutdown: 1 });
  }
  records.push(...removeFromIsrs(image, brokerId, 'controlled-shutdown'));
  writer.write(records);
}

/** ReplicationControlManager.handleBrokerUncleanShutdown: every partition with the broker in its ISR or ELR. */
function uncleanShutdownRecords(image: MetadataImage, brokerId: number): MetadataRecordBody[] {
  const records: MetadataRecordBody[] = [];
  const acceptable = (b: number) => b !== brokerId && image.isUsable(b);
  for (const topic of image.topics.values()) {
    for (const p of topic.partitions) {
      if (!p.isr.includes(brokerId) && !p.elr.includes(brokerId)) continue;
      const targetIsr = p.isr.filter((b) => b !== brokerId);
      const record = partitionChange(topic, p, targetIsr, 'unclean-shutdown', acceptable, { elrEnabled: true, uncleanShutdown: brokerId });
      if (record !== null) records.push(record);
    }
  }
  return records;
}

/** generateLeaderAndIsrUpdates with a broker to remove: every partition with it in the ISR. */
function removeFromIsrs(image: MetadataImage, brokerId: number, reason: PartitionChangeReason): MetadataRecordBody[] {
  const records: MetadataRecordBody[] = [];
  const acceptable = (b: number) => b !== brokerId && image.isUsable(b);
  for (const topic of image.topics.values()) {
    for (const p of topic.partitions) {
      if (!p.isr.includes(brokerId)) continue;
      const record = partitionChange(topic, p, p.isr.filter((b) => b !== brokerId), reason, acceptable, { elrEnabled: image.eligibleLeaderReplicasEnabled });
      if (record !== null) records.push(record);
    }
  }
  return records;
}

/**
 * The periodic unclean election (every unclean.leader.election.interval.ms, QuorumController
 * maybeElectUncleanLeaders): leaderless partitions of topics with unclean.leader.election.enable
 * elect any usable replica. Returns how many partitions got a leader.
 */
export function electUncleanLeaders(writer: MetadataWriter, max = Number.MAX_SAFE_INTEGER): number {
  const { image } = writer;
  const records: MetadataRecordBody[] = [];
  for (const topic of image.topics.values()) {
    if (!topic.config.uncleanLeaderElectionEnable) continue;
    for (const p of topic.partitions) {
      if (records.length >= max) break;
      if (p.leader !== -1) continue;
      const record = partitionChange(topic, p, p.isr, 'unclean-election-check', (b) => image.isUsable(b), { elrEnabled: image.eligibleLeaderReplicasEnabled });
      if (record !== null) records.push(record);
    }
  }
  if (records.length > 0) writer.write(records);
  return records.length;
}

/**
 * Preferred leader election (ReplicationControlManager.maybeBalancePartitionLeaders, at most
 * `max` partitions per run): a partition whose leader is not its first replica moves back to it
 * when that replica is in the ISR and usable. Returns how many moved.
 */
export function electPreferredLeaders(writer: MetadataWriter, max: number): number {
  const { image } = writer;
  const records: MetadataRecordBody[] = [];
  for (const topic of image.topics.values()) {
    for (const p of topic.partitions) {
      if (records.length >= max) break;
      const preferred = p.replicas[0]!;
      if (p.leader === preferred || !p.isr.includes(preferred) || !image.isUsable(preferred)) continue;
      records.push({ type: 'PartitionChange', topicId: topic.topicId, partitionId: p.partition, isr: null, leader: preferred, replicas: null, reason: 'preferred-election' });
    }
  }
  if (records.length > 0) writer.write(records);
  return records.length;
}

/** Partitions whose leader is not their preferred replica (ReplicationControlManager.imbalancedPartitions). */
export function hasImbalancedLeaders(image: MetadataImage): boolean {
  for (const topic of image.topics.values()) for (const p of topic.partitions) if (p.leader !== p.replicas[0]) return true;
  return false;
}

/** Partitions without a leader (areSomePartitionsLeaderless). */
export function hasLeaderlessPartitions(image: MetadataImage): boolean {
  for (const topic of image.topics.values()) for (const p of topic.partitions) if (p.leader === -1) return true;
  return false;
}

/**
 * AlterPartition from a partition leader (ReplicationControlManager.alterPartition and
 * validateAlterPartitionData, checked in Kafka's order): the leader proposes a new ISR stamped with
 * the leader epoch and partition epoch it knows. Accepted, the ISR changes and the partition epoch
 * goes up by one; the leader epoch does not (KRaft bumps it only on leader changes since metadata
 * version 3.6, KAFKA-15021). An ISR equal to the current one changes nothing.
 */
export function alterPartition(writer: MetadataWriter, request: AlterPartitionRequest): AlterPartitionResponse {
  const { image } = writer;
  const records: MetadataRecordBody[] = [];
  const errors = request.topics.map((t) =>
    t.partitions.map((data): KafkaErrorName => {
      const topic = image.topics.get(t.topicName);
      const p = topic?.partitions[data.partitionIndex];
      if (!topic || !p) return 'UNKNOWN_TOPIC_OR_PARTITION';
      // A leader that knows newer epochs than this controller talks to a stale controller.
      if (data.leaderEpoch > p.leaderEpoch || data.partitionEpoch > p.partitionEpoch) return 'NOT_CONTROLLER';
      if (data.leaderEpoch < p.leaderEpoch) return 'FENCED_LEADER_EPOCH';
      if (request.brokerId !== p.leader) return 'INVALID_REQUEST';
      if (data.partitionEpoch < p.partitionEpoch) return 'INVALID_UPDATE_VERSION';
      const isr = data.newIsr;
      const valid = isr.every((b, i) => p.replicas.includes(b) && isr.indexOf(b) === i);
      // The ISR must hold only replicas, each once, and the leader itself.
      if (!valid || !isr.includes(p.leader)) return 'INVALID_REQUEST';
      // A fenced, shutting down or unregistered broker cannot join the ISR (ineligibleReplicasForIsr).
      if (isr.some((b) => !image.isUsable(b))) return 'INELIGIBLE_REPLICA';
      const ordered = p.replicas.filter((b) => isr.includes(b));
      if (!sameMembers(ordered, p.isr)) {
        // KIP-966: replicas leaving an ISR below min.insync.replicas join the ELR; at or above it, none.
        const elr = image.eligibleLeaderReplicasEnabled ? nextElr(topic, p, ordered, undefined) : p.elr;
        const elrChange = sameMembers(elr, p.elr) ? {} : { elr };
        records.push({ type: 'PartitionChange', topicId: topic.topicId, partitionId: p.partition, isr: ordered, leader: NO_LEADER_CHANGE, replicas: null, reason: 'alter-partition', ...elrChange });
      }
      return 'NONE';
    }),
  );
  if (records.length > 0) writer.write(records);
  return {
    api: 'AlterPartition',
    topics: request.topics.map((t, ti) => ({
      topicName: t.topicName,
      partitions: t.partitions.map((data, pi) => {
        const p = image.partition(t.topicName, data.partitionIndex);
        return {
          partitionIndex: data.partitionIndex,
          error: errors[ti]![pi]!,
          leaderId: p?.leader ?? -1,
          leaderEpoch: p?.leaderEpoch ?? -1,
          isr: p ? [...p.isr] : [],
          partitionEpoch: p?.partitionEpoch ?? -1,
        };
      }),
    })),
  };
}

/** What PartitionChangeBuilder needs beyond the partition: KIP-966 settings. */
export interface ElectionOptions {
  /** eligible.leader.replicas.enable */
  elrEnabled: boolean;
  /** A broker that registered after an unclean shutdown: it leaves the ELR and cannot lead. */
  uncleanShutdown?: number;
}

/**
 * PartitionChangeBuilder for an ONLINE election over `targetIsr`: keep the leader if it is still
 * valid (in the target ISR and acceptable), else the first valid replica in replica order, else
 * (unclean.leader.election.enable) the first acceptable replica with ISR = [it], else -1 keeping
 * the last ISR (the ISR is never made empty without ELR). Null when nothing changes.
 *
 * With eligible leader replicas (KIP-966, PartitionChangeBuilder.maybePopulateTargetElr and
 * electAnyLeader): while the target ISR is below min.insync.replicas, the replicas that leave it
 * join the ELR (unless they shut down uncleanly); the ISR may become empty; a valid leader is an
 * ISR member, or an ELR member when the ISR is empty (it then becomes the ISR); failing those, the
 * last known leader (LastKnownElr) if it is acceptable, as an unclean election would.
 */
export function partitionChange(
  topic: TopicRegistration,
  p: PartitionRegistration,
  targetIsr: number[],
  reason: PartitionChangeReason,
  acceptable: (brokerId: number) => boolean,
  options: ElectionOptions = { elrEnabled: false },
): MetadataRecordBody | null {
  const elrEnabled = options.elrEnabled;
  let targetElr = elrEnabled ? nextElr(topic, p, targetIsr, options.uncleanShutdown) : [];
  const valid = (b: number) => (targetIsr.includes(b) || (targetIsr.length === 0 && targetElr.includes(b))) && acceptable(b);
  let leader = p.leader !== -1 && valid(p.leader) ? p.leader : (p.replicas.find(valid) ?? -1);
  let isr = targetIsr.length > 0 || elrEnabled ? targetIsr : p.isr;
  let unclean = false;
  if (leader !== p.leader && leader !== -1 && targetElr.includes(leader)) {
    // Elected from the ELR: it has everything up to the HW, and is the ISR from now on.
    isr = [leader];
    targetElr = targetElr.filter((b) => b !== leader);
  }
  if (leader === -1 && elrEnabled && targetIsr.length === 0 && targetElr.length === 0 && p.lastKnownElr.length === 1 && acceptable(p.lastKnownElr[0]!)) {
    // canElectLastKnownLeader: the last leader may lack nothing, but nobody can vouch for it.
    leader = p.lastKnownElr[0]!;
    isr = [leader];
    unclean = true;
  }
  if (leader === -1 && topic.config.uncleanLeaderElectionEnable) {
    leader = p.replicas.find(acceptable) ?? -1;
    if (leader !== -1) {
      // The unclean leader's log is the truth from now on: whatever it lacked is lost.
      isr = [leader];
      unclean = true;
    }
  }
  // maybeUpdateRecordElr: an unclean election clears the ELR.
  if (unclean) targetElr = [];
  // maybeUpdateLastKnownLeader: remember the leader when the partition first loses its whole ISR;
  // forget it once there is a leader again.
  let lastKnownElr = p.lastKnownElr;
  if (elrEnabled && isr.length === 0 && p.leader !== -1 && !(p.lastKnownElr.length === 1 && p.lastKnownElr[0] === p.leader)) {
    lastKnownElr = [p.leader];
  } else if (leader !== -1 && p.lastKnownElr.length > 0) {
    lastKnownElr = [];
  }
  const isrChanged = !sameMembers(isr, p.isr);
  const elrChanged = !sameMembers(targetElr, p.elr);
  const lastKnownChanged = !sameMembers(lastKnownElr, p.lastKnownElr);
  if (leader === p.leader && !isrChanged && !elrChanged && !lastKnownChanged) return null;
  return {
    type: 'PartitionChange',
    topicId: topic.topicId,
    partitionId: p.partition,
    isr: isrChanged ? [...isr] : null,
    leader: leader !== p.leader ? leader : NO_LEADER_CHANGE,
    replicas: null,
    reason,
    unclean,
    ...(elrChanged ? { elr: [...targetElr] } : {}),
    ...(lastKnownChanged ? { lastKnownElr: [...lastKnownElr] } : {}),
  };
}

/**
 * PartitionChangeBuilder.maybePopulateTargetElr: with the target ISR at or above
 * min.insync.replicas there is no ELR; below it, the ELR is the current ELR and ISR minus the
 * target ISR and minus a replica that shut down uncleanly, in replica order.
 */
function nextElr(topic: TopicRegistration, p: PartitionRegistration, targetIsr: readonly number[], uncleanShutdown: number | undefined): number[] {
  if (targetIsr.length >= topic.config.minInsyncReplicas) return [];
  return p.replicas.filter((b) => (p.elr.includes(b) || p.isr.includes(b)) && !targetIsr.includes(b) && b !== uncleanShutdown);
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
