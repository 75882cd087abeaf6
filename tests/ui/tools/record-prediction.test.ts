import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../sim/clients/murmur2.ts';
import { predictPartition, recordLimitBytes, recordSizeBytes } from '../../../src/ui/tools/record-prediction.ts';

describe('predictPartition', () => {
  it('shows murmur2, toPositive and the modulo, and agrees with the producer’s partitioner', () => {
    for (const key of ['cliente-1', 'a', '', 'chave com acentuação', 'x'.repeat(100)]) {
      for (const partitions of [1, 3, 6, 50]) {
        const p = predictPartition(key, partitions);
        if (p.kind !== 'keyed') throw new Error('expected a keyed prediction');
        expect(p.partition).toBe(partitionForKey(key, partitions));
        expect(p.positive).toBe(p.hash & 0x7fffffff);
        expect(p.partition).toBe(p.positive % partitions);
      }
    }
  });

  it('Kafka’s reference values: murmur2("21") = -973932308 (clients’ UtilsTest)', () => {
    const p = predictPartition('21', 3);
    expect(p).toMatchObject({ kind: 'keyed', hash: -973932308, keyBytes: 2 });
  });

  it('a null key goes to the sticky partitioner; an unknown topic has no prediction', () => {
    expect(predictPartition(null, 3)).toEqual({ kind: 'sticky' });
    expect(predictPartition('k', 0)).toEqual({ kind: 'unknown-topic' });
  });

  it('counts the key in UTF-8 bytes', () => {
    expect(predictPartition('ç', 3)).toMatchObject({ keyBytes: 2 });
  });
});

describe('record size limits', () => {
  it('grows with key, value and headers', () => {
    const small = recordSizeBytes('k', 'v', []);
    expect(recordSizeBytes('k', 'v'.repeat(1000), [])).toBe(small + 999);
    expect(recordSizeBytes('k', 'v', [{ key: 'h', value: 'x' }])).toBeGreaterThan(small);
  });
  it('the limit is the smaller of max.request.size and the topic’s max.message.bytes', () => {
    expect(recordLimitBytes(undefined, undefined)).toBe(1_048_576);
    expect(recordLimitBytes(2_000_000, { 'max.message.bytes': '1000' })).toBe(1000);
    expect(recordLimitBytes(500, { 'max.message.bytes': '1000' })).toBe(500);
    expect(recordSizeBytes('k', 'v'.repeat(1_048_576), [])).toBeGreaterThan(recordLimitBytes(undefined, undefined));
  });
});
