// A kernel with N controllers (and optionally observer brokers), stepped one event at a time with
// the quorum's invariants checked after every step.
import { Kernel } from '../../../../sim/kernel/index.ts';
import type { Actor, ActorContext, NodeId } from '../../../../sim/kernel/types.ts';
import {
  ControllerNode,
  MetadataFetcher,
  QuorumChecker,
  type CheckedReplica,
  type MetadataRecord,
  type QuorumConfig,
} from '../../../../sim/controller/quorum/index.ts';

/** A broker stand-in that embeds a MetadataFetcher, as a real broker actor would. */
export class FakeBroker implements Actor {
  readonly id: NodeId;
  readonly fetcher: MetadataFetcher;
  readonly delivered: MetadataRecord[] = [];
  readonly otherMessages: unknown[] = [];

  constructor(brokerId: number, voters: readonly number[], config: Partial<QuorumConfig> = {}, onRestart?: () => void) {
    this.id = `broker-${brokerId}`;
    this.fetcher = new MetadataFetcher({
      replicaId: brokerId,
      voters,
      config,
      name: this.id,
      onCommit: (records) => this.delivered.push(...records),
      onRestart: () => {
        this.delivered.length = 0;
        onRestart?.();
      },
    });
  }

  start(ctx: ActorContext): void {
    this.fetcher.start(ctx);
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    if (this.fetcher.onMessage(from, message, ctx)) return;
    this.otherMessages.push(message);
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    this.fetcher.onTimer(payload, ctx);
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.fetcher.onDisconnect(peer, ctx);
  }
}

export interface QuorumOptions {
  seed?: number;
  config?: Partial<QuorumConfig>;
  latencyMs?: number;
  jitterMs?: number;
  /** Broker ids of observers to add (FakeBroker actors). */
  observers?: number[];
  traceLimit?: number;
}

export class QuorumRun {
  readonly kernel: Kernel;
  readonly nodes: ControllerNode[] = [];
  readonly brokers: FakeBroker[] = [];
  readonly delivered = new Map<NodeId, MetadataRecord[]>();
  readonly checker = new QuorumChecker();
  steps = 0;

  constructor(voterCount: number, options: QuorumOptions = {}) {
    this.kernel = new Kernel({
      seed: options.seed ?? 1,
      network: { defaultLink: { latencyMs: options.latencyMs ?? 5, jitterMs: options.jitterMs ?? 0 }, maxInFlight: 100_000 },
      traceLimit: options.traceLimit ?? 20_000,
      maxEventsPerRun: 5_000_000,
    });
    const voters = Array.from({ length: voterCount }, (_, i) => i + 1);
    for (const nodeId of voters) {
      const received: MetadataRecord[] = [];
      const node = new ControllerNode({
        nodeId,
        voters,
        config: options.config,
        listener: {
          onCommit: (records) => received.push(...records),
          onRestart: () => {
            received.length = 0;
            this.checker.noteRestart(node.id);
          },
        },
      });
      this.delivered.set(node.id, received);
      this.nodes.push(node);
    }
    for (const node of this.nodes) this.kernel.addActor(node);
    for (const brokerId of options.observers ?? []) {
      const broker = new FakeBroker(brokerId, voters, options.config, () => this.checker.noteRestart(broker.id));
      this.brokers.push(broker);
      this.kernel.addActor(broker);
    }
  }

  node(id: number): ControllerNode {
    return this.nodes[id - 1]!;
  }

  /** Running controllers that believe they lead. */
  leaders(): ControllerNode[] {
    return this.nodes.filter((n) => this.kernel.isUp(n.id) && n.role === 'leader');
  }

  /** The running leader of the highest epoch, if any. */
  leader(): ControllerNode | undefined {
    return this.leaders().sort((a, b) => b.election.epoch - a.election.epoch)[0];
  }

  replicas(): CheckedReplica[] {
    const up: CheckedReplica[] = [];
    for (const node of this.nodes) if (this.kernel.isUp(node.id)) up.push({ name: node.id, metadataLog: node.metadataLog, highWatermark: node.highWatermark, describe: () => node.describe() });
    for (const broker of this.brokers) {
      if (this.kernel.isUp(broker.id)) up.push({ name: broker.id, metadataLog: broker.fetcher.metadataLog, highWatermark: broker.fetcher.highWatermark });
    }
    return up;
  }

  check(): void {
    this.checker.check(this.replicas(), (name) => this.delivered.get(name) ?? this.brokers.find((b) => b.id === name)?.delivered);
  }

  step(): boolean {
    const ran = this.kernel.step();
    if (ran) {
      this.steps++;
      this.check();
    }
    return ran;
  }

  /** Runs every event up to `timeMs`, checking the invariants after each. */
  runUntil(timeMs: number, afterStep?: () => void): void {
    for (let next = this.kernel.nextEventTimeMs(); next !== null && next <= timeMs; next = this.kernel.nextEventTimeMs()) {
      this.step();
      afterStep?.();
    }
    this.kernel.runUntil(timeMs);
  }

  runFor(durationMs: number, afterStep?: () => void): void {
    this.runUntil(this.kernel.nowMs + durationMs, afterStep);
  }

  /** Runs until `predicate` holds (checked after each step) or `limitMs` passes; returns the time it held, or null. */
  runUntilTrue(predicate: () => boolean, limitMs: number): number | null {
    const deadline = this.kernel.nowMs + limitMs;
    if (predicate()) return this.kernel.nowMs;
    for (let next = this.kernel.nextEventTimeMs(); next !== null && next <= deadline; next = this.kernel.nextEventTimeMs()) {
      this.step();
      if (predicate()) return this.kernel.nowMs;
    }
    this.kernel.runUntil(deadline);
    return predicate() ? this.kernel.nowMs : null;
  }

  crash(id: NodeId): void {
    this.kernel.crash(id);
  }

  restart(id: NodeId): void {
    this.kernel.restart(id);
    this.check();
  }

  events(type: string): Record<string, unknown>[] {
    return this.kernel.trace.since(0).filter((e) => e.type === type);
  }
}
