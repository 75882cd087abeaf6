// One replica of one partition on one broker: its log and the offsets Kafka keeps around it
// (leader epoch, high watermark, and — on the leader — each replica's log end offset).
import type { PartitionLog } from '../log/index.ts';
import type { PartitionRegistration } from '../controller/cluster-metadata.ts';
import type { TopicConfig } from '../config/topic-config.ts';

export class PartitionReplica {
  leaderEpoch: number;
  highWatermark = 0;
  /** Log end offset of every replica as this leader last learned it (Kafka's Replica state). */
  readonly replicaLogEndOffsets = new Map<number, number>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly brokerId: number,
    readonly log: PartitionLog,
    public registration: PartitionRegistration,
    public config: TopicConfig,
  ) {
    this.leaderEpoch = registration.leaderEpoch;
  }

  get isLeader(): boolean {
    return this.registration.leader === this.brokerId;
  }

  /**
   * Partition.maybeIncrementLeaderHW: the HW is the smallest LEO over the ISR, frozen while the ISR
   * is smaller than min(min.insync.replicas, replication factor) (KAFKA-15583), and never moves
   * back. Returns true when it advanced.
   */
  maybeIncrementHighWatermark(): boolean {
    const { isr, replicas } = this.registration;
    if (isr.length < Math.min(this.config.minInsyncReplicas, replicas.length)) return false;
    let candidate = this.log.logEndOffset;
    for (const broker of isr) {
      if (broker === this.brokerId) continue;
      const leo = this.replicaLogEndOffsets.get(broker) ?? 0;
      if (leo < candidate) candidate = leo;
    }
    if (candidate <= this.highWatermark) return false;
    this.highWatermark = candidate;
    return true;
  }
}
