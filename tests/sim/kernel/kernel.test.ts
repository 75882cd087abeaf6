import { describe, expect, it } from 'vitest';
import { Kernel, KernelError, type Actor, type ActorContext } from '../../../sim/kernel/index.ts';
import { FIXED_LINK, makeKernel, Recorder, withRecorders } from './fixtures.ts';

describe('timers', () => {
  it('fire at their time, same-time ones in the order they were set', () => {
    const { kernel, nodes } = withRecorders(['a']);
    const ctx = nodes.a!.ctx;
    ctx.setTimer(5, 'second');
    ctx.setTimer(2, 'first');
    ctx.setTimer(5, 'third');
    kernel.runUntil(10);
    expect(nodes.a!.timers).toEqual([
      { payload: 'first', atMs: 2 },
      { payload: 'second', atMs: 5 },
      { payload: 'third', atMs: 5 },
    ]);
    expect(kernel.nowMs).toBe(10);
  });

  it('can be cancelled, idempotently', () => {
    const { kernel, nodes } = withRecorders(['a']);
    const id = nodes.a!.ctx.setTimer(5, 'never');
    nodes.a!.ctx.setTimer(6, 'kept');
    nodes.a!.ctx.cancelTimer(id);
    nodes.a!.ctx.cancelTimer(id);
    nodes.a!.ctx.cancelTimer(12345);
    kernel.runFor(10);
    expect(nodes.a!.timers.map((t) => t.payload)).toEqual(['kept']);
  });

  it('refuses negative or non-finite delays', () => {
    const { nodes } = withRecorders(['a']);
    expect(() => nodes.a!.ctx.setTimer(-1, null)).toThrow(KernelError);
    expect(() => nodes.a!.ctx.setTimer(Number.NaN, null)).toThrow(KernelError);
  });
});

describe('advancing', () => {
  it('step runs one event at a time and reports an empty queue', () => {
    const { kernel, nodes } = withRecorders(['a']);
    nodes.a!.ctx.setTimer(3, 'x');
    expect(kernel.nextEventTimeMs()).toBe(3);
    expect(kernel.step()).toBe(true);
    expect(kernel.nowMs).toBe(3);
    expect(kernel.step()).toBe(false);
    expect(kernel.nextEventTimeMs()).toBeNull();
  });

  it('runUntil runs events due exactly then, and sets the clock even when idle', () => {
    const { kernel, nodes } = withRecorders(['a']);
    nodes.a!.ctx.setTimer(7, 'edge');
    kernel.runUntil(7);
    expect(nodes.a!.timers).toHaveLength(1);
    kernel.runFor(2.5);
    expect(kernel.nowMs).toBe(9.5);
    expect(() => kernel.runUntil(1)).toThrow(/already at 9.5 ms/);
  });

  it('runs external inputs in order with everything else due at the same time', () => {
    const { kernel, nodes } = withRecorders(['a']);
    const order: string[] = [];
    nodes.a!.onTimer = (payload) => order.push(String(payload));
    kernel.schedule(5, () => order.push('input 1'));
    nodes.a!.ctx.setTimer(5, 'timer');
    kernel.scheduleAt(5, () => order.push('input 2'));
    kernel.runUntil(5);
    expect(order).toEqual(['input 1', 'timer', 'input 2']);
    expect(() => kernel.scheduleAt(4, () => {})).toThrow(KernelError);
  });

  it('stops a run that exceeds maxEventsPerRun with an error naming the seed', () => {
    const kernel = makeKernel({ seed: 424242, maxEventsPerRun: 100 });
    const loop: Actor = {
      id: 'looper',
      start: (ctx) => void ctx.setTimer(0, null),
      onMessage: () => {},
      onTimer: (_payload, ctx) => void ctx.setTimer(0, null),
    };
    kernel.addActor(loop);
    let error: unknown;
    try {
      kernel.runUntil(1);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).code).toBe('MAX_EVENTS_PER_RUN');
    expect((error as KernelError).message).toContain('seed 424242');
    expect(kernel.eventCount).toBe(100);
  });
});

describe('nodes', () => {
  it('start once when added, and refuse duplicate or reserved ids', () => {
    const { kernel, nodes } = withRecorders(['a']);
    expect(nodes.a!.starts).toBe(1);
    expect(() => kernel.addActor(new Recorder('a'))).toThrow(/already added/);
    expect(() => kernel.addActor(new Recorder('kernel'))).toThrow(KernelError);
    expect(kernel.nodeIds()).toEqual(['a']);
    expect(kernel.actorOf('a')).toBe(nodes.a);
  });

  it('emit to the trace stamped with their id and the time', () => {
    const { kernel, nodes } = withRecorders(['a']);
    kernel.runUntil(4);
    nodes.a!.ctx.emit({ type: 'hello', n: 1 });
    expect(kernel.trace.since().at(-1)).toEqual({ seq: 2, timeMs: 4, node: 'a', type: 'hello', n: 1 });
  });

  it('get their own random stream, unchanged by adding more nodes', () => {
    const draws = (ids: string[]) => {
      const { nodes } = withRecorders(ids, { seed: 99 });
      return [nodes.a!.ctx.random.nextU32(), nodes.a!.ctx.random.nextU32()];
    };
    expect(draws(['a'])).toEqual(draws(['z', 'a', 'b']));
    const { nodes } = withRecorders(['a', 'b'], { seed: 99 });
    expect(nodes.a!.ctx.random.nextU32()).not.toBe(nodes.b!.ctx.random.nextU32());
  });
});

