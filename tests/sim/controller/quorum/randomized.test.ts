// Random faults against the quorum: crashes, restarts, partitions, lossy links and proposals at
// random times, with Raft's safety properties checked after every kernel step (QuorumChecker):
// one leader per epoch, one committed history everywhere, committed offsets never going back.
// After the faults everything is healed and restarted, and the quorum must make progress again.
//
// A failing case prints its scenario; replay it alone with
//   QUORUM_SCENARIO='<the JSON>' npx vitest run --project unit tests/sim/controller/quorum/randomized.test.ts
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NodeId } from '../../../../sim/kernel/types.ts';
import { QuorumRun } from './harness.ts';

interface Fault {
  atMs: number;
  kind: 'crash' | 'restart' | 'partition' | 'heal' | 'lossy' | 'propose';
  target: number;
  /** partition: bit i puts node i on side A; lossy: the second end. */
  mask: number;
}

interface Scenario {
  seed: number;
  voters: 3 | 5;
  preVote: boolean;
  observer: boolean;
  faults: Fault[];
}

const FAULTS_UNTIL_MS = 30_000;
const SETTLE_MS = 20_000;

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  voters: fc.constantFrom(3 as const, 5 as const),
  preVote: fc.boolean(),
  observer: fc.boolean(),
  faults: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: FAULTS_UNTIL_MS }),
      kind: fc.constantFrom('crash', 'restart', 'partition', 'heal', 'lossy', 'propose', 'propose') as fc.Arbitrary<Fault['kind']>,
      target: fc.nat(15),
      mask: fc.nat(63),
    }),
    { maxLength: 30 },
  ),
});

/** Plays a scenario; the harness throws at the first broken invariant. Returns the run. */
function play(scenario: Scenario): QuorumRun {
  const run = new QuorumRun(scenario.voters, {
    seed: scenario.seed,
    config: { preVote: scenario.preVote },
    observers: scenario.observer ? [101] : [],
    jitterMs: 4,
    traceLimit: 0,
  });
  const { kernel } = run;
  const ids: NodeId[] = kernel.nodeIds();
  const lossy = new Set<string>();
  let topicId = 1;
  for (const fault of [...scenario.faults].sort((a, b) => a.atMs - b.atMs)) {
    kernel.scheduleAt(fault.atMs, () => {
      const target = ids[fault.target % ids.length]!;
      switch (fault.kind) {
        case 'crash':
          if (kernel.isUp(target)) kernel.crash(target);
          break;
        case 'restart':
          if (!kernel.isUp(target)) run.restart(target);
          break;
        case 'partition': {
          const sideA = ids.filter((_, i) => (fault.mask >> i) & 1);
          const sideB = ids.filter((id) => !sideA.includes(id));
          if (sideA.length > 0 && sideB.length > 0) kernel.network.partition(sideA, sideB);
          break;
        }
        case 'heal':
          kernel.network.heal();
          break;
        case 'lossy': {
          const other = ids[fault.mask % ids.length]!;
          if (other !== target) {
            kernel.network.dropRate(target, other, 0.3);
            lossy.add(`${target}\u0000${other}`);
          }
          break;
        }
        case 'propose': {
          const leader = run.leader();
          leader?.propose([{ type: 'Topic', name: `t${topicId}`, topicId: topicId++ }]);
          break;
        }
      }
    });
  }
  run.runUntil(FAULTS_UNTIL_MS);

  // Heal everything and bring everyone back: the quorum must elect a leader and commit again.
  kernel.network.heal();
  for (const pair of lossy) {
    const [a, b] = pair.split('\u0000') as [NodeId, NodeId];
    kernel.network.dropRate(a, b, 0);
  }
  for (const id of ids) if (!kernel.isUp(id)) run.restart(id);
  run.runUntilTrue(() => run.leader() !== undefined && run.nodes.every((n) => n.election.leaderId === run.leader()!.nodeId), SETTLE_MS);
  const leader = run.leader();
  if (leader === undefined) throw new Error(`no leader ${SETTLE_MS} ms after healing: ${JSON.stringify(run.nodes.map((n) => n.describe()))}`);
  const last = leader.propose([{ type: 'Topic', name: 'final', topicId: 0 }]);
  if (!last.ok) throw new Error('the settled leader refused a proposal');
  const everywhere = () => run.replicas().every((r) => r.highWatermark > last.lastOffset);
  if (run.runUntilTrue(everywhere, 10_000) === null) {
    throw new Error(`the final proposal did not commit everywhere: ${JSON.stringify(run.replicas().map((r) => [r.name, r.highWatermark]))}`);
  }
  return run;
}

function describeFailure(scenario: Scenario, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\nscenario: ${JSON.stringify(scenario)}\nreplay: QUORUM_SCENARIO='${JSON.stringify(scenario)}' npx vitest run --project unit tests/sim/controller/quorum/randomized.test.ts`);
}

describe('quorum under random faults', () => {
  const replay = process.env.QUORUM_SCENARIO;
  if (replay !== undefined) {
    it('replays QUORUM_SCENARIO', () => {
      play(JSON.parse(replay) as Scenario);
    });
    return;
  }

  it('keeps one leader per epoch, one committed history, and committed offsets that never go back (60 scenarios)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        try {
          play(scenario);
        } catch (error) {
          throw describeFailure(scenario, error);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('is deterministic: the same scenario gives the same trace hash, another seed another', () => {
    const scenario: Scenario = {
      seed: 42,
      voters: 5,
      preVote: true,
      observer: true,
      faults: [
        { atMs: 4000, kind: 'partition', target: 0, mask: 0b000011 },
        { atMs: 6000, kind: 'propose', target: 0, mask: 0 },
        { atMs: 9000, kind: 'heal', target: 0, mask: 0 },
        { atMs: 12_000, kind: 'crash', target: 2, mask: 0 },
        { atMs: 15_000, kind: 'lossy', target: 1, mask: 3 },
        { atMs: 20_000, kind: 'restart', target: 2, mask: 0 },
      ],
    };
    const first = play(scenario).kernel.trace.hash();
    expect(play(scenario).kernel.trace.hash()).toBe(first);
    expect(play({ ...scenario, seed: 43 }).kernel.trace.hash()).not.toBe(first);
  });
});
