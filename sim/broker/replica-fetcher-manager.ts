// The broker's replica fetchers (ReplicaFetcherManager): partitions this broker follows, grouped by
// leader and fetcher id (num.replica.fetchers), with the requests they have in flight. It is the
// fetchers' link to the broker: correlation ids, request timeouts (replica.socket.timeout.ms),
// connection resets, wake-up timers.
import type { NodeId } from '../kernel/types.ts';
import type { BrokerConfig } from '../config/broker-config.ts';
import type { EngineEvent, ReplicationEvent } from '../events.ts';
import type { FetchResponse, KafkaRequestBody, ListOffsetsResponse, RequestEnvelope } from '../protocol/messages.ts';
import type { ActorContext } from '../kernel/types.ts';
import type { PartitionReplica } from './partition-replica.ts';
import { ReplicaFetcher, fetcherIdFor, partitionKey, type FetcherHost } from './replica-fetcher.ts';
import { brokerNode } from './node-id.ts';
import { bound } from '../snapshot/bound.ts';

export type FetcherTimer = { kind: 'replica-fetcher-wake'; fetcher: string } | { kind: 'replica-fetcher-timeout'; correlationId: number };

/** What the manager needs from its broker. */
export interface FetcherManagerHost {
  readonly brokerId: number;
  readonly config: BrokerConfig;
  readonly ctx: ActorContext;
  emit(event: EngineEvent | ReplicationEvent): void;
  closeConnection(to: NodeId): void;
  /** Runs `append` when the broker's disk can take it (the slow-disk fault delays it). */
  whenAppended(append: () => void): void;
}

export class ReplicaFetcherManager implements FetcherHost {
  private readonly fetchers = new Map<string, ReplicaFetcher>();
  /** The fetcher each followed partition is in. */
  private readonly fetcherOf = new Map<string, ReplicaFetcher>();
  private readonly inFlight = new Map<number, ReplicaFetcher>();
  private nextCorrelationId = 1;

  constructor(private readonly broker: FetcherManagerHost) {}

  get brokerId(): number {
    return this.broker.brokerId;
  }

  get config(): BrokerConfig {
    return this.broker.config;
  }

  get ctx(): ActorContext {
    return this.broker.ctx;
  }

  emit(event: EngineEvent | ReplicationEvent): void {
    this.broker.emit(event);
  }

  /** The leader this broker fetches a partition from, or -1. */
  leaderOf(topic: string, partition: number): number {
    return this.fetcherOf.get(partitionKey(topic, partition))?.leaderId ?? -1;
  }

  /** ReplicaFetcherManager.addFetcherForPartitions, after removing the partition from any fetcher. */
  addPartition(replica: PartitionReplica, leaderId: number, leaderEpoch: number): void {
    this.removePartition(replica.topic, replica.partition);
    const fetcherId = fetcherIdFor(replica.topic, replica.partition, this.config.numReplicaFetchers);
    const name = `${leaderId}/${fetcherId}`;
    let fetcher = this.fetchers.get(name);
    if (fetcher === undefined) this.fetchers.set(name, (fetcher = new ReplicaFetcher(this, leaderId, fetcherId)));
    fetcher.addPartition(replica, leaderEpoch);
    this.fetcherOf.set(partitionKey(replica.topic, replica.partition), fetcher);
  }

  removePartition(topic: string, partition: number): void {
    const key = partitionKey(topic, partition);
    this.fetcherOf.get(key)?.removePartition(key);
    this.fetcherOf.delete(key);
  }

  /** Returns true when the response answered one of the fetchers' requests. */
  handleResponse(correlationId: number, body: unknown): boolean {
    const fetcher = this.inFlight.get(correlationId);
    if (fetcher === undefined) return false;
    this.inFlight.delete(correlationId);
    const api = (body as { api?: string }).api;
    if (api === 'Fetch' && carriesRecords(body as FetchResponse)) {
      // ReplicaFetcherThread appends what it fetched before it fetches again: a slow disk holds it.
      this.broker.whenAppended(bound<() => void>(fetcher, 'onResponse', correlationId, body as FetchResponse));
    } else if (api === 'Fetch' || api === 'ListOffsets') {
      fetcher.onResponse(correlationId, body as FetchResponse | ListOffsetsResponse);
    }
    return true;
  }

  /** Returns true when the timer was a fetcher's. */
  handleTimer(payload: { kind?: string }): boolean {
    const timer = payload as FetcherTimer;
    if (timer.kind === 'replica-fetcher-wake') {
      this.fetchers.get(timer.fetcher)?.onWake();
      return true;
    }
    if (timer.kind === 'replica-fetcher-timeout') {
      const fetcher = this.inFlight.get(timer.correlationId);
      this.inFlight.delete(timer.correlationId);
      // NetworkClient fails a timed-out request and closes its connection.
      fetcher?.onFailure(timer.correlationId, true);
      return true;
    }
    return false;
  }

  /** The connection to `peer` reset: requests in flight on it are lost. */
  handleDisconnect(peer: NodeId): void {
    for (const [correlationId, fetcher] of [...this.inFlight]) {
      if (brokerNode(fetcher.leaderId) !== peer) continue;
      this.inFlight.delete(correlationId);
      fetcher.onFailure(correlationId, false);
    }
  }

  // --- FetcherHost ---

  sendRequest(fetcher: ReplicaFetcher, to: number, body: KafkaRequestBody): { correlationId: number; timerId: number } | null {
    const correlationId = this.nextCorrelationId++;
    const request: RequestEnvelope = { kind: 'request', correlationId, clientId: `broker-${this.brokerId}-fetcher-${fetcher.fetcherId}`, body };
    if (this.ctx.send(brokerNode(to), request) === null) return null;
    const timer: FetcherTimer = { kind: 'replica-fetcher-timeout', correlationId };
    const timerId = this.ctx.setTimer(this.config.replicaSocketTimeoutMs, timer);
    this.inFlight.set(correlationId, fetcher);
    return { correlationId, timerId };
  }

  wakeAfter(fetcher: ReplicaFetcher, delayMs: number): number {
    const timer: FetcherTimer = { kind: 'replica-fetcher-wake', fetcher: `${fetcher.leaderId}/${fetcher.fetcherId}` };
    return this.ctx.setTimer(delayMs, timer);
  }

  cancelTimer(timerId: number): void {
    this.ctx.cancelTimer(timerId);
  }

  closeConnection(to: number): void {
    this.broker.closeConnection(brokerNode(to));
  }
}

function carriesRecords(response: FetchResponse): boolean {
  return response.topics.some((t) => t.partitions.some((p) => p.records.length > 0));
}
