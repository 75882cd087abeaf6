import { describe, expect, it } from 'vitest';
import { LeaderEpochCache, MemoryStorage, PartitionLog } from '../../../sim/log/index.ts';
import { config, producerBatch } from './helpers.ts';

const checkpointText = (storage: MemoryStorage, dir: string): string =>
  new TextDecoder().decode(storage.read(`${dir}/leader-epoch-checkpoint`, 0, storage.size(`${dir}/leader-epoch-checkpoint`)));

describe('LeaderEpochCache (LeaderEpochFileCache)', () => {
  it('keeps epochs and start offsets increasing, in the checkpoint text format', () => {
    const storage = new MemoryStorage();
    const cache = new LeaderEpochCache(storage, 'd');
    expect(checkpointText(storage, 'd')).toBe('0\n0\n');
    cache.assign(1, 0);
    cache.assign(1, 5); // same epoch, later offset: nothing to record
    cache.assign(3, 10);
    expect(cache.list()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 3, startOffset: 10 }]);
    expect(checkpointText(storage, 'd')).toBe('0\n2\n1 0\n3 10\n');
    // An entry that breaks monotonicity removes the entries it contradicts.
    cache.assign(2, 8);
    expect(cache.list()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 8 }]);
    expect(() => cache.assign(-1, 3)).toThrow(expect.objectContaining({ exception: 'IllegalArgumentException' }));
  });

  it('answers end offsets for epochs like OffsetsForLeaderEpoch', () => {
    const cache = new LeaderEpochCache(new MemoryStorage(), 'd');
    cache.assign(2, 10);
    cache.assign(4, 20);
    cache.assign(7, 35);
    expect(cache.endOffsetFor(7, 50)).toEqual({ epoch: 7, endOffset: 50 }); // latest: the LEO
    expect(cache.endOffsetFor(4, 50)).toEqual({ epoch: 4, endOffset: 35 });
    expect(cache.endOffsetFor(5, 50)).toEqual({ epoch: 4, endOffset: 35 }); // unknown: the largest epoch below it
    expect(cache.endOffsetFor(1, 50)).toEqual({ epoch: 1, endOffset: 10 }); // older than all: where the first starts
    expect(cache.endOffsetFor(8, 50)).toEqual({ epoch: -1, endOffset: -1 });
    expect(cache.endOffsetFor(-1, 50)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('truncates from the end and from the start', () => {
    const cache = new LeaderEpochCache(new MemoryStorage(), 'd');
    cache.assign(2, 10);
    cache.assign(4, 20);
    cache.assign(7, 35);
    cache.truncateFromEnd(20);
    expect(cache.list()).toEqual([{ epoch: 2, startOffset: 10 }]);
    cache.assign(4, 20);
    cache.truncateFromStart(25);
    expect(cache.list()).toEqual([{ epoch: 4, startOffset: 25 }]);
  });
});

describe('PartitionLog leader epochs', () => {
  it('records the epoch of leader appends and of replicated batches', () => {
    const storage = new MemoryStorage();
    const leader = new PartitionLog('t-0', storage, config(), 0);
    leader.appendAsLeader(producerBatch({ count: 2 }), 1, 0);
    leader.appendAsLeader(producerBatch({ count: 2 }), 1, 0);
    leader.appendAsLeader(producerBatch({ count: 3 }), 4, 0);
    expect(leader.leaderEpochs()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 4, startOffset: 4 }]);
    expect(leader.latestEpoch()).toBe(4);
    expect(leader.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 4 });
    expect(leader.endOffsetForEpoch(4)).toEqual({ epoch: 4, endOffset: 7 });

    const follower = new PartitionLog('t-0', new MemoryStorage(), config(), 0);
    follower.appendAsFollower(leader.read(0, 1 << 20, 7).records, 0);
    expect(follower.leaderEpochs()).toEqual(leader.leaderEpochs());
  });

  it('follows truncation, the log start offset and a full restart', () => {
    const log = new PartitionLog('t-0', new MemoryStorage(), config(), 0);
    log.appendAsLeader(producerBatch({ count: 2 }), 1, 0);
    log.appendAsLeader(producerBatch({ count: 2 }), 2, 0);
    log.appendAsLeader(producerBatch({ count: 2 }), 3, 0);
    log.truncateTo(4);
    expect(log.leaderEpochs()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 2 }]);
    log.assignEpochStartOffset(5, 4); // a new leader at its LEO
    log.truncateTo(10); // beyond the LEO: only the epoch cache is trimmed at the LEO
    expect(log.leaderEpochs().at(-1)).toEqual({ epoch: 2, startOffset: 2 });
    log.maybeIncrementLogStartOffset(3, 4);
    expect(log.leaderEpochs()).toEqual([{ epoch: 2, startOffset: 3 }]);
    log.truncateFullyAndStartAt(50);
    expect(log.leaderEpochs()).toEqual([]);
  });

  it('is rebuilt from the batches when the log is reopened', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config({ segmentBytes: 300 }), 0);
    for (const epoch of [0, 0, 2, 2, 5]) log.appendAsLeader(producerBatch({ count: 2 }), epoch, 0);
    const reopened = new PartitionLog('t-0', storage, config({ segmentBytes: 300 }), 0);
    expect(reopened.leaderEpochs()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 4 }, { epoch: 5, startOffset: 8 }]);
    expect(checkpointText(storage, 't-0')).toBe('0\n3\n0 0\n2 4\n5 8\n');
  });

  it('removes its checkpoint with the log', () => {
    const storage = new MemoryStorage();
    const log = new PartitionLog('t-0', storage, config(), 0);
    log.appendAsLeader(producerBatch(), 0, 0);
    log.deleteAll();
    expect(storage.list('t-0')).toEqual([]);
  });
});
