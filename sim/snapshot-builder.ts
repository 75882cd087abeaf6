// The plain snapshot of a running simulation, built from the engine's objects without exposing them.
import type { SimulationParts } from './simulation.ts';
import { localReplica } from './local-replica.ts';
import type { ClusterSnapshot, ControllerSnapshot, FrameReplica, FrameSnapshot, InFlightSnapshot, PartitionSnapshot, ReplicaSnapshot } from './snapshot.ts';
import { describeTopicConfig } from './config/topic-config.ts';
import { buildGroupSnapshots } from './group-snapshot.ts';
import { isKafkaMessage } from './protocol/messages.ts';
import { isControllerMessage } from './protocol/controller-messages.ts';

export function buildSnapshot(parts: SimulationParts): ClusterSnapshot {
  const { kernel, metadata, brokerConfig } = parts;
  const topics = [...metadata.topics.values()].map((topic) => ({
    name: topic.name,
    partitionCount: topic.partitions.length,
    replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
    configs: describeTopicConfig(topic.config, brokerConfig.topicDefaults),
    internal: topic.name.startsWith('__'),
    partitions: topic.partitions.map((p): PartitionSnapshot => {
      const leaderBroker = parts.brokers.get(p.leader);
      const leaderReplica = leaderBroker?.up ? leaderBroker.actor.replica(topic.name, p.partition) : undefined;
      const replicaStates = p.replicas.map((brokerId): ReplicaSnapshot => {
        const replica = localReplica(parts, brokerId, topic.name, p.partition);
        const seen = leaderReplica?.isLeader ? leaderReplica.followers.get(brokerId) : undefined;
        const lastCaughtUpTimeMs = seen ? seen.lastCaughtUpTimeMs : null;
        const logEndOffsetSeenByLeader = seen && seen.logEndOffset >= 0 ? seen.logEndOffset : null;
        if (!replica) {
          return { broker: brokerId, logStartOffset: 0, logEndOffset: 0, highWatermark: 0, sizeBytes: 0, segments: [], leaderEpochs: [], lastCaughtUpTimeMs, logEndOffsetSeenByLeader };
        }
        const segments = replica.log.segments();
        return {
          leaderEpochs: replica.log.leaderEpochs(),
          lastCaughtUpTimeMs,
          logEndOffsetSeenByLeader,
          broker: brokerId,
          logStartOffset: replica.log.logStartOffset,
          logEndOffset: replica.log.logEndOffset,
          highWatermark: replica.highWatermark,
          sizeBytes: replica.log.sizeBytes,
          segments: segments.map((s) => ({
            baseOffset: s.baseOffset,
            fileName: s.fileName,
            sizeBytes: s.sizeBytes,
            nextOffset: s.nextOffset,
            largestTimestamp: s.largestTimestamp,
            offsetIndexEntries: s.offsetIndexEntries,
            timeIndexEntries: s.timeIndexEntries,
            active: s.active,
          })),
        };
      });
      const leaderState = replicaStates.find((r) => r.broker === p.leader);
      return {
        topic: topic.name,
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        partitionEpoch: p.partitionEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
        elr: [...p.elr],
        lastKnownElr: [...p.lastKnownElr],
        highWatermark: leaderState?.highWatermark ?? Math.max(0, ...replicaStates.map((r) => r.highWatermark)),
        logStartOffset: leaderState?.logStartOffset ?? 0,
        logEndOffset: leaderState?.logEndOffset ?? Math.max(0, ...replicaStates.map((r) => r.logEndOffset)),
        replicaStates,
      };
    }),
  }));

  const brokers = [...parts.brokers].map(([id, b]) => {
    let leaderOf = 0;
    let replicaCount = 0;
    for (const topic of metadata.topics.values()) {
      for (const p of topic.partitions) {
        if (p.leader === id) leaderOf++;
        if (p.replicas.includes(id)) replicaCount++;
      }
    }
    const registration = metadata.brokers.get(id);
    const running = kernel.isUp(b.actor.id);
    return {
      id,
      node: b.actor.id,
      // A process still starting accepts no connections yet: it is not up for anyone else.
      status: running && b.kraft.serving ? ('up' as const) : ('down' as const),
      leaderOf,
      replicaCount,
      state: running ? b.kraft.state : ('stopped' as const),
      fenced: registration?.fenced ?? true,
      inControlledShutdown: registration?.inControlledShutdown ?? false,
      brokerEpoch: registration?.brokerEpoch ?? -1,
      diskLatencyMs: b.disk.appendLatencyMs,
    };
  });

  const controllers = parts.controllers.map((c): ControllerSnapshot => {
    const d = c.node.describe();
    return {
      id: c.nodeId,
      node: c.id,
      status: kernel.isUp(c.id) ? 'up' : 'down',
      role: d.role,
      active: c.isActive && kernel.isUp(c.id),
      epoch: d.epoch,
      leader: d.leaderId ?? -1,
      logEndOffset: d.logEndOffset,
      highWatermark: d.highWatermark,
    };
  });

  const producers = [...parts.producers.values()].map((p) => {
    const failed = Object.fromEntries(p.metrics.failed);
    const failedTotal = [...p.metrics.failed.values()].reduce((a, b) => a + b, 0);
    return {
      id: p.clientId,
      topic: p.topic,
      acks: p.config.acks,
      idempotent: p.config.enableIdempotence,
      producerId: p.transactionManager?.producerIdAndEpoch.producerId ?? -1,
      producerEpoch: p.transactionManager?.producerIdAndEpoch.epoch ?? -1,
      lingerMs: p.config.lingerMs,
      batchSizeBytes: p.config.batchSize,
      sent: p.metrics.sent,
      acked: p.metrics.acked,
      failed,
      failedTotal,
      retries: p.metrics.retries,
      pending: p.pending,
      inFlightRequests: p.inFlightRequests,
      latencyMsAvg: p.metrics.acked > 0 ? p.metrics.latencyMsTotal / p.metrics.acked : 0,
      latencyMsMax: p.metrics.latencyMsMax,
      status: !kernel.isUp(p.id) ? ('crashed' as const) : p.done ? ('done' as const) : ('running' as const),
      paused: p.paused,
      maxRequestSizeBytes: p.config.maxRequestSize,
    };
  });

  const consumers = [...parts.consumers.values()].map((c) => ({
    id: c.clientId,
    topic: c.topic,
    consumed: c.consumed,
    processed: c.processedCount,
    status: !kernel.isUp(c.id) ? ('crashed' as const) : c.paused ? ('paused' as const) : ('running' as const),
    error: c.failed,
    groupId: c.config.groupId,
    mode: c.membership === null ? ('assign' as const) : ('subscribe' as const),
    groupProtocol: c.config.groupProtocol,
    commitMode: c.commitMode,
    memberId: c.membership?.memberId ?? '',
    generation: c.membership?.generation ?? -1,
    memberState: c.membership?.state ?? null,
    coordinator: c.group.coordinatorBroker,
    assignment: [...c.partitions.values()]
      .sort((a, b) => a.partition - b.partition)
      .map((s) => {
        // Lag as kafka-consumer-groups shows it: the partition's HW now, not the (older) one the
        // consumer saw in its last fetch.
        const highWatermark = topics.find((t) => t.name === c.topic)?.partitions[s.partition]?.highWatermark ?? s.highWatermark;
        return {
          partition: s.partition,
          position: s.position ?? -1,
          highWatermark,
          lag: s.position === null ? 0 : Math.max(0, highWatermark - s.position),
        };
      }),
  }));

  const inFlight: InFlightSnapshot[] = kernel.network.inFlight().flatMap((m): InFlightSnapshot[] => {
    const message = m.message;
    if (isControllerMessage(message)) {
      const kind = message.kind === 'controller-request' ? ('request' as const) : ('response' as const);
      return [{ from: m.from, to: m.to, api: message.body.api, kind, sentAtMs: m.sentAtMs, arrivesAtMs: m.arrivesAtMs }];
    }
    if (!isKafkaMessage(message)) return [];
    return [{ from: m.from, to: m.to, api: message.body.api, kind: message.kind, sentAtMs: m.sentAtMs, arrivesAtMs: m.arrivesAtMs }];
  });

  return {
    timeMs: kernel.nowMs,
    seed: kernel.seed,
    traceHash: kernel.trace.hash(),
    traceLength: kernel.trace.count,
    brokers,
    topics,
    producers,
    consumers,
    groups: buildGroupSnapshots(parts, topics),
    inFlight,
    controllers,
  };
}

/**
 * The frame the worker posts to the page (see FrameSnapshot). __consumer_offsets has 50 partitions,
 * of which a few hold a group: the others keep their offsets but no segment bounds (no view draws
 * them). Cloning the frame is most of what receiving it costs: this takes the standard scene's
 * from about 80 KB to a third, the large scene's from about 400 KB to less than half.
 */
export function frameSnapshot(snapshot: ClusterSnapshot): FrameSnapshot {
  const holding = new Set(snapshot.groups.map((g) => g.offsetsPartition));
  return {
    ...snapshot,
    topics: snapshot.topics.map((topic) => ({
      ...topic,
      partitions: topic.partitions.map((p) => {
        const keepSegments = !topic.internal || holding.has(p.partition);
        return {
          ...p,
          replicaStates: p.replicaStates.map(
            (r): FrameReplica => ({
              broker: r.broker,
              logStartOffset: r.logStartOffset,
              logEndOffset: r.logEndOffset,
              highWatermark: r.highWatermark,
              sizeBytes: r.sizeBytes,
              segments: keepSegments ? r.segments.map((s) => ({ baseOffset: s.baseOffset, nextOffset: s.nextOffset, active: s.active })) : [],
            }),
          ),
        };
      }),
    })),
  };
}
