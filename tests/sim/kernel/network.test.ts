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
  it('loses what is sent over a cut link and what was on the wire, breaking the connection', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c'], { network: { defaultLink: { latencyMs: 10, jitterMs: 0 }, maxInFlight: 100, dropReportIntervalMs: 0 } });
    nodes.a!.ctx.send('b', 'on the wire');
    nodes.b!.ctx.send('a', 'back');
    nodes.a!.ctx.send('c', 'elsewhere');
    kernel.runUntil(5);
    kernel.network.cutLink('a', 'b');
    expect(kernel.network.inFlight().map((m) => m.message)).toEqual(['elsewhere']);
    kernel.runUntil(6);
    expect(nodes.a!.ctx.send('b', 'after')).toBeNull();
    kernel.runFor(100);
    expect(nodes.b!.received).toEqual([]);
    expect(nodes.a!.received).toEqual([]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual(['elsewhere']);
    // The established connection broke at the cut (both ends told); the later send was a new
    // connection that could not get through, which only its sender learns.
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 5 }, { peer: 'b', atMs: 6 }]);
    expect(nodes.b!.disconnects).toEqual([{ peer: 'a', atMs: 5 }]);
    expect(nodes.c!.disconnects).toEqual([]);
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

  it('leaves an idle connection up when a cut loses nothing', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    nodes.a!.ctx.send('b', 'before');
    kernel.runFor(20);
    kernel.network.cutLink('a', 'b');
    kernel.network.healLink('a', 'b');
    nodes.a!.ctx.send('b', 'after');
    kernel.runFor(20);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['before', 'after']);
    expect(nodes.a!.disconnects).toEqual([]);
    expect(kernel.network.linkState('a', 'b').open).toBe(true);
  });
});

describe('partitions', () => {
  it('stops only what crosses between the sides', () => {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c', 'd']);
    nodes.a!.ctx.send('c', 'crossing, on the wire');
    nodes.a!.ctx.send('b', 'same side, on the wire');
    kernel.network.partition(['a', 'b'], ['c']);
    kernel.runUntil(1);
    const results = {
      'a→c': nodes.a!.ctx.send('c', 1),
      'c→b': nodes.c!.ctx.send('b', 2),
      'a→b': nodes.a!.ctx.send('b', 3),
      'd→c': nodes.d!.ctx.send('c', 4),
      'd→a': nodes.d!.ctx.send('a', 5),
      'c→d': nodes.c!.ctx.send('d', 6),
    };
    expect(results).toEqual({ 'a→c': null, 'c→b': null, 'a→b': 11, 'd→c': 11, 'd→a': 11, 'c→d': 11 });
    kernel.runFor(50);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['same side, on the wire', 3]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual([4]);
    // The a→c connection broke at the split: both ends were told at once.
    expect(nodes.a!.disconnects).toEqual([{ peer: 'c', atMs: 0 }, { peer: 'c', atMs: 1 }]);
    expect(nodes.c!.disconnects).toEqual([{ peer: 'a', atMs: 0 }, { peer: 'b', atMs: 1 }]);
    expect(nodes.b!.disconnects).toEqual([]);
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
    expect(nodes.a!.ctx.send('c', 'healed')).toBe(61);
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
      // One message every 20 ms: each is sent after the previous one arrived or its loss was told.
      const outcomes: boolean[] = [];
      for (let i = 0; i < 2000; i++) kernel.scheduleAt(i * 20, () => outcomes.push(nodes.a!.ctx.send('b', i) !== null));
      kernel.runUntil(2000 * 20);
      return { outcomes, kernel, nodes };
    };
    const first = run(5);
    const delivered = first.outcomes.filter(Boolean).length;
    expect(delivered / 2000).toBeGreaterThan(0.65);
    expect(delivered / 2000).toBeLessThan(0.75);
    expect(first.nodes.b!.received.length).toBe(delivered);
    expect(first.nodes.a!.disconnects.length).toBe(2000 - delivered);
    expect(run(5).outcomes).toEqual(first.outcomes);
    expect(run(6).outcomes).not.toEqual(first.outcomes);
    expect(drops(first.kernel)[0]).toMatchObject({ from: 'a', to: 'b', reason: 'random-loss' });
    expect(() => first.kernel.network.dropRate('a', 'b', 1.5)).toThrow(KernelError);
  });

  it('breaks the connection like any other loss: nothing sent after a lost message arrives', () => {
    const { kernel, nodes } = withRecorders(['a', 'b'], { seed: 3 });
    nodes.a!.ctx.send('b', 'first');
    nodes.b!.ctx.send('a', 'answer on the wire');
    kernel.network.dropRate('a', 'b', 1);
    expect(nodes.a!.ctx.send('b', 'lost')).toBeNull();
    kernel.network.dropRate('a', 'b', 0);
    // Same instant, before a has been told: still the old connection.
    expect(nodes.a!.ctx.send('b', 'after the loss')).toBeNull();
    kernel.runFor(50);
    expect(nodes.b!.received).toEqual([]);
    expect(nodes.a!.received).toEqual([]);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 0 }]);
    expect(nodes.b!.disconnects).toEqual([{ peer: 'a', atMs: 0 }]);
    expect(kernel.trace.since().filter((e) => e.type === 'connection-broken')).toMatchObject([
      { from: 'a', to: 'b', reason: 'random-loss' },
    ]);
  });
});

