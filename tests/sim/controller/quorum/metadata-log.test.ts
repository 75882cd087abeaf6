// The replica log's epoch bookkeeping: end offsets per epoch, fetch validation, truncation.
import { describe, expect, it } from 'vitest';
import { MetadataLog } from '../../../../sim/controller/quorum/metadata-log.ts';
import { QuorumFailure } from '../../../../sim/controller/quorum/errors.ts';
import type { MetadataRecord } from '../../../../sim/controller/quorum/records.ts';

/** A log whose records carry these epochs, one record each. */
function logOf(epochs: number[]): MetadataLog {
  const log = new MetadataLog('test', 1000);
  log.append(epochs.map((epoch, offset): MetadataRecord => ({ type: 'NoOp', offset, epoch })));
  return log;
}

describe('metadata log', () => {
  // offsets: 0 1 2 | 3 4 | 5      epochs: 1 1 1 | 3 3 | 4
  const log = logOf([1, 1, 1, 3, 3, 4]);

  it('keeps the start offset of each epoch, like the leader-epoch checkpoint', () => {
    expect(log.epochHistory()).toEqual([
      { epoch: 1, offset: 0 },
      { epoch: 3, offset: 3 },
      { epoch: 4, offset: 5 },
    ]);
    expect(log.endOffsetAndEpoch()).toEqual({ offset: 6, epoch: 4 });
  });

  it('answers the end of an epoch with the largest epoch not above it', () => {
    expect(log.endOffsetForEpoch(1)).toEqual({ epoch: 1, offset: 3 });
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 1, offset: 3 });
    expect(log.endOffsetForEpoch(3)).toEqual({ epoch: 3, offset: 5 });
    expect(log.endOffsetForEpoch(4)).toEqual({ epoch: 4, offset: 6 });
    expect(log.endOffsetForEpoch(9)).toEqual({ epoch: 4, offset: 6 });
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, offset: 0 });
    expect(new MetadataLog('empty', 10).endOffsetForEpoch(5)).toEqual({ epoch: 0, offset: 0 });
  });

  it('accepts a fetcher whose log is a prefix and points a diverging one to where the epochs part', () => {
    expect(log.validateOffsetAndEpoch(0, 0)).toEqual({ valid: true });
    expect(log.validateOffsetAndEpoch(3, 1)).toEqual({ valid: true });
    expect(log.validateOffsetAndEpoch(6, 4)).toEqual({ valid: true });
    // Wrote epoch 2 at offsets 3.. that this log never had: truncate to the end of epoch 1.
    expect(log.validateOffsetAndEpoch(5, 2)).toEqual({ valid: false, diverging: { epoch: 1, offset: 3 } });
    // Has more of epoch 3 than this log.
    expect(log.validateOffsetAndEpoch(7, 3)).toEqual({ valid: false, diverging: { epoch: 3, offset: 5 } });
    // Ahead of the leader in its own epoch.
    expect(log.validateOffsetAndEpoch(8, 4)).toEqual({ valid: false, diverging: { epoch: 4, offset: 6 } });
  });

  it('truncates a divergent follower to the last offset both logs agree on, then lets it catch up', () => {
    // The stale leader of epoch 2 wrote offsets 3..6.
    const follower = logOf([1, 1, 1, 2, 2, 2, 2]);
    const diverging = log.validateOffsetAndEpoch(follower.endOffset, follower.lastFetchedEpoch);
    if (diverging.valid) throw new Error('expected divergence');
    expect(follower.truncateToEndOffset(diverging.diverging)).toBe(3);
    expect(follower.endOffsetAndEpoch()).toEqual({ offset: 3, epoch: 1 });
    expect(log.validateOffsetAndEpoch(follower.endOffset, follower.lastFetchedEpoch)).toEqual({ valid: true });
    follower.append(log.slice(3, 6));
    expect(follower.epochHistory()).toEqual(log.epochHistory());
  });

  it('refuses appends out of place and past its limit', () => {
    const small = logOf([1, 1]);
    expect(() => small.append([{ type: 'NoOp', offset: 5, epoch: 1 }])).toThrow(QuorumFailure);
    expect(() => small.append([{ type: 'NoOp', offset: 2, epoch: 0 }])).toThrow(/epoch 0/);
    const tiny = new MetadataLog('tiny', 2);
    tiny.append([{ type: 'NoOp', offset: 0, epoch: 1 }, { type: 'NoOp', offset: 1, epoch: 1 }]);
    expect(() => tiny.append([{ type: 'NoOp', offset: 2, epoch: 1 }])).toThrow(expect.objectContaining({ code: 'LOG_FULL' }));
  });
});
