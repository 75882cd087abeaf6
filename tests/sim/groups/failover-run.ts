// The coordinator-failover run shared by the tests of what Kafka keeps and what its members do.
import type { GroupOffsetSnapshot, Simulation, TraceEvent } from '../../../sim/index.ts';
import { groupOf, groupScenario, memberConfig, runCollecting, simulate } from './harness.ts';

export const CRASH_MS = 11_000;

/** Three brokers, two members committing after processing; the coordinator is crashed at CRASH_MS. */
export function failoverRun(untilMs: number): { sim: Simulation; events: TraceEvent[]; coordinator: number; committedBefore: GroupOffsetSnapshot[] } {
  const sim = simulate(
    groupScenario({
      seed: 51,
      brokers: 3,
      ratePerSec: 15,
      count: 600,
      consumers: ['c1', 'c2'].map((id) => ({ id, topic: 'pedidos', config: memberConfig(), commit: 'sync-after-processing' as const })),
    }),
  );
  const first = runCollecting(sim, CRASH_MS);
  const group = groupOf(sim);
  const coordinator = group.coordinator;
  const committedBefore = group.offsets;
  const result = sim.apply({ type: 'crash-broker', broker: coordinator });
  if (!result.ok) throw new Error(`crash-broker ${coordinator}: ${result.message}`);
  const rest = runCollecting(sim, untilMs).filter((e) => e.seq > first.at(-1)!.seq);
  return { sim, events: [...first, ...rest], coordinator, committedBefore };
}