describe('connections behave like TCP', () => {
  it('never delivers what was sent on a broken connection before its sender was told, even after the heal', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    nodes.a!.ctx.send('b', 'request 1');
    kernel.schedule(0, () => {
      kernel.network.cutLink('a', 'b');
      kernel.network.healLink('a', 'b');
      // The heal came before a heard of the break: its next request still rides the dead connection.
      nodes.a!.ctx.send('b', 'request 2');
    });
    kernel.runFor(50);
    expect(nodes.b!.received).toEqual([]);
    expect(kernel.network.linkState('a', 'b').open).toBe(false);
    // Told, a opens a new connection and what it sends arrives.
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 0 }]);
    nodes.a!.ctx.send('b', 'request 3');
    kernel.runFor(50);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['request 3']);
    expect(kernel.network.linkState('a', 'b').open).toBe(true);
  });

  it('tells a connect that cannot get through to its sender only', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    kernel.network.partition(['a'], ['b']);
    expect(nodes.a!.ctx.send('b', 'hello?')).toBeNull();
    expect(nodes.a!.ctx.send('b', 'again, before being told')).toBeNull();
    kernel.runFor(10);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 0 }]);
    expect(nodes.b!.disconnects).toEqual([]);
    expect(kernel.trace.since().some((e) => e.type === 'connection-broken')).toBe(false);
  });

  it('tells a node that sends to a peer that is down, once per attempt', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    kernel.crash('b');
    expect(nodes.a!.ctx.send('b', 'refused')).toBeNull();
    kernel.runFor(1);
    expect(nodes.a!.ctx.send('b', 'refused again')).toBeNull();
    kernel.runFor(1);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 0 }, { peer: 'b', atMs: 1 }]);
  });

  it('tells each end once when several faults break the same connection at once', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    nodes.a!.ctx.send('b', 'x');
    kernel.network.partition(['a'], ['b']);
    kernel.network.resetConnection('a', 'b');
    nodes.b!.ctx.send('a', 'y');
    kernel.runFor(20);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 0 }]);
    expect(nodes.b!.disconnects).toEqual([{ peer: 'a', atMs: 0 }]);
  });

  it('delivers, on every connection, a prefix of what was sent on it, whatever the faults', () => {
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.nat(2), to: fc.nat(2) }), weight: 20 },
      fc.record({ kind: fc.constant('cut' as const), a: fc.nat(2), b: fc.nat(2) }),
      fc.record({ kind: fc.constant('heal-link' as const), a: fc.nat(2), b: fc.nat(2) }),
      fc.record({ kind: fc.constant('split' as const), alone: fc.nat(2) }),
      fc.record({ kind: fc.constant('heal' as const) }),
      fc.record({ kind: fc.constant('loss' as const), a: fc.nat(2), b: fc.nat(2), p: fc.constantFrom(0, 0.2, 1) }),
      fc.record({ kind: fc.constant('reset' as const), a: fc.nat(2), b: fc.nat(2) }),
      fc.record({ kind: fc.constant('crash' as const), node: fc.nat(2) }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 15 }), op }), { minLength: 50, maxLength: 300 }), (seed, steps) => {
        const ids = ['n0', 'n1', 'n2'];
        const { kernel, nodes } = withRecorders(ids, { seed, network: { defaultLink: { latencyMs: 5, jitterMs: 10 }, maxInFlight: 1000 } });
        // A connection, as its sender sees it: (sender incarnation, disconnects from that peer so far).
        const connectionOf = (from: string, to: string) => {
          const sender = nodes[from]!;
          return `${from}>${to}#${sender.starts}/${sender.disconnects.filter((d) => d.peer === to).length}`;
        };
        const sent = new Map<string, number[]>();
        let n = 0;
        let atMs = 0;
        for (const { gapMs, op } of steps) {
          atMs += gapMs;
          kernel.scheduleAt(atMs, () => {
            const net = kernel.network;
            switch (op.kind) {
              case 'send': {
                const from = ids[op.from]!;
                const to = ids[op.to]!;
                if (from === to || !kernel.isUp(from)) return;
                const key = connectionOf(from, to);
                const id = n++;
                sent.set(key, [...(sent.get(key) ?? []), id]);
                nodes[from]!.ctx.send(to, { key, id });
                return;
              }
              case 'cut':
              case 'heal-link':
              case 'loss':
              case 'reset':
                if (op.a === op.b) return;
                if (op.kind === 'cut') net.cutLink(ids[op.a]!, ids[op.b]!);
                else if (op.kind === 'heal-link') net.healLink(ids[op.a]!, ids[op.b]!);
                else if (op.kind === 'loss') net.dropRate(ids[op.a]!, ids[op.b]!, op.p);
                else net.resetConnection(ids[op.a]!, ids[op.b]!);
                return;
              case 'split':
                net.partition([ids[op.alone]!], ids.filter((_, i) => i !== op.alone));
                return;
              case 'heal':
                net.heal();
                return;
              case 'crash': {
                const id = ids[op.node]!;
                if (kernel.isUp(id)) kernel.crash(id);
                else kernel.restart(id);
                return;
              }
            }
          });
        }
        kernel.runUntil(atMs + 100);
        const received = new Map<string, number[]>();
        for (const id of ids) {
          for (const r of nodes[id]!.received) {
            const { key, id: m } = r.message as { key: string; id: number };
            received.set(key, [...(received.get(key) ?? []), m]);
          }
        }
        for (const [key, got] of received) {
          expect(got, key).toEqual(sent.get(key)!.slice(0, got.length));
        }
      }),
      { numRuns: 100 },
    );
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
