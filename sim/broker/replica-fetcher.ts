// A follower's replica fetcher (AbstractFetcherThread + ReplicaFetcherThread): one per leader broker
// (and fetcher id, num.replica.fetchers), looping Fetch requests for every partition this broker
// follows on that leader. It appends what comes with appendAsFollower, learns the HW, truncates on a
// DivergingEpoch (KIP-320), resets its offset after OFFSET_OUT_OF_RANGE with ListOffsets, and backs
// off replica.fetch.backoff.ms after errors. Like Kafka's thread it has one request in flight.
import type { ActorContext } from '../kernel/types.ts';
import type { BrokerConfig } from '../config/broker-config.ts';
import type { ReplicationEvent, EngineEvent } from '../events.ts';
import type {
  FetchPartitionResponse,
  FetchRequest,
  FetchResponse,
  KafkaRequestBody,
  ListOffsetsResponse,
} from '../protocol/messages.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/messages.ts';
import { LogError } from '../log/index.ts';
import type { PartitionReplica } from './partition-replica.ts';

/** What a fetcher needs from its broker. */
export interface FetcherHost {
  readonly brokerId: number;
  readonly config: BrokerConfig;
  readonly ctx: ActorContext;
  emit(event: EngineEvent | ReplicationEvent): void;
  /** Sends a request to a broker; null when it could not even leave (the peer is down or cut off). */
  sendRequest(fetcher: ReplicaFetcher, to: number, body: KafkaRequestBody): { correlationId: number; timerId: number } | null;
  /** Arms the fetcher's wake-up timer. */
  wakeAfter(fetcher: ReplicaFetcher, delayMs: number): number;
  cancelTimer(timerId: number): void;
  closeConnection(to: number): void;
}

interface PartitionFetchState {
  replica: PartitionReplica;
  fetchOffset: number;
  currentLeaderEpoch: number;
  /** Epoch of the last batch in the local log, -1 for none (Fetch v12+ lastFetchedEpoch). */
  lastFetchedEpoch: number;
  /** Backing off after an error until then (PartitionFetchState.delay). */
  delayedUntilMs: number;
}

