// The built-in partitioner's choice for records without a key (KIP-480 sticky, KIP-794 built-in):
// stay on one partition until batch.size bytes went to it (and its last batch is full), or twice
// that in any case, then jump to a random partition that has a leader. The adaptive weighting by
// queue length is left out: with it off, Kafka picks uniformly among partitions with a leader.
import type { Random } from '../../kernel/types.ts';

export class StickyPartitioner {
  private readonly sticky = new Map<string, { partition: number; producedBytes: number }>();

  constructor(
    private readonly batchSizeBytes: number,
    private readonly random: Random,
  ) {}

  partition(topic: string, available: number[], partitionCount: number): number {
    const current = this.sticky.get(topic);
    if (current && current.partition < partitionCount) return current.partition;
    return this.switchPartition(topic, available, partitionCount);
  }

  /** BuiltInPartitioner.updatePartitionInfo after an append of `appendedBytes`. */
  onAppend(topic: string, appendedBytes: number, lastBatchFull: boolean, available: number[], partitionCount: number): void {
    const current = this.sticky.get(topic);
    if (!current) return;
    current.producedBytes += appendedBytes;
    const enough = current.producedBytes >= this.batchSizeBytes && lastBatchFull;
    if (enough || current.producedBytes >= 2 * this.batchSizeBytes) this.switchPartition(topic, available, partitionCount);
  }

  private switchPartition(topic: string, available: number[], partitionCount: number): number {
    const partition = available.length > 0 ? available[this.random.int(available.length)]! : this.random.int(partitionCount);
    this.sticky.set(topic, { partition, producedBytes: 0 });
    return partition;
  }
}
