// 64-bit FNV-1a over UTF-8 bytes. JS has no fast 64-bit integers, so the state is four 16-bit
// limbs and each step is exact small-integer arithmetic: the same bytes give the same digest in
// every engine, and no step needs a float division. Used for the trace hash (on the hot path:
// every trace event goes through it) and to derive random streams from names.

// The FNV 64-bit prime is 2^40 + 0x1b3: in 16-bit limbs, 0x1b3 in limb 0 and 0x100 in limb 2.
const PRIME_LIMB_0 = 0x1b3;
const PRIME_LIMB_2_SHIFT = 8;

export class Fnv1a64 {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  /** Upper 32 bits of the digest so far. */
  get high32(): number {
    return ((this.h3 << 16) | this.h2) >>> 0;
  }

  /** Lower 32 bits of the digest so far. */
  get low32(): number {
    return ((this.h1 << 16) | this.h0) >>> 0;
  }

  /** Puts the digest back to a state read earlier from high32/low32 (to undo a partial update). */
  restore(high32: number, low32: number): void {
    this.h3 = high32 >>> 16;
    this.h2 = high32 & 0xffff;
    this.h1 = low32 >>> 16;
    this.h0 = low32 & 0xffff;
  }

  byte(value: number): void {
    const h0 = this.h0 ^ (value & 0xff);
    const t0 = h0 * PRIME_LIMB_0;
    const t1 = this.h1 * PRIME_LIMB_0 + (t0 >>> 16);
    const t2 = this.h2 * PRIME_LIMB_0 + (h0 << PRIME_LIMB_2_SHIFT) + (t1 >>> 16);
    const t3 = this.h3 * PRIME_LIMB_0 + (this.h1 << PRIME_LIMB_2_SHIFT) + (t2 >>> 16);
    this.h0 = t0 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h3 = t3 & 0xffff;
  }

  /** Four bytes, little-endian. */
  u32(value: number): void {
    this.byte(value);
    this.byte(value >>> 8);
    this.byte(value >>> 16);
    this.byte(value >>> 24);
  }

  /** The string's UTF-8 encoding; a lone surrogate becomes U+FFFD, as TextEncoder does. */
  string(text: string): void {
    const length = text.length;
    let i = 0;
    // ASCII runs (nearly all trace text) are hashed with the state in locals.
    while (i < length) {
      let h0 = this.h0;
      let h1 = this.h1;
      let h2 = this.h2;
      let h3 = this.h3;
      let unit = 0;
      for (; i < length; i++) {
        unit = text.charCodeAt(i);
        if (unit >= 0x80) break;
        h0 ^= unit;
        const t0 = h0 * PRIME_LIMB_0;
        const t1 = h1 * PRIME_LIMB_0 + (t0 >>> 16);
        const t2 = h2 * PRIME_LIMB_0 + (h0 << PRIME_LIMB_2_SHIFT) + (t1 >>> 16);
        const t3 = h3 * PRIME_LIMB_0 + (h1 << PRIME_LIMB_2_SHIFT) + (t2 >>> 16);
        h0 = t0 & 0xffff;
        h1 = t1 & 0xffff;
        h2 = t2 & 0xffff;
        h3 = t3 & 0xffff;
      }
      this.h0 = h0;
      this.h1 = h1;
      this.h2 = h2;
      this.h3 = h3;
      if (i < length) i = this.nonAscii(text, i, unit);
    }
  }

  /** Hashes the code point starting at `i` (unit >= 0x80); returns the index after it. */
  private nonAscii(text: string, i: number, unit: number): number {
    if (unit < 0x800) {
      this.byte(0xc0 | (unit >> 6));
      this.byte(0x80 | (unit & 0x3f));
      return i + 1;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        this.byte(0xf0 | (codePoint >> 18));
        this.byte(0x80 | ((codePoint >> 12) & 0x3f));
        this.byte(0x80 | ((codePoint >> 6) & 0x3f));
        this.byte(0x80 | (codePoint & 0x3f));
        return i + 2;
      }
      this.byte(0xef);
      this.byte(0xbf);
      this.byte(0xbd);
      return i + 1;
    }
    this.byte(0xe0 | (unit >> 12));
    this.byte(0x80 | ((unit >> 6) & 0x3f));
    this.byte(0x80 | (unit & 0x3f));
    return i + 1;
  }

  /** The digest as 16 lowercase hex digits. */
  hex(): string {
    return this.high32.toString(16).padStart(8, '0') + this.low32.toString(16).padStart(8, '0');
  }
}

/** FNV-1a 64 of a string's UTF-8 bytes, as 16 hex digits. */
export function fnv1a64Hex(text: string): string {
  const hash = new Fnv1a64();
  hash.string(text);
  return hash.hex();
}
