// Small actors and a kernel factory shared by the kernel tests.
import type { Actor, ActorContext, NetworkOptions, NodeId } from '../../../sim/kernel/index.ts';
import { Kernel, type KernelOptions } from '../../../sim/kernel/index.ts';

export interface Received {
  from: NodeId;
  message: unknown;
  atMs: number;
}

/** Records everything that happens to it; tests drive it through `ctx`. */
export class Recorder implements Actor {
  ctx!: ActorContext;
  starts = 0;
  readonly received: Received[] = [];
  readonly timers: { payload: unknown; atMs: number }[] = [];
  readonly disconnects: { peer: NodeId; atMs: number }[] = [];

  constructor(readonly id: NodeId) {}

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.starts++;
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    this.received.push({ from, message, atMs: ctx.nowMs });
  }

  onTimer(payload: unknown, ctx: ActorContext): void {
    this.timers.push({ payload, atMs: ctx.nowMs });
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    this.disconnects.push({ peer, atMs: ctx.nowMs });
  }
}

export const FIXED_LINK: NetworkOptions = { defaultLink: { latencyMs: 10, jitterMs: 0 }, maxInFlight: 10_000 };

export function makeKernel(overrides: Partial<KernelOptions> = {}): Kernel {
  return new Kernel({ seed: 1, network: FIXED_LINK, traceLimit: 10_000, maxEventsPerRun: 1_000_000, ...overrides });
}

/** A kernel with one Recorder per id, already added. */
export function withRecorders(
  ids: NodeId[],
  overrides: Partial<KernelOptions> = {},
): { kernel: Kernel; nodes: Record<NodeId, Recorder> } {
  const kernel = makeKernel(overrides);
  const nodes: Record<NodeId, Recorder> = {};
  for (const id of ids) {
    const recorder = new Recorder(id);
    nodes[id] = recorder;
    kernel.addActor(recorder);
  }
  return { kernel, nodes };
}

/** The 'message-dropped' events of the trace, without their stamps. */
export function drops(kernel: Kernel): { from: unknown; to: unknown; reason: unknown; count: unknown }[] {
  return kernel.trace
    .since(0)
    .filter((event) => event.type === 'message-dropped')
    .map(({ from, to, reason, count }) => ({ from, to, reason, count }));
}
