// AbstractStickyAssignor.PartitionMovements: the record of which partitions moved between which
// members during one general-path balance, so that a partition moving back along a pair that
// already carried a partition of the same topic the other way swaps that partition instead
// (keeps the assignment sticky). The per-pair sets are HashSet<TopicPartition>; which of their
// partitions comes first follows Java's HashSet order.
import { JavaHashOrder, topicPartitionHashCode, tpKey } from './java-order.ts';
import type { TopicPartition } from './types.ts';

interface ConsumerPair {
  readonly src: string;
  readonly dst: string;
}

function pairKey(src: string, dst: string): string {
  return JSON.stringify([src, dst]);
}

export class PartitionMovements {
  private readonly byTopic = new Map<string, Map<string, JavaHashOrder<TopicPartition>>>();
  private readonly movements = new Map<string, ConsumerPair>();

  /** getTheActualPartitionToBeMoved */
  actualPartitionToMove(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const topicMovements = this.byTopic.get(partition.topic);
    if (topicMovements === undefined) return partition;
    const previous = this.movements.get(tpKey(partition));
    // This partition has moved before: look at the movement from its original owner.
    const from = previous === undefined ? oldConsumer : previous.src;
    const reverse = topicMovements.get(pairKey(newConsumer, from));
    if (reverse === undefined) return partition;
    return reverse.first() ?? partition;
  }

  /** movePartition */
  move(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    const key = tpKey(partition);
    const existing = this.movements.get(key);
    if (existing === undefined) {
      this.add(partition, { src: oldConsumer, dst: newConsumer });
      return;
    }
    this.removeRecord(partition, existing);
    // Moving back to where it started cancels the movement.
    if (existing.src !== newConsumer) this.add(partition, { src: existing.src, dst: newConsumer });
  }

  private add(partition: TopicPartition, pair: ConsumerPair): void {
    this.movements.set(tpKey(partition), pair);
    let topicMovements = this.byTopic.get(partition.topic);
    if (topicMovements === undefined) {
      topicMovements = new Map();
      this.byTopic.set(partition.topic, topicMovements);
    }
    const key = pairKey(pair.src, pair.dst);
    let set = topicMovements.get(key);
    if (set === undefined) {
      set = new JavaHashOrder<TopicPartition>(topicPartitionHashCode, tpKey);
      topicMovements.set(key, set);
    }
    set.add(partition);
  }

  private removeRecord(partition: TopicPartition, pair: ConsumerPair): void {
    this.movements.delete(tpKey(partition));
    const topicMovements = this.byTopic.get(partition.topic)!;
    const key = pairKey(pair.src, pair.dst);
    const set = topicMovements.get(key)!;
    set.remove(partition);
    if (set.size === 0) topicMovements.delete(key);
    if (topicMovements.size === 0) this.byTopic.delete(partition.topic);
  }
}
