import { describe, expect, it } from 'vitest';
import { LogError, MemoryStorage } from '../../../sim/log/index.ts';

const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);

describe('MemoryStorage', () => {
  it('creates, appends, reads, overwrites, truncates, lists and deletes files', () => {
    const s = new MemoryStorage();
    s.create('t-0/a.log');
    s.create('t-0/b.index');
    s.create('t-1/a.log');
    expect(s.append('t-0/a.log', bytes(1, 2, 3))).toBe(0);
    expect(s.append('t-0/a.log', bytes(4, 5))).toBe(3);
    expect(s.size('t-0/a.log')).toBe(5);
    s.write('t-0/a.log', 1, bytes(9, 9));
    expect([...s.read('t-0/a.log', 0, 5)]).toEqual([1, 9, 9, 4, 5]);
    s.truncate('t-0/a.log', 2);
    expect(s.size('t-0/a.log')).toBe(2);
    expect(s.list('t-0')).toEqual(['a.log', 'b.index']);
    s.delete('t-0/b.index');
    expect(s.exists('t-0/b.index')).toBe(false);
    expect(s.list('t-0')).toEqual(['a.log']);
    expect(s.totalSizeBytes()).toBe(2);
  });

  it('reports misuse as KAFKA_STORAGE_ERROR', () => {
    const s = new MemoryStorage();
    s.create('d/f');
    expect(() => s.create('d/f')).toThrow(LogError);
    expect(() => s.read('d/f', 0, 1)).toThrow(expect.objectContaining({ code: 'KAFKA_STORAGE_ERROR' }));
    expect(() => s.write('d/f', 0, bytes(1))).toThrow(LogError);
    expect(() => s.size('d/none')).toThrow(LogError);
  });

  it('returns views that later truncations, overwrites and appends never change', () => {
    const s = new MemoryStorage();
    s.create('d/f');
    s.append('d/f', bytes(1, 2, 3, 4));
    const view = s.read('d/f', 0, 4);
    s.truncate('d/f', 1);
    s.append('d/f', bytes(7, 7, 7));
    expect([...view]).toEqual([1, 2, 3, 4]);
    expect([...s.read('d/f', 0, 4)]).toEqual([1, 7, 7, 7]);
    const second = s.read('d/f', 0, 4);
    s.write('d/f', 0, bytes(5));
    expect([...second]).toEqual([1, 7, 7, 7]);
    // Growth moves the data but keeps old views valid, and appends beyond a view need no copy.
    for (let i = 0; i < 100; i++) s.append('d/f', new Uint8Array(100).fill(i));
    expect([...second]).toEqual([1, 7, 7, 7]);
    expect(s.size('d/f')).toBe(10004);
  });

  it('reads and overwrites across chunk boundaries, keeping each append in one chunk', () => {
    const s = new MemoryStorage();
    s.create('d/f');
    const expected: number[] = [];
    for (let i = 0; i < 50; i++) {
      const part = new Uint8Array(1000 + i).map((_, j) => (i * 7 + j) & 0xff);
      const position = s.append('d/f', part);
      expect(position).toBe(expected.length);
      expected.push(...part);
      // An append reads back as a view of one chunk: no copy on the fetch path.
      const view = s.read('d/f', position, part.length);
      expect(view.byteLength).toBe(part.length);
      expect(view.buffer.byteLength).toBeGreaterThanOrEqual(part.length);
    }
    expect([...s.read('d/f', 0, expected.length)]).toEqual(expected);
    expect([...s.read('d/f', 3500, 9000)]).toEqual(expected.slice(3500, 12500));
    const patch = new Uint8Array(5000).fill(9);
    s.write('d/f', 2000, patch);
    expected.splice(2000, 5000, ...patch);
    expect([...s.read('d/f', 0, expected.length)]).toEqual(expected);
    s.truncate('d/f', 4321);
    s.append('d/f', new Uint8Array([1, 2, 3]));
    expect([...s.read('d/f', 4318, 6)]).toEqual([...expected.slice(4318, 4321), 1, 2, 3]);
  });
});
