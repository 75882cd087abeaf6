import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { murmur2, partitionForKey, toPositive } from '../../../sim/clients/murmur2.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('murmur2', () => {
  it('matches Kafka UtilsTest.testMurmur2', () => {
    expect(murmur2(ascii('21'))).toBe(-973932308);
    expect(murmur2(ascii('foobar'))).toBe(-790332482);
    expect(murmur2(ascii('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(ascii('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(ascii('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(new Uint8Array([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  it("matches kafkajs's Java-compatible murmur2 spec vectors", () => {
    const vectors: [string, number][] = [
      ['0', 971027396], ['1', -1993445489], ['128', -326012175], ['2187', -1508407203],
      ['16384', -325739742], ['78125', -1654490814], ['279936', 1462227128],
      ['823543', -2014198330], ['2097152', 607668903], ['4782969', -1182699775],
      ['10000000', -1830336757], ['19487171', -1603849305], ['35831808', -857013643],
      ['62748517', -1167431028], ['105413504', -381294639], ['170859375', -1658323481],
      ['100:48069', 1009543857],
    ];
    for (const [key, hash] of vectors) expect(murmur2(ascii(key)), key).toBe(hash);
  });

  it('hashes the empty (non-null) key', () => {
    expect(murmur2(new Uint8Array(0))).toBe(275646681);
  });

  it('always returns a signed 32-bit integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = murmur2(bytes);
        return Number.isInteger(h) && h >= -2147483648 && h <= 2147483647;
      }),
    );
  });
});

describe('partitionForKey', () => {
  // key → [murmur2, partition for 1, 2, 3, 4, 6, 10, 12, 50 partitions] (kafka-reference §2.2)
  const table: [string, number, number[]][] = [
    ['', 275646681, [0, 1, 0, 1, 3, 1, 9, 31]],
    ['a', -1563381124, [0, 0, 1, 0, 4, 4, 4, 24]],
    ['abc', 479470107, [0, 1, 0, 3, 3, 7, 3, 7]],
    ['key1', 28543940, [0, 0, 2, 0, 2, 0, 8, 40]],
    ['key2', 1674751211, [0, 1, 2, 3, 5, 1, 11, 11]],
    ['key3', -1745673403, [0, 1, 1, 1, 1, 5, 1, 45]],
    ['user-42', 1459644460, [0, 0, 1, 0, 4, 0, 4, 10]],
    ['order-1001', 297523878, [0, 0, 0, 2, 0, 8, 6, 28]],
    ['foobar', -790332482, [0, 0, 0, 2, 0, 6, 6, 16]],
    ['hello', 2132663229, [0, 1, 0, 1, 3, 9, 9, 29]],
    ['0', 971027396, [0, 0, 2, 0, 2, 6, 8, 46]],
    ['1', -1993445489, [0, 1, 0, 3, 3, 9, 3, 9]],
    ['21', -973932308, [0, 0, 0, 0, 0, 0, 0, 40]],
    ['kafka', -798503068, [0, 0, 1, 0, 4, 0, 4, 30]],
    ['test-key', -1341026247, [0, 1, 2, 1, 5, 1, 5, 1]],
    ['🚀', 761778625, [0, 1, 1, 1, 1, 5, 1, 25]],
  ];
  const counts = [1, 2, 3, 4, 6, 10, 12, 50];

  it.each(table)('key %j goes where Kafka sends it', (key, hash, partitions) => {
    expect(murmur2(ascii(key))).toBe(hash);
    counts.forEach((n, i) => expect(partitionForKey(key, n), `${n} partitions`).toBe(partitions[i]));
  });

  it('treats a string key as its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 1000 }), (key, n) =>
        partitionForKey(key, n) === partitionForKey(ascii(key), n)),
    );
  });

  it('toPositive clears the sign bit rather than negating', () => {
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  it('rejects a partition count below one', () => {
    expect(() => partitionForKey('a', 0)).toThrow(RangeError);
  });
});
