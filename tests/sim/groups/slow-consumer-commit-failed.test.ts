// What the application of a member kicked out for exceeding max.poll.interval.ms sees when its slow
// processing ends (Java ConsumerCoordinator): the heartbeat thread only left the group; the
// partitions stay in the subscription until the next poll(), so the commitSync after processing
// is sent for them and fails with CommitFailedException ("the consumer is not part of an active
// group ... it is likely that the consumer was kicked out of the group"); onPartitionsLost runs
// later, inside that next poll(), like every rebalance callback.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulation, TraceEvent } from '../../../sim/index.ts';
import { groupScenario, memberConfig, only, runCollecting, simulate } from './harness.ts';

describe('a member kicked out for a slow poll loop, when its processing ends', () => {
  let sim: Simulation;
  let events: TraceEvent[];
  beforeAll(() => {
    sim = simulate(
      groupScenario({
        seed: 32,
        ratePerSec: 20,
        count: 600,
        consumers: [
          { id: 'rapido', topic: 'pedidos', config: memberConfig(), commit: 'sync-after-processing' },
          { id: 'lento', topic: 'pedidos', startMs: 8_000, config: memberConfig({ 'max.poll.records': 5 }), processing: { perRecordMs: 2_500 }, commit: 'sync-after-processing' },
        ],
      }),
    );
    events = runCollecting(sim, 32_000);
  });

  it('fails its commitSync (CommitFailedException) instead of skipping the commit', () => {
    const expired = only(events, 'poll-timeout-expired').find((e) => e.consumer === 'lento')!;
    const rejoin = only(events, 'group-join-received').find((e) => e.client === 'lento' && e.seq > expired.seq)!;
    const failed = only(events, 'commit-failed').filter((e) => e.consumer === 'lento' && e.seq > expired.seq && e.seq < rejoin.seq);
    expect(failed, 'commit-failed of lento between its poll timeout and its rejoin').toHaveLength(1);
    expect(failed[0]!.offsets).toBeGreaterThan(0);
  });

  it('runs onPartitionsLost in its next poll(), not on the heartbeat thread while the application is busy', () => {
    const expired = only(events, 'poll-timeout-expired').find((e) => e.consumer === 'lento')!;
    const lastPoll = only(events, 'records-consumed').filter((e) => e.node === 'consumer-lento' && e.seq < expired.seq).at(-1)!;
    const lost = only(events, 'partitions-lost').find((e) => e.consumer === 'lento')!;
    // The poll that returned 5 records is followed by 12.5 s of processing: the next poll() comes after that.
    expect(lost.timeMs).toBeGreaterThanOrEqual(lastPoll.timeMs + 12_500);
  });
});
