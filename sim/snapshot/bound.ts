// Callbacks the engine keeps in its state (a request's response handler, a client's observer) are
// made with `bound` or `boundFn` instead of an arrow function: the function carries what it calls
// and with which leading arguments, so a captured simulation can write it down and build it again.
// An arrow function's captured variables cannot be read from outside, so it cannot be captured.

const BOUND = Symbol('kafka-lab.bound');
const FUNCTION_KEY = Symbol('kafka-lab.function-key');

/** What a bound callback calls: `target[method](...args, ...rest)` or `fn(...args, ...rest)`. */
export type BoundCall =
  | { kind: 'method'; target: object; method: string; args: readonly unknown[] }
  | { kind: 'function'; key: string; args: readonly unknown[] };

type AnyFunction = (...args: never[]) => unknown;

const functionsByKey = new Map<string, AnyFunction>();

/**
 * Registers module functions that bound callbacks may call, under keys that survive minification
 * (a build renames functions). Each key once; the same function may not take two keys.
 */
export function registerFunctions(prefix: string, functions: Record<string, AnyFunction>): void {
  for (const [name, fn] of Object.entries(functions)) {
    const key = `${prefix}.${name}`;
    const existing = functionsByKey.get(key);
    if (existing !== undefined && existing !== fn) throw new Error(`function key ${key} registered twice`);
    functionsByKey.set(key, fn);
    (fn as unknown as Record<symbol, string>)[FUNCTION_KEY] = key;
  }
}

/**
 * `(...rest) => target[method](...args, ...rest)`, capturable. The method is looked up when the
 * callback runs, as a method call would; it must exist when the callback is made.
 */
export function bound<F extends AnyFunction>(target: object, method: string, ...args: unknown[]): F {
  if (typeof (target as Record<string, unknown>)[method] !== 'function') {
    throw new Error(`bound: ${target.constructor?.name ?? 'object'} has no method ${method}`);
  }
  const callback = (...rest: unknown[]): unknown => (target as Record<string, (...a: unknown[]) => unknown>)[method]!(...args, ...rest);
  (callback as unknown as Record<symbol, BoundCall>)[BOUND] = { kind: 'method', target, method, args };
  return callback as unknown as F;
}

/** `(...rest) => fn(...args, ...rest)` for a function registered with registerFunctions, capturable. */
export function boundFn<F extends AnyFunction>(fn: AnyFunction, ...args: unknown[]): F {
  const key = (fn as unknown as Record<symbol, string | undefined>)[FUNCTION_KEY];
  if (key === undefined) throw new Error(`boundFn: function ${fn.name || '(anonymous)'} is not registered`);
  const callback = (...rest: unknown[]): unknown => (fn as (...a: unknown[]) => unknown)(...args, ...rest);
  (callback as unknown as Record<symbol, BoundCall>)[BOUND] = { kind: 'function', key, args };
  return callback as unknown as F;
}

/** How a callback was made, or undefined for a function that cannot be captured. */
export function boundCall(fn: AnyFunction): BoundCall | undefined {
  return (fn as unknown as Record<symbol, BoundCall | undefined>)[BOUND];
}

/** The registry key of a module function, if registered. */
export function functionKey(fn: AnyFunction): string | undefined {
  return (fn as unknown as Record<symbol, string | undefined>)[FUNCTION_KEY];
}

/** Builds a callback again from what boundCall returned (with its target and arguments revived). */
export function rebind(call: BoundCall): AnyFunction {
  if (call.kind === 'method') return bound(call.target, call.method, ...call.args);
  const fn = functionsByKey.get(call.key);
  if (fn === undefined) throw new Error(`no function registered as ${call.key}`);
  return boundFn(fn, ...call.args);
}

export function registeredFunction(key: string): AnyFunction | undefined {
  return functionsByKey.get(key);
}
