// Leader election in the KRaft quorum: timeouts, one leader per epoch, the vote rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../../../../sim/kernel/index.ts';
import type { Actor, ActorContext, NodeId } from '../../../../sim/kernel/types.ts';
import {
  binaryExponentialElectionBackoffMs,
  canGrantVote,
  EpochElection,
  randomElectionTimeoutMs,
  strictExponentialElectionBackoffMs,
  type VoterView,
} from '../../../../sim/controller/quorum/election.ts';
import type { VoteRequest, VoteResponse } from '../../../../sim/controller/quorum/messages.ts';
import { QuorumRun } from './harness.ts';

describe('election rules', () => {
  const view = (over: Partial<VoterView>): VoterView => ({ role: 'unattached', selfId: 1, leaderId: null, votedFor: null, hasFetchedFromLeader: false, ...over });

  it('grants one binding vote per epoch, and only to an up-to-date log', () => {
    expect(canGrantVote(view({}), 2, true, false)).toBe(true);
    expect(canGrantVote(view({}), 2, false, false)).toBe(false);
    expect(canGrantVote(view({ votedFor: 2 }), 2, true, false)).toBe(true);
    expect(canGrantVote(view({ votedFor: 3 }), 2, true, false)).toBe(false);
    expect(canGrantVote(view({ leaderId: 3 }), 2, true, false)).toBe(false);
    expect(canGrantVote(view({ role: 'candidate', votedFor: 1 }), 2, true, false)).toBe(false);
    expect(canGrantVote(view({ role: 'leader', leaderId: 1 }), 2, true, false)).toBe(false);
    expect(canGrantVote(view({ role: 'resigned', leaderId: 1 }), 2, true, false)).toBe(false);
  });

  it('answers pre-votes on the logs alone, except a leader and a follower that hears its leader (KIP-996)', () => {
    expect(canGrantVote(view({ votedFor: 3 }), 2, true, true)).toBe(true);
    expect(canGrantVote(view({ role: 'prospective', leaderId: 3 }), 2, true, true)).toBe(true);
    expect(canGrantVote(view({ role: 'candidate' }), 2, true, true)).toBe(true);
    expect(canGrantVote(view({ role: 'candidate' }), 2, false, true)).toBe(false);
    expect(canGrantVote(view({ role: 'follower', leaderId: 3, hasFetchedFromLeader: false }), 2, true, true)).toBe(true);
    expect(canGrantVote(view({ role: 'follower', leaderId: 3, hasFetchedFromLeader: true }), 2, true, true)).toBe(false);
    expect(canGrantVote(view({ role: 'leader', leaderId: 1 }), 2, true, true)).toBe(false);
  });

  it('counts a majority and sees when it can no longer be reached', () => {
    const election = new EpochElection([1, 2, 3, 4, 5], 1);
    election.recordGranted(2);
    expect(election.isGranted()).toBe(false);
    election.recordRejected(3);
    election.recordRejected(4);
    expect(election.isRejected()).toBe(false);
    election.recordRejected(5);
    expect(election.isRejected()).toBe(true);
    expect(election.grantingVoters()).toEqual([1, 2]);
  });

  it('draws election timeouts in [timeout, 2 × timeout) and backoffs as Kafka does', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), (seed, retries) => {
        const random = createRandom(seed);
        const timeout = randomElectionTimeoutMs(random, 1000);
        const backoff = binaryExponentialElectionBackoffMs(random, retries, 1000);
        return timeout >= 1000 && timeout < 2000 && Number.isInteger(timeout) && backoff % 100 === 0 && backoff <= 1000 && (retries > 1 || backoff <= 100);
      }),
    );
    // Three voters, two successors: the first stands at once, the second after 1000 >> 1.
    expect([0, 1, 2].map((p) => strictExponentialElectionBackoffMs(p, 2, 1000))).toEqual([0, 500, 1000]);
    expect([0, 1, 2, 3, 4].map((p) => strictExponentialElectionBackoffMs(p, 4, 1000))).toEqual([0, 125, 250, 500, 1000]);
  });
});

