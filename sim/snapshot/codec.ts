// Captures an object graph (a whole simulation) as plain data that the structured clone algorithm
// can copy (postMessage, IndexedDB), and builds an equal graph from it again: shared references and
// cycles stay shared, class instances get their prototypes back (sim/snapshot/registry.ts),
// callbacks made with `bound` are made again. Anything else — an arrow function, an unregistered
// class — makes the capture fail with NotCapturable, which names it.
//
// Encoded values: primitives as they are; arrays, Maps and Sets of encoded values; typed arrays
// copied; a plain object as a plain object of encoded values, unless it has a "$" key. Every other
// value is a tagged object { $: tag, ... }; a plain object with its own "$" key is tagged too.
import { boundCall, functionKey, rebind, registeredFunction, type BoundCall } from './bound.ts';
import { classEntry, classEntryOf, constant, constantKey } from './registry.ts';

export class NotCapturable extends Error {
  constructor(
    message: string,
    /** Where in the graph, as a property path from the root. */
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = 'NotCapturable';
  }
}

/**
 * Values the caller handles itself (a log directory on disk): on capture, the data standing for
 * `value`, or undefined when it is not one; on revive, the object for that data.
 */
export type ExternalEncoder = (value: object) => unknown;
export type ExternalDecoder = (data: unknown) => object;

type Tagged =
  | { $: 'o'; f: Record<string, unknown> }
  | { $: 'c'; k: string; f: Record<string, unknown> }
  | { $: 'x'; k: string; d: unknown }
  | { $: 'k'; k: string }
  | { $: 'fn'; k: string }
  | { $: 'b'; call: BoundCall }
  | { $: 'e'; d: unknown };

const TYPED_ARRAYS = new Set<unknown>([Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, Uint8ClampedArray]);

export function capture(root: unknown, encodeExternal?: ExternalEncoder): unknown {
  const memo = new Map<object, unknown>();
  const path: string[] = [];

  /** Encodes `source`'s own fields into `out` (already remembered, so cycles through it resolve). */
  const fields = <T extends Record<string, unknown>>(source: object, out: T, transient?: ReadonlySet<string>): T => {
    for (const key of Object.keys(source)) {
      if (transient?.has(key)) {
        (out as Record<string, unknown>)[key] = null;
        continue;
      }
      path.push(key);
      (out as Record<string, unknown>)[key] = encode((source as Record<string, unknown>)[key]);
      path.pop();
    }
    return out;
  };

  const encode = (value: unknown): unknown => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    const known = memo.get(value);
    if (known !== undefined) return known;
    const key = constantKey(value);
    if (key !== undefined) return remember(value, { $: 'k', k: key });
    if (encodeExternal) {
      const data = encodeExternal(value);
      if (data !== undefined) return remember(value, { $: 'e', d: data });
    }
    if (typeof value === 'function') return encodeFunction(value as (...args: never[]) => unknown);
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto === Array.prototype) {
      const out: unknown[] = [];
      memo.set(value, out);
      const array = value as unknown[];
      for (let i = 0; i < array.length; i++) {
        path.push(String(i));
        out.push(encode(array[i]));
        path.pop();
      }
      return out;
    }
    if (proto === Map.prototype) {
      const out = new Map<unknown, unknown>();
      memo.set(value, out);
      for (const [k, v] of value as Map<unknown, unknown>) {
        path.push(`<${String(k)}>`);
        out.set(encode(k), encode(v));
        path.pop();
      }
      return out;
    }
    if (proto === Set.prototype) {
      const out = new Set<unknown>();
      memo.set(value, out);
      for (const v of value as Set<unknown>) out.add(encode(v));
      return out;
    }
    if (proto !== null && TYPED_ARRAYS.has(proto.constructor)) {
      // A copy: the live simulation goes on writing its buffers after the capture.
      return remember(value, (value as Uint8Array).slice());
    }
    if (proto === Object.prototype || proto === null) {
      if (Object.hasOwn(value, '$')) {
        const tagged = { $: 'o', f: {} } satisfies Tagged;
        memo.set(value, tagged);
        fields(value, tagged.f);
        return tagged;
      }
      return fields(value, remember(value, {}) as Record<string, unknown>);
    }
    const entry = proto === null ? undefined : classEntryOf(proto);
    if (entry === undefined) throw new NotCapturable(`instance of unregistered class ${proto?.constructor?.name ?? '?'}`, path.join('.'));
    if (entry.codec) {
      const tagged: Tagged = { $: 'x', k: entry.key, d: undefined };
      memo.set(value, tagged);
      tagged.d = encode(entry.codec.encode(value));
      return tagged;
    }
    const tagged = { $: 'c', k: entry.key, f: {} } satisfies Tagged;
    memo.set(value, tagged);
    fields(value, tagged.f, entry.transient);
    return tagged;
  };

  const encodeFunction = (fn: (...args: never[]) => unknown): unknown => {
    const call = boundCall(fn);
    if (call !== undefined) {
      // Remembered before its target and arguments are encoded: they may hold the callback itself.
      const tagged: { $: 'b'; call: BoundCall | null } = { $: 'b', call: null };
      memo.set(fn, tagged);
      path.push(call.kind === 'method' ? `(${call.method})` : `(${call.key})`);
      tagged.call =
        call.kind === 'method'
          ? { kind: 'method', method: call.method, target: encode(call.target) as object, args: encode(call.args) as unknown[] }
          : { kind: 'function', key: call.key, args: encode(call.args) as unknown[] };
      path.pop();
      return tagged;
    }
    const key = functionKey(fn);
    if (key !== undefined) return remember(fn, { $: 'fn', k: key });
    throw new NotCapturable(`function ${fn.toString().replace(/\s+/g, ' ').slice(0, 100)}`, path.join('.'));
  };

  const remember = (value: object, encoded: unknown): unknown => {
    memo.set(value, encoded);
    return encoded;
  };

  return encode(root);
}

