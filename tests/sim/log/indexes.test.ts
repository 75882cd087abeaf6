import { describe, expect, it } from 'vitest';
import { LogError, MemoryStorage, OffsetIndex, TimeIndex } from '../../../sim/log/index.ts';

function fileHex(s: MemoryStorage, path: string): string {
  return Buffer.from(s.read(path, 0, s.size(path))).toString('hex');
}

describe('OffsetIndex', () => {
  it('stores 8-byte entries (relative offset, position) and looks up the greatest entry <= target', () => {
    const s = new MemoryStorage();
    const index = new OffsetIndex(s, 'd/00000000000000000100.index', 100, 80);
    expect(index.maxEntries).toBe(10);
    expect(index.lookup(150)).toEqual({ offset: 100, position: 0 });
    index.append(105, 400);
    index.append(110, 900);
    index.append(120, 1500);
    expect(fileHex(s, index.path)).toBe('00000005' + '00000190' + '0000000a' + '00000384' + '00000014' + '000005dc');
    expect(index.lookup(104)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(105)).toEqual({ offset: 105, position: 400 });
    expect(index.lookup(119)).toEqual({ offset: 110, position: 900 });
    expect(index.lookup(10_000)).toEqual({ offset: 120, position: 1500 });
    expect(index.lastOffset()).toBe(120);
  });

  it('refuses offsets that do not increase, and appends past maxEntries', () => {
    const index = new OffsetIndex(new MemoryStorage(), 'd/x.index', 0, 20); // 2 entries (20 rounded down to 16)
    index.append(5, 10);
    expect(() => index.append(5, 20)).toThrow(expect.objectContaining({ exception: 'InvalidOffsetException' }));
    index.append(6, 20);
    expect(index.isFull()).toBe(true);
    expect(() => index.append(7, 30)).toThrow(LogError);
  });

  it('truncates entries at or above an offset, in the file too', () => {
    const s = new MemoryStorage();
    const index = new OffsetIndex(s, 'd/x.index', 0, 1000);
    for (const o of [10, 20, 30]) index.append(o, o * 10);
    index.truncateTo(25);
    expect(index.entries).toBe(2);
    index.truncateTo(20);
    expect(index.entries).toBe(1);
    expect(s.size(index.path)).toBe(8);
    index.truncateTo(0);
    expect(index.entries).toBe(0);
  });
});

describe('TimeIndex', () => {
  it('stores 12-byte entries (timestamp, relative offset), only for larger timestamps', () => {
    const s = new MemoryStorage();
    const index = new TimeIndex(s, 'd/00000000000000000100.timeindex', 100, 120);
    expect(index.maxEntries).toBe(10);
    expect(index.lastEntry()).toEqual({ timestamp: -1, offset: 100 });
    index.maybeAppend(1000, 103);
    index.maybeAppend(1000, 105); // same timestamp: ignored
    index.maybeAppend(2000, 108);
    expect(index.entries).toBe(2);
    expect(fileHex(s, index.path)).toBe('00000000000003e8' + '00000003' + '00000000000007d0' + '00000008');
    expect(() => index.maybeAppend(1500, 110)).toThrow(expect.objectContaining({ exception: 'IllegalStateException' }));
    expect(() => index.maybeAppend(3000, 107)).toThrow(expect.objectContaining({ exception: 'InvalidOffsetException' }));
  });

  it('looks up the greatest timestamp <= target, or (NO_TIMESTAMP, baseOffset)', () => {
    const index = new TimeIndex(new MemoryStorage(), 'd/x.timeindex', 0, 1200);
    index.maybeAppend(100, 5);
    index.maybeAppend(200, 9);
    expect(index.lookup(99)).toEqual({ timestamp: -1, offset: 0 });
    expect(index.lookup(150)).toEqual({ timestamp: 100, offset: 5 });
    expect(index.lookup(500)).toEqual({ timestamp: 200, offset: 9 });
  });

  it('counts as full one entry early, keeping a slot for the roll entry', () => {
    const index = new TimeIndex(new MemoryStorage(), 'd/x.timeindex', 0, 36); // 3 entries
    index.maybeAppend(1, 1);
    expect(index.isFull()).toBe(false);
    index.maybeAppend(2, 2);
    expect(index.isFull()).toBe(true);
    expect(() => index.maybeAppend(3, 3)).toThrow(LogError);
    index.maybeAppend(3, 3, true);
    expect(index.entries).toBe(3);
  });

  it('truncates by offset', () => {
    const index = new TimeIndex(new MemoryStorage(), 'd/x.timeindex', 0, 1200);
    index.maybeAppend(100, 5);
    index.maybeAppend(200, 9);
    index.truncateTo(9);
    expect(index.entries).toBe(1);
    index.truncateTo(6);
    expect(index.entries).toBe(1);
    index.truncateTo(5);
    expect(index.entries).toBe(0);
  });
});
