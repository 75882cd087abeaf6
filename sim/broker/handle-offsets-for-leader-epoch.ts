// OffsetForLeaderEpoch (API 23) on the leader (ReplicaManager.lastOffsetForLeaderEpoch and
// Partition.lastOffsetForLeaderEpoch, always with fetchOnlyFromLeader): for each partition, the end
// offset of the asked leader epoch from the leader-epoch cache (UnifiedLog.endOffsetForEpoch).
// Errors in Kafka's order: an unknown partition; no replica here (NOT_LEADER_OR_FOLLOWER); the
// current leader epoch checked against this replica's (FENCED_LEADER_EPOCH when older,
// UNKNOWN_LEADER_EPOCH when newer, -1 skips the check); not the leader (NOT_LEADER_OR_FOLLOWER).
// An epoch the cache cannot place answers NONE with leaderEpoch and endOffset -1.
import type { KafkaErrorName } from '../protocol/errors.ts';
import type { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';

/** RecordBatch.NO_PARTITION_LEADER_EPOCH: the requester does not ask to be fenced. */
const NO_PARTITION_LEADER_EPOCH = -1;

export function handleOffsetsForLeaderEpoch(broker: Broker, body: OffsetForLeaderEpochRequest): OffsetForLeaderEpochResponse {
  return {
    api: 'OffsetForLeaderEpoch',
    topics: body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const answer = (error: KafkaErrorName, leaderEpoch = -1, endOffset = -1) => ({ partition: p.partition, error, leaderEpoch, endOffset });
        const replica = broker.replica(t.name, p.partition);
        if (!replica) {
          return answer(broker.metadata.partition(t.name, p.partition) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION');
        }
        // Partition.checkCurrentLeaderEpoch, before the leader check (getLocalLog).
        if (p.currentLeaderEpoch !== NO_PARTITION_LEADER_EPOCH) {
          if (p.currentLeaderEpoch < replica.leaderEpoch) return answer('FENCED_LEADER_EPOCH');
          if (p.currentLeaderEpoch > replica.leaderEpoch) return answer('UNKNOWN_LEADER_EPOCH');
        }
        if (!replica.isLeader) return answer('NOT_LEADER_OR_FOLLOWER');
        const end = replica.log.endOffsetForEpoch(p.leaderEpoch);
        return answer('NONE', end.epoch, end.endOffset);
      }),
    })),
  };
}
