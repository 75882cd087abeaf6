// The one serialisation of a trace event that the trace hash is computed over. It must not
// depend on how an object happened to be built, so keys are written in sorted order (UTF-16 code
// unit order, which every engine shares). Anything whose text is not fully determined by its
// value — undefined, functions, symbols, bigints, typed arrays, Maps, class instances — is refused
// with an error naming the field, so a nondeterministic value cannot slip into the hash.
import { KernelError } from './errors.ts';

/** Where serialised text goes: a string builder, or straight into a hash. */
export interface CanonicalSink {
  write(text: string): void;
}

// Events are shallow; anything deeper is almost surely a cycle.
const MAX_DEPTH = 64;

export function writeCanonical(value: unknown, sink: CanonicalSink): void {
  writeValue(value, sink, '', 0);
}

export function canonicalJson(value: unknown): string {
  let text = '';
  writeCanonical(value, {
    write(part) {
      text += part;
    },
  });
  return text;
}

function writeValue(value: unknown, sink: CanonicalSink, path: string, depth: number): void {
  switch (typeof value) {
    case 'string':
      sink.write(JSON.stringify(value));
      return;
    case 'number':
      // "As JS prints it": NaN and Infinity stay visible rather than turning into null.
      sink.write(String(value));
      return;
    case 'boolean':
      sink.write(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw refuse(path, `is ${describe(value)}`);
  }
  if (value === null) {
    sink.write('null');
    return;
  }
  if (depth >= MAX_DEPTH) throw refuse(path, `is nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  if (Array.isArray(value)) {
    sink.write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink.write(',');
      if (!(i in value)) throw refuse(`${path}[${i}]`, 'is a hole in a sparse array');
      writeValue(value[i], sink, `${path}[${i}]`, depth + 1);
    }
    sink.write(']');
    return;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw refuse(path, `is ${describe(value)}, not a plain object`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  sink.write('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) sink.write(',');
    sink.write(JSON.stringify(key));
    sink.write(':');
    writeValue(record[key], sink, path ? `${path}.${key}` : key, depth + 1);
  }
  sink.write('}');
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

function refuse(path: string, problem: string): KernelError {
  const field = path === '' ? 'the value' : `field "${path}"`;
  return new KernelError(
    'NOT_CANONICAL',
    `cannot serialise trace event: ${field} ${problem}; use strings, numbers, booleans, null, arrays and plain objects`,
  );
}
