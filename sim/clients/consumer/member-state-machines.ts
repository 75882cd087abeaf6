// The lifecycle of a group member on the consumer, as xstate v5 machines (driven through
// MachineState): the classic protocol's AbstractCoordinator.MemberState and the KIP-848
// consumer's MemberState, with the moves Kafka's clients make between them.
import { setup } from 'xstate';

export type ClassicMemberState = 'UNJOINED' | 'PREPARING_REBALANCE' | 'COMPLETING_REBALANCE' | 'STABLE';
export type ClassicMemberEvent =
  /** JoinGroup sent (first join, or a rejoin from STABLE). */
  | { type: 'JOIN_SENT' }
  /** JoinGroup answered: SyncGroup goes next. */
  | { type: 'JOINED' }
  /** SyncGroup answered with the assignment. */
  | { type: 'SYNCED' }
  /** Out of the generation: an error, a reset, a poll timeout. */
  | { type: 'RESET' };

export const classicMemberMachine = setup({ types: { events: {} as ClassicMemberEvent } }).createMachine({
  id: 'classic-member',
  initial: 'UNJOINED',
  on: { RESET: '.UNJOINED' },
  states: {
    UNJOINED: { on: { JOIN_SENT: 'PREPARING_REBALANCE' } },
    PREPARING_REBALANCE: { on: { JOINED: 'COMPLETING_REBALANCE' } },
    COMPLETING_REBALANCE: { on: { SYNCED: 'STABLE' } },
    STABLE: { on: { JOIN_SENT: 'PREPARING_REBALANCE' } },
  },
});

export type ConsumerMemberState = 'UNJOINED' | 'JOINING' | 'RECONCILING' | 'ACKNOWLEDGING' | 'STABLE' | 'FENCED' | 'FATAL';
export type ConsumerMemberEvent =
  /** A heartbeat with epoch 0 goes out. */
  | { type: 'JOIN' }
  /** The coordinator sent an assignment that differs from what the member owns. */
  | { type: 'NEW_ASSIGNMENT' }
  /** Revoked and took what changed: the next heartbeat tells the coordinator. */
  | { type: 'RECONCILED' }
  /** A heartbeat answered without anything to change. */
  | { type: 'HEARTBEAT_OK' }
  /** FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: give everything up and join again. */
  | { type: 'FENCED' }
  /** Left the group (poll timeout). */
  | { type: 'LEFT' }
  /** An error the member cannot recover from. */
  | { type: 'FATAL' };

export const consumerMemberMachine = setup({ types: { events: {} as ConsumerMemberEvent } }).createMachine({
  id: 'consumer-member',
  initial: 'UNJOINED',
  on: { FATAL: '.FATAL', LEFT: '.UNJOINED' },
  states: {
    UNJOINED: { on: { JOIN: 'JOINING' } },
    FENCED: { on: { JOIN: 'JOINING' } },
    JOINING: { on: { HEARTBEAT_OK: 'STABLE', NEW_ASSIGNMENT: 'RECONCILING', FENCED: 'FENCED' } },
    RECONCILING: { on: { RECONCILED: 'ACKNOWLEDGING', NEW_ASSIGNMENT: 'RECONCILING', HEARTBEAT_OK: 'RECONCILING', FENCED: 'FENCED' } },
    ACKNOWLEDGING: { on: { HEARTBEAT_OK: 'STABLE', NEW_ASSIGNMENT: 'RECONCILING', FENCED: 'FENCED' } },
    STABLE: { on: { HEARTBEAT_OK: 'STABLE', NEW_ASSIGNMENT: 'RECONCILING', FENCED: 'FENCED' } },
    FATAL: { on: { LEFT: undefined } },
  },
});