describe('leader election', () => {
  it('elects a single voter at once', () => {
    const run = new QuorumRun(1);
    expect(run.node(1).describe()).toMatchObject({ role: 'leader', epoch: 1, leaderId: 1, votedFor: 1, logEndOffset: 1, highWatermark: 1 });
    expect(run.events('controller-elected')).toMatchObject([{ epoch: 1, leader: 1, votes: [1] }]);
    expect(run.node(1).metadataLog.recordAt(0)).toMatchObject({ type: 'LeaderChange', leaderId: 1, offset: 0, epoch: 1 });
  });

  for (const voters of [3, 5]) {
    for (const preVote of [true, false]) {
      it(`elects exactly one leader among ${voters} voters (${preVote ? '4.0, pre-vote' : '3.9'}), never two in an epoch`, () => {
        for (let seed = 1; seed <= 10; seed++) {
          const run = new QuorumRun(voters, { seed, config: { preVote }, jitterMs: 3 });
          const electedAt = run.runUntilTrue(() => run.leaders().length === 1 && run.nodes.every((n) => n.election.leaderId === run.leader()!.nodeId), 10_000);
          expect(electedAt, `seed ${seed}`).not.toBeNull();
          // Election timeouts are drawn in [1000, 2000): the first one expires in that window.
          expect(electedAt!).toBeGreaterThanOrEqual(1000);
          run.runFor(5000);
          expect(run.leaders()).toHaveLength(1);
          const epoch = run.leader()!.election.epoch;
          for (const node of run.nodes) expect(node.describe(), `seed ${seed}`).toMatchObject({ epoch, leaderId: run.leader()!.nodeId });
        }
      });
    }
  }

  it('with pre-vote, a voter isolated for a while does not bump the epoch nor disrupt the leader when it returns', () => {
    const run = new QuorumRun(5, { seed: 4 });
    run.runUntilTrue(() => run.leader() !== undefined, 5000);
    run.runFor(1000);
    const leader = run.leader()!;
    const isolated = run.nodes.find((n) => n !== leader)!;
    const others = run.nodes.filter((n) => n !== isolated).map((n) => n.id);
    const epoch = leader.election.epoch;
    run.kernel.network.partition([isolated.id], others);
    run.runFor(10_000);
    expect(isolated.election.epoch).toBe(epoch);
    expect(run.events('controller-prevote-started').some((e) => e.node === isolated.id)).toBe(true);
    run.kernel.network.heal();
    run.runFor(5000);
    expect(run.leader()).toBe(leader);
    expect(leader.election.epoch).toBe(epoch);
    expect(isolated.describe()).toMatchObject({ role: 'follower', leaderId: leader.nodeId, epoch });
  });

  it('without pre-vote (3.9), the returning voter forces a new election with its inflated epoch but cannot win it with its stale log', () => {
    const run = new QuorumRun(5, { seed: 4, config: { preVote: false } });
    run.runUntilTrue(() => run.leader() !== undefined, 5000);
    const leader = run.leader()!;
    const isolated = run.nodes.find((n) => n !== leader)!;
    run.kernel.network.partition([isolated.id], run.nodes.filter((n) => n !== isolated).map((n) => n.id));
    run.runFor(10_000);
    // Alone, it stood again and again; each failed election backed off before the next.
    expect(isolated.election.epoch).toBeGreaterThan(leader.election.epoch + 2);
    const backoffs = run.events('controller-election-backoff').filter((e) => e.node === isolated.id);
    expect(backoffs.length).toBeGreaterThan(0);
    expect(backoffs.every((e) => (e.backoffMs as number) <= 1000)).toBe(true);
    const inflated = isolated.election.epoch;
    run.kernel.network.heal();
    run.runUntilTrue(() => run.leader() !== undefined && run.leader()!.election.epoch > inflated, 10_000);
    expect(run.leader()).not.toBe(isolated);
    const rejections = run.events('controller-vote-cast').filter((e) => e.candidate === isolated.nodeId && e.granted === false && e.reason === 'log-behind');
    expect(rejections.length).toBeGreaterThan(0);
  });
});

