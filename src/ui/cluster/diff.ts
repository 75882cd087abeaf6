// The key moments between two successive snapshots: what changed that the view should call out
// (a leadership moving with its epoch, a follower truncating, the ISR shrinking or growing, a
// broker fenced, a group changing state, a segment rolled or deleted). Only what the two
// snapshots prove: nothing is inferred from time or guessed from events.
import type { FrameSnapshot } from '../../../sim/snapshot.ts';
import { brokerState, type BrokerState } from './model.ts';

export type Moment =
  | { kind: 'leader-moved'; topic: string; partition: number; from: number; to: number; epochFrom: number; epochTo: number }
  | { kind: 'truncated'; topic: string; partition: number; broker: number; fromOffset: number; toOffset: number }
  | { kind: 'isr-shrink' | 'isr-expand'; topic: string; partition: number; broker: number }
  | { kind: 'segment-rolled'; topic: string; partition: number; broker: number; baseOffset: number }
  | { kind: 'segment-deleted'; topic: string; partition: number; broker: number; baseOffset: number }
  | { kind: 'broker-state'; broker: number; from: BrokerState; to: BrokerState }
  | { kind: 'controller-moved'; from: number; to: number; epoch: number }
  | { kind: 'group-state'; group: string; from: string; to: string; generation: number };

export function diffSnapshots(prev: FrameSnapshot | null, next: FrameSnapshot): Moment[] {
  // A new scenario (or a jump back in time) is not a moment: it is another story.
  if (!prev || next.timeMs < prev.timeMs || next.seed !== prev.seed) return [];
  const moments: Moment[] = [];

  const prevBrokers = new Map(prev.brokers.map((b) => [b.id, brokerState(b)]));
  for (const b of next.brokers) {
    const from = prevBrokers.get(b.id);
    const to = brokerState(b);
    if (from !== undefined && from !== to) moments.push({ kind: 'broker-state', broker: b.id, from, to });
  }

  const prevActive = prev.controllers?.find((c) => c.active);
  const nextActive = next.controllers?.find((c) => c.active);
  if (nextActive && prevActive?.id !== nextActive.id) {
    moments.push({ kind: 'controller-moved', from: prevActive?.id ?? -1, to: nextActive.id, epoch: nextActive.epoch });
  }

  const prevPartitions = new Map(prev.topics.flatMap((t) => t.partitions.map((p) => [`${p.topic}\u0000${p.partition}`, p] as const)));
  for (const topic of next.topics) {
    if (topic.internal) continue;
    for (const p of topic.partitions) {
      const before = prevPartitions.get(`${p.topic}\u0000${p.partition}`);
      // The same object: a frame that left the partition out as unchanged (sim/frame-delta.ts).
      if (!before || before === p) continue;
      const where = { topic: p.topic, partition: p.partition };
      if (p.leaderEpoch !== before.leaderEpoch || p.leader !== before.leader) {
        moments.push({ kind: 'leader-moved', ...where, from: before.leader, to: p.leader, epochFrom: before.leaderEpoch, epochTo: p.leaderEpoch });
      }
      for (const broker of before.isr) if (!p.isr.includes(broker)) moments.push({ kind: 'isr-shrink', ...where, broker });
      for (const broker of p.isr) if (!before.isr.includes(broker)) moments.push({ kind: 'isr-expand', ...where, broker });
      const prevReplicas = new Map(before.replicaStates.map((r) => [r.broker, r]));
      for (const r of p.replicaStates) {
        const old = prevReplicas.get(r.broker);
        if (!old) continue;
        if (r.logEndOffset < old.logEndOffset) {
          moments.push({ kind: 'truncated', ...where, broker: r.broker, fromOffset: old.logEndOffset, toOffset: r.logEndOffset });
        }
        const oldBases = new Set(old.segments.map((s) => s.baseOffset));
        const newBases = new Set(r.segments.map((s) => s.baseOffset));
        // A roll adds a segment after the old ones; a truncation below a base also removes one, which is not retention.
        for (const s of r.segments) if (!oldBases.has(s.baseOffset) && oldBases.size > 0 && s.baseOffset > Math.max(...oldBases)) {
          moments.push({ kind: 'segment-rolled', ...where, broker: r.broker, baseOffset: s.baseOffset });
        }
        for (const s of old.segments) if (!newBases.has(s.baseOffset) && r.logStartOffset > old.logStartOffset) {
          moments.push({ kind: 'segment-deleted', ...where, broker: r.broker, baseOffset: s.baseOffset });
        }
      }
    }
  }

  const prevGroups = new Map(prev.groups.map((g) => [g.groupId, g]));
  for (const g of next.groups) {
    const before = prevGroups.get(g.groupId);
    if (before && before.state !== g.state) moments.push({ kind: 'group-state', group: g.groupId, from: before.state, to: g.state, generation: g.generation });
  }
  return moments;
}

/** Where on screen a moment is called out: the replica, broker, controller or group it concerns. */
export function momentTarget(moment: Moment): string {
  switch (moment.kind) {
    case 'leader-moved':
      return `replica:${moment.topic}-${moment.partition}@${moment.to}`;
    case 'truncated':
    case 'isr-shrink':
    case 'isr-expand':
    case 'segment-rolled':
    case 'segment-deleted':
      return `replica:${moment.topic}-${moment.partition}@${moment.broker}`;
    case 'broker-state':
      return `broker:${moment.broker}`;
    case 'controller-moved':
      return `controller:${moment.to}`;
    case 'group-state':
      return `group:${moment.group}`;
  }
}

/** A moment being called out on screen; `id` grows with each new one. */
export interface ActiveMoment {
  id: number;
  moment: Moment;
}
