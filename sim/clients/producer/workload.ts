// A producer's scripted workload: how many records, how fast, with which keys and value sizes.
// Values carry the producer id and the record number, so every record can be told apart.
import type { Random } from '../../kernel/types.ts';
import type { KeyChoice, Workload } from '../../scenario/schema.ts';

const utf8 = new TextEncoder();

export class WorkloadGenerator {
  private produced = 0;
  /** Records owed by the rate so far, carried between ticks so that any rate is met exactly. */
  private owed = 0;
  private readonly keyCache = new Map<string, Uint8Array>();
  private readonly filler: Uint8Array;

  constructor(
    private readonly producerId: string,
    readonly workload: Workload,
    private readonly random: Random,
  ) {
    this.filler = utf8.encode('.'.repeat(workload.valueSizeBytes ?? 100));
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

  next(): { key: Uint8Array | null; keyText: string | null; value: Uint8Array } {
    const n = this.produced++;
    const keyText = chooseKey(this.workload.keys ?? { kind: 'none' }, n, this.random);
    let key: Uint8Array | null = null;
    if (keyText !== null) {
      key = this.keyCache.get(keyText) ?? utf8.encode(keyText);
      if (this.keyCache.size < 10_000) this.keyCache.set(keyText, key);
    }
    const value = new Uint8Array(this.filler.length);
    value.set(this.filler);
    // The record's identity at the start of its value: "<producer>#<n>", cut to the value size.
    const label = utf8.encode(`${this.producerId}#${n}`);
    value.set(label.subarray(0, value.length));
    return { key, keyText, value };
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
