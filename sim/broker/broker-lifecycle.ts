// A broker's side of its lifecycle with the controller (BrokerLifecycleManager): it registers, then
// sends a BrokerHeartbeat every broker.heartbeat.interval.ms with the offset of the last metadata
// record it applied. States (BrokerState): STARTING until the controller says it has caught up to its
// own registration, RECOVERY until it is unfenced, RUNNING, PENDING_CONTROLLED_SHUTDOWN while the
// controller moves its leaderships away, SHUTTING_DOWN. A failed exchange is retried after an
// exponential backoff (100 ms × 2^n up to broker.session.timeout.ms, ±2 % jitter).
import type { ActorContext, Random } from '../kernel/types.ts';
import type { BrokerEvent } from './broker.ts';
import type { BrokerHeartbeatResponse, BrokerRegistrationResponse } from '../protocol/controller-messages.ts';
import type { ChannelOutcome, ControllerChannel } from './controller-channel.ts';
import { bound } from '../snapshot/bound.ts';

export type BrokerState = 'starting' | 'recovery' | 'running' | 'pending-controlled-shutdown' | 'shutting-down';

export interface LifecycleSettings {
  /** broker.heartbeat.interval.ms */
  heartbeatIntervalMs: number;
  /** broker.session.timeout.ms: caps the backoff; half of it is the heartbeat channel's timeout (KAFKA-14392). */
  sessionTimeoutMs: number;
  /** initial.broker.registration.timeout.ms (default 60000); none: wait for ever. */
  initialRegistrationTimeoutMs?: number;
}

export interface LifecycleHost {
  readonly brokerId: number;
  /** Kafka: a Uuid per process start. */
  readonly incarnationId: number;
  readonly channel: ControllerChannel;
  /** KIP-966: the epoch this broker had at its last clean shutdown, null if it did not shut down cleanly. */
  readonly previousBrokerEpoch: number | null;
  /** The offset of the last metadata record applied (MetadataLoader.lastAppliedOffset). */
  metadataOffset(): number;
  /** The controller says the broker has caught up: publish the metadata, start serving. */
  onCaughtUp(): void;
  /** The controller granted the shutdown: the process stops. */
  onShutdownGranted(): void;
  /** No registration within initial.broker.registration.timeout.ms: the process stops. */
  onRegistrationTimeout(): void;
  emit(event: BrokerEvent): void;
}

interface CommunicationTimer {
  kind: 'broker-lifecycle';
  seq: number;
}

interface RegistrationTimeoutTimer {
  kind: 'broker-registration-timeout';
}

/** The exponential backoff of failed exchanges (ExponentialBackoff(100, 2, session timeout, 0.02)). */
const BACKOFF_INITIAL_MS = 100;
const BACKOFF_JITTER = 0.02;
/** After a heartbeat response while STARTING, the next goes sooner, so that start-up is quicker. */
const STARTING_HEARTBEAT_MS = 10;
/** The first answer in PENDING_CONTROLLED_SHUTDOWN: ask again soon, in case it completes fast. */
const CONTROLLED_SHUTDOWN_RETRY_MS = 50;

export class BrokerLifecycleManager {
  state: BrokerState = 'starting';
  brokerEpoch = -1;
  private registered = false;
  private readyToUnfence = false;
  private failedAttempts = 0;
  private gotControlledShutdownResponse = false;
  private seq = 0;
  private timerId: number | null = null;
  private inFlight = false;
  /** A communication came due while one was in flight: the next goes out at once. */
  private nextShouldBeImmediate = false;
  private random: Random | null = null;
  private ctx: ActorContext | null = null;

  constructor(
    private readonly host: LifecycleHost,
    private readonly settings: LifecycleSettings,
  ) {}

  /**
   * A new process: register first (StartupEvent). BrokerLifecycleManager's RegistrationTimeoutEvent:
   * a KRaft broker that has not registered within initial.broker.registration.timeout.ms shuts
   * itself down ("unable to register with the controller quorum").
   */
  start(ctx: ActorContext): void {
    this.begin(ctx);
    const timeoutMs = this.settings.initialRegistrationTimeoutMs;
    if (timeoutMs !== undefined) ctx.setTimer(timeoutMs, { kind: 'broker-registration-timeout' } satisfies RegistrationTimeoutTimer);
    this.communicate();
  }

  /**
   * A process of the bootstrap snapshot: already registered and unfenced when the simulation
   * begins, it only heartbeats.
   */
  startRegistered(ctx: ActorContext, brokerEpoch: number): void {
    this.begin(ctx);
    this.state = 'running';
    this.brokerEpoch = brokerEpoch;
    this.registered = true;
    this.readyToUnfence = true;
    this.communicate();
  }

  /** The metadata is published and the logs are ready: ask to be unfenced (setReadyToUnfence). */
  setReadyToUnfence(): void {
    this.readyToUnfence = true;
    this.scheduleNext(0);
  }

  /** BeginControlledShutdownEvent: only a RUNNING broker goes through the controller. */
  beginControlledShutdown(): void {
    if (this.state === 'pending-controlled-shutdown' || this.state === 'shutting-down') return;
    if (this.state !== 'running') {
      this.shutDown();
      return;
    }
    this.state = 'pending-controlled-shutdown';
    this.scheduleNext(0);
  }

  handleTimer(payload: unknown): boolean {
    if ((payload as Partial<RegistrationTimeoutTimer> | null)?.kind === 'broker-registration-timeout') {
      if (!this.registered && this.state !== 'shutting-down') {
        this.host.emit({ type: 'broker-registration-timed-out', broker: this.host.brokerId, timeoutMs: this.settings.initialRegistrationTimeoutMs! });
        this.state = 'shutting-down';
        if (this.timerId !== null) this.ctx!.cancelTimer(this.timerId);
        this.timerId = null;
        this.host.onRegistrationTimeout();
      }
      return true;
    }
    const timer = payload as Partial<CommunicationTimer> | null;
    if (timer?.kind !== 'broker-lifecycle') return false;
    if (timer.seq !== this.seq) return true;
    this.timerId = null;
    this.communicate();
    return true;
  }

