// Produce on the leader (KafkaApis.handleProduceRequest, ReplicaManager.appendRecords): validate,
// append, and answer at once (acks=1), never (acks=0) or when the HW passes the records (acks=all).
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse, RequestEnvelope } from '../protocol/messages.ts';
import { LogError, readBatchHeader, type BatchHeader } from '../log/index.ts';
import type { Broker } from './broker.ts';
import type { PartitionReplica } from './partition-replica.ts';
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
  let first: BatchHeader | null = null;
  // Each batch is checked against max.message.bytes (LogValidator / UnifiedLog.analyzeAndValidateRecords).
  for (let position = 0; position < records.length; ) {
    if (records.length - position < 61) return 'CORRUPT_MESSAGE';
    const header = readBatchHeader(records, position);
    first ??= header;
    if (header.sizeBytes > maxBytes) {
      response.errorMessage = `batch of ${header.sizeBytes} bytes is larger than max.message.bytes ${maxBytes}`;
      return 'MESSAGE_TOO_LARGE';
    }
    position += header.sizeBytes;
  }
  // An idempotent producer's batch (one per partition; more is refused by the append below).
  const idempotent = first !== null && first.producerId >= 0 && first.sizeBytes === records.length ? first : null;
  if (idempotent !== null) {
    const outcome = checkProducerState(broker, replica, entry, idempotent, from);
    if (outcome !== null) return outcome;
  }
  try {
    const info = replica.log.appendAsLeader(records, replica.leaderEpoch, ctx.nowMs);
    if (idempotent !== null) replica.producerState.update(idempotent, info.firstOffset, info.lastOffset);
    response.baseOffset = info.firstOffset;
    response.logStartOffset = replica.log.logStartOffset;
    entry.requiredOffset = info.lastOffset + 1;
    broker.traceLeaderAppend(replica, info);
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

/**
 * UnifiedLog.analyzeAndValidateProducerState (origin CLIENT) before the append: a retry of one of
 * the producer's last five batches is answered with the offsets it got the first time and not
 * written again (with acks=all it still waits for the HW to pass them); an older epoch or a gap in
 * the sequence is refused. Returns null when the batch is to be appended. Kafka runs this after
 * LogValidator (CRC, offsets); here it runs before, so a corrupt retry would be taken for a duplicate.
 */
function checkProducerState(broker: Broker, replica: PartitionReplica, entry: PendingPartition, header: BatchHeader, from: NodeId): KafkaErrorName | null {
  const check = replica.producerState.checkClientAppend(header);
  if (check.kind === 'append') return null;
  if (check.kind === 'error') {
    entry.response.errorMessage = check.message;
    return check.error;
  }
  const { batch } = check;
  entry.response.baseOffset = batch.firstOffset;
  entry.response.logStartOffset = replica.log.logStartOffset;
  entry.requiredOffset = batch.lastOffset + 1;
  broker.emit({
    type: 'duplicate-batch-ignored',
    topic: entry.topic,
    partition: entry.partition,
    broker: broker.brokerId,
    client: from,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    firstSequence: batch.firstSeq,
    lastSequence: batch.lastSeq,
    firstOffset: batch.firstOffset,
    lastOffset: batch.lastOffset,
  });
  return 'NONE';
}
