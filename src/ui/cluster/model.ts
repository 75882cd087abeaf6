// What the cluster view draws, derived from one engine snapshot: each broker's state and the role
// of every replica it holds. Pure functions of the snapshot, so that the picture never says more
// (or less) than the engine did.
import type { BrokerSnapshot, FrameSnapshot, FramePartition, FrameReplica } from '../../../sim/snapshot.ts';

export type BrokerState = 'up' | 'down' | 'fenced' | 'starting' | 'controlled-shutdown';

export function brokerState(broker: BrokerSnapshot): BrokerState {
  if (broker.state === 'starting') return 'starting';
  if (broker.status === 'down') return 'down';
  if (broker.inControlledShutdown || broker.state === 'pending-controlled-shutdown') return 'controlled-shutdown';
  if (broker.fenced) return 'fenced';
  return 'up';
}

/**
 * offline: the replica cannot serve (its broker is down, or the partition has no leader);
 * out-of-isr: alive but not in the ISR (it fell behind replica.lag.time.max.ms or was fenced).
 */
export type ReplicaRole = 'leader' | 'follower' | 'out-of-isr' | 'offline';

export interface ReplicaView {
  key: string;
  topic: string;
  partition: number;
  broker: number;
  role: ReplicaRole;
  leaderEpoch: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** Segments as offset ranges, oldest first. */
  segments: { baseOffset: number; nextOffset: number; active: boolean }[];
  /** The partition's offset scale, shared by all its replicas so that bars compare. */
  scaleMin: number;
  scaleMax: number;
}

export interface InternalSummary {
  topic: string;
  replicas: number;
  leaders: number;
}

export interface BrokerView {
  id: number;
  node: string;
  state: BrokerState;
  diskLatencyMs: number;
  replicas: ReplicaView[];
  leaders: number;
  underReplicated: number;
  outOfIsr: number;
  offline: number;
  internal: InternalSummary[];
  /** Groups this broker coordinates. */
  coordinatorOf: string[];
}

export function replicaRole(partition: FramePartition, broker: number, brokerDown: boolean): ReplicaRole {
  if (brokerDown || partition.leader < 0) return 'offline';
  if (partition.leader === broker) return 'leader';
  return partition.isr.includes(broker) ? 'follower' : 'out-of-isr';
}

export const partitionKey = (topic: string, partition: number): string => `${topic}-${partition}`;
export const replicaKey = (topic: string, partition: number, broker: number): string => `${topic}-${partition}@${broker}`;

function partitionScale(partition: FramePartition): { min: number; max: number } {
  let min = partition.logStartOffset;
  let max = partition.logEndOffset;
  for (const r of partition.replicaStates) {
    min = Math.min(min, r.logStartOffset);
    max = Math.max(max, r.logEndOffset);
  }
  // An empty log still gets a visible span, so that the first record is not a full bar.
  return { min, max: Math.max(max, min + 10) };
}

