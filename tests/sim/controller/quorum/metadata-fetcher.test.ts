// Brokers as observers of the metadata quorum, through the MetadataFetcher a broker actor embeds.
import { describe, expect, it } from 'vitest';
import { QuorumRun } from './harness.ts';

const topic = (name: string, topicId: number) => ({ type: 'Topic' as const, name, topicId });

describe('MetadataFetcher (observer)', () => {
  it('finds the leader by asking any voter, then receives the committed records in order', () => {
    const run = new QuorumRun(3, { seed: 5, observers: [101, 102] });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    const leader = run.leader()!;
    const proposal = leader.propose([topic('orders', 1), topic('payments', 2)]);
    if (!proposal.ok) throw new Error('leader refused');
    run.runFor(2000);
    for (const broker of run.brokers) {
      expect(broker.fetcher.describe()).toMatchObject({ role: 'follower', leaderId: leader.nodeId, epoch: leader.election.epoch });
      expect(broker.fetcher.highWatermark).toBeGreaterThan(proposal.lastOffset);
      expect(broker.delivered).toEqual(run.checker.committed.slice(0, broker.delivered.length));
      expect(broker.delivered.filter((r) => r.type === 'Topic').map((r) => (r as { name: string }).name)).toEqual(['orders', 'payments']);
      expect(broker.otherMessages).toEqual([]);
    }
    expect(run.events('metadata-fetcher-leader-found').map((e) => e.node).sort()).toEqual(['broker-101', 'broker-102']);
    expect(run.events('controller-vote-cast').every((e) => (e.voter as number) <= 3)).toBe(true);
    expect(leader.describeQuorum()!.observers.map((o) => o.node).sort()).toEqual(['broker-101', 'broker-102']);
  });

  it('does not count towards the majority: with the followers down, fetching observers commit nothing', () => {
    const run = new QuorumRun(3, { seed: 6, observers: [101, 102, 103] });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    run.runFor(1000);
    const leader = run.leader()!;
    for (const follower of run.nodes.filter((n) => n !== leader)) run.crash(follower.id);
    const hw = leader.highWatermark;
    const proposal = leader.propose([topic('orders', 1)]);
    if (!proposal.ok) throw new Error('leader refused');
    run.runFor(2000);
    for (const broker of run.brokers) expect(broker.fetcher.metadataLog.endOffset).toBeGreaterThan(proposal.lastOffset);
    expect(leader.highWatermark).toBe(hw);
    for (const broker of run.brokers) expect(broker.fetcher.highWatermark).toBeLessThanOrEqual(hw);
  });

  it('follows a new leader after the old one crashes', () => {
    const run = new QuorumRun(3, { seed: 8, observers: [101] });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    run.runFor(1000);
    const old = run.leader()!;
    run.crash(old.id);
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    const leader = run.leader()!;
    const proposal = leader.propose([topic('after-failover', 3)]);
    if (!proposal.ok) throw new Error('leader refused');
    const broker = run.brokers[0]!;
    expect(run.runUntilTrue(() => broker.fetcher.highWatermark > proposal.lastOffset, 5000)).not.toBeNull();
    expect(broker.fetcher.describe()).toMatchObject({ leaderId: leader.nodeId, epoch: leader.election.epoch });
  });

  it('truncates what a deposed leader never committed and keeps the one committed history', () => {
    const run = new QuorumRun(3, { seed: 9, observers: [101] });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    run.runFor(1000);
    const old = run.leader()!;
    const broker = run.brokers[0]!;
    const others = run.nodes.filter((n) => n !== old).map((n) => n.id);
    // The broker stays with the old leader, which goes on appending (NoOps, a topic) that never commit.
    run.kernel.network.partition([old.id, broker.id], others);
    old.propose([topic('never', 4)]);
    run.runFor(1500);
    expect(broker.fetcher.metadataLog.endOffset).toBeGreaterThan(broker.fetcher.highWatermark);
    run.runUntilTrue(() => run.leaders().some((n) => n !== old), 10_000);
    run.runFor(2000);
    run.kernel.network.heal();
    const leader = run.leaders().find((n) => n !== old)!;
    expect(run.runUntilTrue(() => broker.fetcher.describe().leaderId === leader.nodeId && broker.fetcher.highWatermark >= leader.highWatermark, 10_000)).not.toBeNull();
    expect(run.events('metadata-truncated').some((e) => e.node === broker.id)).toBe(true);
    const log = broker.fetcher.metadataLog.slice(0, broker.fetcher.metadataLog.endOffset);
    expect(log.some((r) => r.type === 'Topic' && r.name === 'never')).toBe(false);
    expect(broker.delivered).toEqual(run.checker.committed.slice(0, broker.delivered.length));
  });

  it('starts over from offset 0 when its broker restarts, keeping its log', () => {
    const run = new QuorumRun(3, { seed: 10, observers: [101] });
    run.runUntilTrue(() => run.leader() !== undefined, 10_000);
    run.runFor(2000);
    const broker = run.brokers[0]!;
    const endBefore = broker.fetcher.metadataLog.endOffset;
    run.crash(broker.id);
    run.runFor(1000);
    run.restart(broker.id);
    expect(broker.delivered).toEqual([]);
    expect(broker.fetcher.metadataLog.endOffset).toBe(endBefore);
    run.runFor(1500);
    expect(broker.delivered.length).toBeGreaterThan(endBefore);
    expect(broker.delivered).toEqual(run.checker.committed.slice(0, broker.delivered.length));
  });
});
