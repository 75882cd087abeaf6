import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c, crc32cUpdate } from '../../../sim/log/index.ts';
import { crc32cUpdatePortable } from '../../../sim/log/crc32c.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bit-by-bit CRC-32C, the definition the table-driven version must agree with. */
function bitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('CRC-32C', () => {
  it('matches Kafka Crc32CTest: "Some String" = 608512271', () => {
    expect(crc32c(ascii('Some String'))).toBe(608512271);
  });
  it('matches the standard check value: "123456789" = 0xE3069283', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });
  it('checksums a sub-range and continues across pieces', () => {
    const bytes = ascii('xx123456789yy');
    expect(crc32c(bytes, 2, 11)).toBe(0xe3069283);
    expect(crc32cUpdate(crc32c(bytes, 2, 6), bytes, 6, 11)).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
  it('agrees with the bitwise definition on any bytes and alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(7), (bytes, skip) => {
        const start = Math.min(skip, bytes.length);
        expect(crc32c(bytes, start)).toBe(bitwise(bytes.subarray(start)));
      }),
    );
  });
  it('gives the same result through the byte-order-free path used on big-endian hosts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(7), (bytes, skip) => {
        const start = Math.min(skip, bytes.length);
        expect(crc32cUpdatePortable(0, bytes, start, bytes.length)).toBe(bitwise(bytes.subarray(start)));
      }),
    );
  });

  it('rejects a range outside the buffer', () => {
    expect(() => crc32c(new Uint8Array(4), 0, 5)).toThrow(RangeError);
  });
});