export function revive(data: unknown, decodeExternal?: ExternalDecoder): unknown {
  const memo = new Map<object, unknown>();

  const assign = (target: Record<string, unknown>, source: Record<string, unknown>): void => {
    for (const key of Object.keys(source)) target[key] = decode(source[key]);
  };

  const decode = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = memo.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      memo.set(value, out);
      for (const item of value) out.push(decode(item));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map<unknown, unknown>();
      memo.set(value, out);
      for (const [k, v] of value) out.set(decode(k), decode(v));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set<unknown>();
      memo.set(value, out);
      for (const v of value) out.add(decode(v));
      return out;
    }
    if (ArrayBuffer.isView(value)) {
      memo.set(value, value);
      return value;
    }
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, '$')) {
      const out: Record<string, unknown> = {};
      memo.set(value, out);
      assign(out, record);
      return out;
    }
    const tagged = value as Tagged;
    switch (tagged.$) {
      case 'o': {
        const out: Record<string, unknown> = {};
        memo.set(value, out);
        assign(out, tagged.f);
        return out;
      }
      case 'c': {
        const entry = classEntry(tagged.k);
        if (entry === undefined) throw new Error(`revive: no class registered as ${tagged.k}`);
        const out = Object.create(entry.prototype) as Record<string, unknown>;
        memo.set(value, out);
        assign(out, tagged.f);
        return out;
      }
      case 'x': {
        const entry = classEntry(tagged.k);
        if (entry?.codec === undefined) throw new Error(`revive: no codec registered as ${tagged.k}`);
        const out = entry.codec.decode(decode(tagged.d));
        memo.set(value, out);
        return out;
      }
      case 'k': {
        const out = constant(tagged.k);
        if (out === undefined) throw new Error(`revive: no constant registered as ${tagged.k}`);
        memo.set(value, out);
        return out;
      }
      case 'fn': {
        const out = registeredFunction(tagged.k);
        if (out === undefined) throw new Error(`revive: no function registered as ${tagged.k}`);
        memo.set(value, out);
        return out;
      }
      case 'b': {
        const call = tagged.call;
        const out =
          call.kind === 'method'
            ? rebind({ kind: 'method', method: call.method, target: decode(call.target) as object, args: decode(call.args) as unknown[] })
            : rebind({ kind: 'function', key: call.key, args: decode(call.args) as unknown[] });
        memo.set(value, out);
        return out;
      }
      case 'e': {
        if (!decodeExternal) throw new Error('revive: the capture holds externals and none were given');
        const out = decodeExternal(tagged.d);
        memo.set(value, out);
        return out;
      }
      default:
        throw new Error(`revive: unknown tag ${String((tagged as { $: unknown }).$)}`);
    }
  };

  return decode(data);
}
