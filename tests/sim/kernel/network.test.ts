import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KernelError, type Kernel, type NodeId } from '../../../sim/kernel/index.ts';
import { drops, withRecorders, type Recorder } from './fixtures.ts';

function sendAt(kernel: Kernel, node: Recorder, atMs: number, to: NodeId, message: unknown): void {
  kernel.scheduleAt(atMs, () => node.ctx.send(to, message));
}

describe('delivery', () => {
  it('delivers after exactly the latency when there is no jitter', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    kernel.runUntil(5);
    expect(nodes.a!.ctx.send('b', 'hello')).toBe(15);
    kernel.runUntil(14.999);
    expect(nodes.b!.received).toEqual([]);
    kernel.runUntil(15);
    expect(nodes.b!.received).toEqual([{ from: 'a', message: 'hello', atMs: 15 }]);
  });

  it('delivers the message object itself', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    const message = { batch: new Uint8Array([1, 2, 3]) };
    nodes.a!.ctx.send('b', message);
    kernel.runFor(100);
    expect(nodes.b!.received[0]!.message).toBe(message);
  });

  it('keeps each connection FIFO under jitter, within the latency bounds', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.array(fc.record({ gapMs: fc.double({ min: 0, max: 30, noNaN: true }), from: fc.nat(2), to: fc.nat(2) }), {
          maxLength: 120,
        }),
        (seed, latencyMs, jitterMs, sends) => {
          const ids = ['n0', 'n1', 'n2'];
          const { kernel, nodes } = withRecorders(ids, {
            seed,
            network: { defaultLink: { latencyMs, jitterMs }, maxInFlight: 1000 },
          });
          const sent: { from: NodeId; to: NodeId; n: number; atMs: number; arrivesAtMs: number | null }[] = [];
          let atMs = 0;
          sends.forEach(({ gapMs, from, to }, n) => {
            if (from === to) return;
            atMs += gapMs;
            const sender = nodes[ids[from]!]!;
            kernel.scheduleAt(atMs, () => {
              const record = { from: ids[from]!, to: ids[to]!, n, atMs: kernel.nowMs, arrivesAtMs: null as number | null };
              record.arrivesAtMs = sender.ctx.send(record.to, n);
              sent.push(record);
            });
          });
          kernel.runFor(atMs + latencyMs + jitterMs + 1);
          expect(kernel.network.inFlight()).toEqual([]);
          for (const from of ids) {
            for (const to of ids) {
              const order = sent.filter((s) => s.from === from && s.to === to);
              const got = nodes[to]!.received.filter((r) => r.from === from);
              expect(got.map((r) => r.message)).toEqual(order.map((s) => s.n));
              let latestBound = -Infinity;
              order.forEach((s, i) => {
                const arrival = got[i]!.atMs;
                expect(arrival).toBe(s.arrivesAtMs);
                expect(arrival).toBeGreaterThanOrEqual(s.atMs + latencyMs);
                // Never later than its own worst case, or than waiting for an earlier message.
                latestBound = Math.max(latestBound, s.atMs + latencyMs + jitterMs);
                expect(arrival).toBeLessThanOrEqual(latestBound);
              });
            }
          }
        },
      ),
    );
  });

  it('applies a link profile to both directions and only to that link', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c']);
    kernel.network.setLink('a', 'b', { latencyMs: 100, jitterMs: 0 });
    expect(nodes.a!.ctx.send('b', 1)).toBe(100);
    expect(nodes.b!.ctx.send('a', 2)).toBe(100);
    expect(nodes.a!.ctx.send('c', 3)).toBe(10);
    expect(kernel.network.linkState('b', 'a').profile).toEqual({ latencyMs: 100, jitterMs: 0 });
  });

  it('lists what is in flight in send order, with its times', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c']);
    kernel.network.setLink('a', 'c', { latencyMs: 3, jitterMs: 0 });
    nodes.a!.ctx.send('b', 'x');
    kernel.runUntil(2);
    nodes.a!.ctx.send('c', 'y');
    expect(kernel.network.inFlight()).toEqual([
      { id: 1, from: 'a', to: 'b', sentAtMs: 0, arrivesAtMs: 10, message: 'x' },
      { id: 2, from: 'a', to: 'c', sentAtMs: 2, arrivesAtMs: 5, message: 'y' },
    ]);
    kernel.runUntil(5);
    expect(kernel.network.inFlight().map((m) => m.id)).toEqual([1]);
  });

  it('throws past maxInFlight, naming the seed', () => {
    const { nodes } = withRecorders(['a', 'b'], {
      seed: 77,
      network: { defaultLink: { latencyMs: 1, jitterMs: 0 }, maxInFlight: 2 },
    });
    nodes.a!.ctx.send('b', 1);
    nodes.a!.ctx.send('b', 2);
    expect(() => nodes.a!.ctx.send('b', 3)).toThrow(/limit 2.*seed 77/);
  });

  it('refuses unknown nodes and sending to oneself', () => {
    const { nodes } = withRecorders(['a']);
    expect(() => nodes.a!.ctx.send('ghost', 1)).toThrow(KernelError);
    expect(() => nodes.a!.ctx.send('a', 1)).toThrow(/use a timer/);
  });
});

