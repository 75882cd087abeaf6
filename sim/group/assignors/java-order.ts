// The orders Kafka's Java assignors inherit from the JDK, reproduced so that our lists come out in
// the order Kafka's do:
// - String.compareTo: UTF-16 code unit order (JavaScript's < on strings is the same order).
// - java.util.HashMap / HashSet iteration: buckets by ascending index, where the index is
//   (h ^ (h >>> 16)) & (capacity - 1), each bucket a linked list. put appends to the list and
//   resizes after inserting once size > 0.75 * capacity; computeIfAbsent resizes first when size is
//   already past that threshold and pushes the new key at the head of the list. A bin that grows
//   long makes a table smaller than 64 double (treeifyBin). Resizes split each list keeping its
//   order. The capacity starts at 16 (or tableSizeFor(initialCapacity)). Not reproduced: the order
//   inside a bin turned into a red-black tree (8+ colliding keys in a table of 64 or more).
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

interface Node<K> {
  readonly key: K;
  readonly id: string;
  readonly hash: number;
}

/**
 * The iteration order of a java.util.HashMap (or HashSet, which is one) under put, computeIfAbsent
 * and remove. Keys are identified by a string id; only the order is modelled.
 */
export class JavaHashOrder<K> {
  private table: Node<K>[][] = [];
  private readonly ids = new Set<string>();
  private threshold: number;

  constructor(
    private readonly hashOf: (key: K) => number,
    private readonly idOf: (key: K) => string,
    initialCapacity?: number,
  ) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  get size(): number {
    return this.ids.size;
  }

  has(key: K): boolean {
    return this.ids.has(this.idOf(key));
  }

  /** HashMap.put / HashSet.add: a new key goes to the tail of its bin; a present key stays. */
  add(key: K): void {
    const id = this.idOf(key);
    if (this.table.length === 0) this.resize();
    if (this.ids.has(id)) return;
    const node = { key, id, hash: spread(this.hashOf(key)) };
    const bin = this.table[node.hash & (this.table.length - 1)]!;
    const before = bin.length;
    bin.push(node);
    this.ids.add(id);
    // putVal calls treeifyBin when the bin held TREEIFY_THRESHOLD nodes before this one.
    if (before >= TREEIFY_THRESHOLD) this.treeifyBin();
    if (this.ids.size > this.threshold) this.resize();
  }

  /** HashMap.computeIfAbsent: resizes first if already over the threshold; a new key goes to the head. */
  computeIfAbsent(key: K): void {
    if (this.table.length === 0 || this.ids.size > this.threshold) this.resize();
    const id = this.idOf(key);
    if (this.ids.has(id)) return;
    const node = { key, id, hash: spread(this.hashOf(key)) };
    const bin = this.table[node.hash & (this.table.length - 1)]!;
    const before = bin.length;
    bin.unshift(node);
    this.ids.add(id);
    if (before >= TREEIFY_THRESHOLD - 1) this.treeifyBin();
  }

  remove(key: K): void {
    const id = this.idOf(key);
    if (!this.ids.delete(id)) return;
    for (const bin of this.table) {
      const i = bin.findIndex((n) => n.id === id);
      if (i >= 0) {
        bin.splice(i, 1);
        return;
      }
    }
  }

  /** Keys in Java's iteration order. */
  keys(): K[] {
    return this.table.flatMap((bin) => bin.map((n) => n.key));
  }

  /** The key `iterator().next()` returns, if any. */
  first(): K | undefined {
    for (const bin of this.table) if (bin.length > 0) return bin[0]!.key;
    return undefined;
  }

  /** treeifyBin resizes a small table; a large one would turn the bin into a tree (not modelled). */
  private treeifyBin(): void {
    if (this.table.length < MIN_TREEIFY_CAPACITY) this.resize();
  }

  private resize(): void {
    const oldCapacity = this.table.length;
    let capacity: number;
    if (oldCapacity === 0) capacity = this.threshold > 0 ? this.threshold : DEFAULT_CAPACITY;
    else if (oldCapacity < MAX_CAPACITY) capacity = oldCapacity * 2;
    else return;
    const table: Node<K>[][] = Array.from({ length: capacity }, () => []);
    // Each old bin splits into two, nodes keeping their relative order.
    for (const bin of this.table) for (const node of bin) table[node.hash & (capacity - 1)]!.push(node);
    this.table = table;
    this.threshold = Math.floor(capacity * 0.75);
  }
}

function spread(hash: number): number {
  return hash ^ (hash >>> 16);
}

/** Iteration order of a default HashMap<String, ?> / HashSet<String> filled with `keys` in order. */
export function javaHashOrderOfStrings(keys: Iterable<string>): string[] {
  const order = new JavaHashOrder<string>(javaStringHashCode, (s) => s);
  for (const key of keys) order.add(key);
  return order.keys();
}
