// Which partition of __consumer_offsets holds a group, and so which broker coordinates it:
// Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions (Kafka's
// GroupCoordinatorService.partitionFor; TransactionStateManager.partitionFor uses the same formula
// for transactional ids over __transaction_state). Java String.hashCode works on UTF-16 code
// units with int32 overflow; Kafka's Utils.abs maps Integer.MIN_VALUE to 0, unlike Math.abs.

/** Default of offsets.topic.num.partitions and of transaction.state.log.num.partitions. */
export const DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;

const INT32_MIN = -2147483648;

/** Java's String.hashCode: h = 31 * h + charCode over UTF-16 code units, as a signed int32. */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's Utils.abs: the absolute value of an int32, with Integer.MIN_VALUE giving 0. */
export function kafkaUtilsAbs(n: number): number {
  return n === INT32_MIN ? 0 : Math.abs(n);
}

function checkPartitionCount(numPartitions: number): void {
  if (!Number.isSafeInteger(numPartitions) || numPartitions <= 0 || numPartitions > 2147483647) {
    throw new RangeError(`the number of partitions must be a positive integer, got ${String(numPartitions)}`);
  }
}

/** The __consumer_offsets partition of a consumer group (GroupCoordinatorService.partitionFor). */
export function partitionForGroup(groupId: string, numPartitions: number = DEFAULT_OFFSETS_TOPIC_PARTITIONS): number {
  checkPartitionCount(numPartitions);
  return kafkaUtilsAbs(javaStringHashCode(groupId)) % numPartitions;
}

/** The __transaction_state partition of a transactional id (TransactionStateManager.partitionFor). */
export function partitionForTransactionalId(
  transactionalId: string,
  numPartitions: number = DEFAULT_OFFSETS_TOPIC_PARTITIONS,
): number {
  checkPartitionCount(numPartitions);
  return kafkaUtilsAbs(javaStringHashCode(transactionalId)) % numPartitions;
}
