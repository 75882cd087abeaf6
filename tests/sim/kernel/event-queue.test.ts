import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, KernelError, NOT_QUEUED, type QueueItem } from '../../../sim/kernel/index.ts';

class Item implements QueueItem {
  timeMs = 0;
  seq = 0;
  heapIndex = NOT_QUEUED;
  constructor(readonly label: number) {}
}

function drain(queue: EventQueue<Item>): Item[] {
  const out: Item[] = [];
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) out.push(item);
  return out;
}

describe('EventQueue', () => {
  it('runs items due at the same time in the order they were pushed', () => {
    const queue = new EventQueue<Item>({ maxSize: 100 });
    for (let i = 0; i < 50; i++) queue.push(new Item(i), 5);
    expect(drain(queue).map((item) => item.label)).toEqual([...Array(50).keys()]);
  });

  it('orders by time first, then by push order', () => {
    const queue = new EventQueue<Item>({ maxSize: 100 });
    const times = [3, 1, 2, 1, 3, 0.5, 2];
    times.forEach((time, label) => queue.push(new Item(label), time));
    expect(drain(queue).map((item) => item.label)).toEqual([5, 1, 3, 2, 6, 0, 4]);
  });

  it('pops what a stable sort by time would give, whatever is pushed and removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), remove: fc.boolean() }), { maxLength: 200 }),
        (specs) => {
          const queue = new EventQueue<Item>({ maxSize: 1000 });
          const items = specs.map((spec, label) => {
            const item = new Item(label);
            queue.push(item, spec.time);
            return item;
          });
          items.forEach((item, label) => {
            if (specs[label]!.remove) expect(queue.remove(item)).toBe(true);
          });
          const expected = specs
            .map((spec, label) => ({ ...spec, label }))
            .filter((spec) => !spec.remove)
            .sort((a, b) => a.time - b.time || a.label - b.label)
            .map((spec) => spec.label);
          expect(queue.size).toBe(expected.length);
          expect(drain(queue).map((item) => item.label)).toEqual(expected);
        },
      ),
    );
  });

  it('keeps order when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 10 })), { maxLength: 300 }), (ops) => {
        const queue = new EventQueue<Item>({ maxSize: 1000 });
        let label = 0;
        let last: Item | undefined;
        let floor = 0;
        for (const op of ops) {
          if (op === null) {
            const item = queue.pop();
            if (item === undefined) continue;
            if (last !== undefined && item.timeMs === last.timeMs) expect(item.seq).toBeGreaterThan(last.seq);
            last = item;
            floor = item.timeMs;
          } else {
            // Like the kernel, never schedule before the time already reached.
            queue.push(new Item(label++), floor + op);
          }
        }
        const rest = drain(queue);
        for (let i = 1; i < rest.length; i++) {
          const [a, b] = [rest[i - 1]!, rest[i]!];
          expect(a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq)).toBe(true);
        }
      }),
    );
  });

  it('removes an item only once and refuses to queue one twice', () => {
    const queue = new EventQueue<Item>({ maxSize: 10 });
    const item = new Item(1);
    queue.push(item, 1);
    expect(() => queue.push(item, 2)).toThrow(/already queued/);
    expect(queue.remove(item)).toBe(true);
    expect(queue.remove(item)).toBe(false);
    expect(item.heapIndex).toBe(NOT_QUEUED);
    queue.push(item, 3);
    expect(queue.pop()).toBe(item);
    expect(queue.remove(item)).toBe(false);
  });

  it('throws a clear error past its size limit, naming the run', () => {
    const queue = new EventQueue<Item>({ maxSize: 3, context: 'seed 7' });
    for (let i = 0; i < 3; i++) queue.push(new Item(i), i);
    const error = captureError(() => queue.push(new Item(3), 3));
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).code).toBe('QUEUE_FULL');
    expect((error as KernelError).message).toMatch(/limit 3.*seed 7/);
    queue.pop();
    queue.push(new Item(4), 4);
  });

  it('refuses times that are not finite', () => {
    const queue = new EventQueue<Item>({ maxSize: 3 });
    expect(() => queue.push(new Item(0), Number.NaN)).toThrow(KernelError);
    expect(() => queue.push(new Item(0), Infinity)).toThrow(KernelError);
  });
});

function captureError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