/** The most replicas of ordinary topics one broker holds: what the layout's level of detail follows (brokerViews counts the same). */
export function mostReplicasOnABroker(snapshot: FrameSnapshot): number {
  const counts = new Map<number, number>();
  for (const topic of snapshot.topics) {
    if (topic.internal) continue;
    for (const p of topic.partitions) for (const broker of p.replicas) counts.set(broker, (counts.get(broker) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

export function brokerViews(snapshot: FrameSnapshot): BrokerView[] {
  const views = new Map<number, BrokerView>();
  for (const b of snapshot.brokers) {
    views.set(b.id, {
      id: b.id,
      node: b.node,
      state: brokerState(b),
      diskLatencyMs: b.diskLatencyMs ?? 0,
      replicas: [],
      leaders: 0,
      underReplicated: 0,
      outOfIsr: 0,
      offline: 0,
      internal: [],
      coordinatorOf: [],
    });
  }
  for (const topic of snapshot.topics) {
    const internal = new Map<number, InternalSummary>();
    for (const p of topic.partitions) {
      const scale = partitionScale(p);
      const states = new Map<number, FrameReplica>(p.replicaStates.map((r) => [r.broker, r]));
      for (const brokerId of p.replicas) {
        const view = views.get(brokerId);
        if (!view) continue;
        const role = replicaRole(p, brokerId, view.state === 'down' || view.state === 'starting');
        if (topic.internal) {
          const sum = internal.get(brokerId) ?? { topic: topic.name, replicas: 0, leaders: 0 };
          sum.replicas += 1;
          if (role === 'leader') sum.leaders += 1;
          internal.set(brokerId, sum);
          continue;
        }
        const state = states.get(brokerId);
        view.replicas.push({
          key: replicaKey(p.topic, p.partition, brokerId),
          topic: p.topic,
          partition: p.partition,
          broker: brokerId,
          role,
          leaderEpoch: p.leaderEpoch,
          logStartOffset: state?.logStartOffset ?? scale.min,
          logEndOffset: state?.logEndOffset ?? scale.min,
          highWatermark: state?.highWatermark ?? scale.min,
          segments: (state?.segments ?? []).map((s) => ({ baseOffset: s.baseOffset, nextOffset: s.nextOffset, active: s.active })),
          scaleMin: scale.min,
          scaleMax: scale.max,
        });
        if (role === 'leader') {
          view.leaders += 1;
          if (p.isr.length < p.replicas.length) view.underReplicated += 1;
        } else if (role === 'out-of-isr') view.outOfIsr += 1;
        else if (role === 'offline') view.offline += 1;
      }
    }
    for (const [brokerId, sum] of internal) views.get(brokerId)?.internal.push(sum);
  }
  for (const g of snapshot.groups) if (g.coordinator >= 0) views.get(g.coordinator)?.coordinatorOf.push(g.groupId);
  return [...views.values()];
}

function sameReplica(a: ReplicaView, b: ReplicaView): boolean {
  return (
    a.role === b.role &&
    a.leaderEpoch === b.leaderEpoch &&
    a.logStartOffset === b.logStartOffset &&
    a.logEndOffset === b.logEndOffset &&
    a.highWatermark === b.highWatermark &&
    a.scaleMin === b.scaleMin &&
    a.scaleMax === b.scaleMax &&
    a.segments.length === b.segments.length &&
    a.segments.every((s, i) => s.baseOffset === b.segments[i]!.baseOffset && s.nextOffset === b.segments[i]!.nextOffset && s.active === b.segments[i]!.active)
  );
}

/** Steps of a cell's fill that count as a change: finer than the pixels of the tallest cell. */
const CELL_FILL_STEPS = 32;

/** How far up a cell is filled (the replica's LEO on its partition's scale), in CELL_FILL_STEPS. */
export function cellFillStep(r: ReplicaView): number {
  const fill = (r.logEndOffset - r.scaleMin) / (r.scaleMax - r.scaleMin);
  return Math.round(Math.max(0, Math.min(1, Number.isFinite(fill) ? fill : 0)) * CELL_FILL_STEPS);
}

/** What a cell draws: its role, epoch and fill; offsets and segments only through the fill. */
function sameCell(a: ReplicaView, b: ReplicaView): boolean {
  return a.role === b.role && a.leaderEpoch === b.leaderEpoch && cellFillStep(a) === cellFillStep(b);
}

/**
 * The views with every replica that did not change since `previous` replaced by its previous
 * object, so that the cells and rows drawing them are not updated: in the large scene most of the 600 replicas see no record
 * between two frames. With `cells`, only what a cell draws counts. Returns the replicas by key, to
 * pass as `previous` next time.
 */
export function reuseUnchanged(views: BrokerView[], previous: ReadonlyMap<string, ReplicaView>, cells = false): Map<string, ReplicaView> {
  const same = cells ? sameCell : sameReplica;
  const next = new Map<string, ReplicaView>();
  for (const view of views) {
    view.replicas = view.replicas.map((r) => {
      const old = previous.get(r.key);
      const kept = old && same(old, r) ? old : r;
      next.set(r.key, kept);
      return kept;
    });
  }
  return next;
}
