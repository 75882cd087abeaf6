// Invariants of replication, judged from outside the engine: the checker sees only snapshots (and,
// when given, digests of every replica's batches), is told about each one after every step of a
// run, and keeps what it needs between calls. Conditions that last (an empty ISR) are reported when
// they begin, not at every step; transitions (an epoch going back) are reported each time.
//
// Kafka's rules (reference §5): a partition has one leader per leader epoch and the epoch only
// grows; the ISR is a non-empty subset of the replicas that holds the leader (ELR aside); the HW is
// the minimum LEO over the ISR, so no ISR member's LEO is below it, and the leader never moves it
// back; every ISR member holds the leader's batches below the HW. Replicas out of the ISR, and
// brokers that are down, may lag or hold a divergent tail until they truncate, as in Kafka.

import type { ClusterSnapshot, PartitionSnapshot } from '../snapshot.ts';
import { describeBatch, endOffsetOf, firstDivergence, type PartitionDigests } from './batch-digest.ts';
import { partitionKey } from './history.ts';
import { compareStrings } from './labels.ts';

export type InvariantName =
  | 'single-leader-per-epoch'
  | 'leader-epoch-monotonic'
  | 'isr-subset-of-replicas'
  | 'isr-not-empty'
  | 'leader-in-isr'
  | 'hw-within-isr-leo'
  | 'replica-hw-within-own-leo'
  | 'leader-hw-monotonic'
  | 'replicas-agree-below-hw';

export interface Violation {
  invariant: InvariantName;
  topic: string;
  partition: number;
  timeMs: number;
  detail: string;
}

export interface InvariantCheckerOptions {
  /** Violations kept (the count is always complete). Default 1000. */
  maxViolations?: number;
  /** Eligible Leader Replicas enabled (KIP-966): the ISR may then be empty. Default false. */
  allowEmptyIsr?: boolean;
}

export interface InvariantSummary {
  count: number;
  /** Only invariants that were violated, keys sorted. */
  byInvariant: Partial<Record<InvariantName, number>>;
  violations: Violation[];
}

interface PartitionTrack {
  lastEpoch: number;
  /** Leaders seen per epoch, the first one being the epoch's rightful leader. */
  leaders: Map<number, number[]>;
  /** The leader's HW at the last observation, while that leader stayed up in that epoch. */
  hw: { leader: number; epoch: number; highWatermark: number } | null;
}

export class InvariantChecker {
  private readonly tracks = new Map<string, PartitionTrack>();
  /** Lasting conditions true at the last observation, by a key naming the condition. */
  private active = new Set<string>();
  private readonly kept: Violation[] = [];
  private readonly byInvariant = new Map<InvariantName, number>();
  private total = 0;
  private readonly maxViolations: number;
  private readonly allowEmptyIsr: boolean;

  constructor(options: InvariantCheckerOptions = {}) {
    this.maxViolations = options.maxViolations ?? 1000;
    this.allowEmptyIsr = options.allowEmptyIsr ?? false;
  }

  get count(): number {
    return this.total;
  }

  get violations(): readonly Violation[] {
    return this.kept;
  }

  summary(): InvariantSummary {
    const byInvariant = Object.fromEntries([...this.byInvariant].sort((a, b) => compareStrings(a[0], b[0])));
    return { count: this.total, byInvariant, violations: [...this.kept] };
  }

  /** Judges one snapshot; returns the violations it revealed (also kept by the checker). */
  observe(snapshot: ClusterSnapshot, replicaDigests?: readonly PartitionDigests[]): Violation[] {
    const found: Violation[] = [];
    const nowActive = new Set<string>();
    const up = new Map(snapshot.brokers.map((b) => [b.id, b.status === 'up']));
    const isUp = (broker: number) => up.get(broker) ?? true;
    const digests = new Map((replicaDigests ?? []).map((d) => [partitionKey(d.topic, d.partition), d]));
    const seen = new Set<string>();

    for (const topic of snapshot.topics) {
      for (const p of topic.partitions) {
        const key = partitionKey(p.topic, p.partition);
        seen.add(key);
        const report = (invariant: InvariantName, detail: string) => found.push({ invariant, topic: p.topic, partition: p.partition, timeMs: snapshot.timeMs, detail });
        const lasting = (invariant: InvariantName, conditionKey: string, detail: string) => {
          const k = `${invariant}|${key}|${conditionKey}`;
          nowActive.add(k);
          if (!this.active.has(k)) report(invariant, detail);
        };
        this.checkTransitions(p, this.track(key), isUp, report);
        this.checkState(p, isUp, lasting);
        const d = digests.get(key);
        if (d) checkAgreement(p, d, lasting);
      }
    }
    for (const key of [...this.tracks.keys()]) if (!seen.has(key)) this.tracks.delete(key); // topic deleted
    this.active = nowActive;
    for (const v of found) {
      this.total += 1;
      this.byInvariant.set(v.invariant, (this.byInvariant.get(v.invariant) ?? 0) + 1);
      if (this.kept.length < this.maxViolations) this.kept.push(v);
    }
    return found;
  }

