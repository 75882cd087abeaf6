// The group state machines (Kafka's valid transitions) and the KIP-848 reconciliation of one member
// towards its target assignment (CurrentAssignmentBuilder): revoke first, then the new epoch and
// the new partitions, withholding those another member still holds.
import { describe, expect, it } from 'vitest';
import { MachineState, classicGroupMachine, type ClassicGroupEvent, type ClassicGroupState } from '../../../../sim/broker/group/group-state-machines.ts';
import { ConsumerGroup, tpKey, type ConsumerGroupMember } from '../../../../sim/broker/group/consumer-group.ts';

describe('classic group state machine', () => {
  it("follows Kafka's valid previous states", () => {
    const state = new MachineState<ClassicGroupState, ClassicGroupEvent>(classicGroupMachine);
    expect(state.value).toBe('Empty');
    expect(state.send({ type: 'PREPARE_REBALANCE' })).toBe('PreparingRebalance');
    expect(state.send({ type: 'COMPLETE_JOIN' })).toBe('CompletingRebalance');
    expect(state.send({ type: 'PREPARE_REBALANCE' })).toBe('PreparingRebalance');
    expect(state.send({ type: 'COMPLETE_JOIN' })).toBe('CompletingRebalance');
    expect(state.send({ type: 'ASSIGNMENT_STORED' })).toBe('Stable');
    expect(state.send({ type: 'PREPARE_REBALANCE' })).toBe('PreparingRebalance');
    expect(state.send({ type: 'BECOME_EMPTY' })).toBe('Empty');
    expect(state.send({ type: 'DIE' })).toBe('Dead');
  });

  it('refuses a transition Kafka does not allow, as an engine error, and stays where it was', () => {
    const state = new MachineState<ClassicGroupState, ClassicGroupEvent>(classicGroupMachine);
    expect(() => state.send({ type: 'ASSIGNMENT_STORED' })).toThrow(/not valid in state Empty/);
    expect(state.can({ type: 'COMPLETE_JOIN' })).toBe(false);
    expect(state.value).toBe('Empty');
    const stable = new MachineState<ClassicGroupState, ClassicGroupEvent>(classicGroupMachine, 'Stable');
    expect(() => stable.send({ type: 'BECOME_EMPTY' })).toThrow();
  });
});

function member(id: string, assigned: string[] = [], epoch = 0): ConsumerGroupMember {
  return {
    memberId: id,
    instanceId: null,
    clientId: id,
    clientNode: `consumer-${id}`,
    memberEpoch: epoch,
    previousMemberEpoch: epoch,
    state: 'STABLE',
    rebalanceTimeoutMs: 300_000,
    subscribedTopics: ['t'],
    serverAssignor: null,
    assigned: new Set(assigned),
    pendingRevocation: new Set(),
    sessionTimer: null,
    rebalanceTimer: null,
  };
}

const p = (n: number) => tpKey('t', n);

describe('KIP-848 reconciliation', () => {
  function twoMembers() {
    const group = new ConsumerGroup('g');
    const a = member('a', [p(0), p(1), p(2)], 1);
    group.members.set('a', a);
    group.holdPartitions(a);
    const b = member('b');
    group.members.set('b', b);
    group.groupEpoch = 2;
    group.assignmentEpoch = 2;
    group.target.set('a', new Set([p(0), p(1)]));
    group.target.set('b', new Set([p(2)]));
    return { group, a, b };
  }

  it('makes the owner revoke first: UNREVOKED_PARTITIONS, same epoch', () => {
    const { group, a } = twoMembers();
    group.reconcile(a, new Set([p(0), p(1), p(2)]));
    expect(a).toMatchObject({ state: 'UNREVOKED_PARTITIONS', memberEpoch: 1 });
    expect([...a.assigned]).toEqual([p(0), p(1)]);
    expect([...a.pendingRevocation]).toEqual([p(2)]);
  });

  it('withholds a partition another member has not released: UNRELEASED_PARTITIONS at the new epoch', () => {
    const { group, a, b } = twoMembers();
    group.reconcile(a, new Set([p(0), p(1), p(2)]));
    group.reconcile(b, new Set());
    expect(b).toMatchObject({ state: 'UNRELEASED_PARTITIONS', memberEpoch: 2 });
    expect([...b.assigned]).toEqual([]);
  });

  it('hands the partition over once its owner says it gave it up', () => {
    const { group, a, b } = twoMembers();
    group.reconcile(a, new Set([p(0), p(1), p(2)]));
    group.reconcile(b, new Set());
    // a's next heartbeat no longer owns p2: it moves to epoch 2, STABLE.
    group.reconcile(a, new Set([p(0), p(1)]));
    expect(a).toMatchObject({ state: 'STABLE', memberEpoch: 2 });
    group.reconcile(b, new Set());
    expect(b).toMatchObject({ state: 'STABLE', memberEpoch: 2 });
    expect([...b.assigned]).toEqual([p(2)]);
    expect(group.updateState()?.to ?? group.currentState).toBe('Stable');
  });

  it('keeps a member that still owns what it must revoke where it is', () => {
    const { group, a } = twoMembers();
    group.reconcile(a, new Set([p(0), p(1), p(2)]));
    group.reconcile(a, new Set([p(0), p(1), p(2)]));
    expect(a).toMatchObject({ state: 'UNREVOKED_PARTITIONS', memberEpoch: 1 });
  });

  it('derives the group state: Assigning while the target is behind, Reconciling until every member is at its target', () => {
    const { group, a, b } = twoMembers();
    expect(group.updateState()).toEqual({ from: 'Empty', to: 'Reconciling' });
    group.groupEpoch = 3;
    expect(group.updateState()).toEqual({ from: 'Reconciling', to: 'Assigning' });
    group.members.delete(a.memberId);
    group.members.delete(b.memberId);
    expect(group.updateState()).toEqual({ from: 'Assigning', to: 'Empty' });
  });
});