describe('cut links', () => {
  it('drops silently what is sent over a cut link, and what was on the wire', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c'], { network: { defaultLink: { latencyMs: 10, jitterMs: 0 }, maxInFlight: 100, dropReportIntervalMs: 0 } });
    nodes.a!.ctx.send('b', 'on the wire');
    nodes.b!.ctx.send('a', 'back');
    nodes.a!.ctx.send('c', 'elsewhere');
    kernel.runUntil(5);
    kernel.network.cutLink('a', 'b');
    expect(kernel.network.inFlight().map((m) => m.message)).toEqual(['elsewhere']);
    expect(nodes.a!.ctx.send('b', 'after')).toBeNull();
    kernel.runFor(100);
    expect(nodes.b!.received).toEqual([]);
    expect(nodes.a!.received).toEqual([]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual(['elsewhere']);
    expect(nodes.a!.disconnects).toEqual([]);
    expect(drops(kernel)).toEqual([
      { from: 'a', to: 'b', reason: 'link-cut', count: 1 },
      { from: 'b', to: 'a', reason: 'link-cut', count: 1 },
      { from: 'a', to: 'b', reason: 'link-cut', count: 1 },
    ]);
    kernel.network.healLink('b', 'a');
    nodes.a!.ctx.send('b', 'healed');
    kernel.runFor(100);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['healed']);
  });
});

