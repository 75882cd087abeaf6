// The leader's side of ISR membership: it shrinks the ISR of followers that stopped keeping up
// (Partition.maybeShrinkIsr, run by the "isr-expiration" task every replica.lag.time.max.ms / 2)
// and expands it with followers that caught up (Partition.maybeExpandIsr, on their fetches). Both
// go through an AlterPartition to the controller; until it answers the change is pending and the
// HW counts the "maximal ISR" (KIP-497).
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import type { Broker } from './broker.ts';
import type { FollowerState } from './follower-state.ts';
import type { PartitionReplica, PendingIsrChange } from './partition-replica.ts';
import { boundFn, registerFunctions } from '../snapshot/bound.ts';

/** The AlterPartition a leader has sent, with the epochs it stamped on it. */
export interface AlterPartitionTimer {
  kind: 'alter-partition';
  topic: string;
  partition: number;
  leaderEpoch: number;
  partitionEpoch: number;
  pending: PendingIsrChange;
}

/** Why the leader asked for the ISR of `partitionEpoch`, if it did (pending or already answered). */
export function isrChangeReason(replica: PartitionReplica, partitionEpoch: number): string | null {
  if (replica.pendingIsr !== null) return replica.pendingIsr.reason;
  const answered = replica.answeredIsrChange;
  return answered !== null && answered.partitionEpoch === partitionEpoch ? answered.reason : null;
}

export function maybeShrinkIsr(broker: Broker, replica: PartitionReplica): void {
  if (!replica.isLeader || replica.pendingIsr !== null) return;
  const outOfSync = replica.outOfSyncReplicas();
  if (outOfSync.length === 0) return;
  const proposedIsr = replica.isr.filter((b) => !outOfSync.includes(b));
  // PendingShrinkIsr: the removed followers still count for the HW until the controller agrees.
  submit(broker, replica, { kind: 'shrink', proposedIsr, maximalIsr: replica.isr, changed: outOfSync, reason: 'lagging' });
}

export function maybeExpandIsr(broker: Broker, replica: PartitionReplica, follower: FollowerState): void {
  if (!replica.shouldExpandIsrWith(follower)) return;
  const proposedIsr = replica.replicas.filter((b) => replica.isr.includes(b) || b === follower.brokerId);
  // PendingExpandIsr: the new member counts for the HW at once (a stricter HW, safe if refused).
  submit(broker, replica, { kind: 'expand', proposedIsr, maximalIsr: proposedIsr, changed: [follower.brokerId], reason: 'caught-up' });
}

/**
 * Sends the AlterPartition on a zero-delay timer, so that the change never lands in the middle of a
 * Fetch. KRaft sends it over the network to the active controller; the test stand-in answers at once.
 */
function submit(broker: Broker, replica: PartitionReplica, pending: PendingIsrChange): void {
  replica.pendingIsr = pending;
  const timer: AlterPartitionTimer = {
    kind: 'alter-partition',
    topic: replica.topic,
    partition: replica.partition,
    leaderEpoch: replica.leaderEpoch,
    partitionEpoch: replica.partitionEpoch,
    pending,
  };
  broker.ctx.setTimer(0, timer);
}

export function sendAlterPartition(broker: Broker, timer: AlterPartitionTimer): void {
  const request: AlterPartitionRequest = {
    api: 'AlterPartition',
    brokerId: broker.brokerId,
    topics: [
      {
        topicName: timer.topic,
        partitions: [{ partitionIndex: timer.partition, leaderEpoch: timer.leaderEpoch, partitionEpoch: timer.partitionEpoch, newIsr: timer.pending.proposedIsr }],
      },
    ],
  };
  // Until an answer comes or new metadata replaces the pending state (DefaultAlterPartitionManager).
  broker.metadata.submitAlterPartition(
    broker,
    request,
    boundFn<() => boolean>(alterPartitionWanted, broker, timer),
    boundFn<(response: AlterPartitionResponse) => void>(alterPartitionDone, broker, timer),
  );
}

/** Whether the AlterPartition of `timer` is still worth sending: its change is still the pending one. */
function alterPartitionWanted(broker: Broker, timer: AlterPartitionTimer): boolean {
  return broker.running && broker.replica(timer.topic, timer.partition)?.pendingIsr === timer.pending;
}

function alterPartitionDone(broker: Broker, timer: AlterPartitionTimer, response: AlterPartitionResponse): void {
  if (broker.running) onAlterPartitionResponse(broker, timer, response);
}

/**
 * Partition.submitAlterPartition's completion. On success the controller's change may already have
 * reached this broker as metadata (which commits the pending state); otherwise the answer commits it
 * here. A refusal for an ineligible replica returns to the committed state; other refusals wait for
 * the next metadata, which replaces the pending state anyway (handleAlterPartitionError).
 */
function onAlterPartitionResponse(broker: Broker, timer: AlterPartitionTimer, response: AlterPartitionResponse): void {
  const answer = response.topics[0]!.partitions[0]!;
  const replica = broker.replica(timer.topic, timer.partition);
  if (answer.error !== 'NONE') {
    broker.emit({ type: 'alter-partition-failed', topic: timer.topic, partition: timer.partition, broker: broker.brokerId, error: answer.error, proposedIsr: [...timer.pending.proposedIsr] });
    if (replica?.pendingIsr === timer.pending && answer.error === 'INELIGIBLE_REPLICA') replica.pendingIsr = null;
    return;
  }
  if (replica === undefined || replica.pendingIsr !== timer.pending) return;
  // handleAlterPartitionUpdate: nothing changed on the controller; leave the pending state.
  if (answer.leaderEpoch !== replica.leaderEpoch || answer.partitionEpoch < replica.partitionEpoch) return;
  replica.pendingIsr = null;
  replica.answeredIsrChange = { partitionEpoch: answer.partitionEpoch, reason: timer.pending.reason };
  replica.isr = [...answer.isr];
  replica.partitionEpoch = answer.partitionEpoch;
  if (replica.maybeIncrementHighWatermark()) broker.onHighWatermarkAdvanced(replica);
}

registerFunctions('broker.isr', { alterPartitionWanted, alterPartitionDone });
