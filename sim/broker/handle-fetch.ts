// Fetch (ReplicaManager.fetchMessages, Partition.fetchRecords). A consumer reads whole batches from
// the fetch offset up to the high watermark; a follower (replicaId = its broker id) reads up to the
// log end offset, is told where its log diverges (KIP-320) and, by fetching, tells the leader its
// LEO. At least one batch comes even past the byte limits (KIP-74), and the request waits in the
// purgatory while fewer than minBytes are available.
import type { NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { FetchPartitionResponse, FetchRequest, FetchResponse, RequestEnvelope } from '../protocol/messages.ts';
import { LogError } from '../log/index.ts';
import type { Broker } from './broker.ts';
import type { PartitionReplica } from './partition-replica.ts';

const EMPTY: Uint8Array = new Uint8Array(0);

type FetchPartition = FetchRequest['topics'][number]['partitions'][number];

export function handleFetch(broker: Broker, from: NodeId, request: RequestEnvelope<FetchRequest>): FetchResponse | null {
  const { response, bytes, respondNow } = readForFetch(broker, request.body, true);
  if (respondNow || bytes >= request.body.minBytes || request.body.maxWaitMs <= 0) return response;
  broker.purgatory.parkFetch(from, request);
  return null;
}

/**
 * Reads every partition of a Fetch. `updateFetchState` is true for the first read of a follower's
 * Fetch (its offsets update the leader's view) and false when the purgatory reads it again.
 * `respondNow` is set by an error or a diverging epoch, which are answered without waiting.
 */
export function readForFetch(broker: Broker, body: FetchRequest, updateFetchState: boolean): { response: FetchResponse; bytes: number; respondNow: boolean } {
  let budget = body.maxBytes;
  let bytes = 0;
  let respondNow = false;
  const follower = body.replicaId >= 0 ? body.replicaId : -1;
  const topics = body.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p): FetchPartitionResponse => {
      const maxBytes = Math.min(p.partitionMaxBytes, budget);
      const result =
        follower >= 0
          ? readForFollower(broker, follower, t.name, p, maxBytes, bytes === 0, updateFetchState)
          : readPartition(broker, t.name, p, maxBytes, bytes === 0);
      if (result.error !== 'NONE' || result.divergingEpoch !== undefined) respondNow = true;
      bytes += result.records.length;
      budget = Math.max(0, budget - result.records.length);
      return result;
    }),
  }));
  return { response: { api: 'Fetch', topics }, bytes, respondNow };
}

function failure(partition: number, error: KafkaErrorName, replica?: PartitionReplica): FetchPartitionResponse {
  return {
    partition,
    error,
    highWatermark: replica?.highWatermark ?? -1,
    lastStableOffset: replica?.highWatermark ?? -1,
    logStartOffset: replica?.log.logStartOffset ?? -1,
    records: EMPTY,
  };
}

/** The leader replica of a partition, or the error a Fetch gets (Partition.localLogWithEpochOrThrow). */
function leaderReplica(broker: Broker, topic: string, p: FetchPartition): PartitionReplica | KafkaErrorName {
  if (!broker.metadata.partition(topic, p.partition)) return 'UNKNOWN_TOPIC_OR_PARTITION';
  const replica = broker.replica(topic, p.partition);
  if (!replica || !replica.isLeader) return 'NOT_LEADER_OR_FOLLOWER';
  // KIP-320: a fetcher that knows a newer epoch is ahead of us; one that knows an older one is fenced.
  if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch > replica.leaderEpoch) return 'UNKNOWN_LEADER_EPOCH';
  if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < replica.leaderEpoch) return 'FENCED_LEADER_EPOCH';
  return replica;
}

function read(replica: PartitionReplica, p: FetchPartition, maxBytes: number, maxOffset: number, firstWithData: boolean): Uint8Array | KafkaErrorName {
  const { log } = replica;
  if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) return 'OFFSET_OUT_OF_RANGE';
  if (p.fetchOffset >= maxOffset || (maxBytes <= 0 && !firstWithData)) return EMPTY;
  try {
    // KIP-74: the first partition with data returns at least one whole batch, past the limits.
    return log.read(p.fetchOffset, maxBytes, maxOffset, firstWithData).records;
  } catch (error) {
    if (error instanceof LogError) return error.code as KafkaErrorName;
    throw error;
  }
}

function readPartition(broker: Broker, topic: string, p: FetchPartition, maxBytes: number, firstWithData: boolean): FetchPartitionResponse {
  const replica = leaderReplica(broker, topic, p);
  if (typeof replica === 'string') return failure(p.partition, replica, broker.replica(topic, p.partition));
  const { highWatermark, log } = replica;
  const records = read(replica, p, maxBytes, highWatermark, firstWithData);
  if (typeof records === 'string') return failure(p.partition, records, replica);
  return { partition: p.partition, error: 'NONE', highWatermark, lastStableOffset: highWatermark, logStartOffset: log.logStartOffset, records };
}

/**
 * A follower's read (Partition.fetchRecords with isFromFollower, readRecords): up to the LEO; the
 * offsets in the answer are those from before this fetch updated anything, so the follower learns
 * a HW its own fetch may then advance — it lags the leader's by one fetch.
 */
function readForFollower(
  broker: Broker,
  followerId: number,
  topic: string,
  p: FetchPartition,
  maxBytes: number,
  firstWithData: boolean,
  updateFetchState: boolean,
): FetchPartitionResponse {
  const replica = leaderReplica(broker, topic, p);
  if (typeof replica === 'string') return failure(p.partition, replica, broker.replica(topic, p.partition));
  const follower = replica.followers.get(followerId);
  // Partition.followerReplicaOrThrow: not (yet) a replica of this partition in this epoch.
  if (follower === undefined) return failure(p.partition, p.currentLeaderEpoch >= 0 ? 'UNKNOWN_LEADER_EPOCH' : 'NOT_LEADER_OR_FOLLOWER', replica);
  const { log } = replica;
  const highWatermark = replica.highWatermark;
  const logStartOffset = log.logStartOffset;
  const logEndOffset = log.logEndOffset;
  const answer = (records: Uint8Array): FetchPartitionResponse => ({
    partition: p.partition,
    error: 'NONE',
    highWatermark,
    lastStableOffset: highWatermark,
    logStartOffset,
    records,
  });
  const lastFetchedEpoch = p.lastFetchedEpoch ?? -1;
  if (lastFetchedEpoch >= 0) {
    const epochEnd = log.endOffsetForEpoch(lastFetchedEpoch);
    if (epochEnd.endOffset < 0 || epochEnd.epoch < 0 || p.fetchOffset < logStartOffset) return failure(p.partition, 'OFFSET_OUT_OF_RANGE', replica);
    // The follower's last epoch ends earlier here, or is unknown here: it must truncate first.
    if (epochEnd.epoch < lastFetchedEpoch || epochEnd.endOffset < p.fetchOffset) {
      return { ...answer(EMPTY), divergingEpoch: { epoch: epochEnd.epoch, endOffset: epochEnd.endOffset } };
    }
  }
  const records = read(replica, p, maxBytes, logEndOffset, firstWithData);
  if (typeof records === 'string') return failure(p.partition, records, replica);
  if (updateFetchState) broker.updateFollowerFetchState(replica, follower, p.fetchOffset, p.logStartOffset ?? -1, logEndOffset);
  return answer(records);
}
