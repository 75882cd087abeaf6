// A Kafka consumer with manually assigned partitions (consumer.assign), as an actor: it finds
// each partition's starting position with ListOffsets (auto.offset.reset), fetches from leaders
// up to the high watermark, and runs a poll loop whose processing time is modelled. Groups and
// commits arrive with the consumer-group issue.
import type { Actor, ActorContext, NodeId } from '../../kernel/types.ts';
import type { EngineEvent } from '../../events.ts';
import type { ConsumerConfig } from '../../config/consumer-config.ts';
import {
  CONSUMER_REPLICA_ID,
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type FetchPartitionResponse,
  type FetchResponse,
  type ListOffsetsResponse,
} from '../../protocol/messages.ts';
import type { ConnectionControl } from '../../broker/broker.ts';
import { NetworkClient } from '../network-client.ts';
import { ClientMetadata } from '../client-metadata.ts';
import { decodeRecordBatches, readBatchHeader, verifyBatchCrc } from '../../log/index.ts';

const BATCH_HEADER_BYTES = 61;

export interface ProcessingModel {
  perRecordMs: number;
  perPollMs: number;
}

export interface PartitionState {
  partition: number;
  /** Next offset poll() returns (Kafka's position()); null until known. */
  position: number | null;
  /** Next offset to fetch; ahead of position by what is buffered. */
  fetchPosition: number | null;
  highWatermark: number;
  leaderEpoch: number;
  resetting: boolean;
}

/** Records fetched and not yet returned by poll(), as runs of consecutive offsets. */
interface Buffered {
  partition: number;
  /** [from, to, leaderEpoch of their batch) runs in order; several when batches or gaps separate them. */
  runs: [number, number, number][];
  nextFetchOffset: number;
}

/** Who watches what the consumer's poll() returned, from outside (the history checker). */
export interface ConsumerObserver {
  consumed(topic: string, partition: number, run: readonly [from: number, to: number, leaderEpoch: number]): void;
  positionReset(topic: string, partition: number, offset: number, reason: string): void;
}

type Timer = { kind: 'poll' } | { kind: 'fetch-backoff' };

export class Consumer implements Actor {
  readonly id: NodeId;
  readonly partitions = new Map<number, PartitionState>();
  consumed = 0;
  paused = false;
  failed: string | null = null;
  observer: ConsumerObserver | null = null;
  private readonly network: NetworkClient;
  private readonly metadata: ClientMetadata;
  private readonly buffer: Buffered[] = [];
  private readonly fetchesInFlight = new Set<NodeId>();
  private pollScheduled = false;
  private processingUntilMs = 0;
  private context: ActorContext | null = null;

  constructor(
    readonly clientId: string,
    readonly topic: string,
    readonly config: ConsumerConfig,
    private readonly assigned: number[] | null,
    private readonly processing: ProcessingModel,
    private readonly startMs: number,
    bootstrapBrokers: number[],
    connections: ConnectionControl,
  ) {
    this.id = `consumer-${clientId}`;
    this.network = new NetworkClient(clientId, connections, config.requestTimeoutMs);
    this.metadata = new ClientMetadata(
      clientId,
      () => [this.topic],
      bootstrapBrokers,
      this.network,
      config.retryBackoffMs,
      config.metadataMaxAgeMs,
      // allow.auto.create.topics=true by default, as in Java.
      true,
      (ctx) => this.onMetadata(ctx),
    );
  }

  start(ctx: ActorContext): void {
    this.context = ctx;
    if (ctx.nowMs < this.startMs) {
      ctx.setTimer(this.startMs - ctx.nowMs, { kind: 'fetch-backoff' } satisfies Timer);
      return;
    }
    this.metadata.requestUpdate(ctx);
    this.schedulePoll(0, ctx);
  }

  onMessage(_from: NodeId, message: unknown, ctx: ActorContext): void {
    this.network.handleMessage(message, ctx);
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.network.handleDisconnect(peer, ctx);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (this.network.handleTimer(payload, ctx) || this.metadata.handleTimer(payload, ctx)) return;
    const timer = payload as Timer;
    if (timer.kind === 'poll') {
      this.pollScheduled = false;
      this.poll(ctx);
    } else {
      if (this.partitions.size === 0) this.metadata.requestUpdate(ctx);
      this.sendFetches(ctx);
      this.schedulePoll(0, ctx);
    }
  }

  private onMetadata(ctx: ActorContext): void {
    const count = this.metadata.partitionCount(this.topic);
    const wanted = this.assigned ?? Array.from({ length: count }, (_, i) => i);
    for (const partition of wanted) {
      if (partition >= count || this.partitions.has(partition)) continue;
      this.partitions.set(partition, { partition, position: null, fetchPosition: null, highWatermark: 0, leaderEpoch: -1, resetting: false });
    }
    for (const state of this.partitions.values()) {
      state.leaderEpoch = this.metadata.topics.get(this.topic)?.partitions[state.partition]?.leaderEpoch ?? -1;
    }
    this.resetPositions(ctx);
    this.sendFetches(ctx);
  }