/** Sends raw Vote requests to a voter and keeps its answers. */
class VoteProbe implements Actor {
  readonly id: NodeId = 'probe';
  readonly answers: VoteResponse[] = [];
  private ctx!: ActorContext;
  private next = 1;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }

  vote(to: NodeId, fields: Omit<VoteRequest, 'kind' | 'api' | 'correlationId'>): void {
    const request: VoteRequest = { kind: 'quorum-request', api: 'Vote', correlationId: this.next++, ...fields };
    this.ctx.send(to, request);
  }

  onMessage(_from: NodeId, message: unknown): void {
    this.answers.push(message as VoteResponse);
  }

  onTimer(): void {}
}

describe('voting', () => {
  it('a voter does not vote for a candidate whose log is less up to date, and votes once per epoch', () => {
    const run = new QuorumRun(3, { seed: 2 });
    const probe = new VoteProbe();
    run.kernel.addActor(probe);
    run.runUntilTrue(() => run.leader() !== undefined, 5000);
    run.runFor(2000);
    const leader = run.leader()!;
    const voter = run.nodes.find((n) => n !== leader)!;
    const candidate = run.nodes.find((n) => n !== leader && n !== voter)!;
    const epoch = leader.election.epoch + 1;
    const end = voter.metadataLog.endOffset;
    const lastEpoch = voter.metadataLog.lastFetchedEpoch;

    // Shorter log, same last epoch: refused. The voter still joins the higher epoch.
    probe.vote(voter.id, { replicaEpoch: epoch, replicaId: candidate.nodeId, lastOffsetEpoch: lastEpoch, lastOffset: end - 1, preVote: false });
    run.runFor(20);
    expect(probe.answers.at(-1)).toMatchObject({ voteGranted: false, leaderEpoch: epoch, error: 'NONE' });
    expect(voter.describe()).toMatchObject({ epoch, role: 'unattached', votedFor: null });
    expect(run.events('controller-vote-cast').at(-1)).toMatchObject({ voter: voter.nodeId, candidate: candidate.nodeId, granted: false, reason: 'log-behind' });

    // An older last epoch loses even with a longer log.
    probe.vote(voter.id, { replicaEpoch: epoch, replicaId: candidate.nodeId, lastOffsetEpoch: lastEpoch - 1, lastOffset: end + 100, preVote: false });
    run.runFor(20);
    expect(probe.answers.at(-1)).toMatchObject({ voteGranted: false });

    // As long, same epoch: granted, and written down.
    probe.vote(voter.id, { replicaEpoch: epoch, replicaId: candidate.nodeId, lastOffsetEpoch: lastEpoch, lastOffset: end, preVote: false });
    run.runFor(20);
    expect(probe.answers.at(-1)).toMatchObject({ voteGranted: true });
    expect(voter.describe()).toMatchObject({ epoch, votedFor: candidate.nodeId });

    // A second candidate in the same epoch, even with a longer log: already voted.
    probe.vote(voter.id, { replicaEpoch: epoch, replicaId: leader.nodeId, lastOffsetEpoch: lastEpoch, lastOffset: end + 5, preVote: false });
    run.runFor(20);
    expect(probe.answers.at(-1)).toMatchObject({ voteGranted: false });
    expect(run.events('controller-vote-cast').at(-1)).toMatchObject({ reason: 'already-voted' });

    // A request from an older epoch is fenced.
    probe.vote(voter.id, { replicaEpoch: epoch - 1, replicaId: leader.nodeId, lastOffsetEpoch: 0, lastOffset: 0, preVote: false });
    run.runFor(20);
    expect(probe.answers.at(-1)).toMatchObject({ voteGranted: false, error: 'FENCED_LEADER_EPOCH', leaderEpoch: epoch });
  });
});
