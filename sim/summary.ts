// The JSON summary of a run that `npm run sim` prints: enough to compare two runs at a glance.
import type { ClusterSnapshot } from './snapshot.ts';

export interface RunSummary {
  timeMs: number;
  seed: number;
  traceHash: string;
  traceLength: number;
  partitions: {
    topic: string;
    partition: number;
    leader: number;
    leaderEpoch: number;
    replicas: number[];
    isr: number[];
    highWatermark: number;
    logStartOffset: number;
    logEndOffsets: Record<string, number>;
    segments: { fileName: string; baseOffset: number; nextOffset: number; sizeBytes: number; active: boolean }[];
  }[];
  producers: Record<string, { sent: number; acked: number; failed: Record<string, number>; retries: number; pending: number }>;
  consumers: Record<string, { consumed: number; position: Record<string, number>; lag: Record<string, number>; error: string | null }>;
  /** Kafka's internal topics in brief (__consumer_offsets has 50 partitions by default). */
  internalTopics: Record<string, { partitions: number; records: number }>;
  groups: Record<
    string,
    {
      protocol: 'classic' | 'consumer';
      state: string;
      generation: number;
      assignor: string | null;
      coordinator: number;
      members: Record<string, { client: string; assigned: string[] }>;
      /** topic-partition → committed offset and lag (null without a commit). */
      offsets: Record<string, { committed: number; lag: number | null }>;
    }
  >;
}

export function summarize(snapshot: ClusterSnapshot): RunSummary {
  return {
    timeMs: snapshot.timeMs,
    seed: snapshot.seed,
    traceHash: snapshot.traceHash,
    traceLength: snapshot.traceLength,
    partitions: snapshot.topics.filter((t) => !t.internal).flatMap((t) =>
      t.partitions.map((p) => {
        const leader = p.replicaStates.find((r) => r.broker === p.leader) ?? p.replicaStates[0];
        return {
          topic: p.topic,
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicas,
          isr: p.isr,
          highWatermark: p.highWatermark,
          logStartOffset: p.logStartOffset,
          logEndOffsets: Object.fromEntries(p.replicaStates.map((r) => [String(r.broker), r.logEndOffset])),
          segments: (leader?.segments ?? []).map((s) => ({
            fileName: s.fileName,
            baseOffset: s.baseOffset,
            nextOffset: s.nextOffset,
            sizeBytes: s.sizeBytes,
            active: s.active,
          })),
        };
      }),
    ),
    producers: Object.fromEntries(
      snapshot.producers.map((p) => [p.id, { sent: p.sent, acked: p.acked, failed: p.failed, retries: p.retries, pending: p.pending }]),
    ),
    consumers: Object.fromEntries(
      snapshot.consumers.map((c) => [
        c.id,
        {
          consumed: c.consumed,
          position: Object.fromEntries(c.assignment.map((a) => [String(a.partition), a.position])),
          lag: Object.fromEntries(c.assignment.map((a) => [String(a.partition), a.lag])),
          error: c.error,
        },
      ]),
    ),
    internalTopics: Object.fromEntries(
      snapshot.topics.filter((t) => t.internal).map((t) => [t.name, { partitions: t.partitionCount, records: t.partitions.reduce((sum, p) => sum + p.highWatermark - p.logStartOffset, 0) }]),
    ),
    groups: Object.fromEntries(
      snapshot.groups.map((g) => [
        g.groupId,
        {
          protocol: g.protocol,
          state: g.state,
          generation: g.generation,
          assignor: g.assignor,
          coordinator: g.coordinator,
          members: Object.fromEntries(g.members.map((m) => [m.memberId, { client: m.clientId, assigned: m.assigned.map((tp) => `${tp.topic}-${tp.partition}`) }])),
          offsets: Object.fromEntries(g.offsets.map((o) => [`${o.topic}-${o.partition}`, { committed: o.committed, lag: o.lag }])),
        },
      ]),
    ),
  };
}