  /** auto.offset.reset for every partition without a position: ListOffsets to its leader. */
  private resetPositions(ctx: ActorContext): void {
    const strategy = this.config.autoOffsetReset;
    const byLeader = new Map<NodeId, PartitionState[]>();
    for (const state of this.partitions.values()) {
      if (state.fetchPosition !== null || state.resetting) continue;
      if (strategy === 'none') {
        this.fail(`NoOffsetForPartitionException: no position for ${this.topic}-${state.partition} and auto.offset.reset=none`, state.partition, ctx);
        return;
      }
      const leader = this.metadata.leaderOf(this.topic, state.partition);
      if (!leader) continue;
      const list = byLeader.get(leader) ?? [];
      list.push(state);
      byLeader.set(leader, list);
    }
    for (const [leader, states] of byLeader) {
      for (const s of states) s.resetting = true;
      const timestamp = strategy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
      const request = {
        api: 'ListOffsets' as const,
        replicaId: CONSUMER_REPLICA_ID,
        topics: [{ name: this.topic, partitions: states.map((s) => ({ partition: s.partition, currentLeaderEpoch: s.leaderEpoch, timestamp })) }],
      };
      this.network.send<ListOffsetsResponse>(ctx, leader, request, (outcome) => {
        for (const s of states) s.resetting = false;
        if (!outcome.ok) {
          this.metadata.requestUpdate(ctx);
          return;
        }
        for (const answer of outcome.body.topics[0]?.partitions ?? []) {
          const state = this.partitions.get(answer.partition);
          if (!state) continue;
          if (answer.error !== 'NONE' || answer.offset < 0) {
            this.metadata.requestUpdate(ctx);
            continue;
          }
          state.position = answer.offset;
          state.fetchPosition = answer.offset;
          this.observer?.positionReset(this.topic, state.partition, answer.offset, strategy);
          ctx.emit({ type: 'offset-reset', consumer: this.clientId, topic: this.topic, partition: state.partition, offset: answer.offset, strategy, reason: 'no position' } satisfies EngineEvent);
        }
        this.sendFetches(ctx);
      });
    }
  }

  /** One Fetch in flight per broker, for the partitions it leads that have nothing buffered. */
  private sendFetches(ctx: ActorContext): void {
    if (this.failed) return;
    const byLeader = new Map<NodeId, PartitionState[]>();
    for (const state of this.partitions.values()) {
      if (state.fetchPosition === null || this.buffer.some((b) => b.partition === state.partition)) continue;
      const leader = this.metadata.leaderOf(this.topic, state.partition);
      if (!leader || this.fetchesInFlight.has(leader)) continue;
      const list = byLeader.get(leader) ?? [];
      list.push(state);
      byLeader.set(leader, list);
    }
    for (const [leader, states] of byLeader) {
      this.fetchesInFlight.add(leader);
      const request = {
        api: 'Fetch' as const,
        replicaId: CONSUMER_REPLICA_ID,
        maxWaitMs: this.config.fetchMaxWaitMs,
        minBytes: this.config.fetchMinBytes,
        maxBytes: this.config.fetchMaxBytes,
        topics: [
          {
            name: this.topic,
            partitions: states.map((s) => ({
              partition: s.partition,
              currentLeaderEpoch: s.leaderEpoch,
              fetchOffset: s.fetchPosition!,
              partitionMaxBytes: this.config.maxPartitionFetchBytes,
            })),
          },
        ],
      };
      this.network.send<FetchResponse>(ctx, leader, request, (outcome) => {
        this.fetchesInFlight.delete(leader);
        if (!outcome.ok) {
          this.metadata.requestUpdate(ctx);
          ctx.setTimer(this.config.retryBackoffMs, { kind: 'fetch-backoff' } satisfies Timer);
          return;
        }
        let retryLater = false;
        for (const answer of outcome.body.topics[0]?.partitions ?? []) retryLater = this.onFetchedPartition(answer, ctx) || retryLater;
        if (retryLater) ctx.setTimer(this.config.retryBackoffMs, { kind: 'fetch-backoff' } satisfies Timer);
        else this.sendFetches(ctx);
        this.schedulePoll(0, ctx);
      });
    }
  }

