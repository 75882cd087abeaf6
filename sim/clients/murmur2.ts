// Kafka's murmur2 (clients' Utils.murmur2) and the default partitioner's key rule
// (BuiltInPartitioner.partitionForKey). 32-bit two's-complement arithmetic via Math.imul and | 0,
// so the result is Kafka's signed int for every input.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

const utf8 = new TextEncoder();

/** Kafka's murmur2 of `data`, as the signed 32-bit int Java returns. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24)) | 0;
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const remainder = length & 3;
  // Java's switch falls through from case 3 down to case 1.
  if (remainder >= 3) h ^= data[tail + 2]! << 16;
  if (remainder >= 2) h ^= data[tail + 1]! << 8;
  if (remainder >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs: toPositive(-1) = 2147483647). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/**
 * The partition Kafka's default partitioner picks for a keyed record: toPositive(murmur2(key)) %
 * partitionCount, over all partitions, leaderless ones included. A string key is UTF-8 encoded,
 * as StringSerializer does.
 */
export function partitionForKey(key: string | Uint8Array, partitionCount: number): number {
  if (!Number.isSafeInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  const bytes = typeof key === 'string' ? utf8.encode(key) : key;
  return toPositive(murmur2(bytes)) % partitionCount;
}
