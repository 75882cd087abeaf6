// A Kafka consumer as an actor. It either takes the partitions it is given (consumer.assign) or
// subscribes to its topic in a consumer group (classic protocol or KIP-848's), which hands it
// partitions and takes them back. For each partition it owns it starts from the group's committed
// offset, or from auto.offset.reset (ListOffsets), fetches from the leader up to the high
// watermark, and runs a poll loop whose processing time is modelled; it commits automatically
// (enable.auto.commit) or as the application would, before or after processing.
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
import { NetworkClient, type RequestOutcome } from '../network-client.ts';
import { ClientMetadata } from '../client-metadata.ts';
import { decodeRecordBatches, readBatchHeader, verifyBatchCrc } from '../../log/index.ts';
import { GroupClient, type CommitIdentity, type CommitOutcome, type CommittedOffsetsCallback, type GroupClientTimer, type OffsetToCommit } from './group-client.ts';
import type { KafkaErrorName } from '../../protocol/errors.ts';
import { bound } from '../../snapshot/bound.ts';
import type { Membership, MembershipHost } from './membership.ts';
import { ClassicMembership } from './classic-membership.ts';
import { ConsumerProtocolMembership } from './consumer-protocol-membership.ts';

const BATCH_HEADER_BYTES = 61;

export interface ProcessingModel {
  perRecordMs: number;
  perPollMs: number;
}

/**
 * When the application commits: 'auto' (enable.auto.commit, every auto.commit.interval.ms from
 * poll()), after processing each poll's records (commitSync or commitAsync), before processing
 * them (commitSync: at-most-once), or never.
 */
export type CommitMode = 'auto' | 'sync-after-processing' | 'async-after-processing' | 'sync-before-processing' | 'none';

export interface PartitionState {
  partition: number;
  /** Next offset poll() returns (Kafka's position()); null until known. */
  position: number | null;
  /** Offset after the last record the application finished processing. */
  processed: number | null;
  /** Next offset to fetch; ahead of position by what is buffered. */
  fetchPosition: number | null;
  highWatermark: number;
  leaderEpoch: number;
  resetting: boolean;
  /** Waiting for the group's committed offset (OffsetFetch). */
  fetchingCommitted: boolean;
  /** Being given back: not fetched, nothing more handed out. */
  revoking: boolean;
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
  /** The application finished processing these offsets (what the delivery checker counts). */
  processed?(topic: string, partition: number, run: readonly [from: number, to: number]): void;
  /** The coordinator acknowledged a committed offset. */
  committed?(topic: string, partition: number, offset: number): void;
}

type Timer = { kind: 'poll' } | { kind: 'fetch-backoff' } | { kind: 'processing-done' } | { kind: 'start' };

/** What the application does with each poll's records, until it polls again. */
type AppState = 'polling' | 'processing' | 'committing';