type InFlight =
  | { kind: 'fetch'; correlationId: number; timerId: number; sent: Map<string, { state: PartitionFetchState; fetchOffset: number }> }
  | { kind: 'list-offsets'; correlationId: number; timerId: number; key: string; state: PartitionFetchState; stage: 'latest' | 'earliest' };

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export class ReplicaFetcher {
  private readonly partitions = new Map<string, PartitionFetchState>();
  /** Partitions whose fetch offset the leader refused (OFFSET_OUT_OF_RANGE), to reset one by one. */
  private readonly outOfRange: { key: string; stage: 'latest' | 'earliest' }[] = [];
  private inFlight: InFlight | null = null;
  private wakeTimerId: number | null = null;
  private wakeAtMs = Infinity;

  constructor(
    private readonly host: FetcherHost,
    readonly leaderId: number,
    readonly fetcherId: number,
  ) {}

  /**
   * Starts fetching a partition (AbstractFetcherThread.addPartitions): from the log end when the log
   * knows its epochs, else from the HW after truncating to it (ReplicaManager.initialFetchOffset).
   */
  addPartition(replica: PartitionReplica, leaderEpoch: number): void {
    const log = replica.log;
    const latestEpoch = log.latestEpoch();
    if (latestEpoch === null && replica.highWatermark < log.logEndOffset) truncate(this.host, replica, replica.highWatermark, 'high-watermark');
    this.partitions.set(partitionKey(replica.topic, replica.partition), {
      replica,
      fetchOffset: log.logEndOffset,
      currentLeaderEpoch: leaderEpoch,
      lastFetchedEpoch: log.latestEpoch() ?? -1,
      delayedUntilMs: 0,
    });
    this.wake(0);
  }

  removePartition(key: string): boolean {
    return this.partitions.delete(key);
  }

  /** The loop (AbstractFetcherThread.doWork): reset offsets out of range first, then fetch. */
  doWork(): void {
    if (this.inFlight !== null) return;
    const now = this.host.ctx.nowMs;
    while (this.outOfRange.length > 0) {
      const { key, stage } = this.outOfRange.shift()!;
      const state = this.partitions.get(key);
      if (state === undefined) continue;
      this.sendListOffsets(key, state, stage);
      return;
    }
    const ready: [string, PartitionFetchState][] = [];
    let nextReadyMs = Infinity;
    for (const entry of this.partitions) {
      const state = entry[1];
      if (state.delayedUntilMs <= now) ready.push(entry);
      else nextReadyMs = Math.min(nextReadyMs, state.delayedUntilMs);
    }
    if (ready.length === 0) {
      if (nextReadyMs !== Infinity) this.wake(nextReadyMs - now);
      return;
    }
    this.sendFetch(ready);
  }

  private sendFetch(ready: [string, PartitionFetchState][]): void {
    const { config, brokerId } = this.host;
    const topics: FetchRequest['topics'] = [];
    const sent = new Map<string, { state: PartitionFetchState; fetchOffset: number }>();
    for (const [key, state] of ready) {
      const { topic, partition, log } = state.replica;
      let entry = topics.find((t) => t.name === topic);
      if (entry === undefined) topics.push((entry = { name: topic, partitions: [] }));
      entry.partitions.push({
        partition,
        currentLeaderEpoch: state.currentLeaderEpoch,
        fetchOffset: state.fetchOffset,
        partitionMaxBytes: config.replicaFetchMaxBytes,
        lastFetchedEpoch: state.lastFetchedEpoch,
        logStartOffset: log.logStartOffset,
      });
      sent.set(key, { state, fetchOffset: state.fetchOffset });
    }
    const body: FetchRequest = {
      api: 'Fetch',
      replicaId: brokerId,
      maxWaitMs: config.replicaFetchWaitMaxMs,
      minBytes: config.replicaFetchMinBytes,
      maxBytes: config.replicaFetchResponseMaxBytes,
      topics,
    };
    const handle = this.host.sendRequest(this, this.leaderId, body);
    if (handle === null) {
      // The leader cannot be reached at all (its process is down): as a refused connection, back off.
      this.delayAll(ready.map(([, state]) => state));
      this.doWork();
      return;
    }
    this.inFlight = { kind: 'fetch', ...handle, sent };
  }

  private sendListOffsets(key: string, state: PartitionFetchState, stage: 'latest' | 'earliest'): void {
    const { topic, partition } = state.replica;
    const handle = this.host.sendRequest(this, this.leaderId, {
      api: 'ListOffsets',
      replicaId: this.host.brokerId,
      topics: [{ name: topic, partitions: [{ partition, currentLeaderEpoch: state.currentLeaderEpoch, timestamp: stage === 'latest' ? LATEST_TIMESTAMP : EARLIEST_TIMESTAMP }] }],
    });
    if (handle === null) {
      this.delayAll([state]);
      this.doWork();
      return;
    }
    this.inFlight = { kind: 'list-offsets', ...handle, key, state, stage };
  }

  onResponse(correlationId: number, body: FetchResponse | ListOffsetsResponse): void {
    const inFlight = this.inFlight;
    if (inFlight === null || inFlight.correlationId !== correlationId) return;
    this.inFlight = null;
    this.host.cancelTimer(inFlight.timerId);
    if (inFlight.kind === 'fetch' && body.api === 'Fetch') this.processFetchResponse(inFlight.sent, body);
    else if (inFlight.kind === 'list-offsets' && body.api === 'ListOffsets') this.processListOffsets(inFlight, body);
    this.doWork();
  }

  /** The request timed out (replica.socket.timeout.ms) or its connection reset: every partition in it backs off. */
  onFailure(correlationId: number, closeConnection: boolean): void {
    const inFlight = this.inFlight;
    if (inFlight === null || inFlight.correlationId !== correlationId) return;
    this.inFlight = null;
    this.host.cancelTimer(inFlight.timerId);
    if (inFlight.kind === 'fetch') this.delayAll([...inFlight.sent.values()].map((s) => s.state));
    else this.delayAll([inFlight.state]);
    if (closeConnection) this.host.closeConnection(this.leaderId);
    this.doWork();
  }

  onWake(): void {
    this.wakeTimerId = null;
    this.wakeAtMs = Infinity;
    this.doWork();
  }

  /** AbstractFetcherThread.processFetchRequest: only answers to the offset still wanted count. */
  private processFetchResponse(sent: Map<string, { state: PartitionFetchState; fetchOffset: number }>, body: FetchResponse): void {
    const failed: PartitionFetchState[] = [];
    for (const topic of body.topics) {
      for (const data of topic.partitions) {
        const key = partitionKey(topic.name, data.partition);
        const request = sent.get(key);
        const state = this.partitions.get(key);
        if (request === undefined || state !== request.state || state.fetchOffset !== request.fetchOffset) continue;
        switch (data.error) {
          case 'NONE':
            if (data.divergingEpoch !== undefined) this.truncateOnDivergingEpoch(state, data.divergingEpoch);
            else if (!this.processPartitionData(state, data)) failed.push(state);
            break;
          case 'OFFSET_OUT_OF_RANGE':
            this.outOfRange.push({ key, stage: 'latest' });
            break;
          case 'FENCED_LEADER_EPOCH':
            // This replica's epoch is older than the leader's: wait for the new metadata (markPartitionFailed).
            this.partitions.delete(key);
            break;
          default:
            // NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH (the leader has not seen the new epoch yet), ...
            failed.push(state);
        }
      }
    }
    this.delayAll(failed);
  }

  /** ReplicaFetcherThread.processPartitionData. Returns false when the append failed. */
  private processPartitionData(state: PartitionFetchState, data: FetchPartitionResponse): boolean {
    const { replica } = state;
    const { log, topic, partition } = replica;
    const now = this.host.ctx.nowMs;
    let appended: { firstOffset: number; lastOffset: number; records: number } | null = null;
    if (data.records.length > 0) {
      try {
        const info = replica.appendAsFollower(data.records, now);
        appended = { firstOffset: info.firstOffset, lastOffset: info.lastOffset, records: info.recordCount };
        if (info.rolled) {
          const active = log.segments().at(-1)!;
          this.host.emit({ type: 'segment-rolled', topic, partition, broker: this.host.brokerId, baseOffset: active.baseOffset, fileName: active.fileName });
        }
      } catch (error) {
        if (error instanceof LogError) return false;
        throw error;
      }
      state.fetchOffset = log.logEndOffset;
      state.lastFetchedEpoch = log.latestEpoch() ?? -1;
    }
    replica.updateFollowerHighWatermark(data.highWatermark);
    // The leader's log start offset moved (retention, DeleteRecords): the follower's follows it.
    if (data.logStartOffset > log.logStartOffset && data.logStartOffset <= replica.highWatermark) {
      log.maybeIncrementLogStartOffset(data.logStartOffset, replica.highWatermark);
    }
    if (appended !== null) {
      this.host.emit({
        type: 'records-replicated',
        topic,
        partition,
        broker: this.host.brokerId,
        leader: this.leaderId,
        ...appended,
        highWatermark: replica.highWatermark,
      });
    }
    return true;
  }

  /**
   * AbstractFetcherThread.getOffsetTruncationState for a DivergingEpoch{epoch, endOffset}: where this
   * log ends for the leader's epoch, at most where the leader's does. If this log does not know that
   * epoch, it truncates to the end of its own largest epoch below it, and the next fetch asks again.
   */
  private truncateOnDivergingEpoch(state: PartitionFetchState, diverging: { epoch: number; endOffset: number }): void {
    const { replica } = state;
    const logEndOffset = replica.log.logEndOffset;
    let target: number;
    if (diverging.endOffset < 0) {
      target = state.fetchOffset;
    } else if (diverging.epoch < 0) {
      target = Math.min(diverging.endOffset, logEndOffset);
    } else {
      const local = replica.log.endOffsetForEpoch(diverging.epoch);
      if (local.endOffset < 0) target = Math.min(diverging.endOffset, logEndOffset);
      else if (local.epoch !== diverging.epoch) target = Math.min(local.endOffset, logEndOffset);
      else target = Math.min(local.endOffset, diverging.endOffset, logEndOffset);
    }
    truncate(this.host, replica, target, 'diverging-epoch');
    state.fetchOffset = target;
    state.lastFetchedEpoch = replica.log.latestEpoch() ?? -1;
  }

  /**
   * AbstractFetcherThread.fetchOffsetAndTruncate: if the leader's log ends before this one, truncate
   * to its end; otherwise fetch from max(leader's log start, own LEO), starting over empty when the
   * leader's log starts past everything this replica has (it was away while retention ran).
   */
  private processListOffsets(inFlight: Extract<InFlight, { kind: 'list-offsets' }>, body: ListOffsetsResponse): void {
    const { state, key } = inFlight;
    if (this.partitions.get(key) !== state) return;
    const answer = body.topics[0]?.partitions[0];
    if (answer === undefined || answer.error !== 'NONE') {
      if (answer?.error === 'FENCED_LEADER_EPOCH') this.partitions.delete(key);
      else this.delayAll([state]);
      return;
    }
    const { replica } = state;
    const log = replica.log;
    const logEndOffset = log.logEndOffset;
    if (inFlight.stage === 'latest') {
      if (answer.offset < logEndOffset) {
        truncate(this.host, replica, answer.offset, 'leader-end-offset');
        state.fetchOffset = answer.offset;
        state.lastFetchedEpoch = log.latestEpoch() ?? -1;
      } else {
        // Ask for the leader's log start offset next, before any fetch.
        this.outOfRange.unshift({ key, stage: 'earliest' });
      }
      return;
    }
    if (answer.offset > logEndOffset) {
      replica.truncateFullyAndStartAt(answer.offset);
      replica.highWatermark = answer.offset;
      this.host.emit({ type: 'replica-truncated', topic: replica.topic, partition: replica.partition, broker: this.host.brokerId, fromOffset: logEndOffset, toOffset: answer.offset, reason: 'leader-log-start-offset' });
    }
    state.fetchOffset = Math.max(answer.offset, logEndOffset);
    state.lastFetchedEpoch = log.latestEpoch() ?? -1;
  }

  /** AbstractFetcherThread.delayPartitions: replica.fetch.backoff.ms, unless already backing off. */
  private delayAll(states: PartitionFetchState[]): void {
    const now = this.host.ctx.nowMs;
    for (const state of states) {
      if (state.delayedUntilMs <= now) state.delayedUntilMs = now + this.host.config.replicaFetchBackoffMs;
    }
  }

  private wake(delayMs: number): void {
    const at = this.host.ctx.nowMs + delayMs;
    if (this.wakeTimerId !== null) {
      if (this.wakeAtMs <= at) return;
      this.host.cancelTimer(this.wakeTimerId);
    }
    this.wakeAtMs = at;
    this.wakeTimerId = this.host.wakeAfter(this, delayMs);
  }
}

/** Truncates a replica's log (UnifiedLog.truncateTo) and its HW with it; traced when records went. */
export function truncate(host: Pick<FetcherHost, 'brokerId' | 'emit'>, replica: PartitionReplica, offset: number, reason: string): void {
  const fromOffset = replica.log.logEndOffset;
  const truncated = replica.truncateTo(offset);
  if (replica.highWatermark > replica.log.logEndOffset) replica.highWatermark = replica.log.logEndOffset;
  if (!truncated) return;
  host.emit({
    type: 'replica-truncated',
    topic: replica.topic,
    partition: replica.partition,
    broker: host.brokerId,
    fromOffset,
    toOffset: replica.log.logEndOffset,
    reason,
  });
}

/** AbstractFetcherManager.getFetcherId: Utils.abs(31 * topic.hashCode() + partition) % num.replica.fetchers. */
export function fetcherIdFor(topic: string, partition: number, numFetchers: number): number {
  let hash = 0;
  for (let i = 0; i < topic.length; i++) hash = (Math.imul(31, hash) + topic.charCodeAt(i)) | 0;
  const value = (Math.imul(31, hash) + partition) | 0;
  const abs = value === -2147483648 ? 0 : Math.abs(value);
  return abs % numFetchers;
}
