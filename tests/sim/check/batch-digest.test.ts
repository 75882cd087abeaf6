import { describe, expect, it } from 'vitest';
import { digestBatches, firstDivergence, type BatchDigest } from '../../../sim/check/index.ts';
import { decodeRecordBatches } from '../../../sim/log/index.ts';
import { batch, concat } from './helpers.ts';

const d = (baseOffset: number, lastOffset: number, crc: number, leaderEpoch = 0): BatchDigest => ({ baseOffset, lastOffset, leaderEpoch, crc });

describe('batch digests', () => {
  it('reads offsets, leader epoch and CRC from the batch headers, across chunks', () => {
    const a = batch(0, ['p#0', 'p#1'], { epoch: 3 });
    const b = batch(2, ['p#2'], { epoch: 4 });
    const c = batch(3, ['p#3', 'p#4', 'p#5'], { epoch: 4 });
    const digests = digestBatches([concat([a, b]), c]);
    const decoded = decodeRecordBatches(concat([a, b, c]));
    expect(digests).toEqual(decoded.map((x) => ({ baseOffset: x.baseOffset, lastOffset: x.baseOffset + x.lastOffsetDelta, leaderEpoch: x.partitionLeaderEpoch, crc: x.crc })));
    expect(digestBatches(new Uint8Array(0))).toEqual([]);
  });

  it('finds the first batch below the bound where a replica differs from the leader', () => {
    const leader = [d(0, 1, 10), d(2, 4, 11), d(5, 5, 12)];
    expect(firstDivergence(leader, leader, 6)).toBeNull();
    expect(firstDivergence(leader, [d(0, 1, 10), d(2, 4, 99)], 6)).toEqual({ offset: 2, leader: d(2, 4, 11), replica: d(2, 4, 99) });
    // Same bytes written by another leader epoch: a divergence the CRC alone would miss.
    expect(firstDivergence(leader, [d(0, 1, 10, 1)], 2)?.offset).toBe(0);
    // A replica that lacks a batch the leader has below the bound.
    expect(firstDivergence(leader, [d(0, 1, 10)], 5)).toEqual({ offset: 2, leader: d(2, 4, 11), replica: null });
  });

  it('compares only below the bound and only what both still hold', () => {
    const leader = [d(0, 1, 10), d(2, 4, 11), d(5, 5, 12)];
    expect(firstDivergence(leader, [d(0, 1, 10), d(2, 4, 11), d(5, 5, 77)], 5)).toBeNull();
    expect(firstDivergence(leader, [d(2, 4, 11)], 5)).toBeNull(); // the replica's retention removed batch 0..1
    expect(firstDivergence([d(5, 5, 12)], [d(2, 4, 11), d(5, 5, 12)], 6)).toBeNull(); // and the leader's removed more
    expect(firstDivergence([], [], 10)).toBeNull();
  });
});
