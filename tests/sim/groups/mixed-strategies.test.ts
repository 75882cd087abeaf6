// Members listing different partition.assignment.strategy values: the coordinator picks the one
// every member supports (cooperative-sticky here), while a member whose list also holds an eager
// assignor (range) follows the eager protocol and revokes everything before it joins. Its
// JoinGroup then owns nothing (Kafka's ConsumerCoordinator clears the assignment first), so
// CooperativeStickyAssignor hands every partition out in the same round: none is withheld waiting
// for a revocation that an eager member never announces.
import { describe, expect, it } from 'vitest';
import { expectEachPartitionOwnedOnce, groupOf, groupScenario, memberConfig, simulate } from './harness.ts';

describe('a classic group whose members list different assignors', () => {
  it('assigns every partition once after an eager member and a cooperative one meet', () => {
    const sim = simulate(
      groupScenario({
        seed: 3,
        consumers: [
          { id: 'c1', topic: 'pedidos', config: memberConfig({ 'partition.assignment.strategy': ['range', 'cooperative-sticky'] }) },
          { id: 'c2', topic: 'pedidos', startMs: 5_000, config: memberConfig({ 'partition.assignment.strategy': ['cooperative-sticky'] }) },
        ],
      }),
    );
    sim.runUntil(20_000);
    const group = groupOf(sim);
    expect(group.state).toBe('Stable');
    const owners = expectEachPartitionOwnedOnce(group, 3);
    expect(new Set(owners.values())).toEqual(new Set(['c1', 'c2']));
  });
});
