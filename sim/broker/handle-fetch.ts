// Fetch from a consumer (ReplicaManager.fetchMessages): whole batches from the fetch offset up to
// the high watermark, at least one batch even past the byte limits (KIP-74), and a long poll in
// the purgatory while fewer than fetch.min.bytes are available.
import type { NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { FetchPartitionResponse, FetchRequest, FetchResponse, RequestEnvelope } from '../protocol/messages.ts';
import { LogError } from '../log/index.ts';
import type { Broker } from './broker.ts';

const EMPTY: Uint8Array = new Uint8Array(0);

export function handleFetch(broker: Broker, from: NodeId, request: RequestEnvelope<FetchRequest>): FetchResponse | null {
  const { response, bytes, anyError } = readForFetch(broker, request.body);
  if (anyError || bytes >= request.body.minBytes || request.body.maxWaitMs <= 0) return response;
  broker.purgatory.parkFetch(from, request);
  return null;
}

export function readForFetch(broker: Broker, body: FetchRequest): { response: FetchResponse; bytes: number; anyError: boolean } {
  let budget = body.maxBytes;
  let bytes = 0;
  let anyError = false;
  const topics = body.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p): FetchPartitionResponse => {
      const result = readPartition(broker, t.name, p.partition, p.fetchOffset, p.currentLeaderEpoch, Math.min(p.partitionMaxBytes, budget), bytes === 0);
      if (result.error !== 'NONE') anyError = true;
      bytes += result.records.length;
      budget = Math.max(0, budget - result.records.length);
      return result;
    }),
  }));
  return { response: { api: 'Fetch', topics }, bytes, anyError };
}

function readPartition(
  broker: Broker,
  topic: string,
  partition: number,
  fetchOffset: number,
  currentLeaderEpoch: number,
  maxBytes: number,
  firstWithData: boolean,
): FetchPartitionResponse {
  const fail = (error: KafkaErrorName, replica?: { highWatermark: number; log: { logStartOffset: number } }) => ({
    partition,
    error,
    highWatermark: replica?.highWatermark ?? -1,
    lastStableOffset: replica?.highWatermark ?? -1,
    logStartOffset: replica?.log.logStartOffset ?? -1,
    records: EMPTY,
  });
  if (!broker.metadata.partition(topic, partition)) return fail('UNKNOWN_TOPIC_OR_PARTITION');
  const replica = broker.replica(topic, partition);
  if (!replica || !replica.isLeader) return fail('NOT_LEADER_OR_FOLLOWER');
  // KIP-320: a client that knows a newer epoch is ahead of us; one that knows an older one is fenced.
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch > replica.leaderEpoch) return fail('UNKNOWN_LEADER_EPOCH', replica);
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch < replica.leaderEpoch) return fail('FENCED_LEADER_EPOCH', replica);
  const { log, highWatermark } = replica;
  if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) return fail('OFFSET_OUT_OF_RANGE', replica);
  let records = EMPTY;
  if (fetchOffset < highWatermark && (maxBytes > 0 || firstWithData)) {
    try {
      // KIP-74: the first partition with data returns at least one whole batch, past the limits.
      records = log.read(fetchOffset, maxBytes, highWatermark, firstWithData).records;
    } catch (error) {
      if (error instanceof LogError) return fail(error.code as KafkaErrorName, replica);
      throw error;
    }
  }
  return {
    partition,
    error: 'NONE',
    highWatermark,
    lastStableOffset: highWatermark,
    logStartOffset: log.logStartOffset,
    records,
  };
}
