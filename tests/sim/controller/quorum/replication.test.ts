// The replicated metadata log: appends on the active controller, replication by follower fetches,
// commit by majority, delivery in order.
import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../../../sim/controller/quorum/index.ts';
import { QuorumRun } from './harness.ts';

function electedRun(voters: number, seed = 1, observers: number[] = []): QuorumRun {
  const run = new QuorumRun(voters, { seed, observers });
  run.runUntilTrue(() => run.leader() !== undefined, 10_000);
  run.runFor(1000);
  return run;
}

const topic = (name: string, topicId: number) => ({ type: 'Topic' as const, name, topicId });

describe('metadata log replication', () => {
  it('commits proposals once a majority has them and delivers the same records in the same order on every node', () => {
    const run = electedRun(3);
    const leader = run.leader()!;
    const first = leader.propose([topic('orders', 1), { type: 'Partition', topicId: 1, partitionId: 0, replicas: [1, 2], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 0 }]);
    run.runFor(10);
    const second = leader.propose([topic('payments', 2)]);
    expect(first).toMatchObject({ ok: true, epoch: leader.election.epoch, lastOffset: first.ok ? first.baseOffset + 1 : -1 });
    expect(second).toMatchObject({ ok: true, baseOffset: first.ok ? first.lastOffset + 1 : -1 });
    run.runFor(2000);

    const committed = run.checker.committed;
    const names = committed.filter((r): r is Extract<MetadataRecord, { type: 'Topic' }> => r.type === 'Topic').map((r) => r.name);
    expect(names).toEqual(['orders', 'payments']);
    for (const node of run.nodes) {
      const delivered = run.delivered.get(node.id)!;
      expect(delivered.length).toBeGreaterThan(second.ok ? second.lastOffset : Infinity);
      expect(delivered).toEqual(committed.slice(0, delivered.length));
      expect(delivered.map((r) => r.offset)).toEqual(delivered.map((_, i) => i));
    }
    expect(run.events('metadata-committed').every((e) => e.node === leader.id)).toBe(true);
  });

  it('does not commit without a majority, and commits as soon as one is back', () => {
    const run = electedRun(5, 3);
    const leader = run.leader()!;
    const followers = run.nodes.filter((n) => n !== leader);
    for (const follower of followers.slice(0, 3)) run.crash(follower.id);
    const proposal = leader.propose([topic('orders', 1)]);
    if (!proposal.ok) throw new Error('leader refused');
    run.runFor(2000);
    // Appended on the leader and on the one follower left: two of five is no majority.
    expect(leader.metadataLog.endOffset).toBeGreaterThan(proposal.lastOffset);
    expect(followers[3]!.metadataLog.endOffset).toBeGreaterThan(proposal.lastOffset);
    expect(leader.highWatermark).toBeLessThanOrEqual(proposal.baseOffset);
    // One follower back (it resumes as follower of the same leader and fetches at once): three of five.
    run.restart(followers[0]!.id);
    const committedAt = run.runUntilTrue(() => leader.highWatermark > proposal.lastOffset, 1000);
    expect(committedAt).not.toBeNull();
    expect(leader.role).toBe('leader');
  });

  it('starts every epoch with a LeaderChange record and writes a NoOp every metadata.max.idle.interval.ms', () => {
    const run = electedRun(3, 5);
    const leader = run.leader()!;
    const epoch = leader.election.epoch;
    const start = leader.metadataLog.epochHistory().find((e) => e.epoch === epoch)!.offset;
    expect(leader.metadataLog.recordAt(start)).toMatchObject({ type: 'LeaderChange', leaderId: leader.nodeId, voters: [1, 2, 3], offset: start, epoch });
    const before = run.kernel.nowMs;
    run.runFor(5000);
    const noops = run.events('metadata-appended').filter((e) => (e.timeMs as number) > before && (e.records as string[]).includes('NoOp'));
    expect(noops.length).toBe(10);
    const gaps = noops.slice(1).map((e, i) => (e.timeMs as number) - (noops[i]!.timeMs as number));
    expect(new Set(gaps)).toEqual(new Set([500]));
  });

  it('lets proposals linger for controller.quorum.append.linger.ms, then appends them as one batch', () => {
    const run = new QuorumRun(3, { seed: 2, config: { metadataMaxIdleIntervalMs: 0 } });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    run.runFor(1000);
    const leader = run.leader()!;
    const at = run.kernel.nowMs;
    leader.propose([topic('a', 1)]);
    run.runFor(10);
    leader.propose([topic('b', 2)]);
    run.runFor(100);
    const appended = run.events('metadata-appended').filter((e) => (e.timeMs as number) >= at);
    expect(appended).toMatchObject([{ timeMs: at + 25, records: ['Topic', 'Topic'] }]);
  });

  it("shows the leader's view of each voter's progress (DescribeQuorum)", () => {
    const run = electedRun(3);
    const leader = run.leader()!;
    run.runFor(1000);
    const quorum = leader.describeQuorum()!;
    expect(quorum).toMatchObject({ leaderId: leader.nodeId, leaderEpoch: leader.election.epoch, highWatermark: leader.highWatermark, observers: [] });
    expect(quorum.voters.map((v) => v.replicaId)).toEqual([1, 2, 3]);
    for (const voter of quorum.voters) expect(voter.logEndOffset).toBeGreaterThanOrEqual(leader.highWatermark);
    expect(run.nodes.find((n) => n !== leader)!.describeQuorum()).toBeNull();
  });

  it('answers NOT_CONTROLLER on a node that is not the active controller', () => {
    const run = electedRun(3);
    const leader = run.leader()!;
    const follower = run.nodes.find((n) => n !== leader)!;
    expect(follower.propose([topic('x', 9)])).toEqual({ ok: false, error: 'NOT_CONTROLLER', leaderId: leader.nodeId, epoch: leader.election.epoch });
  });

  it('hands a restarted node the committed log again from offset 0', () => {
    const run = electedRun(3);
    const leader = run.leader()!;
    leader.propose([topic('orders', 1)]);
    run.runFor(2000);
    const follower = run.nodes.find((n) => n !== leader)!;
    run.crash(follower.id);
    run.runFor(500);
    run.restart(follower.id);
    expect(run.delivered.get(follower.id)).toEqual([]);
    run.runFor(2000);
    const delivered = run.delivered.get(follower.id)!;
    expect(delivered.some((r) => r.type === 'Topic')).toBe(true);
    expect(delivered).toEqual(run.checker.committed.slice(0, delivered.length));
  });
});
