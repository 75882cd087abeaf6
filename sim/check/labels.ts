// Record identities as the workload writes them: "<producer>#<n>" in ASCII at the start of the
// value (sim/clients/producer/workload.ts), cut to the value's size. A cut label is a trap: the
// value of record 123 cut to "p#12" reads as record 12. So a digit run that reaches the end of the
// value is trusted only when no record of that producer has more digits than the run.

export interface RecordIdentity {
  /** Index of the producer in the parser's list of known producers. */
  producer: number;
  id: number;
}

const HASH = 0x23;
const ZERO = 0x30;
const NINE = 0x39;
/** More digits than this cannot be an exact integer; such a label is not trusted. */
const MAX_DIGITS = 15;

const utf8 = new TextEncoder();

interface KnownProducer {
  index: number;
  name: Uint8Array;
  /** Largest record number this producer is known to have used, -1 when none. */
  maxRecordId: number;
}

/**
 * Reads identities of the producers it knows; a label of an unknown producer (a record produced
 * by hand whose value happens to contain '#') is not an identity.
 */
export class LabelParser {
  readonly names: readonly string[];
  /** Longest name first, so that producer "p#1" wins over producer "p" on the value "p#1#5". */
  private readonly byLength: KnownProducer[];

  constructor(producers: ReadonlyMap<string, number>) {
    const names = [...producers.keys()].sort(compareStrings);
    this.names = names;
    this.byLength = names
      .map((name, index) => ({ index, name: utf8.encode(name), maxRecordId: producers.get(name) ?? -1 }))
      .sort((a, b) => b.name.length - a.name.length || a.index - b.index);
  }

  indexOf(name: string): number {
    return binarySearchStrings(this.names, name);
  }

  /** The identity a value carries, or null when it has none that can be trusted. */
  parse(value: Uint8Array | null): RecordIdentity | null {
    if (value === null) return null;
    for (const known of this.byLength) {
      if (!startsWith(value, known.name) || value[known.name.length] !== HASH) continue;
      const id = readDigits(value, known.name.length + 1, known.maxRecordId);
      if (id !== null) return { producer: known.index, id };
    }
    return null;
  }
}

function startsWith(value: Uint8Array, prefix: Uint8Array): boolean {
  if (value.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (value[i] !== prefix[i]) return false;
  return true;
}

function readDigits(value: Uint8Array, start: number, maxRecordId: number): number | null {
  let end = start;
  let n = 0;
  while (end < value.length && end - start <= MAX_DIGITS) {
    const byte = value[end]!;
    if (byte < ZERO || byte > NINE) break;
    n = n * 10 + (byte - ZERO);
    end++;
  }
  const digits = end - start;
  if (digits === 0 || digits > MAX_DIGITS) return null;
  // writeLabel never writes a leading zero, except for record 0 itself.
  if (digits > 1 && value[start] === ZERO) return null;
  if (end === value.length && maxRecordId >= 10 ** digits) return null; // maybe cut
  return n;
}

/** Code-unit order: the same in every runtime and locale, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function binarySearchStrings(sorted: readonly string[], name: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareStrings(sorted[mid]!, name);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** "<producer>#<n>", the way reports name a record. */
export function formatRecord(producer: string, id: number): string {
  return `${producer}#${id}`;
}
