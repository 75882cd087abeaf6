// The determinism promise, end to end on a small system: same seed and inputs ⇒ same trace hash,
// however the run is sliced; another seed ⇒ another hash.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel, type Actor, type ActorContext, type NodeId } from '../../../sim/kernel/index.ts';

interface Ping {
  kind: 'ping' | 'pong';
  n: number;
  sentAtMs: number;
}

class PingPong implements Actor {
  private sent = 0;

  constructor(
    readonly id: NodeId,
    private readonly peers: NodeId[],
  ) {}

  start(ctx: ActorContext): void {
    ctx.setTimer(ctx.random.range(1, 20), 'tick');
  }

  onTimer(_payload: unknown, ctx: ActorContext): void {
    const peer = this.peers[ctx.random.int(this.peers.length)]!;
    const ping: Ping = { kind: 'ping', n: this.sent++, sentAtMs: ctx.nowMs };
    const arrivesAtMs = ctx.send(peer, ping);
    ctx.emit({ type: 'ping-sent', to: peer, n: ping.n, arrivesAtMs });
    ctx.setTimer(ctx.random.range(5, 40), 'tick');
  }

  onMessage(from: NodeId, message: unknown, ctx: ActorContext): void {
    const received = message as Ping;
    if (received.kind === 'ping') {
      ctx.send(from, { kind: 'pong', n: received.n, sentAtMs: received.sentAtMs });
      ctx.emit({ type: 'ping-received', from, n: received.n });
    } else {
      ctx.emit({ type: 'pong-received', from, n: received.n, rttMs: ctx.nowMs - received.sentAtMs });
    }
  }

  onDisconnect(peer: NodeId, ctx: ActorContext): void {
    ctx.emit({ type: 'peer-lost', peer });
  }
}

const IDS = ['n1', 'n2', 'n3', 'n4'];

function build(seed: number): Kernel {
  const kernel = new Kernel({
    seed,
    network: { defaultLink: { latencyMs: 2, jitterMs: 8 }, maxInFlight: 10_000 },
    traceLimit: 100,
    maxEventsPerRun: 1_000_000,
  });
  for (const id of IDS) kernel.addActor(new PingPong(id, IDS.filter((peer) => peer !== id)));
  // A fault schedule, as a scenario would give it.
  kernel.scheduleAt(300, () => kernel.network.partition(['n1', 'n2'], ['n3']));
  kernel.scheduleAt(400, () => kernel.crash('n4'));
  kernel.scheduleAt(500, () => kernel.network.dropRate('n1', 'n2', 0.2));
  kernel.scheduleAt(600, () => kernel.network.heal());
  kernel.scheduleAt(700, () => kernel.restart('n4'));
  kernel.scheduleAt(800, () => kernel.network.resetConnection('n1', 'n3'));
  kernel.scheduleAt(850, () => kernel.network.setLink('n2', 'n3', { latencyMs: 30, jitterMs: 30 }));
  kernel.scheduleAt(900, () => kernel.network.cutLink('n2', 'n4'));
  return kernel;
}

const END_MS = 2000;

function runWhole(seed: number): Kernel {
  const kernel = build(seed);
  kernel.runUntil(END_MS);
  return kernel;
}

describe('determinism', () => {
  it('gives the same hash and trace for the same seed and inputs', () => {
    const first = runWhole(7);
    const second = runWhole(7);
    expect(first.trace.count).toBeGreaterThan(500);
    expect(second.trace.hash()).toBe(first.trace.hash());
    expect(second.trace.since()).toEqual(first.trace.since());
    expect(second.eventCount).toBe(first.eventCount);
  });

  it('does not depend on how the run is sliced', () => {
    const whole = runWhole(7);
    const stepped = build(7);
    while (stepped.nextEventTimeMs() !== null && stepped.nextEventTimeMs()! <= END_MS) stepped.step();
    stepped.runUntil(END_MS);
    const sliced = build(7);
    for (let t = 0; t < END_MS; t += 6.25) sliced.runUntil(t);
    sliced.runUntil(END_MS);
    expect(stepped.trace.hash()).toBe(whole.trace.hash());
    expect(sliced.trace.hash()).toBe(whole.trace.hash());
  });

  it('gives a different hash for a different seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        fc.pre(a !== b);
        const kernelA = build(a);
        const kernelB = build(b);
        kernelA.runUntil(200);
        kernelB.runUntil(200);
        expect(kernelA.trace.hash()).not.toBe(kernelB.trace.hash());
      }),
      { numRuns: 20 },
    );
  });

  it('keeps exercising the faults it schedules', () => {
    const kernel = build(7);
    const seen = new Set<string>();
    kernel.trace.setListener((event) => seen.add(event.type === 'message-dropped' ? `dropped:${String(event.reason)}` : event.type));
    kernel.runUntil(END_MS);
    for (const type of [
      'partition',
      'node-down',
      'node-up',
      'partition-healed',
      'connection-reset',
      'link-cut',
      'peer-lost',
      'pong-received',
      'dropped:partitioned',
      'dropped:node-down',
      'dropped:random-loss',
      'dropped:link-cut',
    ]) {
      expect(seen, type).toContain(type);
    }
  });
});
