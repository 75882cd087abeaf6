// Losing the active controller: crash, partition, heal, restart.
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUORUM_CONFIG } from '../../../../sim/controller/quorum/index.ts';
import { QuorumRun } from './harness.ts';

const topic = (name: string, topicId: number) => ({ type: 'Topic' as const, name, topicId });

function electedRun(voters: number, seed: number, preVote = true): QuorumRun {
  const run = new QuorumRun(voters, { seed, config: { preVote }, jitterMs: 3 });
  run.runUntilTrue(() => run.leader() !== undefined, 10_000);
  run.runFor(2000);
  return run;
}

describe('failover', () => {
  // A follower notices after controller.quorum.fetch.timeout.ms; an election (and a failed one,
  // with its backoff) fits in the rest.
  const { fetchTimeoutMs, electionTimeoutMs, electionBackoffMaxMs } = DEFAULT_QUORUM_CONFIG;
  const boundMs = fetchTimeoutMs + 2 * electionTimeoutMs + electionBackoffMaxMs;

  for (const voters of [3, 5]) {
    for (const preVote of [true, false]) {
      it(`elects another leader within ${boundMs} ms when the leader of ${voters} crashes (${preVote ? '4.0' : '3.9'}), keeping every committed record`, () => {
        for (let seed = 1; seed <= 8; seed++) {
          const run = electedRun(voters, seed, preVote);
          const old = run.leader()!;
          const proposal = old.propose([topic('orders', 1)]);
          if (!proposal.ok) throw new Error('leader refused');
          run.runUntilTrue(() => old.highWatermark > proposal.lastOffset, 2000);
          const committed = [...run.checker.committed];
          run.crash(old.id);
          const crashedAt = run.kernel.nowMs;
          const at = run.runUntilTrue(() => run.leader() !== undefined, boundMs);
          expect(at, `seed ${seed}`).not.toBeNull();
          const leader = run.leader()!;
          expect(leader.election.epoch).toBeGreaterThan(old.election.epoch);
          expect(at! - crashedAt).toBeGreaterThan(fetchTimeoutMs - DEFAULT_QUORUM_CONFIG.fetchMaxWaitMs);
          for (const record of committed) expect(leader.metadataLog.recordAt(record.offset)).toBe(record);
          // The new leader commits too, after its own LeaderChange.
          const next = leader.propose([topic('payments', 2)]);
          if (!next.ok) throw new Error('new leader refused');
          expect(run.runUntilTrue(() => leader.highWatermark > next.lastOffset, 2000)).not.toBeNull();
        }
      });
    }
  }

  for (const preVote of [true, false]) {
    it(`a leader cut off in a minority cannot commit, resigns, and on heal steps down and truncates its uncommitted tail (${preVote ? '4.0' : '3.9'})`, () => {
      const run = electedRun(5, 11, preVote);
      const old = run.leader()!;
      const buddy = run.nodes.find((n) => n !== old)!;
      const minority = [old.id, buddy.id];
      const majority = run.nodes.filter((n) => !minority.includes(n.id));
      run.kernel.network.partition(minority, majority.map((n) => n.id));
      const cutAt = run.kernel.nowMs;
      const hwAtCut = old.highWatermark;
      const lost = old.propose([topic('lost', 7)]);
      if (!lost.ok) throw new Error('leader refused');
      run.runFor(200);
      expect(buddy.metadataLog.endOffset).toBeGreaterThan(lost.lastOffset);

      // Check-quorum: no fetches from a majority for 1.5 × fetch timeout, and it resigns. (The window
      // counts distinct voters since it last closed, so the buddy's fetch just after the cut may
      // close one more: up to a long-poll later.)
      const resignedAt = run.runUntilTrue(() => old.role !== 'leader', 10_000);
      expect(resignedAt! - cutAt).toBeLessThanOrEqual(1.5 * fetchTimeoutMs + DEFAULT_QUORUM_CONFIG.fetchMaxWaitMs);
      expect(run.events('controller-resigned')).toMatchObject([{ node: old.id, epoch: old.election.epoch, reason: 'check-quorum' }]);
      expect(old.highWatermark).toBe(hwAtCut);

      // The majority elects a leader of a later epoch and commits without the minority.
      run.runUntilTrue(() => run.leaders().some((n) => majority.includes(n)), 10_000);
      const leader = run.leaders().find((n) => majority.includes(n))!;
      expect(leader.election.epoch).toBeGreaterThan(old.election.epoch);
      const kept = leader.propose([topic('kept', 8)]);
      if (!kept.ok) throw new Error('new leader refused');
      run.runFor(3000);
      expect(leader.highWatermark).toBeGreaterThan(kept.lastOffset);

      run.kernel.network.heal();
      // Committed past both records: the checker has compared their logs with the committed history there.
      const caughtUp = () => [old, buddy].every((n) => n.role === 'follower' && n.highWatermark > Math.max(lost.lastOffset, kept.lastOffset));
      expect(run.runUntilTrue(caughtUp, 15_000)).not.toBeNull();
      const current = run.leader()!;
      expect(old.describe()).toMatchObject({ role: 'follower', leaderId: current.nodeId, epoch: current.election.epoch });
      const truncations = run.events('metadata-truncated').filter((e) => e.replica === old.nodeId || e.replica === buddy.nodeId);
      expect(truncations.length).toBeGreaterThan(0);
      for (const e of truncations) expect(e.toOffset as number).toBeLessThanOrEqual(lost.baseOffset);
      // The uncommitted record is gone everywhere; the committed one is everywhere.
      for (const node of run.nodes) {
        const log = node.metadataLog.slice(0, node.metadataLog.endOffset);
        expect(log.some((r) => r.type === 'Topic' && r.name === 'lost')).toBe(false);
        expect(log.some((r) => r.type === 'Topic' && r.name === 'kept')).toBe(true);
      }
    });
  }

  it('a leader that restarts comes back resigned in its epoch and a new leader is elected at once', () => {
    const run = electedRun(3, 6);
    const old = run.leader()!;
    const epoch = old.election.epoch;
    run.crash(old.id);
    run.runFor(100);
    run.restart(old.id);
    expect(old.describe()).toMatchObject({ role: 'resigned', epoch, leaderId: old.nodeId });
    expect(run.events('controller-resigned').at(-1)).toMatchObject({ node: old.id, reason: 'restarted-as-leader' });
    // EndQuorumEpoch without preferred successors: the followers stand without waiting for their fetch timeout.
    const at = run.runUntilTrue(() => run.leader() !== undefined, 5000);
    expect(at! - run.kernel.nowMs).toBeLessThanOrEqual(0);
    expect(run.leader()!.election.epoch).toBeGreaterThan(epoch);
    run.runFor(3000);
    expect(old.describe()).toMatchObject({ role: run.leader() === old ? 'leader' : 'follower' });
  });
});
