// The one serialisation of a trace event that the trace hash is computed over: JSON with keys in
// sorted order (UTF-16 code unit order, which every engine shares) and numbers as JS prints them
// (so NaN and Infinity stay visible). It must not depend on how an object happened to be built.
// Anything whose text is not fully determined by its value — undefined, functions, symbols,
// bigints, typed arrays, Maps, class instances — is refused with an error naming the field, so a
// nondeterministic value cannot slip into the hash.
//
// Every trace event is serialised, so this is on the hot path: strings that need no escaping skip
// JSON.stringify, keys are sorted by insertion sort (events have few), and the field path for
// the error message is only built when something is refused.
import { KernelError } from './errors.ts';

/** Where serialised text goes: a string builder, or straight into a hash. */
export interface CanonicalSink {
  /** Text that is already serialised (punctuation, numbers, literals). */
  raw(text: string): void;
  /** A string value or key, to be written as a JSON string literal. */
  quoted(text: string): void;
}

// Events are shallow; anything deeper is almost surely a cycle.
const MAX_DEPTH = 64;

export function writeCanonical(value: unknown, sink: CanonicalSink): void {
  try {
    writeValue(value, sink, 0);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const field = error.path.length === 0 ? 'the value' : `field "${error.path.join('').replace(/^\./, '')}"`;
    throw new KernelError(
      'NOT_CANONICAL',
      `cannot serialise trace event: ${field} ${error.problem}; use strings, numbers, booleans, null, arrays and plain objects`,
    );
  }
}

export function canonicalJson(value: unknown): string {
  let text = '';
  writeCanonical(value, {
    raw(part) {
      text += part;
    },
    quoted(part) {
      text += needsEscape(part) ? JSON.stringify(part) : `"${part}"`;
    },
  });
  return text;
}

/** Whether JSON.stringify would escape anything in `text` (control characters, quote, backslash, surrogates). */
export function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff)) return true;
  }
  return false;
}

/** Thrown inside the walk; the path is filled in on the way out, so the happy path builds none. */
class Refusal {
  readonly path: string[] = [];
  constructor(readonly problem: string) {}
}

function writeValue(value: unknown, sink: CanonicalSink, depth: number): void {
  switch (typeof value) {
    case 'string':
      sink.quoted(value);
      return;
    case 'number':
      sink.raw(String(value));
      return;
    case 'boolean':
      sink.raw(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        sink.raw('null');
        return;
      }
      if (depth >= MAX_DEPTH) throw new Refusal(`is nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
      if (Array.isArray(value)) writeArray(value, sink, depth);
      else writeObject(value, sink, depth);
      return;
    default:
      throw new Refusal(`is ${describe(value)}`);
  }
}

function writeArray(array: unknown[], sink: CanonicalSink, depth: number): void {
  sink.raw('[');
  for (let i = 0; i < array.length; i++) {
    if (i > 0) sink.raw(',');
    try {
      if (!(i in array)) throw new Refusal('is a hole in a sparse array');
      writeValue(array[i], sink, depth + 1);
    } catch (error) {
      if (error instanceof Refusal) error.path.unshift(`[${i}]`);
      throw error;
    }
  }
  sink.raw(']');
}

function writeObject(value: object, sink: CanonicalSink, depth: number): void {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new Refusal(`is ${describe(value)}, not a plain object`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  sortKeys(keys);
  sink.raw('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) sink.raw(',');
    sink.quoted(key);
    sink.raw(':');
    try {
      writeValue(record[key], sink, depth + 1);
    } catch (error) {
      if (error instanceof Refusal) error.path.unshift(`.${key}`);
      throw error;
    }
  }
  sink.raw('}');
}

/** Insertion sort by code units — the order Array.prototype.sort gives strings, faster for a few keys. */
function sortKeys(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a bigint';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? `an instance of ${name}` : 'an exotic object';
}
