// CRC-32C (Castagnoli), the checksum of record batch v2 (AK `Crc32C`): reflected polynomial
// 0x82F63B78, initial value and final xor 0xFFFFFFFF. The producer computes one per batch and every
// replica checks it on append, so it is on the hot path: sixteen bytes are folded per step from
// sixteen tables ("slicing-by-16"), read as four 32-bit words where the host is little-endian.

const POLY = 0x82f63b78;

function buildTables(): Int32Array {
  const t = new Int32Array(16 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c;
  }
  // Table k advances a byte through k further zero bytes, so sixteen bytes fold in one step.
  for (let k = 1; k < 16; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i]!;
      t[k * 256 + i] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
}

const T = buildTables();
// Word reads give the right bytes only on a little-endian host; the result never depends on it.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Continues a CRC-32C over bytes[start, end); pass the previous result to checksum a range in pieces. */
export function crc32cUpdate(crc: number, bytes: Uint8Array, start: number, end: number): number {
  if (!LITTLE_ENDIAN) return crc32cUpdatePortable(crc, bytes, start, end);
  checkRange(bytes, start, end);
  const t = T;
  let c = ~crc;
  let i = start;
  while (i < end && ((bytes.byteOffset + i) & 3) !== 0) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  const blocks = (end - i) >>> 4;
  if (blocks > 0) {
    const w = new Int32Array(bytes.buffer, bytes.byteOffset + i, blocks * 4);
    for (let k = 0; k < w.length; k += 4) c = fold16(t, c ^ w[k]!, w[k + 1]!, w[k + 2]!, w[k + 3]!);
    i += blocks * 16;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The same checksum assembling words from single bytes, for big-endian hosts (and to test it here). */
export function crc32cUpdatePortable(crc: number, bytes: Uint8Array, start: number, end: number): number {
  checkRange(bytes, start, end);
  const t = T;
  let c = ~crc;
  let i = start;
  const end16 = i + ((end - i) & ~15);
  for (; i < end16; i += 16) c = fold16(t, c ^ word(bytes, i), word(bytes, i + 4), word(bytes, i + 8), word(bytes, i + 12));
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function checkRange(bytes: Uint8Array, start: number, end: number): void {
  if (start < 0 || end > bytes.length || start > end) {
    throw new RangeError(`crc32c range [${start}, ${end}) is outside a buffer of ${bytes.length} bytes`);
  }
}

function word(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

function fold16(t: Int32Array, a: number, b: number, d: number, e: number): number {
  return (
    t[3840 + (a & 0xff)]! ^
    t[3584 + ((a >>> 8) & 0xff)]! ^
    t[3328 + ((a >>> 16) & 0xff)]! ^
    t[3072 + (a >>> 24)]! ^
    t[2816 + (b & 0xff)]! ^
    t[2560 + ((b >>> 8) & 0xff)]! ^
    t[2304 + ((b >>> 16) & 0xff)]! ^
    t[2048 + (b >>> 24)]! ^
    t[1792 + (d & 0xff)]! ^
    t[1536 + ((d >>> 8) & 0xff)]! ^
    t[1280 + ((d >>> 16) & 0xff)]! ^
    t[1024 + (d >>> 24)]! ^
    t[768 + (e & 0xff)]! ^
    t[512 + ((e >>> 8) & 0xff)]! ^
    t[256 + ((e >>> 16) & 0xff)]! ^
    t[e >>> 24]!
  );
}

/** CRC-32C of bytes[start, end) as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start: number = 0, end: number = bytes.length): number {
  return crc32cUpdate(0, bytes, start, end);
}