  /** Returns true when the partition needs a backoff before it is fetched again. */
  private onFetchedPartition(answer: FetchPartitionResponse, ctx: ActorContext): boolean {
    const state = this.partitions.get(answer.partition);
    if (!state || state.fetchPosition === null) return false;
    if (answer.error === 'OFFSET_OUT_OF_RANGE') {
      state.fetchPosition = null;
      state.position = null;
      ctx.emit({ type: 'consumer-error', consumer: this.clientId, topic: this.topic, partition: state.partition, error: answer.error } satisfies EngineEvent);
      this.resetPositions(ctx);
      return false;
    }
    if (answer.error !== 'NONE') {
      ctx.emit({ type: 'consumer-error', consumer: this.clientId, topic: this.topic, partition: state.partition, error: answer.error } satisfies EngineEvent);
      this.metadata.requestUpdate(ctx);
      return true;
    }
    state.highWatermark = answer.highWatermark;
    const records = answer.records;
    if (records.length === 0) return false;
    const from = state.fetchPosition;
    const runs: [number, number, number][] = [];
    const addOffsets = (first: number, endExclusive: number, epoch: number) => {
      const last = runs.at(-1);
      if (last && last[1] === first && last[2] === epoch) last[1] = endExclusive;
      else runs.push([first, endExclusive, epoch]);
    };
    let next = from;
    for (let position = 0; position + BATCH_HEADER_BYTES <= records.length; ) {
      const header = readBatchHeader(records, position);
      // check.crcs=true: the consumer verifies every batch it receives.
      if (!verifyBatchCrc(records, position)) {
        this.fail(`CORRUPT_MESSAGE: batch at offset ${header.baseOffset} failed its CRC check`, state.partition, ctx);
        return false;
      }
      const last = header.baseOffset + header.lastOffsetDelta;
      if (last >= next) {
        if (header.baseOffset >= next && header.recordCount === header.lastOffsetDelta + 1) {
          addOffsets(header.baseOffset, last + 1, header.partitionLeaderEpoch);
        } else {
          // A batch that starts before the position, or has gaps (compaction): read its offsets.
          const [batch] = decodeRecordBatches(records.subarray(position, position + header.sizeBytes));
          for (const record of batch?.records ?? []) if (record.offset >= next) addOffsets(record.offset, record.offset + 1, header.partitionLeaderEpoch);
        }
        next = last + 1;
      }
      position += header.sizeBytes;
    }
    if (next === from) return false;
    state.fetchPosition = next;
    this.buffer.push({ partition: state.partition, runs, nextFetchOffset: next });
    const count = runs.reduce((sum, [a, b]) => sum + b - a, 0);
    ctx.emit({ type: 'fetch-served', consumer: this.clientId, topic: this.topic, partition: state.partition, fromOffset: from, toOffset: next, records: count } satisfies EngineEvent);
    return false;
  }

  private schedulePoll(delayMs: number, ctx: ActorContext): void {
    if (this.pollScheduled) return;
    this.pollScheduled = true;
    ctx.setTimer(Math.max(delayMs, this.processingUntilMs - ctx.nowMs, 0), { kind: 'poll' } satisfies Timer);
  }

  /** One poll(): up to max.poll.records from the buffer, then the modelled processing time. */
  private poll(ctx: ActorContext): void {
    if (this.paused || this.failed || this.buffer.length === 0) return;
    let budget = this.config.maxPollRecords;
    let taken = 0;
    const positions: Record<string, number> = {};
    while (budget > 0 && this.buffer.length > 0) {
      const head = this.buffer[0]!;
      while (budget > 0 && head.runs.length > 0) {
        const run = head.runs[0]!;
        const take = Math.min(budget, run[1] - run[0]);
        this.observer?.consumed(this.topic, head.partition, [run[0], run[0] + take, run[2]]);
        run[0] += take;
        budget -= take;
        taken += take;
        if (run[0] === run[1]) head.runs.shift();
      }
      const state = this.partitions.get(head.partition);
      if (state) {
        state.position = head.runs.length > 0 ? head.runs[0]![0] : head.nextFetchOffset;
        positions[String(head.partition)] = state.position;
      }
      if (head.runs.length === 0) this.buffer.shift();
    }
    this.consumed += taken;
    ctx.emit({ type: 'records-consumed', consumer: this.clientId, records: taken, position: positions } satisfies EngineEvent);
    const processingMs = this.processing.perPollMs + this.processing.perRecordMs * taken;
    this.processingUntilMs = ctx.nowMs + processingMs;
    this.sendFetches(ctx);
    if (this.buffer.length > 0) this.schedulePoll(processingMs, ctx);
  }

  resume(): void {
    this.paused = false;
    if (this.context) this.schedulePoll(0, this.context);
  }

  private fail(message: string, partition: number, ctx: ActorContext): void {
    this.failed = message;
    ctx.emit({ type: 'consumer-error', consumer: this.clientId, topic: this.topic, partition, error: message.split(':')[0]! } satisfies EngineEvent);
  }
}
