// A broker's side of the metadata quorum: an observer (KIP-595) that replicates the metadata log
// from the active controller and hands committed records to the broker, in order. It has no vote.
//
// An actor embeds it and routes to it: call start(ctx) from the actor's start (again after each
// restart), and offer it every message, timer and disconnect — onMessage/onTimer return true when
// the fetcher took them. Its log survives the actor's restarts (it is the broker's copy of
// __cluster_metadata); its high watermark does not, and a restart delivers the log again from 0.
//
// Without a known leader it sends Fetch to a random voter (KafkaRaftClient.maybeSendAnyVoterFetch):
// a voter that is not the leader answers NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH with the
// leader and epoch it knows, and the fetcher follows that leader. No successful fetch for
// controller.quorum.fetch.timeout.ms, or a request that times out, and it asks the voters again.
import type { ActorContext, NodeId, Random } from '../../kernel/types.ts';
import { invalidArgument } from '../../kernel/errors.ts';
import { resolveQuorumConfig, type QuorumConfig } from './config.ts';
import type { LeaderAndEpoch } from './controller-types.ts';
import type { QuorumEvent } from './events.ts';
import { MetadataLog, type MetadataLogView } from './metadata-log.ts';
import { controllerNode, isQuorumMessage, type FetchResponse } from './messages.ts';
import type { MetadataRecord } from './records.ts';
import { CommittedRecords, applyFetchResponse, buildFetchRequest } from './replica-fetch.ts';
import { RequestManager } from './request-manager.ts';
import { TimerSlots } from './timer-slots.ts';
import { bound } from '../../snapshot/bound.ts';

export interface MetadataFetcherOptions {
  /** The broker's node.id: the Fetch requests' replica id. */
  replicaId: number;
  /** controller.quorum.voters (or the bootstrap controllers): whom to ask when the leader is unknown. */
  voters: readonly number[];
  config?: Partial<QuorumConfig>;
  /** Newly committed records, in offset order, each once per incarnation. */
  onCommit(records: readonly MetadataRecord[]): void;
  onLeaderChange?(leader: LeaderAndEpoch): void;
  /** The embedding actor restarted: deliveries start again from offset 0. */
  onRestart?(): void;
  /** A name for errors; defaults to observer-<replicaId>. */
  name?: string;
}

export interface MetadataFetcherDescription {
  replicaId: number;
  role: 'unattached' | 'follower';
  epoch: number;
  leaderId: number | null;
  logEndOffset: number;
  highWatermark: number;
}

const TIMER_KIND = 'metadata-fetcher-timer';

export class MetadataFetcher {
  readonly name: string;
  readonly replicaId: number;
  readonly voters: readonly number[];
  readonly config: QuorumConfig;
  private readonly log: MetadataLog;
  private readonly committed: CommittedRecords;
  private readonly timers = new TimerSlots(TIMER_KIND);
  private readonly requests: RequestManager;
  private epoch = 0;
  private leaderId: number | null = null;
  private fetchDeadlineMs = 0;
  private random: Random | null = null;
  private incarnations = 0;

  constructor(private readonly options: MetadataFetcherOptions) {
    if (options.voters.length === 0) throw invalidArgument('a MetadataFetcher needs at least one voter');
    this.replicaId = options.replicaId;
    this.voters = [...options.voters];
    this.name = options.name ?? `observer-${options.replicaId}`;
    this.config = resolveQuorumConfig(options.config);
    this.log = new MetadataLog(this.name, this.config.maxLogRecords);
    this.committed = new CommittedRecords(this.name, this.log, bound<(records: readonly MetadataRecord[]) => void>(this, 'deliver'));
    this.requests = new RequestManager(this.timers, this.config.requestTimeoutMs);
  }

  /** Newly committed records, to the embedding actor. */
  private deliver(records: readonly MetadataRecord[]): void {
    this.options.onCommit(records);
  }

  get metadataLog(): MetadataLogView {
    return this.log;
  }

  get highWatermark(): number {
    return this.committed.highWatermark;
  }

  leaderAndEpoch(): LeaderAndEpoch {
    return { leaderId: this.leaderId, epoch: this.epoch };
  }

  describe(): MetadataFetcherDescription {
    return {
      replicaId: this.replicaId,
      role: this.leaderId === null ? 'unattached' : 'follower',
      epoch: this.epoch,
      leaderId: this.leaderId,
      logEndOffset: this.log.endOffset,
      highWatermark: this.committed.highWatermark,
    };
  }

  start(ctx: ActorContext): void {
    // Forked once per fetcher, so its draws never shift the embedding actor's stream.
    this.random ??= ctx.random.fork('metadata-fetcher');
    this.timers.forgetAll();
    this.requests.forget();
    this.committed.restart();
    if (this.incarnations++ > 0) this.options.onRestart?.();
    this.setFetchDeadline(ctx);
    this.fetch(ctx);
  }