  private track(key: string): PartitionTrack {
    let track = this.tracks.get(key);
    if (!track) {
      track = { lastEpoch: -Infinity, leaders: new Map(), hw: null };
      this.tracks.set(key, track);
    }
    return track;
  }

  private checkTransitions(p: PartitionSnapshot, track: PartitionTrack, isUp: (b: number) => boolean, report: (i: InvariantName, d: string) => void): void {
    if (p.leaderEpoch < track.lastEpoch) report('leader-epoch-monotonic', `leader epoch went from ${track.lastEpoch} back to ${p.leaderEpoch}`);
    track.lastEpoch = p.leaderEpoch;

    if (p.leader >= 0) {
      const leaders = track.leaders.get(p.leaderEpoch);
      if (!leaders) track.leaders.set(p.leaderEpoch, [p.leader]);
      else if (!leaders.includes(p.leader)) {
        report('single-leader-per-epoch', `broker ${p.leader} is leader in epoch ${p.leaderEpoch}, which broker ${leaders[0]} led before`);
        leaders.push(p.leader);
      }
    }

    if (p.leader >= 0 && isUp(p.leader)) {
      const last = track.hw;
      if (last && last.leader === p.leader && last.epoch === p.leaderEpoch && p.highWatermark < last.highWatermark) {
        report('leader-hw-monotonic', `leader ${p.leader} moved the HW back from ${last.highWatermark} to ${p.highWatermark} in epoch ${p.leaderEpoch}`);
      }
      track.hw = { leader: p.leader, epoch: p.leaderEpoch, highWatermark: p.highWatermark };
    } else {
      // A leader that went down may come back with the HW of its checkpoint: not a step back.
      track.hw = null;
    }
  }

  private checkState(p: PartitionSnapshot, isUp: (b: number) => boolean, lasting: (i: InvariantName, k: string, d: string) => void): void {
    for (const b of p.isr) {
      if (!p.replicas.includes(b)) lasting('isr-subset-of-replicas', `${b}`, `ISR [${p.isr}] holds broker ${b}, which is not a replica [${p.replicas}]`);
    }
    if (p.isr.length === 0 && !this.allowEmptyIsr) lasting('isr-not-empty', '', `ISR is empty (replicas [${p.replicas}])`);
    if (p.leader >= 0 && !p.isr.includes(p.leader)) lasting('leader-in-isr', `${p.leader}`, `leader ${p.leader} is not in the ISR [${p.isr}]`);
    if (p.leader >= 0 && isUp(p.leader)) {
      for (const b of p.isr) {
        const state = p.replicaStates.find((r) => r.broker === b);
        if (!state || !isUp(b) || p.highWatermark <= state.logEndOffset) continue;
        lasting('hw-within-isr-leo', `${b}`, `HW ${p.highWatermark} is above the LEO ${state.logEndOffset} of ISR member ${b}`);
      }
    }
    for (const r of p.replicaStates) {
      if (r.highWatermark > r.logEndOffset) lasting('replica-hw-within-own-leo', `${r.broker}`, `replica on broker ${r.broker} has HW ${r.highWatermark} above its LEO ${r.logEndOffset}`);
    }
  }
}

function checkAgreement(p: PartitionSnapshot, digests: PartitionDigests, lasting: (i: InvariantName, k: string, d: string) => void): void {
  if (p.leader < 0) return;
  const leader = digests.replicas.find((r) => r.broker === p.leader);
  if (!leader) return;
  for (const replica of digests.replicas) {
    if (replica.broker === p.leader || !p.isr.includes(replica.broker)) continue;
    const leo = p.replicaStates.find((r) => r.broker === replica.broker)?.logEndOffset ?? endOffsetOf(replica.batches, 0);
    const bound = Math.min(p.highWatermark, leo);
    const divergence = firstDivergence(leader.batches, replica.batches, bound);
    if (divergence === null) continue;
    lasting(
      'replicas-agree-below-hw',
      `${replica.broker}`,
      `below ${bound} (min of HW ${p.highWatermark} and its LEO ${leo}), broker ${replica.broker} has ${describeBatch(divergence.replica)} where leader ${p.leader} has ${describeBatch(divergence.leader)}`,
    );
  }
}
