import { describe, expect, test } from 'vitest';
import { partitionRanges, replicaDetail, REPLICA_CELLS_MAX, REPLICA_ROWS_MAX } from '../../../src/ui/cluster/lod.ts';

describe('level of detail', () => {
  test('rows while few replicas, cells up to the cap, counts beyond', () => {
    expect(replicaDetail(0)).toBe('rows');
    expect(replicaDetail(REPLICA_ROWS_MAX)).toBe('rows');
    expect(replicaDetail(REPLICA_ROWS_MAX + 1)).toBe('cells');
    expect(replicaDetail(REPLICA_CELLS_MAX)).toBe('cells');
    expect(replicaDetail(REPLICA_CELLS_MAX + 1)).toBe('counts');
  });
  test('partition ranges name every partition exactly once', () => {
    expect(partitionRanges([])).toBe('');
    expect(partitionRanges([3])).toBe('3');
    expect(partitionRanges([5, 0, 1, 2, 3, 7, 8, 3])).toBe('0–3, 5, 7–8');
  });
});
