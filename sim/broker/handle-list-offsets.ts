// ListOffsets on the leader (Partition.fetchOffsetForTimestamp): earliest = log start offset,
// latest = high watermark (what a read_uncommitted consumer may read; the LEO for a follower,
// which asks after OFFSET_OUT_OF_RANGE), or the first offset whose
// timestamp is at least the one asked for, among the records below the high watermark.
import type { KafkaErrorName } from '../protocol/errors.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type ListOffsetsRequest, type ListOffsetsResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';

export function handleListOffsets(broker: Broker, body: ListOffsetsRequest): ListOffsetsResponse {
  return {
    api: 'ListOffsets',
    topics: body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const answer = (error: KafkaErrorName, offset = -1, timestamp = -1, leaderEpoch = -1) => ({
          partition: p.partition,
          error,
          offset,
          timestamp,
          leaderEpoch,
        });
        if (!broker.metadata.partition(t.name, p.partition)) return answer('UNKNOWN_TOPIC_OR_PARTITION');
        const replica = broker.replica(t.name, p.partition);
        if (!replica || !replica.isLeader) return answer('NOT_LEADER_OR_FOLLOWER');
        if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < replica.leaderEpoch) return answer('FENCED_LEADER_EPOCH');
        if (p.currentLeaderEpoch > replica.leaderEpoch) return answer('UNKNOWN_LEADER_EPOCH');
        const epoch = replica.leaderEpoch;
        if (p.timestamp === EARLIEST_TIMESTAMP) return answer('NONE', replica.log.logStartOffset, -1, epoch);
        // A follower asks without an isolation level and gets the LEO (ReplicaManager.fetchOffset).
        if (p.timestamp === LATEST_TIMESTAMP) return answer('NONE', body.replicaId >= 0 ? replica.log.logEndOffset : replica.highWatermark, -1, epoch);
        if (p.timestamp < 0) return answer('INVALID_REQUEST');
        const found = replica.log.offsetForTimestamp(p.timestamp);
        if (!found || found.offset >= replica.highWatermark) return answer('NONE', -1, -1, epoch);
        return answer('NONE', found.offset, found.timestamp, epoch);
      }),
    })),
  };
}
