// The classes and shared constants a captured simulation may contain, under keys that survive
// minification (a build renames classes). A class missing here makes a capture fail, never a
// wrong one: the session then restores by replaying its inputs.

/** A class, as far as the registry needs it (private constructors included). */
type Constructor = { prototype: object };

export interface ClassCodec<T extends object = object> {
  /** Plain data standing for the instance; captured in turn like any other value. */
  encode(instance: T): unknown;
  /** Builds the instance again from the revived data. */
  decode(data: unknown): T;
}

export interface ClassEntry {
  key: string;
  prototype: object;
  /** Fields left out of the capture; they come back as null (the owner sets them again). */
  transient: ReadonlySet<string>;
  codec?: ClassCodec;
}

const byPrototype = new Map<object, ClassEntry>();
const byKey = new Map<string, ClassEntry>();
const constantKeys = new Map<object, string>();
const constantsByKey = new Map<string, object>();

export interface ClassOptions<T extends object> {
  transient?: readonly (keyof T & string)[] | readonly string[];
  codec?: ClassCodec<T>;
}

export function registerClass<T extends object>(key: string, type: { prototype: T }, options: ClassOptions<T> = {}): void {
  const existing = byKey.get(key);
  if (existing !== undefined) {
    if (existing.prototype === type.prototype) return;
    throw new Error(`class key ${key} registered twice`);
  }
  const entry: ClassEntry = { key, prototype: type.prototype as object, transient: new Set(options.transient ?? []), codec: options.codec as ClassCodec | undefined };
  byKey.set(key, entry);
  byPrototype.set(entry.prototype, entry);
}

/** Registers plain classes (no transient fields, no codec) under their given keys. */
export function registerClasses(classes: Record<string, Constructor>): void {
  for (const [key, type] of Object.entries(classes)) registerClass(key, type);
}

/** Objects shared by identity with module code (state machines, frozen defaults): captured by key. */
export function registerConstants(constants: Record<string, object>): void {
  for (const [key, value] of Object.entries(constants)) {
    const existing = constantsByKey.get(key);
    if (existing !== undefined && existing !== value) throw new Error(`constant key ${key} registered twice`);
    constantsByKey.set(key, value);
    constantKeys.set(value, key);
  }
}

export function classEntryOf(prototype: object): ClassEntry | undefined {
  return byPrototype.get(prototype);
}

export function classEntry(key: string): ClassEntry | undefined {
  return byKey.get(key);
}

export function constantKey(value: object): string | undefined {
  return constantKeys.get(value);
}

export function constant(key: string): object | undefined {
  return constantsByKey.get(key);
}

export type { Constructor };
