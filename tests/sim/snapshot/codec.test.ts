import { describe, expect, it } from 'vitest';
import { capture, revive, NotCapturable, type ExternalDecoder, type ExternalEncoder } from '../../../sim/snapshot/codec.ts';
import { bound, boundFn, registerFunctions } from '../../../sim/snapshot/bound.ts';
import { registerClass, registerClasses, registerConstants } from '../../../sim/snapshot/registry.ts';

class Counter {
  count = 0;
  readonly seen = new Set<string>();
  constructor(readonly name: string) {}
  add(by: number, label: string): number {
    this.count += by;
    this.seen.add(label);
    return this.count;
  }
}

class Node {
  next: Node | null = null;
  listener: ((value: number) => void) | null = null;
  constructor(readonly id: number) {}
}

class Unregistered {
  x = 1;
}

class Opaque {
  constructor(readonly inner: string) {}
}

function scaled(factor: number, value: number): number {
  return factor * value;
}

registerClasses({ 'test.Counter': Counter, 'test.Node': Node });
registerClass('test.Opaque', Opaque, { codec: { encode: (o) => o.inner.toUpperCase(), decode: (data) => new Opaque(String(data).toLowerCase()) } });
registerFunctions('test', { scaled });
const SHARED_DEFAULTS = Object.freeze({ retries: 3 });
registerConstants({ 'test.defaults': SHARED_DEFAULTS });

/** What the app does: the captured data goes through the structured clone algorithm (IndexedDB). */
function roundTrip<T>(value: T, externals?: { encode: ExternalEncoder; decode: ExternalDecoder }): T {
  return revive(structuredClone(capture(value, externals?.encode)), externals?.decode) as T;
}

describe('snapshot codec', () => {
  it('keeps shared references and cycles shared', () => {
    const a = new Node(1);
    const b = new Node(2);
    a.next = b;
    b.next = a;
    const root = { a, b, both: [a, b], byId: new Map([[1, a]]) };
    const back = roundTrip(root);
    expect(back.a).toBeInstanceOf(Node);
    expect(back.a.next).toBe(back.b);
    expect(back.b.next).toBe(back.a);
    expect(back.both[0]).toBe(back.a);
    expect(back.byId.get(1)).toBe(back.a);
  });

  it('gives class instances their prototypes and keeps field order', () => {
    const counter = new Counter('c');
    counter.add(2, 'x');
    const back = roundTrip(counter);
    expect(back).toBeInstanceOf(Counter);
    expect(Object.keys(back)).toEqual(Object.keys(counter));
    expect(back.add(3, 'y')).toBe(5);
    expect([...back.seen]).toEqual(['x', 'y']);
  });

  it('makes bound callbacks again, with their leading arguments, on the revived target', () => {
    const counter = new Counter('c');
    const node = new Node(7);
    node.listener = bound(counter, 'add', 10);
    const holder = { node, counter, times: boundFn<(value: number) => number>(scaled, 3) };
    const back = roundTrip(holder);
    back.node.listener!('from-listener' as never);
    expect(back.counter.count).toBe(10);
    expect(counter.count).toBe(0);
    expect(back.counter.seen.has('from-listener')).toBe(true);
    expect(back.times(5)).toBe(15);
  });

  it('copies typed arrays, so that later writes to the live ones do not leak into the capture', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const captured = capture({ bytes, view: bytes.subarray(1) });
    bytes[0] = 99;
    const back = revive(structuredClone(captured)) as { bytes: Uint8Array; view: Uint8Array };
    expect([...back.bytes]).toEqual([1, 2, 3]);
    expect([...back.view]).toEqual([2, 3]);
  });

  it('keeps special numbers, undefined and plain objects with a "$" key', () => {
    const value = { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0, missing: undefined, big: 2n ** 70n, tricky: { $: 'c', k: 'x' } };
    const back = roundTrip(value);
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect('missing' in back).toBe(true);
    expect(back.big).toBe(2n ** 70n);
    expect(back.tricky).toEqual({ $: 'c', k: 'x' });
  });

  it('captures constants by key and classes with a codec by their data', () => {
    const back = roundTrip({ defaults: SHARED_DEFAULTS, opaque: new Opaque('abc') });
    expect(back.defaults).toBe(SHARED_DEFAULTS);
    expect(back.opaque).toBeInstanceOf(Opaque);
    expect(back.opaque.inner).toBe('abc');
  });

  it('hands externals to the caller', () => {
    const outside = { handle: 42 };
    const externals = {
      encode: (value: object) => (value === outside ? { ref: 'outside' } : undefined),
      decode: (data: unknown) => ({ handle: (data as { ref: string }).ref.length }),
    };
    const back = roundTrip({ a: outside, b: outside }, externals);
    expect(back.a).toEqual({ handle: 7 });
    expect(back.b).toBe(back.a);
    // A function can be an external too (a factory the caller gives the simulation).
    const factory = (n: number) => n + 1;
    const replacement = (n: number) => n + 2;
    const withFactory = { encode: (value: object) => (value === factory ? 'factory' : undefined), decode: () => replacement };
    expect(roundTrip({ factory }, withFactory).factory).toBe(replacement);
  });

  it('refuses closures and unregistered classes, naming where they are', () => {
    const node = new Node(1);
    node.listener = (value) => void value;
    expect(() => capture({ nodes: [node] })).toThrow(NotCapturable);
    expect(() => capture({ nodes: [node] })).toThrow(/function .* at nodes\.0\.listener/);
    expect(() => capture({ deep: { thing: new Unregistered() } })).toThrow(/unregistered class Unregistered at deep\.thing/);
  });

  it('refuses a bound callback to a method that does not exist, when it is made', () => {
    expect(() => bound(new Counter('c'), 'missing')).toThrow(/has no method missing/);
    expect(() => boundFn(() => 1)).toThrow(/not registered/);
  });
});
