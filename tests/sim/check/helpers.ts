// Builders for the checker tests: labelled values, real record batches, hand-made snapshots.
import { encodeRecordBatch } from '../../../sim/log/index.ts';
import type { ClusterSnapshot, PartitionSnapshot, ReplicaSnapshot } from '../../../sim/snapshot.ts';

const utf8 = new TextEncoder();

/** The value the workload writes for record n of a producer: "<producer>#<n>" then '.' filler. */
export function labelValue(producer: string, n: number, sizeBytes = 20): Uint8Array {
  const text = `${producer}#${n}`;
  return utf8.encode(text.padEnd(sizeBytes, '.').slice(0, sizeBytes));
}

/** A record as the tests write it: "p#3" is record 3 of producer p; anything else is used as the value. */
export type RecordSpec = string | Uint8Array | null;

export function batch(baseOffset: number, records: RecordSpec[], options: { epoch?: number; control?: boolean } = {}): Uint8Array {
  return encodeRecordBatch({
    baseOffset,
    partitionLeaderEpoch: options.epoch ?? 0,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    isTransactional: false,
    isControl: options.control ?? false,
    records: records.map((r, i) => ({
      timestamp: 1000 + baseOffset + i,
      key: null,
      value: r === null || r instanceof Uint8Array ? r : labelOrText(r),
      headers: [],
    })),
  });
}

function labelOrText(spec: string): Uint8Array {
  const m = /^(.+)#(\d+)$/.exec(spec);
  return m ? labelValue(m[1]!, Number(m[2])) : utf8.encode(spec);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface PartitionSpec {
  topic?: string;
  partition?: number;
  leader: number;
  leaderEpoch: number;
  replicas?: number[];
  isr?: number[];
  highWatermark: number;
  /** LEO per broker; default: every replica at the HW. */
  leo?: Record<number, number>;
  /** HW per broker; default: the leader's HW for the leader, min(HW, LEO) for the others. */
  hw?: Record<number, number>;
}

export function partition(spec: PartitionSpec): PartitionSnapshot {
  const replicas = spec.replicas ?? [1, 2, 3];
  const replicaStates = replicas.map((broker): ReplicaSnapshot => {
    const leo = spec.leo?.[broker] ?? spec.highWatermark;
    const hw = spec.hw?.[broker] ?? (broker === spec.leader ? spec.highWatermark : Math.min(spec.highWatermark, leo));
    return { broker, logStartOffset: 0, logEndOffset: leo, highWatermark: hw, sizeBytes: 0, segments: [] };
  });
  const leaderState = replicaStates.find((r) => r.broker === spec.leader);
  return {
    topic: spec.topic ?? 't',
    partition: spec.partition ?? 0,
    leader: spec.leader,
    leaderEpoch: spec.leaderEpoch,
    replicas,
    isr: spec.isr ?? replicas,
    highWatermark: spec.highWatermark,
    logStartOffset: 0,
    logEndOffset: leaderState?.logEndOffset ?? 0,
    replicaStates,
  };
}

export function snapshot(timeMs: number, partitions: PartitionSnapshot[], down: number[] = []): ClusterSnapshot {
  const topics = new Map<string, PartitionSnapshot[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p]);
  const brokerIds = [...new Set([1, 2, 3, ...partitions.flatMap((p) => p.replicas)])].sort((a, b) => a - b);
  return {
    timeMs,
    seed: 1,
    traceHash: '0',
    traceLength: 0,
    brokers: brokerIds.map((id) => ({ id, node: `broker-${id}`, status: down.includes(id) ? 'down' : 'up', leaderOf: 0, replicaCount: 0 })),
    topics: [...topics].map(([name, ps]) => ({ name, partitionCount: ps.length, replicationFactor: ps[0]!.replicas.length, configs: {}, internal: false, partitions: ps })),
    producers: [],
    consumers: [],
    groups: [],
    inFlight: [],
  };
}
