// An idempotent producer's InitProducerId (TransactionManager.bumpIdempotentEpochAndResetIdIfNeeded
// and Sender.maybeSendAndPollTransactionalRequest): one request at a time, to any broker; after a
// failure or an error, another after retry.backoff.ms. Kafka asks the least loaded node; here the
// bootstrap brokers in turn, so that a dead one is skipped next time.
import type { ActorContext } from '../../kernel/types.ts';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/messages.ts';
import { brokerNode } from '../../broker/node-id.ts';
import type { NetworkClient, RequestOutcome } from '../network-client.ts';
import { bound } from '../../snapshot/bound.ts';

/** InitProducerIdRequest.transactionTimeoutMs of an idempotent producer (Integer.MAX_VALUE). */
const NO_TRANSACTION_TIMEOUT_MS = 2_147_483_647;

export interface InitProducerIdTimer {
  kind: 'init-producer-id';
}

export class ProducerIdRequest {
  /** None, on the wire, or waiting retry.backoff.ms after a failure. */
  private state: 'idle' | 'in-flight' | 'backing-off' = 'idle';
  private attempts = 0;

  constructor(
    private readonly network: NetworkClient,
    private readonly brokers: readonly number[],
    private readonly retryBackoffMs: number,
    /** Called with the id and epoch, and the broker that gave them. */
    private readonly onAssigned: (producerId: number, epoch: number, broker: number, ctx: ActorContext) => void,
  ) {}

  /** Sends InitProducerId unless one is on the wire or backing off. */
  maybeSend(ctx: ActorContext): void {
    if (this.state !== 'idle') return;
    const broker = this.brokers[this.attempts++ % this.brokers.length]!;
    this.state = 'in-flight';
    const request: InitProducerIdRequest = { api: 'InitProducerId', transactionalId: null, transactionTimeoutMs: NO_TRANSACTION_TIMEOUT_MS, producerId: -1, producerEpoch: -1 };
    this.network.send<InitProducerIdResponse>(ctx, brokerNode(broker), request, bound<(outcome: RequestOutcome<InitProducerIdResponse>) => void>(this, 'onResponse', broker, ctx));
  }

  private onResponse(broker: number, ctx: ActorContext, outcome: RequestOutcome<InitProducerIdResponse>): void {
    if (outcome.ok && outcome.body.error === 'NONE') {
      this.state = 'idle';
      this.onAssigned(outcome.body.producerId, outcome.body.producerEpoch, broker, ctx);
      return;
    }
    this.state = 'backing-off';
    ctx.setTimer(this.retryBackoffMs, { kind: 'init-producer-id' } satisfies InitProducerIdTimer);
  }

  /** Returns true when the timer was this request's backoff; it may then be sent again. */
  handleTimer(payload: unknown): boolean {
    if ((payload as Partial<InitProducerIdTimer>)?.kind !== 'init-producer-id') return false;
    this.state = 'idle';
    return true;
  }
}