describe('partitions', () => {
  it('stops only what crosses between the sides', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c', 'd']);
    nodes.a!.ctx.send('c', 'crossing, on the wire');
    nodes.a!.ctx.send('b', 'same side, on the wire');
    kernel.network.partition(['a', 'b'], ['c']);
    const results = {
      'a→c': nodes.a!.ctx.send('c', 1),
      'c→b': nodes.c!.ctx.send('b', 2),
      'a→b': nodes.a!.ctx.send('b', 3),
      'd→c': nodes.d!.ctx.send('c', 4),
      'd→a': nodes.d!.ctx.send('a', 5),
      'c→d': nodes.c!.ctx.send('d', 6),
    };
    expect(results).toEqual({ 'a→c': null, 'c→b': null, 'a→b': 10, 'd→c': 10, 'd→a': 10, 'c→d': 10 });
    kernel.runFor(50);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['same side, on the wire', 3]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual([4]);
    // The later a→c drop falls in the same report interval as the sweep: it is held back...
    expect(drops(kernel)).toEqual([
      { from: 'a', to: 'c', reason: 'partitioned', count: 1 },
      { from: 'c', to: 'b', reason: 'partitioned', count: 1 },
    ]);
    expect(kernel.network.activePartitions()).toEqual([{ sideA: ['a', 'b'], sideB: ['c'] }]);
    kernel.network.heal();
    // ...and reported when the faults change, before the change itself.
    const tail = kernel.trace.since().slice(-2);
    expect(tail.map((e) => [e.type, e.from, e.count])).toEqual([
      ['message-dropped', 'a', 1],
      ['partition-healed', undefined, undefined],
    ]);
    expect(nodes.a!.ctx.send('c', 'healed')).toBe(60);
    expect(kernel.network.activePartitions()).toEqual([]);
  });

  it('refuses a node on both sides', () => {
    const { kernel } = withRecorders(['a', 'b']);
    expect(() => kernel.network.partition(['a', 'b'], ['b'])).toThrow(/both sides/);
  });

  it('reports a long partition with a bounded number of events', () => {
    const { kernel, nodes } = withRecorders(['a', 'b'], {
      network: { defaultLink: { latencyMs: 1, jitterMs: 0 }, maxInFlight: 100, dropReportIntervalMs: 1000 },
    });
    kernel.network.partition(['a'], ['b']);
    for (let t = 0; t < 10_000; t += 10) kernel.scheduleAt(t, () => nodes.a!.ctx.send('b', t));
    kernel.runUntil(10_000);
    kernel.network.heal();
    const reported = drops(kernel);
    expect(reported.length).toBe(11);
    expect(reported.reduce((sum, d) => sum + (d.count as number), 0)).toBe(1000);
  });

  it('reports every drop when the interval is 0', () => {
    const { kernel, nodes } = withRecorders(['a', 'b'], {
      network: { defaultLink: { latencyMs: 1, jitterMs: 0 }, maxInFlight: 100, dropReportIntervalMs: 0 },
    });
    kernel.network.partition(['a'], ['b']);
    for (let i = 0; i < 5; i++) nodes.a!.ctx.send('b', i);
    expect(drops(kernel).map((d) => d.count)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('random loss', () => {
  it('loses messages with the configured probability, reproducibly', () => {
    const run = (seed: number) => {
      const { kernel, nodes } = withRecorders(['a', 'b'], { seed });
      kernel.network.dropRate('a', 'b', 0.3);
      const outcomes = Array.from({ length: 2000 }, (_, i) => nodes.a!.ctx.send('b', i) !== null);
      return { outcomes, kernel };
    };
    const first = run(5);
    const delivered = first.outcomes.filter(Boolean).length;
    expect(delivered / 2000).toBeGreaterThan(0.65);
    expect(delivered / 2000).toBeLessThan(0.75);
    expect(run(5).outcomes).toEqual(first.outcomes);
    expect(run(6).outcomes).not.toEqual(first.outcomes);
    expect(drops(first.kernel)[0]).toMatchObject({ from: 'a', to: 'b', reason: 'random-loss' });
    expect(() => first.kernel.network.dropRate('a', 'b', 1.5)).toThrow(KernelError);
  });
});

describe('connection reset', () => {
  it('loses what is in flight both ways and tells both ends, a first', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c']);
    nodes.a!.ctx.send('b', 'request');
    nodes.b!.ctx.send('a', 'response');
    nodes.a!.ctx.send('c', 'unrelated');
    kernel.runUntil(4);
    kernel.network.resetConnection('b', 'a');
    kernel.runFor(100);
    expect(nodes.a!.received).toEqual([]);
    expect(nodes.b!.received).toEqual([]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual(['unrelated']);
    expect(nodes.b!.disconnects).toEqual([{ peer: 'a', atMs: 4 }]);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 4 }]);
    const types = kernel.trace.since().filter((e) => e.node === 'kernel').map((e) => [e.type, e.from ?? e.a, e.to ?? e.b]);
    expect(types.slice(-3)).toEqual([
      ['connection-reset', 'b', 'a'],
      ['message-dropped', 'b', 'a'],
      ['message-dropped', 'a', 'b'],
    ]);
  });

  it('delivers the disconnects in a defined order, after what was already due then', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    const seen: string[] = [];
    nodes.a!.onDisconnect = (peer) => seen.push(`a lost ${peer}`);
    nodes.b!.onDisconnect = (peer) => seen.push(`b lost ${peer}`);
    kernel.schedule(0, () => seen.push('already scheduled'));
    kernel.network.resetConnection('a', 'b');
    kernel.step();
    kernel.step();
    kernel.step();
    expect(seen).toEqual(['already scheduled', 'a lost b', 'b lost a']);
  });
});
