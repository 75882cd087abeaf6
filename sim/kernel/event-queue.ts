// The kernel's agenda: a binary min-heap ordered by (timeMs, seq). The sequence number is given
// at push time, so events due at the same instant run in the order they were scheduled — the
// order never depends on how a sort happens to treat ties.
//
// Items are intrusive (they carry their own heap position) so that removing one — a cancelled
// timer, a message lost to a connection reset — is an O(log n) operation on the item itself,
// with no id→item map to maintain on the hot path and no dead entries left behind.
import { KernelError, invalidArgument } from './errors.ts';

/** Position of an item that is not in any queue. */
export const NOT_QUEUED = -1;

export interface QueueItem {
  /** When the item is due; set by push. */
  timeMs: number;
  /** Tie-breaker among items due at the same time; set by push, increasing. */
  seq: number;
  /** Index in the heap array, or NOT_QUEUED; maintained by the queue only. */
  heapIndex: number;
}

export interface EventQueueOptions {
  /** Most items held at once; pushing one more throws QUEUE_FULL. */
  maxSize: number;
  /** Appended to limit errors so they name the run (e.g. "seed 42"). */
  context?: string;
}

export class EventQueue<T extends QueueItem> {
  private readonly heap: T[] = [];
  private nextSeq = 1;
  private readonly maxSize: number;
  private readonly context: string;

  constructor(options: EventQueueOptions) {
    if (!(Number.isSafeInteger(options.maxSize) && options.maxSize > 0)) {
      throw invalidArgument(`event queue maxSize must be a positive integer, got ${options.maxSize}`);
    }
    this.maxSize = options.maxSize;
    this.context = options.context ?? '';
  }

  get size(): number {
    return this.heap.length;
  }

  push(item: T, timeMs: number): void {
    if (item.heapIndex !== NOT_QUEUED) throw invalidArgument('item is already queued');
    if (!Number.isFinite(timeMs)) throw invalidArgument(`event time must be finite, got ${timeMs}`);
    if (this.heap.length >= this.maxSize) {
      const where = this.context ? ` (${this.context})` : '';
      throw new KernelError(
        'QUEUE_FULL',
        `event queue is full: ${this.heap.length} events scheduled, limit ${this.maxSize}${where}`,
      );
    }
    item.timeMs = timeMs;
    item.seq = this.nextSeq++;
    item.heapIndex = this.heap.length;
    this.heap.push(item);
    this.siftUp(item.heapIndex);
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  /** Takes `item` out of the queue; false if it was not queued (already run or removed). */
  remove(item: T): boolean {
    const index = item.heapIndex;
    if (index === NOT_QUEUED || this.heap[index] !== item) return false;
    this.removeAt(index);
    return true;
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const removed = heap[index]!;
    const last = heap.pop()!;
    removed.heapIndex = NOT_QUEUED;
    if (last === removed) return;
    heap[index] = last;
    last.heapIndex = index;
    // The moved item may belong above or below its new place; only one of these moves it.
    this.siftUp(index);
    this.siftDown(last.heapIndex);
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    const item = heap[start]!;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(item, parent)) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = item;
    item.heapIndex = index;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const length = heap.length;
    const item = heap[start]!;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      let childItem = heap[left]!;
      if (right < length) {
        const rightItem = heap[right]!;
        if (before(rightItem, childItem)) {
          child = right;
          childItem = rightItem;
        }
      }
      if (!before(childItem, item)) break;
      heap[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    heap[index] = item;
    item.heapIndex = index;
  }
}

function before(a: QueueItem, b: QueueItem): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}
