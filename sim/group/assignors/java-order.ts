// The orders Kafka's Java assignors inherit from the JDK, reproduced so that our lists come out in
// the order Kafka's do:
// - String.compareTo: UTF-16 code unit order (JavaScript's < on strings is the same order).
// - java.util.HashMap / HashSet iteration: buckets by ascending index, where the index is
//   (h ^ (h >>> 16)) & (capacity - 1); inside a bucket, the order of insertion. The capacity starts
//   at 16 (or tableSizeFor(initialCapacity)), doubles when size > 0.75 * capacity, and also doubles
//   when a bucket already holds 8 entries and the table is smaller than 64 (treeifyBin). Resizes
//   split buckets keeping their relative order, and removals unlink, so "bucket, then insertion"
//   stays exact. Not reproduced: the order inside a bucket turned into a red-black tree (9+ entries
//   colliding in a table of 64 or more), where Java moves the tree root first.
import { javaStringHashCode } from '../coordinator-partition.ts';
import type { TopicPartition } from './types.ts';

/** Sign of Java's String.compareTo. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(), as an int32. */
export function topicPartitionHashCode(tp: TopicPartition): number {
  return (Math.imul(31, 31 + tp.partition) + javaStringHashCode(tp.topic)) | 0;
}

/** A map key that is equal exactly when the TopicPartitions are equal. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.partition}:${tp.topic}`;
}

const DEFAULT_CAPACITY = 16;
const MAX_CAPACITY = 1 << 30;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/** HashMap.tableSizeFor: the smallest power of two >= n (at least 1). */
function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n && size < MAX_CAPACITY) size *= 2;
  return size;
}

interface Slot<K> {
  key: K;
  hash: number;
  seq: number;
}

/**
 * The iteration order of a java.util.HashMap (or HashSet, which is one) under puts and removes.
 * Keys are identified by a string id; only the order is modelled, values live elsewhere.
 */
export class JavaHashOrder<K> {
  private readonly slots = new Map<string, Slot<K>>();
  private capacity = 0;
  private threshold: number;
  private seq = 0;

  constructor(
    private readonly hashOf: (key: K) => number,
    private readonly idOf: (key: K) => string,
    initialCapacity?: number,
  ) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: K): boolean {
    return this.slots.has(this.idOf(key));
  }

  /** put / add: a key already present keeps its place. */
  add(key: K): void {
    const id = this.idOf(key);
    if (this.slots.has(id)) return;
    if (this.capacity === 0) this.resize();
    const hash = this.hashOf(key);
    const bucket = this.bucketOf(hash);
    let binCount = 0;
    for (const slot of this.slots.values()) if (this.bucketOf(slot.hash) === bucket) binCount++;
    this.slots.set(id, { key, hash, seq: this.seq++ });
    // putVal: appending to a bin that held TREEIFY_THRESHOLD entries calls treeifyBin, which only
    // resizes while the table is small.
    if (binCount >= TREEIFY_THRESHOLD && this.capacity < MIN_TREEIFY_CAPACITY) this.resize();
    if (this.slots.size > this.threshold) this.resize();
  }

  remove(key: K): void {
    this.slots.delete(this.idOf(key));
  }

  /** Keys in Java's iteration order. */
  keys(): K[] {
    return [...this.slots.values()]
      .sort((a, b) => this.bucketOf(a.hash) - this.bucketOf(b.hash) || a.seq - b.seq)
      .map((slot) => slot.key);
  }

  /** The key `iterator().next()` returns, if any. */
  first(): K | undefined {
    let best: Slot<K> | undefined;
    let bestBucket = 0;
    for (const slot of this.slots.values()) {
      const bucket = this.bucketOf(slot.hash);
      if (best === undefined || bucket < bestBucket || (bucket === bestBucket && slot.seq < best.seq)) {
        best = slot;
        bestBucket = bucket;
      }
    }
    return best?.key;
  }

  private bucketOf(hash: number): number {
    return (hash ^ (hash >>> 16)) & (this.capacity - 1);
  }

  private resize(): void {
    if (this.capacity === 0) {
      this.capacity = this.threshold > 0 ? this.threshold : DEFAULT_CAPACITY;
    } else if (this.capacity < MAX_CAPACITY) {
      this.capacity *= 2;
    }
    this.threshold = Math.floor(this.capacity * 0.75);
  }
}

/** Iteration order of a default HashMap<String, ?> / HashSet<String> filled with `keys` in order. */
export function javaHashOrderOfStrings(keys: Iterable<string>): string[] {
  const order = new JavaHashOrder<string>(javaStringHashCode, (s) => s);
  for (const key of keys) order.add(key);
  return order.keys();
}