  private begin(ctx: ActorContext): void {
    this.ctx = ctx;
    this.random = ctx.random.fork(`lifecycle:${this.host.incarnationId}`);
  }

  private communicate(): void {
    if (this.state === 'shutting-down') return;
    if (this.inFlight) {
      this.nextShouldBeImmediate = true;
      return;
    }
    if (this.registered) this.sendHeartbeat();
    else this.sendRegistration();
  }

  private sendRegistration(): void {
    const ctx = this.ctx!;
    this.inFlight = true;
    this.host.channel.send<BrokerRegistrationResponse>(
      ctx,
      { api: 'BrokerRegistration', brokerId: this.host.brokerId, incarnationId: this.host.incarnationId, previousBrokerEpoch: this.host.previousBrokerEpoch },
      this.settings.sessionTimeoutMs / 2,
      bound<(outcome: ChannelOutcome<BrokerRegistrationResponse>) => void>(this, 'onRegistrationOutcome'),
    );
  }

  private onRegistrationOutcome(outcome: ChannelOutcome<BrokerRegistrationResponse>): void {
    this.inFlight = false;
    if (this.state === 'shutting-down') return;
    if (!outcome.ok || outcome.body.error !== 'NONE') return this.failed('BrokerRegistration', outcome);
    this.failedAttempts = 0;
    this.brokerEpoch = outcome.body.brokerEpoch;
    this.registered = true;
    // Send a heartbeat at once.
    this.scheduleNext(0);
  }

  private sendHeartbeat(): void {
    const ctx = this.ctx!;
    this.inFlight = true;
    this.host.channel.send<BrokerHeartbeatResponse>(
      ctx,
      {
        api: 'BrokerHeartbeat',
        brokerId: this.host.brokerId,
        brokerEpoch: this.brokerEpoch,
        currentMetadataOffset: this.host.metadataOffset(),
        wantFence: !this.readyToUnfence,
        wantShutDown: this.state === 'pending-controlled-shutdown',
      },
      this.settings.sessionTimeoutMs / 2,
      bound<(outcome: ChannelOutcome<BrokerHeartbeatResponse>) => void>(this, 'onHeartbeatOutcome'),
    );
  }

  private onHeartbeatOutcome(outcome: ChannelOutcome<BrokerHeartbeatResponse>): void {
    this.inFlight = false;
    if (this.state === 'shutting-down') return;
    if (!outcome.ok || outcome.body.error !== 'NONE') return this.failed('BrokerHeartbeat', outcome);
    this.failedAttempts = 0;
    this.onHeartbeatResponse(outcome.body);
  }

  /** BrokerHeartbeatResponseEvent. */
  private onHeartbeatResponse(response: BrokerHeartbeatResponse): void {
    switch (this.state) {
      case 'starting':
        if (response.isCaughtUp) {
          this.state = 'recovery';
          this.host.onCaughtUp();
        }
        this.scheduleNext(STARTING_HEARTBEAT_MS);
        break;
      case 'recovery':
        if (!response.isFenced) this.state = 'running';
        this.scheduleNext(this.settings.heartbeatIntervalMs);
        break;
      case 'running':
        this.scheduleNext(this.settings.heartbeatIntervalMs);
        break;
      case 'pending-controlled-shutdown':
        if (response.shouldShutDown) {
          this.shutDown();
          return;
        }
        this.scheduleNext(this.gotControlledShutdownResponse ? this.settings.heartbeatIntervalMs : CONTROLLED_SHUTDOWN_RETRY_MS);
        this.gotControlledShutdownResponse = true;
        break;
      case 'shutting-down':
        break;
    }
  }

  private failed(api: 'BrokerRegistration' | 'BrokerHeartbeat', outcome: ChannelOutcome<BrokerRegistrationResponse | BrokerHeartbeatResponse>): void {
    const error = outcome.ok ? outcome.body.error : outcome.error;
    if (error === 'DUPLICATE_BROKER_REGISTRATION') {
      this.host.emit({ type: 'broker-registration-refused', broker: this.host.brokerId, error });
    } else if (error !== 'NO_CONTROLLER') {
      this.host.emit({ type: 'broker-heartbeat-failed', broker: this.host.brokerId, api, error });
    }
    const termMs = Math.min(BACKOFF_INITIAL_MS * 2 ** Math.min(this.failedAttempts, 20), this.settings.sessionTimeoutMs);
    this.failedAttempts++;
    const jitter = 1 - BACKOFF_JITTER + this.random!.next() * 2 * BACKOFF_JITTER;
    this.scheduleNext(Math.floor(termMs * jitter));
  }

  private shutDown(): void {
    this.state = 'shutting-down';
    if (this.timerId !== null) this.ctx!.cancelTimer(this.timerId);
    this.timerId = null;
    this.host.onShutdownGranted();
  }

  /** scheduleNextCommunication: one pending communication; a later call replaces it. */
  private scheduleNext(delayMs: number): void {
    const ctx = this.ctx!;
    const adjustedMs = this.nextShouldBeImmediate ? 0 : delayMs;
    this.nextShouldBeImmediate = false;
    if (this.timerId !== null) ctx.cancelTimer(this.timerId);
    const timer: CommunicationTimer = { kind: 'broker-lifecycle', seq: ++this.seq };
    this.timerId = ctx.setTimer(adjustedMs, timer);
  }
}
