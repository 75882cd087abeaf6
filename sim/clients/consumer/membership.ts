// What a group membership (classic or KIP-848) needs from the consumer it belongs to, and what the
// consumer asks of it. Rebalance callbacks and joins run where Kafka runs them: in the
// application's poll(), never while it is busy processing; heartbeats run on their own (the
// heartbeat thread in the classic consumer, the background thread in KIP-848's).
import type { ActorContext, NodeId } from '../../kernel/types.ts';
import type { ConsumerConfig } from '../../config/consumer-config.ts';
import type { NetworkClient } from '../network-client.ts';
import type { GroupClient } from './group-client.ts';

export interface MembershipHost {
  readonly clientId: string;
  readonly topic: string;
  readonly config: ConsumerConfig;
  readonly network: NetworkClient;
  readonly group: GroupClient;
  /** Partitions of the topic this consumer owns now. */
  ownedPartitions(): number[];
  /** The topic's partition count as the consumer's metadata knows it (0 = unknown yet). */
  partitionCount(): number;
  /** Whether the application thread is inside poll() (not processing, not stalled). */
  readonly inPoll: boolean;
  /** When poll() last returned records to the application. */
  readonly lastPollReturnMs: number;
  /** Start consuming these partitions (from their committed offsets). */
  assignPartitions(partitions: number[], generation: number, ctx: ActorContext): void;
  /**
   * Stop consuming these partitions. 'revoked': the rebalance listener runs and the application may
   * commit first (then `then` continues); 'lost': the member is out of the group, no commit.
   */
  revokePartitions(partitions: number[], how: 'revoked' | 'lost', reason: string, ctx: ActorContext, then: () => void): void;
  fail(message: string, ctx: ActorContext): void;
}

export interface Membership {
  readonly protocol: 'classic' | 'consumer';
  /** Member id, '' before the coordinator gave one. */
  readonly memberId: string;
  /** Generation (classic) or member epoch (KIP-848); -1 when not in the group. */
  readonly generation: number;
  readonly state: string;
  /** Starts the membership (subscribe). */
  start(ctx: ActorContext): void;
  /** Called by the application's poll(): joins, completes rebalances. */
  poll(ctx: ActorContext): void;
  handleTimer(payload: unknown, ctx: ActorContext): boolean;
  onDisconnect(peer: NodeId, ctx: ActorContext): void;
  /** The identity a commit carries now, or the error that forbids committing. */
  commitIdentity(): { generationIdOrMemberEpoch: number; memberId: string; groupInstanceId: string | null } | 'REBALANCE_IN_PROGRESS' | 'ILLEGAL_GENERATION';
  /** A commit was refused because the member is no longer in that generation. */
  onCommitFenced(ctx: ActorContext): void;
  /**
   * KafkaConsumer.close(): leave the group (LeaveGroup, or a KIP-848 heartbeat with epoch -1; a
   * static member says it will be back instead), then `then` once the coordinator answered or the
   * request failed, so that the process does not die with the request still on the wire.
   */
  leave(ctx: ActorContext, then: () => void): void;
}
