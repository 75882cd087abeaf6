// Produce on the leader (KafkaApis.handleProduceRequest, ReplicaManager.appendRecords): validate,
// append, and answer at once (acks=1), never (acks=0) or when the HW passes the records (acks=all).
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse, RequestEnvelope } from '../protocol/messages.ts';
import { LogError, readBatchHeader } from '../log/index.ts';
import type { Broker } from './broker.ts';
import { groupByTopic, type PendingPartition } from './purgatory.ts';

export function handleProduce(
  broker: Broker,
  from: NodeId,
  request: RequestEnvelope<ProduceRequest>,
  ctx: ActorContext,
): ProduceResponse | null {
  const { acks } = request.body;
  const pending: PendingPartition[] = [];
  let anyError = false;
  for (const topicData of request.body.topics) {
    for (const data of topicData.partitions) {
      const response: ProducePartitionResponse = {
        partition: data.partition,
        error: 'NONE',
        baseOffset: -1,
        logAppendTimeMs: -1,
        logStartOffset: -1,
      };
      const entry: PendingPartition = { topic: topicData.name, partition: data.partition, requiredOffset: 0, response };
      pending.push(entry);
      const error = acks !== 0 && acks !== 1 && acks !== -1 ? 'INVALID_REQUIRED_ACKS' : appendToLeader(broker, entry, data.records, acks, ctx, from);
      if (error !== 'NONE') {
        response.error = error;
        anyError = true;
        broker.emit({ type: 'produce-rejected', topic: topicData.name, partition: data.partition, broker: broker.brokerId, error, client: from });
      }
    }
  }
  if (acks === 0) {
    // acks=0 gets no answer; on an error the broker closes the connection so that the client
    // notices and refreshes its metadata (KafkaApis: "closing connection due to error").
    if (anyError) broker.connections.closeConnection(broker.id, from);
    return null;
  }
  if (acks === -1 && pending.some((p) => p.response.error === 'NONE' && !reached(broker, p))) {
    broker.purgatory.parkProduce(from, request, pending);
    return null;
  }
  return { api: 'Produce', topics: groupByTopic(pending) };
}

/** Whether acks=all is satisfied already (with one in-sync replica the HW moves at the append). */
function reached(broker: Broker, p: PendingPartition): boolean {
  return broker.replica(p.topic, p.partition)?.checkEnoughReplicasReachOffset(p.requiredOffset).done ?? false;
}

function appendToLeader(
  broker: Broker,
  entry: PendingPartition,
  records: Uint8Array,
  acks: number,
  ctx: ActorContext,
  from: NodeId,
): KafkaErrorName {
  const { topic, partition, response } = entry;
  const registration = broker.metadata.partition(topic, partition);
  if (!registration) return 'UNKNOWN_TOPIC_OR_PARTITION';
  const replica = broker.replica(topic, partition);
  if (!replica || !replica.isLeader) return 'NOT_LEADER_OR_FOLLOWER';
  // Partition.appendRecordsToLeader: acks=all is refused before anything is written while the ISR
  // is smaller than min(min.insync.replicas, replication factor).
  if (acks === -1 && replica.isr.length < replica.effectiveMinIsr) {
    response.errorMessage = `the ISR [${replica.isr.join(',')}] is smaller than min.insync.replicas ${replica.effectiveMinIsr}`;
    return 'NOT_ENOUGH_REPLICAS';
  }
  const maxBytes = replica.config.maxMessageBytes;
  // Each batch is checked against max.message.bytes (LogValidator / UnifiedLog.analyzeAndValidateRecords).
  for (let position = 0; position < records.length; ) {
    if (records.length - position < 61) return 'CORRUPT_MESSAGE';
    const header = readBatchHeader(records, position);
    if (header.sizeBytes > maxBytes) {
      response.errorMessage = `batch of ${header.sizeBytes} bytes is larger than max.message.bytes ${maxBytes}`;
      return 'MESSAGE_TOO_LARGE';
    }
    position += header.sizeBytes;
  }
  try {
    const info = replica.log.appendAsLeader(records, replica.leaderEpoch, ctx.nowMs);
    response.baseOffset = info.firstOffset;
    response.logStartOffset = replica.log.logStartOffset;
    entry.requiredOffset = info.lastOffset + 1;
    if (info.rolled) {
      const active = replica.log.segments().at(-1)!;
      broker.emit({ type: 'segment-rolled', topic, partition, broker: broker.brokerId, baseOffset: active.baseOffset, fileName: active.fileName });
    }
    broker.emit({
      type: 'record-batch-appended',
      topic,
      partition,
      broker: broker.brokerId,
      firstOffset: info.firstOffset,
      lastOffset: info.lastOffset,
      records: info.recordCount,
      sizeBytes: info.sizeBytes,
      leaderEpoch: replica.leaderEpoch,
    });
    broker.onLeaderAppend(replica);
    return 'NONE';
  } catch (error) {
    if (error instanceof LogError) {
      response.errorMessage = `${error.message} (from ${from})`;
      return error.code as KafkaErrorName;
    }
    throw error;
  }
}
