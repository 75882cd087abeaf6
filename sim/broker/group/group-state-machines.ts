// The lifecycles of a group on its coordinator, as xstate v5 machines (driven through MachineState):
// the machines' transitions are Kafka's valid state changes, and an event a state does not accept
// is an engine bug, reported as such.
import { setup } from 'xstate';
export { MachineState } from '../../state-machine.ts';

/** ClassicGroupState, with the previous states Kafka's code allows for each. */
export const classicGroupMachine = setup({
  types: {
    events: {} as ClassicGroupEvent,
  },
}).createMachine({
  id: 'classic-group',
  initial: 'Empty',
  states: {
    // No members; committed offsets are kept until they expire.
    Empty: { on: { PREPARE_REBALANCE: 'PreparingRebalance', LOADED_STABLE: 'Stable', DIE: 'Dead' } },
    // Waiting for every member to (re)join, up to the rebalance timeout.
    PreparingRebalance: { on: { COMPLETE_JOIN: 'CompletingRebalance', BECOME_EMPTY: 'Empty', DIE: 'Dead' } },
    // Waiting for the leader's assignment in SyncGroup.
    CompletingRebalance: { on: { PREPARE_REBALANCE: 'PreparingRebalance', ASSIGNMENT_STORED: 'Stable', DIE: 'Dead' } },
    Stable: { on: { PREPARE_REBALANCE: 'PreparingRebalance', DIE: 'Dead' } },
    Dead: {},
  },
});

export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';
export type ClassicGroupEvent =
  | { type: 'PREPARE_REBALANCE' }
  | { type: 'COMPLETE_JOIN' }
  | { type: 'ASSIGNMENT_STORED' }
  | { type: 'BECOME_EMPTY' }
  | { type: 'LOADED_STABLE' }
  | { type: 'DIE' };

/** ConsumerGroup.ConsumerGroupState (KIP-848): derived from epochs and members' states. */
export const consumerGroupMachine = setup({
  types: {
    events: {} as ConsumerGroupEvent,
  },
}).createMachine({
  id: 'consumer-group',
  initial: 'Empty',
  on: {
    MEMBERS_LEFT: '.Empty',
    TARGET_BEHIND: '.Assigning',
    MEMBERS_RECONCILING: '.Reconciling',
    ALL_RECONCILED: '.Stable',
    DIE: '.Dead',
  },
  states: {
    Empty: {},
    // The group epoch moved past the target assignment's epoch.
    Assigning: {},
    // The target is computed; some members have not reached it.
    Reconciling: {},
    Stable: {},
    Dead: { on: { MEMBERS_LEFT: undefined, TARGET_BEHIND: undefined, MEMBERS_RECONCILING: undefined, ALL_RECONCILED: undefined } },
  },
});

export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';
export type ConsumerGroupEvent = { type: 'MEMBERS_LEFT' } | { type: 'TARGET_BEHIND' } | { type: 'MEMBERS_RECONCILING' } | { type: 'ALL_RECONCILED' } | { type: 'DIE' };

