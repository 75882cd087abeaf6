// Seeded random streams: sfc32 (a small, fast, well-tested 128-bit-state generator) seeded
// through splitmix32. Only 32-bit integer operations (Math.imul, >>> 0) are used, so a seed
// gives the same sequence in Node and in every browser.
//
// Each stream has a 64-bit key. fork(name) derives the child's key by hashing (parent key,
// name) — it never draws from the parent — so adding a node, and so one more fork, cannot shift
// any other stream.
import type { Random } from './types.ts';
import { invalidArgument } from './errors.ts';
import { Fnv1a64 } from './hash.ts';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
// sfc32 starts from nearby states when keys are close; a few rounds spread them apart.
const WARM_UP_ROUNDS = 16;

/** splitmix32: a strong 32-bit mixer, used only to turn a key into a generator state. */
class SplitMix32 {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  }
}

class Sfc32Random implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(
    private readonly keyHigh: number,
    private readonly keyLow: number,
  ) {
    const fromLow = new SplitMix32(keyLow);
    const fromHigh = new SplitMix32(keyHigh);
    this.a = fromLow.next();
    this.b = fromHigh.next();
    this.c = fromLow.next() ^ fromHigh.next();
    this.d = 1;
    for (let i = 0; i < WARM_UP_ROUNDS; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  int(n: number): number {
    if (!(Number.isSafeInteger(n) && n > 0)) {
      throw invalidArgument(`random int bound must be a positive safe integer, got ${n}`);
    }
    // Rejection sampling: taking `% n` of the whole range would favour small values.
    if (n <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const r = this.nextU32();
        if (r < limit) return r % n;
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    for (;;) {
      const r = (this.nextU32() >>> 11) * TWO_POW_32 + this.nextU32();
      if (r < limit) return r % n;
    }
  }

  range(lo: number, hi: number): number {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
      throw invalidArgument(`random range needs finite lo <= hi, got [${lo}, ${hi})`);
    }
    const value = lo + this.next() * (hi - lo);
    // Rounding can land exactly on hi when lo is large; the interval is half-open.
    return value < hi ? value : lo;
  }

  fork(name: string): Random {
    const hash = new Fnv1a64();
    hash.u32(this.keyHigh);
    hash.u32(this.keyLow);
    hash.string(name);
    return new Sfc32Random(hash.high32, hash.low32);
  }
}

/** The master stream of a simulation. `seed` is any safe integer (negative ones included). */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw invalidArgument(`seed must be a safe integer, got ${seed}`);
  return new Sfc32Random(Math.floor(seed / TWO_POW_32) >>> 0, seed >>> 0);
}

export const randomClasses = { SplitMix32, Sfc32Random };
