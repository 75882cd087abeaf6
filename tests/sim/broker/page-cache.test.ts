import { describe, expect, it } from 'vitest';
import { MemoryStorage, DEFAULT_LOG_CONFIG } from '../../../sim/log/index.ts';
import { CachedLog, DIRTY_EXPIRE_MS } from '../../../sim/broker/page-cache.ts';
import { batchOf } from './harness.ts';

const newLog = (segmentMs = DEFAULT_LOG_CONFIG.segmentMs) => new CachedLog('t-0', new MemoryStorage(), { ...DEFAULT_LOG_CONFIG, segmentMs }, 0);

describe('a power loss (no fsync, page cache written back after 30 s)', () => {
  it('loses every append younger than the write-back delay', () => {
    const log = newLog();
    log.appendAsLeader(batchOf(['a', 'b']), 0, 1_000);
    log.appendAsLeader(batchOf(['c']), 0, 5_000);
    expect(log.losePageCache(10_000)).toEqual({ fromOffset: 3, toOffset: 0 });
    expect(log.logEndOffset).toBe(0);
  });

  it('keeps what the kernel wrote back, loses the rest', () => {
    const log = newLog();
    log.appendAsLeader(batchOf(['a', 'b']), 0, 1_000);
    log.appendAsLeader(batchOf(['c']), 0, 1_000 + DIRTY_EXPIRE_MS + 5_000);
    expect(log.durableEndOffset(1_000 + DIRTY_EXPIRE_MS + 6_000)).toBe(2);
    expect(log.losePageCache(1_000 + DIRTY_EXPIRE_MS + 6_000)).toEqual({ fromOffset: 3, toOffset: 2 });
  });

  it('keeps the segments flushed when the next one rolled', () => {
    const log = newLog(1_000);
    log.appendAsLeader(batchOf(['a'], 0), 0, 0);
    log.appendAsLeader(batchOf(['b'], 5_000), 0, 5_000); // segment.ms passed: rolls and flushes [0, 1)
    expect(log.segments()).toHaveLength(2);
    expect(log.losePageCache(6_000)).toEqual({ fromOffset: 2, toOffset: 1 });
  });

  it('loses nothing when everything is on disk, and a process crash never calls this', () => {
    const log = newLog();
    log.appendAsLeader(batchOf(['a']), 0, 0);
    expect(log.losePageCache(DIRTY_EXPIRE_MS + 1)).toBeNull();
    expect(log.logEndOffset).toBe(1);
  });

  it('a truncation lowers what is durable', () => {
    const log = newLog();
    log.appendAsLeader(batchOf(['a', 'b', 'c']), 0, 0);
    expect(log.durableEndOffset(DIRTY_EXPIRE_MS)).toBe(3);
    log.truncateTo(1);
    expect(log.durableEndOffset(DIRTY_EXPIRE_MS)).toBe(1);
  });
});
