// The broker's AlterPartition sender (DefaultAlterPartitionManager): ISR changes wait in one map, at
// most one per partition, and go to the active controller in a single request at a time with
// everything waiting. There is no giving up: a request without an answer (no controller known, a
// timeout, a reset connection, a standby's NOT_CONTROLLER) is sent again 50 ms later, as long as
// each partition still wants its change (new metadata replaces a pending ISR change).
import type { ActorContext } from '../kernel/types.ts';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/messages.ts';
import type { ChannelOutcome, ControllerChannel } from './controller-channel.ts';
import { bound } from '../snapshot/bound.ts';

/** A top-level error is retried after this long (DefaultAlterPartitionManager). */
const RETRY_MS = 50;

type PartitionData = AlterPartitionRequest['topics'][number]['partitions'][number];
type PartitionAnswer = AlterPartitionResponse['topics'][number]['partitions'][number];

interface Item {
  topic: string;
  data: PartitionData;
  wanted: () => boolean;
  done: (response: AlterPartitionResponse) => void;
}

export interface AlterPartitionRetryTimer {
  kind: 'alter-partition-retry';
}

export class AlterPartitionManager {
  private readonly unsent = new Map<string, Item>();
  private inFlight = false;
  private retryArmed = false;

  constructor(
    private readonly brokerId: number,
    private readonly channel: ControllerChannel,
    /** controller.socket.timeout.ms: a request without an answer by then is sent again. */
    private readonly requestTimeoutMs: number,
  ) {}

  /** Queues the partitions of `request` (one change per partition, the latest replacing an older one). */
  submit(ctx: ActorContext, request: AlterPartitionRequest, wanted: () => boolean, done: (response: AlterPartitionResponse) => void): void {
    for (const t of request.topics) {
      for (const data of t.partitions) this.unsent.set(`${t.topicName}-${data.partitionIndex}`, { topic: t.topicName, data, wanted, done });
    }
    this.propagate(ctx);
  }

  handleTimer(payload: unknown, ctx: ActorContext): boolean {
    if ((payload as Partial<AlterPartitionRetryTimer> | null)?.kind !== 'alter-partition-retry') return false;
    this.retryArmed = false;
    this.propagate(ctx);
    return true;
  }

  /** maybePropagateIsrChanges: everything waiting, in one request, unless one is in flight. */
  private propagate(ctx: ActorContext): void {
    for (const [key, item] of this.unsent) if (!item.wanted()) this.unsent.delete(key);
    if (this.inFlight || this.retryArmed || this.unsent.size === 0) return;
    const items = [...this.unsent.values()];
    const topics = new Map<string, PartitionData[]>();
    for (const item of items) topics.set(item.topic, [...(topics.get(item.topic) ?? []), item.data]);
    const request: AlterPartitionRequest = {
      api: 'AlterPartition',
      brokerId: this.brokerId,
      topics: [...topics].map(([topicName, partitions]) => ({ topicName, partitions })),
    };
    this.inFlight = true;
    this.channel.send<AlterPartitionResponse>(ctx, request, this.requestTimeoutMs, bound<(outcome: ChannelOutcome<AlterPartitionResponse>) => void>(this, 'onResponse', ctx, items));
  }

  /** The answer to the request that carried `items` (or its failure). */
  private onResponse(ctx: ActorContext, items: Item[], outcome: ChannelOutcome<AlterPartitionResponse>): void {
    this.inFlight = false;
    const standby = outcome.ok && outcome.body.topics.every((t) => t.partitions.every((p) => p.error === 'NOT_CONTROLLER'));
    if (!outcome.ok || standby) {
      this.retryArmed = true;
      ctx.setTimer(RETRY_MS, { kind: 'alter-partition-retry' } satisfies AlterPartitionRetryTimer);
      return;
    }
    for (const item of items) {
      const key = `${item.topic}-${item.data.partitionIndex}`;
      const answer = findAnswer(outcome.body, item.topic, item.data.partitionIndex);
      // A partition left out of the answer is sent again.
      if (answer === undefined) continue;
      if (this.unsent.get(key) === item) this.unsent.delete(key);
      item.done({ api: 'AlterPartition', topics: [{ topicName: item.topic, partitions: [answer] }] });
    }
    this.propagate(ctx);
  }
}

function findAnswer(response: AlterPartitionResponse, topic: string, partition: number): PartitionAnswer | undefined {
  return response.topics.find((t) => t.topicName === topic)?.partitions.find((p) => p.partitionIndex === partition);
}
