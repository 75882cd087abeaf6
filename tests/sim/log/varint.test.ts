import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LogError,
  readUnsignedVarint,
  readVarint,
  readVarlong,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  sizeOfVarlong,
  writeUnsignedVarint,
  writeVarint,
  writeVarlong,
} from '../../../sim/log/index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function encode(write: (b: Uint8Array, p: number, v: number) => number, value: number): Uint8Array {
  const buf = new Uint8Array(16);
  return buf.subarray(0, write(buf, 0, value));
}

// AK ByteUtilsTest vectors (reference §3.3).
const SIGNED: [number, string][] = [
  [0, '00'],
  [-1, '01'],
  [1, '02'],
  [63, '7e'],
  [-64, '7f'],
  [64, '8001'],
  [-65, '8101'],
  [8191, 'fe7f'],
  [-8192, 'ff7f'],
  [8192, '808001'],
  [-8193, '818001'],
  [1048575, 'feff7f'],
  [1048576, '80808001'],
  [134217728, '8080808001'],
  [2147483647, 'feffffff0f'],
  [-2147483648, 'ffffffff0f'],
];
const UNSIGNED: [number, string][] = [
  [0, '00'],
  [-1, 'ffffffff0f'],
  [1, '01'],
  [63, '3f'],
  [-64, 'c0ffffff0f'],
  [64, '40'],
  [8191, 'ff3f'],
  [-8192, '80c0ffff0f'],
  [8192, '8040'],
  [-8193, 'ffbfffff0f'],
  [1048575, 'ffff3f'],
  [1048576, '808040'],
  [2147483647, 'ffffffff07'],
  [-2147483648, '8080808008'],
];

describe('zigzag varint (ByteUtilsTest vectors)', () => {
  it.each(SIGNED)('%d <-> %s', (value, bytes) => {
    expect(hex(encode(writeVarint, value))).toBe(bytes);
    expect(sizeOfVarint(value)).toBe(bytes.length / 2);
    const cursor = { pos: 0 };
    expect(readVarint(unhex(bytes), cursor)).toBe(value);
    expect(cursor.pos).toBe(bytes.length / 2);
  });
  it.each(SIGNED)('varlong gives the same bytes for %d', (value, bytes) => {
    expect(hex(encode(writeVarlong, value))).toBe(bytes);
    expect(sizeOfVarlong(value)).toBe(bytes.length / 2);
    expect(readVarlong(unhex(bytes), { pos: 0 })).toBe(value);
  });
});

describe('unsigned varint (ByteUtilsTest vectors)', () => {
  it.each(UNSIGNED)('%d <-> %s', (value, bytes) => {
    expect(hex(encode(writeUnsignedVarint, value))).toBe(bytes);
    expect(sizeOfUnsignedVarint(value)).toBe(bytes.length / 2);
    expect(readUnsignedVarint(unhex(bytes), { pos: 0 })).toBe(value);
  });
});

describe('varint errors', () => {
  it('rejects a varint whose fifth byte has its high bit set', () => {
    expect(() => readVarint(unhex('ffffffff80'), { pos: 0 })).toThrow(/too long/);
  });
  it('rejects a varlong longer than ten bytes', () => {
    expect(() => readVarlong(unhex('ffffffffffffffffff80'), { pos: 0 })).toThrow(/too long/);
  });
  it('rejects a varint that runs past the end', () => {
    expect(() => readVarint(unhex('80'), { pos: 0 })).toThrow(LogError);
    expect(() => readVarint(unhex('8001'), { pos: 0 }, 1)).toThrow(/runs past/);
  });
  it('reads a varlong beyond 2^53 as a clear error, not a rounded number', () => {
    // zigzag(2^53) = 2^54: groups of 7 bits, 0x80 x7 then 0x40... computed as LEB128 of 2^54.
    const buf = new Uint8Array(16);
    let u = 2n ** 54n;
    let n = 0;
    while (u >= 0x80n) {
      buf[n++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    buf[n++] = Number(u);
    expect(() => readVarlong(buf.subarray(0, n), { pos: 0 })).toThrow(/safe integer/);
    // Long.MIN_VALUE (zigzag all ones) as well.
    expect(() => readVarlong(unhex('ffffffffffffffffff01'), { pos: 0 })).toThrow(/safe integer/);
  });
  it('refuses to write values it cannot represent', () => {
    expect(() => encode(writeVarint, 2 ** 31)).toThrow(LogError);
    expect(() => encode(writeVarlong, 2 ** 53)).toThrow(/safe integer/);
    expect(() => encode(writeVarlong, 0.5)).toThrow(LogError);
  });
});

/** Reference zigzag varlong written with BigInt, independent of the implementation under test. */
function bigVarlong(value: number): string {
  const v = BigInt(value);
  let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  let out = '';
  while (u >= 0x80n) {
    out += (Number(u & 0x7fn) | 0x80).toString(16).padStart(2, '0');
    u >>= 7n;
  }
  return out + Number(u).toString(16).padStart(2, '0');
}

describe('round trips (fast-check)', () => {
  it('varint', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (v) => {
        const bytes = encode(writeVarint, v);
        expect(bytes.length).toBe(sizeOfVarint(v));
        expect(readVarint(bytes, { pos: 0 })).toBe(v);
      }),
    );
  });
  it('varlong over the whole safe range, byte-identical to a 64-bit reference', () => {
    const safe = fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.maxSafeInteger(), fc.maxSafeNat(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 52, -(2 ** 52), 2 ** 31, -(2 ** 31) - 1));
    fc.assert(
      fc.property(fc.oneof(safe, safe.map((v) => 0 - v)), (v) => {
        const bytes = encode(writeVarlong, v);
        expect(hex(bytes)).toBe(bigVarlong(v));
        expect(bytes.length).toBe(sizeOfVarlong(v));
        const cursor = { pos: 0 };
        expect(readVarlong(bytes, cursor)).toBe(v);
        expect(cursor.pos).toBe(bytes.length);
      }),
    );
  });
  it('unsigned varint', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (v) => {
        const bytes = encode(writeUnsignedVarint, v);
        expect(bytes.length).toBe(sizeOfUnsignedVarint(v));
        expect(readUnsignedVarint(bytes, { pos: 0 })).toBe(v);
      }),
    );
  });
});
