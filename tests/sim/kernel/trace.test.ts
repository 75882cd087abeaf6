import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, fnv1a64Hex, KernelError, Trace, type TraceEvent } from '../../../sim/kernel/index.ts';

describe('canonicalJson', () => {
  it('writes keys in sorted order, whatever order they were inserted in', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });

  it('round-trips JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // -0 prints as 0, as JS prints it; JSON.parse cannot tell them apart either.
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('prints numbers as JS does', () => {
    expect(canonicalJson([1, 0.1, 1e21, -0, NaN, Infinity, 2 ** 53])).toBe('[1,0.1,1e+21,0,NaN,Infinity,9007199254740992]');
  });

  it.each([
    [{ type: 'x', error: undefined }, /field "error" is undefined/],
    [{ type: 'x', nested: { run: () => 1 } }, /field "nested.run" is a function/],
    [{ type: 'x', bytes: new Uint8Array(2) }, /field "bytes" is a Uint8Array/],
    [{ type: 'x', list: [1, new Map()] }, /field "list\[1\]" is an instance of Map/],
    [{ type: 'x', big: 1n }, /field "big" is a bigint/],
    [{ type: 'x', when: new Date(0) }, /field "when" is an instance of Date/],
    [{ type: 'x', sparse: [1, , 3] }, /field "sparse\[1\]" is a hole/],
  ])('refuses %o with an error naming the field', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
    expect(() => canonicalJson(value)).toThrow(KernelError);
  });

  it('refuses cycles instead of overflowing the stack', () => {
    const cycle: Record<string, unknown> = { type: 'x' };
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/deeper than/);
  });
});

describe('Trace', () => {
  it('stamps events with seq, time and node', () => {
    const trace = new Trace(10);
    const event = trace.emit('broker-1', 12.5, { type: 'appended', offset: 3 });
    expect(event).toEqual({ seq: 1, timeMs: 12.5, node: 'broker-1', type: 'appended', offset: 3 });
    expect(trace.count).toBe(1);
  });

  it('keeps the most recent events and returns those after a seq', () => {
    const trace = new Trace(3);
    for (let i = 1; i <= 5; i++) trace.emit('n', i, { type: 't', i });
    expect(trace.since().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(trace.since(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(trace.since(5)).toEqual([]);
    expect(trace.count).toBe(5);
    expect(new Trace(0).since()).toEqual([]);
  });

  it('hashes every event, not only the buffered ones', () => {
    const small = new Trace(1);
    const large = new Trace(100);
    const other = new Trace(100);
    for (let i = 0; i < 10; i++) {
      small.emit('n', i, { type: 't', i });
      large.emit('n', i, { type: 't', i });
      other.emit('n', i, { type: 't', i: i === 0 ? -1 : i });
    }
    expect(small.hash()).toBe(large.hash());
    expect(other.hash()).not.toBe(large.hash());
    expect(small.hash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes exactly the canonical text of its events, one per line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.string({ unit: 'binary' }), data: fc.jsonValue(), note: fc.string({ unit: 'binary' }) })),
        (bodies) => {
          const trace = new Trace(0);
          let text = '';
          bodies.forEach((body, i) => {
            const event = trace.emit('n\u00e9"\n', i / 3, body);
            text += canonicalJson(event) + '\n';
          });
          expect(trace.hash()).toBe(fnv1a64Hex(text));
        },
      ),
    );
  });

  it('hashes the same events the same way whatever their key order', () => {
    const a = new Trace(1);
    const b = new Trace(1);
    a.emit('n', 1, { type: 't', x: 1, y: { p: 1, q: 2 } });
    b.emit('n', 1, { y: { q: 2, p: 1 }, x: 1, type: 't' });
    expect(a.hash()).toBe(b.hash());
  });

  it('records nothing when an event cannot be serialised', () => {
    const trace = new Trace(5);
    const before = trace.hash();
    expect(() => trace.emit('n', 0, { type: 't', bad: undefined })).toThrow(KernelError);
    expect(trace.count).toBe(0);
    expect(trace.hash()).toBe(before);
    expect(() => trace.emit('n', 0, { type: 't', seq: 9 })).toThrow(/must not set seq/);
  });

  it('streams events to its listener', () => {
    const trace = new Trace(2);
    const seen: TraceEvent[] = [];
    trace.setListener((event) => seen.push(event));
    trace.emit('a', 1, { type: 'one' });
    trace.setListener(null);
    trace.emit('a', 2, { type: 'two' });
    expect(seen.map((e) => e.type)).toEqual(['one']);
  });
});
