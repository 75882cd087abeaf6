// How the group coordinator uses its __consumer_offsets partitions: it appends its records as the
// partition leader and answers only when they are committed (the high watermark passed them, as
// with acks=all), failing after offsets.commit.timeout.ms; and, when it becomes the leader of a
// partition, it replays the whole log to rebuild its groups.
import type { KafkaErrorName } from '../../protocol/errors.ts';
import type { TimerId } from '../../kernel/types.ts';
import { LogError, decodeRecordBatches, encodeRecordBatch } from '../../log/index.ts';
import type { Broker } from '../broker.ts';
import type { PartitionReplica } from '../partition-replica.ts';
import { registerFunctions } from '../../snapshot/bound.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface CoordinatorRecord {
  key: Uint8Array;
  /** null: a tombstone. */
  value: Uint8Array | null;
}

interface PendingWrite {
  id: number;
  partition: number;
  requiredOffset: number;
  timerId: TimerId;
  done: (error: KafkaErrorName) => void;
}

export interface CoordinatorWriteTimer {
  kind: 'coordinator-write-timeout';
  id: number;
}

export class CoordinatorLog {
  private readonly pending = new Map<number, PendingWrite>();
  private nextId = 1;

  constructor(
    private readonly broker: Broker,
    private readonly commitTimeoutMs: number,
  ) {}

  /**
   * Appends `records` as one batch to the partition this broker leads and calls `done` once the
   * batch is committed, or with the error of the append or of the wait.
   */
  append(partition: number, records: readonly CoordinatorRecord[], done: (error: KafkaErrorName) => void): void {
    const broker = this.broker;
    const replica = broker.replica(OFFSETS_TOPIC, partition);
    if (!replica || !replica.isLeader) return done('NOT_LEADER_OR_FOLLOWER');
    // The coordinator writes with acks=all: below min.insync.replicas nothing is written.
    if (replica.isr.length < replica.effectiveMinIsr) return done('NOT_ENOUGH_REPLICAS');
    const now = Math.floor(broker.ctx.nowMs);
    const batch = encodeRecordBatch({
      baseOffset: 0,
      partitionLeaderEpoch: replica.leaderEpoch,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      isTransactional: false,
      records: records.map((r) => ({ timestamp: now, key: r.key, value: r.value, headers: [] })),
    });
    let lastOffset: number;
    try {
      const info = replica.log.appendAsLeader(batch, replica.leaderEpoch, now);
      lastOffset = info.lastOffset;
      broker.traceLeaderAppend(replica, info);
    } catch (error) {
      if (error instanceof LogError) return done(error.code as KafkaErrorName);
      throw error;
    }
    const id = this.nextId++;
    const timerId = broker.ctx.setTimer(this.commitTimeoutMs, { kind: 'coordinator-write-timeout', id } satisfies CoordinatorWriteTimer);
    this.pending.set(id, { id, partition, requiredOffset: lastOffset + 1, timerId, done });
    broker.onLeaderAppend(replica);
    // With the leader alone in the ISR the write is committed at once.
    this.checkPartition(partition);
  }

  /** The partition's high watermark moved (or its ISR changed): writes it passed are done. */
  checkPartition(partition: number): void {
    if (this.pending.size === 0) return;
    const replica = this.broker.replica(OFFSETS_TOPIC, partition);
    for (const write of [...this.pending.values()]) {
      if (write.partition !== partition) continue;
      if (!replica || !replica.isLeader) {
        this.finish(write, 'NOT_LEADER_OR_FOLLOWER');
        continue;
      }
      const { done, error } = replica.checkEnoughReplicasReachOffset(write.requiredOffset);
      if (done || error !== 'NONE') this.finish(write, error);
    }
  }

  /** The broker no longer leads the partition: its writes in flight fail. */
  failPartition(partition: number): void {
    for (const write of [...this.pending.values()]) if (write.partition === partition) this.finish(write, 'NOT_LEADER_OR_FOLLOWER');
  }

  handleTimer(payload: { kind?: string; id?: number }): boolean {
    if (payload.kind !== 'coordinator-write-timeout') return false;
    const write = this.pending.get(payload.id!);
    if (write) {
      this.pending.delete(write.id);
      write.done('REQUEST_TIMED_OUT');
    }
    return true;
  }

  private finish(write: PendingWrite, error: KafkaErrorName): void {
    this.pending.delete(write.id);
    this.broker.ctx.cancelTimer(write.timerId);
    write.done(error);
  }
}

/** The `done` of a write nobody waits for. */
export function ignoreWrite(_error: KafkaErrorName): void {}

registerFunctions('broker.coordinator-log', { ignoreWrite });

/** Every record of the replica's log, oldest first (GroupCoordinatorShard replay on load). */
export function replayLog(replica: PartitionReplica, visit: (key: Uint8Array | null, value: Uint8Array | null, offset: number) => void): number {
  const log = replica.log;
  let offset = log.logStartOffset;
  let count = 0;
  while (offset < log.logEndOffset) {
    const read = log.read(offset, 1024 * 1024, log.logEndOffset);
    if (read.nextOffset <= offset) break;
    for (const batch of decodeRecordBatches(read.records)) {
      for (const record of batch.records) {
        if (record.offset < offset) continue;
        visit(record.key, record.value, record.offset);
        count++;
      }
    }
    offset = read.nextOffset;
  }
  return count;
}
