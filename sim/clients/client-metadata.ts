// A client's view of the cluster (Kafka's Metadata / ProducerMetadata): which broker leads each
// partition, refreshed from a live broker when it is stale or an error says it is wrong, with
// retry.backoff.ms between attempts and metadata.max.age.ms as the longest it is trusted.
import type { ActorContext, NodeId } from '../kernel/types.ts';
import type { MetadataResponse } from '../protocol/messages.ts';
import { brokerNode } from '../broker/broker.ts';
import type { NetworkClient, RequestOutcome } from './network-client.ts';
import { bound } from '../snapshot/bound.ts';
import type { EngineEvent } from '../events.ts';

export interface PartitionInfo {
  partition: number;
  leader: number;
  leaderEpoch: number;
}

export interface TopicInfo {
  error: string;
  partitions: PartitionInfo[];
}

export interface MetadataTimer {
  kind: 'metadata-refresh';
}

export class ClientMetadata {
  readonly topics = new Map<string, TopicInfo>();
  private knownBrokers: number[];
  private readonly bootstrapBrokers: number[];
  private bootstrapIndex = 0;
  /** Metadata requests that failed in a row. */
  private failures = 0;
  private inFlight = false;
  /** When the earliest armed refresh timer fires (Infinity when none is armed). */
  private armedDueMs = Infinity;
  private lastRefreshMs = -Infinity;
  needsUpdate = true;

  constructor(
    private readonly clientId: string,
    private readonly wantedTopics: () => string[],
    bootstrapBrokers: number[],
    private readonly network: NetworkClient,
    private readonly retryBackoffMs: number,
    private readonly maxAgeMs: number,
    private readonly allowAutoTopicCreation: boolean,
    private readonly onUpdate: (ctx: ActorContext) => void,
  ) {
    this.knownBrokers = [...bootstrapBrokers];
    this.bootstrapBrokers = [...bootstrapBrokers];
  }

  leaderOf(topic: string, partition: number): NodeId | null {
    const info = this.topics.get(topic)?.partitions[partition];
    return info && info.leader >= 0 ? brokerNode(info.leader) : null;
  }

  /** The brokers this client may ask: those of its last Metadata answer, then its bootstrap list. */
  brokerIds(): number[] {
    return [...new Set([...this.knownBrokers, ...this.bootstrapBrokers])];
  }

  partitionCount(topic: string): number {
    return this.topics.get(topic)?.partitions.length ?? 0;
  }

  requestUpdate(ctx: ActorContext): void {
    this.needsUpdate = true;
    this.maybeRefresh(ctx);
  }

  /** Sends a Metadata request if one is due and none is in flight; otherwise arms a timer. */
  maybeRefresh(ctx: ActorContext): void {
    if (this.inFlight) return;
    const due = this.needsUpdate ? this.lastRefreshMs + this.retryBackoffMs : this.lastRefreshMs + this.maxAgeMs;
    if (ctx.nowMs < due) {
      if (due < this.armedDueMs) {
        this.armedDueMs = due;
        ctx.setTimer(due - ctx.nowMs, { kind: 'metadata-refresh' } satisfies MetadataTimer);
      }
      return;
    }
    // Least-loaded node in Kafka; here: the known brokers in turn, so a dead one is skipped next time.
    const broker = this.knownBrokers[this.bootstrapIndex++ % this.knownBrokers.length]!;
    this.inFlight = true;
    this.lastRefreshMs = ctx.nowMs;
    this.network.send<MetadataResponse>(
      ctx,
      brokerNode(broker),
      { api: 'Metadata', topics: this.wantedTopics(), allowAutoTopicCreation: this.allowAutoTopicCreation },
      bound<(outcome: RequestOutcome<MetadataResponse>) => void>(this, 'onResponse', ctx),
    );
  }

  private onResponse(ctx: ActorContext, outcome: RequestOutcome<MetadataResponse>): void {
    this.inFlight = false;
    if (!outcome.ok) {
      // metadata.recovery.strategy=rebootstrap (KIP-899, KIP-1102, the Kafka 4.0 default): when no
      // broker the client knows answers, it starts again from its bootstrap list.
      this.failures += 1;
      if (this.failures >= this.knownBrokers.length) {
        this.knownBrokers = [...this.bootstrapBrokers];
        this.failures = 0;
      }
      this.needsUpdate = true;
      this.maybeRefresh(ctx);
      return;
    }
    this.failures = 0;
    this.apply(outcome.body, ctx);
  }

  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    if ((payload as Partial<MetadataTimer>)?.kind !== 'metadata-refresh') return false;
    if (ctx.nowMs >= this.armedDueMs) this.armedDueMs = Infinity;
    this.maybeRefresh(ctx);
    return true;
  }

  private apply(response: MetadataResponse, ctx: ActorContext): void {
    if (response.brokers.length > 0) this.knownBrokers = response.brokers.map((b) => b.nodeId);
    let incomplete = false;
    for (const topic of response.topics) {
      this.topics.set(topic.name, {
        error: topic.error,
        partitions: topic.partitions.map((p) => ({ partition: p.partition, leader: p.leader, leaderEpoch: p.leaderEpoch })),
      });
      if (topic.error !== 'NONE' || topic.partitions.some((p) => p.leader < 0)) incomplete = true;
    }
    this.needsUpdate = incomplete;
    const event: EngineEvent = { type: 'metadata-updated', client: this.clientId, topics: response.topics.map((t) => t.name) };
    ctx.emit(event);
    this.onUpdate(ctx);
    this.maybeRefresh(ctx);
  }
}