export class Consumer implements Actor, MembershipHost {
  readonly id: NodeId;
  readonly partitions = new Map<number, PartitionState>();
  consumed = 0;
  processedCount = 0;
  paused = false;
  failed: string | null = null;
  observer: ConsumerObserver | null = null;
  readonly network: NetworkClient;
  readonly group: GroupClient;
  readonly membership: Membership | null;
  readonly commitMode: CommitMode;
  private readonly metadata: ClientMetadata;
  private readonly buffer: Buffered[] = [];
  private readonly fetchesInFlight = new Set<NodeId>();
  private pollScheduled = false;
  private processingUntilMs = 0;
  private appState: AppState = 'polling';
  /** The records the application is processing: what the last poll() returned. */
  private inProcess: { partition: number; from: number; to: number }[] = [];
  lastPollReturnMs = 0;
  private nextAutoCommitMs = 0;
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
    commitMode: CommitMode | null = null,
  ) {
    this.id = `consumer-${clientId}`;
    this.network = new NetworkClient(clientId, connections, config.requestTimeoutMs);
    this.commitMode = config.groupId === null ? 'none' : (commitMode ?? (config.enableAutoCommit ? 'auto' : 'none'));
    this.group = new GroupClient(
      config.groupId ?? '',
      clientId,
      topic,
      this.network,
      bound(this, 'metadataBrokerIds'),
      config.retryBackoffMs,
      config.defaultApiTimeoutMs,
      bound(this, 'onCommitted'),
    );
    const subscribed = config.groupId !== null && assigned === null;
    this.membership = !subscribed ? null : config.groupProtocol === 'consumer' ? new ConsumerProtocolMembership(this) : new ClassicMembership(this);
    this.metadata = new ClientMetadata(
      clientId,
      bound(this, 'metadataTopics'),
      bootstrapBrokers,
      this.network,
      config.retryBackoffMs,
      config.metadataMaxAgeMs,
      // allow.auto.create.topics=true by default, as in Java.
      true,
      bound(this, 'onMetadata'),
    );
  }

  /** The brokers the group client may ask for the coordinator: those the metadata knows. */
  private metadataBrokerIds(): number[] {
    return this.metadata.brokerIds();
  }

  /** The topics this consumer's metadata asks for. */
  private metadataTopics(): string[] {
    return [this.topic];
  }

  /** The coordinator acknowledged a commit: the observer hears of each offset. */
  private onCommitted(offsets: readonly OffsetToCommit[]): void {
    for (const o of offsets) this.observer?.committed?.(this.topic, o.partition, o.offset);
  }

  start(ctx: ActorContext): void {
    this.context = ctx;
    if (ctx.nowMs < this.startMs) {
      ctx.setTimer(this.startMs - ctx.nowMs, { kind: 'start' } satisfies Timer);
      return;
    }
    this.begin(ctx);
  }

  private begin(ctx: ActorContext): void {
    this.lastPollReturnMs = ctx.nowMs;
    this.nextAutoCommitMs = ctx.nowMs + this.config.autoCommitIntervalMs;
    this.metadata.requestUpdate(ctx);
    this.membership?.start(ctx);
    this.schedulePoll(0, ctx);
  }

  onMessage(_from: NodeId, message: unknown, ctx: ActorContext): void {
    this.network.handleMessage(message, ctx);
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.network.handleDisconnect(peer, ctx);
    this.group.onDisconnect(peer, ctx);
    this.membership?.onDisconnect(peer, ctx);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    if (this.network.handleTimer(payload, ctx) || this.metadata.handleTimer(payload, ctx)) return;
    if (this.group.handleTimer(payload as GroupClientTimer, ctx) || this.membership?.handleTimer(payload, ctx)) return;
    const timer = payload as Timer;
    if (timer.kind === 'poll') {
      this.pollScheduled = false;
      this.poll(ctx);
    } else if (timer.kind === 'processing-done') {
      this.processingDone(ctx);
    } else if (timer.kind === 'start') {
      this.begin(ctx);
    } else {
      if (this.partitions.size === 0) this.metadata.requestUpdate(ctx);
      // Partitions still without a position (their OffsetFetch or ListOffsets failed) try again.
      this.initPositions(ctx);
      this.sendFetches(ctx);
      this.schedulePoll(0, ctx);
    }
  }

  // --- MembershipHost ---

  get inPoll(): boolean {
    return this.appState === 'polling' && !this.paused && this.failed === null;
  }

  ownedPartitions(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  partitionCount(): number {
    return this.metadata.partitionCount(this.topic);
  }

  assignPartitions(partitions: number[], generation: number, ctx: ActorContext): void {
    for (const partition of partitions) {
      if (this.partitions.has(partition)) continue;
      this.partitions.set(partition, newPartitionState(partition, this.metadata.topics.get(this.topic)?.partitions[partition]?.leaderEpoch ?? -1));
    }
    ctx.emit({
      type: 'partitions-assigned',
      consumer: this.clientId,
      group: this.group.groupId,
      partitions: partitions.map((partition) => ({ topic: this.topic, partition })),
      generation,
    } satisfies EngineEvent);
    if (this.metadata.partitionCount(this.topic) === 0) this.metadata.requestUpdate(ctx);
    this.initPositions(ctx);
  }

  revokePartitions(partitions: number[], how: 'revoked' | 'lost', reason: string, ctx: ActorContext, then: () => void): void {
    // Nothing more of these partitions reaches the application, even while the commit is in flight.
    for (let i = this.buffer.length - 1; i >= 0; i--) if (partitions.includes(this.buffer[i]!.partition)) this.buffer.splice(i, 1);
    const offsets = how === 'revoked' && this.commitMode !== 'none' ? this.positionsToCommit(partitions) : [];
    for (const partition of partitions) {
      const state = this.partitions.get(partition);
      if (state) state.revoking = true;
    }
    // Before giving partitions back, the consumer commits what it has: auto-commit does it in
    // onJoinPrepare, an application committing by hand does it in onPartitionsRevoked.
    if (offsets.length === 0) return this.finishRevoke(partitions, how, reason, ctx, then);
    this.group.commit(ctx, offsets, true, bound(this, 'currentCommitIdentity'), bound(this, 'finishRevoke', partitions, how, reason, ctx, then));
  }

  /** The partitions are given back (after their last commit, if any): `then` continues the rebalance. */
  private finishRevoke(partitions: number[], how: 'revoked' | 'lost', reason: string, ctx: ActorContext, then: () => void): void {
    for (const partition of partitions) if (this.partitions.get(partition)?.revoking) this.partitions.delete(partition);
    ctx.emit(
      how === 'lost'
        ? ({ type: 'partitions-lost', consumer: this.clientId, group: this.group.groupId, partitions: partitions.map((partition) => ({ topic: this.topic, partition })), reason } satisfies EngineEvent)
        : ({ type: 'partitions-revoked', consumer: this.clientId, group: this.group.groupId, partitions: partitions.map((partition) => ({ topic: this.topic, partition })), generation: this.membership?.generation ?? -1 } satisfies EngineEvent),
    );
    then();
  }

  /** The identity a commit carries when it leaves: the membership's, or a simple consumer's. */
  private currentCommitIdentity(): CommitIdentity | KafkaErrorName {
    return this.membership?.commitIdentity() ?? soloIdentity();
  }

  /** The identity of a commit made outside any group membership. */
  private soloCommitIdentity(): CommitIdentity {
    return soloIdentity();
  }

  fail(message: string, ctx: ActorContext): void {
    this.failed = message;
    ctx.emit({ type: 'consumer-error', consumer: this.clientId, topic: this.topic, partition: -1, error: message.split(':')[0]! } satisfies EngineEvent);
  }

  // --- positions ---

  private onMetadata(ctx: ActorContext): void {
    const count = this.metadata.partitionCount(this.topic);
    if (this.membership === null) {
      const wanted = this.assigned ?? Array.from({ length: count }, (_, i) => i);
      for (const partition of wanted) {
        if (partition >= count || this.partitions.has(partition)) continue;
        this.partitions.set(partition, newPartitionState(partition, -1));
      }
    }
    for (const state of this.partitions.values()) {
      state.leaderEpoch = this.metadata.topics.get(this.topic)?.partitions[state.partition]?.leaderEpoch ?? -1;
    }
    this.initPositions(ctx);
    this.sendFetches(ctx);
  }

  /**
   * Partitions without a position start from the group's committed offset when there is one
   * (KafkaConsumer.updateFetchPositions: refreshCommittedOffsets, then resetPositions).
   */
  private initPositions(ctx: ActorContext): void {
    if (this.config.groupId === null) return this.resetPositions(ctx);
    const wanted = [...this.partitions.values()].filter((s) => s.fetchPosition === null && !s.resetting && !s.fetchingCommitted);
    if (wanted.length === 0) return this.resetPositions(ctx);
    for (const s of wanted) s.fetchingCommitted = true;
    this.group.fetchCommitted(
      ctx,
      wanted.map((s) => s.partition),
      bound<CommittedOffsetsCallback>(this, 'onCommittedOffsets', wanted, ctx),
    );
  }

  /** The OffsetFetch of initPositions answered (null: it failed, tried again after a backoff). */
  private onCommittedOffsets(wanted: PartitionState[], ctx: ActorContext, committed: Map<number, { offset: number; leaderEpoch: number }> | null): void {
    for (const s of wanted) s.fetchingCommitted = false;
    if (committed === null) {
      ctx.setTimer(this.config.retryBackoffMs, { kind: 'fetch-backoff' } satisfies Timer);
      return;
    }
    for (const s of wanted) {
      const offset = committed.get(s.partition);
      if (this.partitions.get(s.partition) !== s || s.fetchPosition !== null || !offset || offset.offset < 0) continue;
      s.position = offset.offset;
      s.processed = offset.offset;
      s.fetchPosition = offset.offset;
      this.observer?.positionReset(this.topic, s.partition, offset.offset, 'committed');
      ctx.emit({ type: 'offset-reset', consumer: this.clientId, topic: this.topic, partition: s.partition, offset: offset.offset, strategy: this.config.autoOffsetReset, reason: 'committed offset' } satisfies EngineEvent);
    }
    this.resetPositions(ctx);
    this.sendFetches(ctx);
  }

  /** auto.offset.reset for every partition without a position: ListOffsets to its leader. */
  private resetPositions(ctx: ActorContext): void {
    const strategy = this.config.autoOffsetReset;
    const byLeader = new Map<NodeId, PartitionState[]>();
    for (const state of this.partitions.values()) {
      if (state.fetchPosition !== null || state.resetting || state.fetchingCommitted) continue;
      if (strategy === 'none') {
        this.failPartition(`NoOffsetForPartitionException: no position for ${this.topic}-${state.partition} and auto.offset.reset=none`, state.partition, ctx);
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
      this.network.send<ListOffsetsResponse>(ctx, leader, request, bound<(outcome: RequestOutcome<ListOffsetsResponse>) => void>(this, 'onListOffsetsResponse', states, strategy, ctx));
    }
  }

  /** The ListOffsets of resetPositions answered: the partitions it found start there. */
  private onListOffsetsResponse(states: PartitionState[], strategy: ConsumerConfig['autoOffsetReset'], ctx: ActorContext, outcome: RequestOutcome<ListOffsetsResponse>): void {
    for (const s of states) s.resetting = false;
    if (!outcome.ok) {
      this.metadata.requestUpdate(ctx);
      return;
    }
    for (const answer of outcome.body.topics[0]?.partitions ?? []) {
      const state = this.partitions.get(answer.partition);
      if (!state || !states.includes(state)) continue;
      if (answer.error !== 'NONE' || answer.offset < 0) {
        this.metadata.requestUpdate(ctx);
        continue;
      }
      state.position = answer.offset;
      state.processed = answer.offset;
      state.fetchPosition = answer.offset;
      this.observer?.positionReset(this.topic, state.partition, answer.offset, strategy);
      ctx.emit({ type: 'offset-reset', consumer: this.clientId, topic: this.topic, partition: state.partition, offset: answer.offset, strategy, reason: 'no position' } satisfies EngineEvent);
    }
    this.sendFetches(ctx);
  }

  /** One Fetch in flight per broker, for the partitions it leads that have nothing buffered. */
  private sendFetches(ctx: ActorContext): void {
    if (this.failed) return;
    const byLeader = new Map<NodeId, PartitionState[]>();
    for (const state of this.partitions.values()) {
      if (state.fetchPosition === null || state.revoking || this.buffer.some((b) => b.partition === state.partition)) continue;
      const leader = this.metadata.leaderOf(this.topic, state.partition);
      if (!leader || this.fetchesInFlight.has(leader)) continue;
      const list = byLeader.get(leader) ?? [];
      list.push(state);
      byLeader.set(leader, list);
    }
    for (const [leader, states] of byLeader) {
      this.fetchesInFlight.add(leader);
      const fetchedFrom = new Map(states.map((s) => [s.partition, s.fetchPosition!]));
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
      this.network.send<FetchResponse>(ctx, leader, request, bound<(outcome: RequestOutcome<FetchResponse>) => void>(this, 'onFetchResponse', leader, fetchedFrom, ctx));
    }
  }

  private onFetchResponse(leader: NodeId, fetchedFrom: ReadonlyMap<number, number>, ctx: ActorContext, outcome: RequestOutcome<FetchResponse>): void {
    this.fetchesInFlight.delete(leader);
    if (!outcome.ok) {
      this.metadata.requestUpdate(ctx);
      ctx.setTimer(this.config.retryBackoffMs, { kind: 'fetch-backoff' } satisfies Timer);
      return;
    }
    let retryLater = false;
    for (const answer of outcome.body.topics[0]?.partitions ?? []) retryLater = this.onFetchedPartition(answer, fetchedFrom, ctx) || retryLater;
    if (retryLater) ctx.setTimer(this.config.retryBackoffMs, { kind: 'fetch-backoff' } satisfies Timer);
    else this.sendFetches(ctx);
    this.schedulePoll(0, ctx);
  }

  /** Returns true when the partition needs a backoff before it is fetched again. */
  private onFetchedPartition(answer: FetchPartitionResponse, fetchedFrom: ReadonlyMap<number, number>, ctx: ActorContext): boolean {
    const state = this.partitions.get(answer.partition);
    // A partition revoked (or reset) while its fetch was in flight: the answer is stale.
    if (!state || state.revoking || state.fetchPosition === null || state.fetchPosition !== fetchedFrom.get(answer.partition)) return false;
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
        this.failPartition(`CORRUPT_MESSAGE: batch at offset ${header.baseOffset} failed its CRC check`, state.partition, ctx);
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

  /**
   * One poll() of the application: the group's work first (joins, rebalance callbacks,
   * auto-commit), then up to max.poll.records buffered records, handed over for processing.
   */
  private poll(ctx: ActorContext): void {
    if (this.paused || this.failed || this.appState !== 'polling') return;
    this.membership?.poll(ctx);
    if (this.commitMode === 'auto' && ctx.nowMs >= this.nextAutoCommitMs) this.autoCommit(ctx);
    if (this.buffer.length === 0 || this.appState !== 'polling') return;
    let budget = this.config.maxPollRecords;
    let taken = 0;
    const positions: Record<string, number> = {};
    this.inProcess = [];
    while (budget > 0 && this.buffer.length > 0) {
      const head = this.buffer[0]!;
      while (budget > 0 && head.runs.length > 0) {
        const run = head.runs[0]!;
        const take = Math.min(budget, run[1] - run[0]);
        this.observer?.consumed(this.topic, head.partition, [run[0], run[0] + take, run[2]]);
        this.inProcess.push({ partition: head.partition, from: run[0], to: run[0] + take });
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
    this.lastPollReturnMs = ctx.nowMs;
    ctx.emit({ type: 'records-consumed', consumer: this.clientId, records: taken, position: positions } satisfies EngineEvent);
    this.sendFetches(ctx);
    if (this.commitMode === 'sync-before-processing') {
      // At-most-once: the offsets are committed before the records are processed.
      this.appState = 'committing';
      this.commitNow(this.positionsToCommit(), true, ctx, bound(this, 'startProcessing', taken, ctx));
      return;
    }
    this.startProcessing(taken, ctx);
  }

  /** The application processes the `taken` records poll() returned; processing-done fires when it is through. */
  private startProcessing(taken: number, ctx: ActorContext): void {
    const processingMs = this.processing.perPollMs + this.processing.perRecordMs * taken;
    this.appState = 'processing';
    this.processingUntilMs = ctx.nowMs + processingMs;
    ctx.setTimer(processingMs, { kind: 'processing-done' } satisfies Timer);
  }

  /** The application finished the records of its last poll(): commit if it does so now, then poll again. */
  private processingDone(ctx: ActorContext): void {
    for (const run of this.inProcess) {
      const state = this.partitions.get(run.partition);
      // Records of a partition revoked meanwhile were still processed by the application.
      if (state && (state.processed === null || state.processed < run.to)) state.processed = run.to;
      this.observer?.processed?.(this.topic, run.partition, [run.from, run.to]);
      this.processedCount += run.to - run.from;
    }
    this.inProcess = [];
    if (this.commitMode === 'sync-after-processing' || this.commitMode === 'async-after-processing') {
      const offsets = this.positionsToCommit();
      if (this.commitMode === 'sync-after-processing') {
        this.appState = 'committing';
        this.commitNow(offsets, true, ctx, bound(this, 'pollAgain', ctx));
        return;
      }
      this.commitNow(offsets, false, ctx, bound(this, 'ignoreCommit'));
    }
    this.pollAgain(ctx);
  }

  /** The application is back in its poll loop. */
  private pollAgain(ctx: ActorContext): void {
    this.appState = 'polling';
    this.schedulePoll(0, ctx);
  }

  /** After a commitAsync the application does not wait for its answer. */
  private ignoreCommit(): void {}

  /** enable.auto.commit: the positions of the previous poll(), asynchronously, every auto.commit.interval.ms. */
  private autoCommit(ctx: ActorContext): void {
    this.nextAutoCommitMs = ctx.nowMs + this.config.autoCommitIntervalMs;
    const offsets = this.positionsToCommit();
    if (offsets.length > 0) this.commitNow(offsets, false, ctx, bound(this, 'ignoreCommit'));
    // The poll loop keeps turning while idle: so does the auto-commit clock.
    if (this.commitMode === 'auto') ctx.setTimer(this.config.autoCommitIntervalMs, { kind: 'poll' } satisfies Timer);
  }

  private commitNow(offsets: OffsetToCommit[], sync: boolean, ctx: ActorContext, then: () => void): void {
    if (offsets.length === 0) return then();
    this.group.commit(ctx, offsets, sync, bound(this, 'currentCommitIdentity'), bound(this, 'onCommitDone', ctx, then));
  }

  private onCommitDone(ctx: ActorContext, then: () => void, outcome: CommitOutcome): void {
    if (!outcome.ok && (outcome.error === 'ILLEGAL_GENERATION' || outcome.error === 'UNKNOWN_MEMBER_ID' || outcome.error === 'FENCED_INSTANCE_ID')) {
      // CommitFailedException: the group rebalanced without this member; it must rejoin.
      this.membership?.onCommitFenced(ctx);
    }
    then();
  }

  /**
   * What to commit for `partitions` (all owned ones by default): the position after the records
   * handed out (auto-commit and commit-before-processing) or after those processed.
   */
  positionsToCommit(partitions: readonly number[] = this.ownedPartitions()): OffsetToCommit[] {
    const afterProcessing = this.commitMode === 'sync-after-processing' || this.commitMode === 'async-after-processing';
    const offsets: OffsetToCommit[] = [];
    for (const partition of partitions) {
      const state = this.partitions.get(partition);
      const offset = state ? (afterProcessing ? state.processed : state.position) : null;
      if (state && offset !== null) offsets.push({ partition, offset, leaderEpoch: state.leaderEpoch });
    }
    return offsets;
  }

  /**
   * KafkaConsumer.close(): the application stops polling; what it owns is revoked with a last
   * commit (ConsumerCoordinator.onLeavePrepare: auto-commit, or the listener's commitSync), then
   * the member leaves the group. `then` runs once nothing is left on the wire.
   */
  close(then: () => void): void {
    const ctx = this.context;
    if (!ctx) return then();
    this.paused = true;
    this.closing = true;
    const owned = this.ownedPartitions();
    if (this.membership) return this.revokePartitions(owned, 'revoked', 'the consumer is being closed', ctx, bound(this, 'leaveGroup', ctx, then));
    const offsets = this.commitMode !== 'none' ? this.positionsToCommit(owned) : [];
    if (offsets.length === 0) return then();
    this.group.commit(ctx, offsets, true, bound(this, 'soloCommitIdentity'), bound(this, 'runThen', then));
  }

  /** close(): what the consumer owned is given back; the member leaves its group, then `then`. */
  private leaveGroup(ctx: ActorContext, then: () => void): void {
    if (this.membership) this.membership.leave(ctx, then);
    else then();
  }

  /** Calls `then` without arguments (a callback that ignores what it is called with). */
  private runThen(then: () => void): void {
    then();
  }

  /** close() was called: the process ends as soon as it has left its group. */
  closing = false;

  /** The application thread stalls: it stops calling poll() (heartbeats go on). */
  pause(): void {
    if (this.appState === 'polling' && !this.paused && this.context) this.lastPollReturnMs = this.context.nowMs;
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.context) this.schedulePoll(0, this.context);
  }

  private failPartition(message: string, partition: number, ctx: ActorContext): void {
    this.failed = message;
    ctx.emit({ type: 'consumer-error', consumer: this.clientId, topic: this.topic, partition, error: message.split(':')[0]! } satisfies EngineEvent);
  }
}

function newPartitionState(partition: number, leaderEpoch: number): PartitionState {
  return { partition, position: null, processed: null, fetchPosition: null, highWatermark: 0, leaderEpoch, resetting: false, fetchingCommitted: false, revoking: false };
}

/** A consumer outside any generation commits as a "simple" group member would (assign()). */
function soloIdentity() {
  return { generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null };
}
