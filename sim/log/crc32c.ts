// CRC-32C (Castagnoli), the checksum of record batch v2 (AK `Crc32C`): reflected polynomial
// 0x82F63B78, initial value and final xor 0xFFFFFFFF. Every append on a leader and on each follower
// checks one, so it is computed eight bytes per step from eight tables ("slicing-by-8").

const POLY = 0x82f63b78;

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c;
  }
  // Table k advances a byte through k further zero bytes, so eight bytes fold in one step.
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i]!;
      t[k * 256 + i] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
}

const T = buildTables();

/** Continues a CRC-32C over bytes[start, end); pass the previous result to checksum a range in pieces. */
export function crc32cUpdate(crc: number, bytes: Uint8Array, start: number, end: number): number {
  if (start < 0 || end > bytes.length || start > end) {
    throw new RangeError(`crc32c range [${start}, ${end}) is outside a buffer of ${bytes.length} bytes`);
  }
  const t = T;
  let c = ~crc;
  let i = start;
  const end8 = start + ((end - start) & ~7);
  while (i < end8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32C of bytes[start, end) as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start: number = 0, end: number = bytes.length): number {
  return crc32cUpdate(0, bytes, start, end);
}
