// Big-endian integer access on plain Uint8Arrays (Kafka's byte order), without creating a DataView
// per call: header fields are read on every append and every fetch. int64 fields travel as JS
// numbers, so reading one outside the safe integer range is an error instead of a silent rounding.

import { LogError } from './errors.ts';

const TWO_POW_32 = 4294967296;

export function readInt8(b: Uint8Array, p: number): number {
  return (b[p]! << 24) >> 24;
}

export function readInt16(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) >> 16) | b[p + 1]!;
}

export function readInt32(b: Uint8Array, p: number): number {
  return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
}

export function readUint32(b: Uint8Array, p: number): number {
  return readInt32(b, p) >>> 0;
}

export function readInt64(b: Uint8Array, p: number): number {
  const value = readInt32(b, p) * TWO_POW_32 + readUint32(b, p + 4);
  // Rounding never turns an unsafe value into a safe one, so this check is exact.
  if (!Number.isSafeInteger(value)) {
    throw new LogError('INVALID_RECORD', `int64 at byte ${p} is outside the safe integer range (|v| <= 2^53 - 1), which this simulator cannot represent`);
  }
  return value;
}

export function writeInt8(b: Uint8Array, p: number, v: number): void {
  b[p] = v & 0xff;
}

export function writeInt16(b: Uint8Array, p: number, v: number): void {
  b[p] = (v >>> 8) & 0xff;
  b[p + 1] = v & 0xff;
}

export function writeInt32(b: Uint8Array, p: number, v: number): void {
  b[p] = (v >>> 24) & 0xff;
  b[p + 1] = (v >>> 16) & 0xff;
  b[p + 2] = (v >>> 8) & 0xff;
  b[p + 3] = v & 0xff;
}

export function writeInt64(b: Uint8Array, p: number, v: number): void {
  if (!Number.isSafeInteger(v)) {
    throw new LogError('INVALID_RECORD', `int64 ${v} is not a safe integer (|v| <= 2^53 - 1)`);
  }
  const hi = Math.floor(v / TWO_POW_32);
  writeInt32(b, p, hi | 0);
  writeInt32(b, p + 4, (v - hi * TWO_POW_32) | 0);
}

// ---------- UTF-8 without intermediate arrays (header keys are encoded per record) ----------

/** UTF-8 length of `s` as TextEncoder would encode it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Writes `s` as UTF-8 at `p` and returns the position after it. */
export function writeUtf8(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[p++] = c;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >>> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      b[p++] = 0xf0 | (cp >>> 18);
      b[p++] = 0x80 | ((cp >>> 12) & 0x3f);
      b[p++] = 0x80 | ((cp >>> 6) & 0x3f);
      b[p++] = 0x80 | (cp & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      b[p++] = 0xe0 | (c >>> 12);
      b[p++] = 0x80 | ((c >>> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

const utf8Decoder = new TextDecoder('utf-8');

/** Decodes UTF-8, replacing invalid sequences as Java's `new String(bytes, UTF_8)` does. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
