import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Fnv1a64, fnv1a64Hex } from '../../../sim/kernel/index.ts';

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('hashes a string as its UTF-8 bytes, as TextEncoder encodes them', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const bytes = new Fnv1a64();
        for (const byte of encoder.encode(text)) bytes.byte(byte);
        expect(fnv1a64Hex(text)).toBe(bytes.hex());
      }),
    );
  });

  it('replaces lone surrogates the way TextEncoder does', () => {
    const encoder = new TextEncoder();
    for (const text of ['\ud800', 'a\udc00b', '\ud83d\ude00', '\ude00\ud83d']) {
      const bytes = new Fnv1a64();
      for (const byte of encoder.encode(text)) bytes.byte(byte);
      expect(fnv1a64Hex(text)).toBe(bytes.hex());
    }
  });

  it('agrees with a BigInt reference implementation', () => {
    const prime = 0x100000001b3n;
    const mask = (1n << 64n) - 1n;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let reference = 0xcbf29ce484222325n;
        const hash = new Fnv1a64();
        for (const byte of bytes) {
          reference = ((reference ^ BigInt(byte)) * prime) & mask;
          hash.byte(byte);
        }
        expect(hash.hex()).toBe(reference.toString(16).padStart(16, '0'));
      }),
    );
  });
});
