// 64-bit FNV-1a over UTF-8 bytes. JS has no fast 64-bit integers, so the state is two 32-bit
// halves and every step is exact 32-bit arithmetic: the same bytes give the same digest in every
// engine. Used for the trace hash and to derive random streams from names.

const OFFSET_HIGH = 0xcbf29ce4;
const OFFSET_LOW = 0x84222325;
// The FNV 64-bit prime is 2^40 + 0x1b3: multiplying by it is (x * 0x1b3) + (x << 40).
const PRIME_LOW = 0x1b3;
const TWO_POW_32 = 4294967296;

export class Fnv1a64 {
  private high = OFFSET_HIGH;
  private low = OFFSET_LOW;

  /** Upper 32 bits of the digest so far. */
  get high32(): number {
    return this.high;
  }

  /** Lower 32 bits of the digest so far. */
  get low32(): number {
    return this.low;
  }

  /** Puts the digest back to a state read earlier from high32/low32 (to undo a partial update). */
  restore(high32: number, low32: number): void {
    this.high = high32 >>> 0;
    this.low = low32 >>> 0;
  }

  byte(value: number): void {
    const low = (this.low ^ (value & 0xff)) >>> 0;
    // low * 0x1b3 < 2^41, so the product is exact in a double and its carry is recoverable.
    const product = low * PRIME_LOW;
    this.low = product >>> 0;
    this.high = (Math.imul(this.high, PRIME_LOW) + Math.floor(product / TWO_POW_32) + (low << 8)) >>> 0;
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
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        this.byte(unit);
      } else if (unit < 0x800) {
        this.byte(0xc0 | (unit >> 6));
        this.byte(0x80 | (unit & 0x3f));
      } else if (unit >= 0xd800 && unit <= 0xdfff) {
        const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
        if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
          this.byte(0xf0 | (codePoint >> 18));
          this.byte(0x80 | ((codePoint >> 12) & 0x3f));
          this.byte(0x80 | ((codePoint >> 6) & 0x3f));
          this.byte(0x80 | (codePoint & 0x3f));
          i++;
        } else {
          this.byte(0xef);
          this.byte(0xbf);
          this.byte(0xbd);
        }
      } else {
        this.byte(0xe0 | (unit >> 12));
        this.byte(0x80 | ((unit >> 6) & 0x3f));
        this.byte(0x80 | (unit & 0x3f));
      }
    }
  }

  /** The digest as 16 lowercase hex digits. */
  hex(): string {
    return this.high.toString(16).padStart(8, '0') + this.low.toString(16).padStart(8, '0');
  }
}

/** FNV-1a 64 of a string's UTF-8 bytes, as 16 hex digits. */
export function fnv1a64Hex(text: string): string {
  const hash = new Fnv1a64();
  hash.string(text);
  return hash.hex();
}