  /** Takes the quorum responses meant for the fetcher; false for anything else. */
  onMessage(from: NodeId, message: unknown, ctx: ActorContext): boolean {
    if (!isQuorumMessage(message) || message.kind !== 'quorum-response' || message.api !== 'Fetch') return false;
    if (this.requests.accept(ctx, from, message)) this.onFetchResponse(ctx, from, message);
    return true;
  }

  onTimer(payload: unknown, ctx: ActorContext): boolean {
    if (!this.timers.owns(payload)) return false;
    const name = this.timers.take(payload);
    if (name === null) return true;
    const timedOut = this.requests.timedOut(name);
    if (timedOut !== null) {
      // The leader (or the voter asked) did not answer: ask the voters who leads now.
      this.fetch(ctx, true);
    } else if (name === 'fetch-deadline') {
      if (ctx.nowMs < this.fetchDeadlineMs) {
        this.timers.set(ctx, 'fetch-deadline', this.fetchDeadlineMs - ctx.nowMs);
      } else {
        this.setLeader(ctx, this.epoch, null);
        this.setFetchDeadline(ctx);
        this.fetch(ctx);
      }
    } else if (name === 'fetch-retry') {
      this.fetch(ctx);
    }
    return true;
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    if (this.requests.fail(ctx, peer) === null) return;
    this.requests.backOff(peer, ctx.nowMs, this.config.retryBackoffMs);
    this.timers.set(ctx, 'fetch-retry', this.config.retryBackoffMs);
  }

  private onFetchResponse(ctx: ActorContext, from: NodeId, response: FetchResponse): void {
    const leaderId = response.leaderId >= 0 ? response.leaderId : null;
    // KafkaRaftClient.maybeHandleCommonResponse, observer side.
    if (response.leaderEpoch < this.epoch || response.error === 'UNKNOWN_LEADER_EPOCH') {
      return this.retryLater(ctx);
    }
    if (response.leaderEpoch > this.epoch || (leaderId !== null && this.leaderId === null)) {
      this.setLeader(ctx, response.leaderEpoch, leaderId);
      if (response.error !== 'NONE' || leaderId === null) return this.fetch(ctx);
    } else if (response.error !== 'NONE') {
      return this.retryLater(ctx);
    }
    if (response.error !== 'NONE' || this.leaderId === null || from !== controllerNode(this.leaderId)) return this.fetch(ctx);
    const outcome = applyFetchResponse(this.name, this.log, this.committed, response);
    if (outcome.kind === 'truncated') {
      this.emit(ctx, { type: 'metadata-truncated', replica: this.replicaId, epoch: this.epoch, fromOffset: outcome.fromOffset, toOffset: outcome.toOffset });
    }
    this.setFetchDeadline(ctx);
    this.fetch(ctx);
  }

  private setLeader(ctx: ActorContext, epoch: number, leaderId: number | null): void {
    const changed = epoch !== this.epoch || leaderId !== this.leaderId;
    this.epoch = epoch;
    this.leaderId = leaderId;
    if (!changed) return;
    this.requests.reset(ctx);
    this.timers.cancel(ctx, 'fetch-retry');
    if (leaderId !== null) {
      this.emit(ctx, { type: 'metadata-fetcher-leader-found', replica: this.replicaId, leader: leaderId, epoch });
      this.setFetchDeadline(ctx);
    }
    this.options.onLeaderChange?.({ leaderId, epoch });
  }

  /** One Fetch in flight: to the leader if known (and `anyVoter` is not asked for), else to a random voter. */
  private fetch(ctx: ActorContext, anyVoter = false): void {
    if (this.requests.hasInFlightAny()) return;
    let destination: NodeId | null = null;
    if (this.leaderId !== null && !anyVoter) {
      destination = controllerNode(this.leaderId);
    } else {
      const ready = this.voters.map(controllerNode).filter((node) => this.requests.isReady(node, ctx.nowMs));
      if (ready.length > 0) destination = ready[this.random!.int(ready.length)]!;
    }
    if (destination === null || !this.requests.isReady(destination, ctx.nowMs)) return this.retryLater(ctx);
    this.requests.send(ctx, destination, buildFetchRequest(this.log, this.replicaId, this.epoch, this.config.fetchMaxWaitMs));
  }

  private retryLater(ctx: ActorContext): void {
    if (this.requests.hasInFlightAny()) return;
    this.timers.set(ctx, 'fetch-retry', this.config.retryBackoffMs);
  }

  private setFetchDeadline(ctx: ActorContext): void {
    this.fetchDeadlineMs = ctx.nowMs + this.config.fetchTimeoutMs;
    if (!this.timers.isArmed('fetch-deadline')) this.timers.set(ctx, 'fetch-deadline', this.config.fetchTimeoutMs);
  }

  private emit(ctx: ActorContext, event: QuorumEvent): void {
    ctx.emit(event);
  }
}