describe('crash and restart', () => {
  function crashed() {
    const { kernel, nodes } = withRecorders(['a', 'b', 'c'], {
      network: { ...FIXED_LINK, dropReportIntervalMs: 0 },
    });
    const [a, b] = [nodes.a!, nodes.b!];
    b.ctx.setTimer(50, 'b timer');
    a.ctx.send('b', 'to b');
    b.ctx.send('a', 'from b');
    a.ctx.send('c', 'a to c');
    kernel.runUntil(5);
    const oldCtx = b.ctx;
    kernel.crash('b');
    return { kernel, nodes, oldCtx };
  }

  it('loses messages to and from the node and tells peers with an open connection', () => {
    const { kernel, nodes } = crashed();
    kernel.runFor(100);
    expect(nodes.a!.received).toEqual([]);
    expect(nodes.b!.received).toEqual([]);
    expect(nodes.c!.received.map((r) => r.message)).toEqual(['a to c']);
    expect(nodes.a!.disconnects).toEqual([{ peer: 'b', atMs: 5 }]);
    expect(nodes.c!.disconnects).toEqual([]);
    expect(kernel.network.inFlight()).toEqual([]);
    expect(kernel.isUp('b')).toBe(false);
  });

  it('never fires its timers, and its old context refuses to act', () => {
    const { kernel, nodes, oldCtx } = crashed();
    kernel.runFor(100);
    expect(nodes.b!.timers).toEqual([]);
    expect(() => oldCtx.send('a', 'zombie')).toThrow(/crashed/);
    expect(() => oldCtx.setTimer(1, null)).toThrow(KernelError);
  });

  it('drops what is sent to it while down', () => {
    const { kernel, nodes } = crashed();
    expect(nodes.a!.ctx.send('b', 'lost')).toBeNull();
    const last = kernel.trace.since().at(-1)!;
    expect(last).toMatchObject({ type: 'message-dropped', from: 'a', to: 'b', reason: 'node-down', count: 1 });
  });

  it('traces the lifecycle as kernel events', () => {
    const { kernel } = crashed();
    kernel.restart('b');
    const lifecycle = kernel.trace
      .since()
      .filter((e) => e.node === 'kernel' && e.type !== 'message-dropped')
      .map((e) => `${e.type} ${String(e.target)}`);
    expect(lifecycle).toEqual(['node-added a', 'node-added b', 'node-added c', 'node-down b', 'node-up b']);
  });

  it('restarts with the previous instance or a new one, calling start again', () => {
    const { kernel, nodes } = crashed();
    expect(() => kernel.crash('b')).toThrow(/already down/);
    kernel.restart('b');
    expect(nodes.b!.starts).toBe(2);
    expect(() => kernel.restart('b')).toThrow(/crash it before/);
    kernel.runFor(0); // a hears that its old connection to b is gone
    nodes.a!.ctx.send('b', 'welcome back');
    kernel.runFor(20);
    expect(nodes.b!.received.map((r) => r.message)).toEqual(['welcome back']);

    kernel.crash('b');
    const fresh = new Recorder('b');
    expect(() => kernel.restart('b', new Recorder('x'))).toThrow(KernelError);
    kernel.restart('b', fresh);
    expect(fresh.starts).toBe(1);
    expect(kernel.actorOf('b')).toBe(fresh);
  });

  it('cancels disconnects not yet delivered to a node that crashes', () => {
    const { kernel, nodes } = withRecorders(['a', 'b']);
    kernel.network.resetConnection('a', 'b');
    kernel.crash('a');
    kernel.runFor(1);
    expect(nodes.a!.disconnects).toEqual([]);
    expect(nodes.b!.disconnects).toEqual([{ peer: 'a', atMs: 0 }]);
  });

  it('refuses unknown nodes', () => {
    const kernel = makeKernel();
    expect(() => kernel.crash('nobody')).toThrow(/unknown node "nobody"/);
    expect(() => kernel.isUp('nobody')).toThrow(KernelError);
  });
});

describe('options', () => {
  it('refuses nonsense limits', () => {
    const base = { seed: 1, network: FIXED_LINK, traceLimit: 10, maxEventsPerRun: 10 };
    expect(() => new Kernel({ ...base, maxEventsPerRun: 0 })).toThrow(KernelError);
    expect(() => new Kernel({ ...base, traceLimit: -1 })).toThrow(KernelError);
    expect(() => new Kernel({ ...base, seed: 0.5 })).toThrow(KernelError);
    expect(() => new Kernel({ ...base, network: { ...FIXED_LINK, maxInFlight: 0 } })).toThrow(KernelError);
    expect(() => new Kernel({ ...base, network: { ...FIXED_LINK, defaultLink: { latencyMs: -1, jitterMs: 0 } } })).toThrow(
      KernelError,
    );
  });

  it('limits how many events are queued, naming the seed', () => {
    const kernel = makeKernel({ seed: 31, maxQueuedEvents: 2 });
    const actor: Actor & { ctx?: ActorContext } = {
      id: 'a',
      start(ctx) {
        this.ctx = ctx;
      },
      onMessage: () => {},
      onTimer: () => {},
    };
    kernel.addActor(actor);
    actor.ctx!.setTimer(1, null);
    actor.ctx!.setTimer(1, null);
    expect(() => actor.ctx!.setTimer(1, null)).toThrow(/limit 2 \(seed 31\)/);
  });
});
