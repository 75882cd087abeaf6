// A producer's scripted workload: how many records, how fast, with which keys and value sizes.
// Values carry the producer id and the record number, so every record can be told apart.
import type { Random } from '../../kernel/types.ts';
import type { KeyChoice, Workload } from '../../scenario/schema.ts';

const utf8 = new TextEncoder();
const SLAB_BYTES = 64 * 1024;

export class WorkloadGenerator {
  private produced = 0;
  /** Records owed by the rate so far, carried between ticks so that any rate is met exactly. */
  private owed = 0;
  private readonly keyCache = new Map<string, Uint8Array>();
  private readonly filler: Uint8Array;
  private readonly label: Uint8Array;
  private slab: Uint8Array = new Uint8Array(0);
  private slabPosition = 0;

  constructor(
    private readonly producerId: string,
    readonly workload: Workload,
    private readonly random: Random,
  ) {
    this.filler = utf8.encode('.'.repeat(workload.valueSizeBytes ?? 100));
    this.label = utf8.encode(producerId);
  }

  get done(): boolean {
    return this.workload.count !== undefined && this.produced >= this.workload.count;
  }

  get count(): number {
    return this.produced;
  }

  /** Interval between ticks: one record per tick up to 1000/s, then batches of records every millisecond. */
  get tickMs(): number {
    return Math.max(1, 1000 / this.workload.ratePerSec);
  }

  /** How many records are due in a tick of `elapsedMs`. */
  due(elapsedMs: number): number {
    this.owed += (this.workload.ratePerSec * elapsedMs) / 1000;
    let n = Math.floor(this.owed + 1e-9);
    if (this.workload.count !== undefined) n = Math.min(n, this.workload.count - this.produced);
    this.owed -= n;
    return Math.max(0, n);
  }

  /**
   * A value-sized view into a slab pre-filled with the filler. Allocating one small Uint8Array per
   * record costs about 6× more than a view, and this runs once per record on the hot path.
   */
  private allocateValue(): Uint8Array {
    const size = this.filler.length;
    if (this.slabPosition + size > this.slab.length) {
      const perSlab = Math.max(1, Math.floor(SLAB_BYTES / Math.max(1, size)));
      this.slab = new Uint8Array(perSlab * size);
      for (let i = 0; i < perSlab; i++) this.slab.set(this.filler, i * size);
      this.slabPosition = 0;
    }
    const value = this.slab.subarray(this.slabPosition, this.slabPosition + size);
    this.slabPosition += size;
    return value;
  }

  next(): { id: number; key: Uint8Array | null; keyText: string | null; value: Uint8Array } {
    const n = this.produced++;
    const keyText = chooseKey(this.workload.keys ?? { kind: 'none' }, n, this.random);
    let key: Uint8Array | null = null;
    if (keyText !== null) {
      key = this.keyCache.get(keyText) ?? utf8.encode(keyText);
      if (this.keyCache.size < 10_000) this.keyCache.set(keyText, key);
    }
    const value = this.allocateValue();
    writeLabel(value, this.label, n);
    return { id: n, key, keyText, value };
  }
}

/**
 * The record's identity at the start of its value, "<producer>#<n>" in ASCII, cut to the value
 * size. Written by hand: this runs once per record on the benchmark's hot path.
 */
function writeLabel(value: Uint8Array, label: Uint8Array, n: number): void {
  const limit = value.length;
  let position = 0;
  for (; position < label.length && position < limit; position++) value[position] = label[position]!;
  if (position < limit) value[position++] = 0x23; // '#'
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = digits - 1, rest = n; i >= 0; i--, rest = Math.floor(rest / 10)) {
    if (position + i < limit) value[position + i] = 0x30 + (rest % 10);
  }
}

function chooseKey(choice: KeyChoice, n: number, random: Random): string | null {
  switch (choice.kind) {
    case 'none':
      return null;
    case 'fixed':
      return choice.key;
    case 'sequence':
      return `${choice.prefix}${n % choice.cardinality}`;
    case 'random':
      return `${choice.prefix}${random.int(choice.cardinality)}`;
  }
}
