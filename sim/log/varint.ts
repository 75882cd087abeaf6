// Variable-length integers of Kafka's record format and flexible protocol versions, mirroring
// AK `ByteUtils` (writeVarint/readVarint, writeVarlong/readVarlong, writeUnsignedVarint/
// readUnsignedVarint): ZigZag then base-128 little-endian groups, as protobuf does.
//
// Varlongs are 64-bit in Kafka but JavaScript numbers are exact only up to 2^53 - 1, so this module
// works over safe integers and refuses, with a clear error, to read or write anything outside them,
// rather than silently rounding an offset or a timestamp.

import { LogError } from './errors.ts';

/** A read position that the readers advance, so that a decoder needs no allocation per field. */
export interface Cursor {
  pos: number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_27 = 134217728;

function truncated(what: string, pos: number): LogError {
  return new LogError('INVALID_RECORD', `${what} runs past the end of its buffer at byte ${pos}`);
}

function checkInt32(value: number, what: string): void {
  if ((value | 0) !== value) {
    throw new LogError('INVALID_RECORD', `${what} ${value} is not a 32-bit signed integer`);
  }
}

// ---------- signed varint (int32, zigzag) ----------

export function sizeOfVarint(value: number): number {
  checkInt32(value, 'varint');
  const u = ((value << 1) ^ (value >> 31)) >>> 0;
  if (u < 0x80) return 1;
  if (u < 0x4000) return 2;
  if (u < 0x200000) return 3;
  if (u < 0x10000000) return 4;
  return 5;
}

/** Writes `value` at `pos` and returns the position after it. The buffer must have room. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  checkInt32(value, 'varint');
  let u = ((value << 1) ^ (value >> 31)) >>> 0;
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

/** Reads a zigzag varint. Like ByteUtils.readVarint, a fifth byte with its high bit set is an error. */
export function readVarint(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  let pos = cursor.pos;
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) throw truncated('varint', pos);
    const b = buf[pos++]!;
    if ((b & 0x80) === 0) {
      value |= b << shift;
      break;
    }
    value |= (b & 0x7f) << shift;
    shift += 7;
    if (shift > 28) {
      throw new LogError('INVALID_RECORD', `varint is too long: the high bit of its fifth byte is set (byte ${pos - 1})`);
    }
  }
  cursor.pos = pos;
  return (value >>> 1) ^ -(value & 1);
}

// ---------- unsigned varint (uint32, no zigzag) ----------

/** Accepts int32 or uint32 values; negative int32 values are written as their uint32 bit pattern, as Java does. */
export function sizeOfUnsignedVarint(value: number): number {
  checkUnsigned(value);
  const u = value >>> 0;
  if (u < 0x80) return 1;
  if (u < 0x4000) return 2;
  if (u < 0x200000) return 3;
  if (u < 0x10000000) return 4;
  return 5;
}

function checkUnsigned(value: number): void {
  if (!Number.isInteger(value) || value < -2147483648 || value > 4294967295) {
    throw new LogError('INVALID_RECORD', `unsigned varint ${value} does not fit in 32 bits`);
  }
}

export function writeUnsignedVarint(buf: Uint8Array, pos: number, value: number): number {
  checkUnsigned(value);
  let u = value >>> 0;
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

/** Returns the value as a Java int would hold it (so FF FF FF FF 0F reads back as -1), like ByteUtils. */
export function readUnsignedVarint(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  let pos = cursor.pos;
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) throw truncated('unsigned varint', pos);
    const b = buf[pos++]!;
    if ((b & 0x80) === 0) {
      value |= b << shift;
      break;
    }
    value |= (b & 0x7f) << shift;
    shift += 7;
    if (shift > 28) {
      throw new LogError('INVALID_RECORD', `unsigned varint is too long: the high bit of its fifth byte is set (byte ${pos - 1})`);
    }
  }
  cursor.pos = pos;
  return value | 0;
}

// ---------- signed varlong (int64 restricted to safe integers, zigzag) ----------

function checkSafe(value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new LogError('INVALID_RECORD', `varlong ${value} is not a safe integer (|v| <= 2^53 - 1), which this simulator cannot represent`);
  }
}

export function sizeOfVarlong(value: number): number {
  if ((value | 0) === value) return sizeOfVarint(value);
  checkSafe(value);
  // The zigzag value may be inexact above 2^53, but only its magnitude matters here and the
  // group boundaries (powers of 2^7) are far from any rounding.
  let u = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 0x80);
    size++;
  }
  return size;
}

export function writeVarlong(buf: Uint8Array, pos: number, value: number): number {
  if ((value | 0) === value) return writeVarint(buf, pos, value);
  checkSafe(value);
  // zigzag(v) = 2m + s with m = v or -v-1 and s the sign bit; 2m + s may not be exact as a double,
  // so the first group (6 bits of m and the sign) is formed apart and m is divided from then on.
  const s = value < 0 ? 1 : 0;
  let m = s === 1 ? -value - 1 : value;
  const first = (m % 64) * 2 + s;
  m = Math.floor(m / 64);
  buf[pos++] = first | 0x80; // value is outside int32 here, so more groups always follow
  while (m >= 0x80) {
    buf[pos++] = (m % 0x80) | 0x80;
    m = Math.floor(m / 0x80);
  }
  buf[pos++] = m;
  return pos;
}

/** Reads a zigzag varlong of at most 10 bytes (ByteUtils.readVarlong); a value beyond ±(2^53 - 1) is an error. */
export function readVarlong(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  let pos = cursor.pos;
  if (pos >= end) throw truncated('varlong', pos);
  const first = buf[pos]!;
  if ((first & 0x80) === 0) {
    cursor.pos = pos + 1;
    return (first >>> 1) ^ -(first & 1);
  }
  // Bits 0..27 go into an int, the rest into a double that stays exact for every value we accept.
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) throw truncated('varlong', pos);
    const b = buf[pos++]!;
    const group = b & 0x7f;
    if (shift < 28) lo |= group << shift;
    else hi += group * 2 ** (shift - 28);
    if ((b & 0x80) === 0) break;
    shift += 7;
    if (shift > 63) {
      throw new LogError('INVALID_RECORD', `varlong is too long: the high bit of its tenth byte is set (byte ${pos - 1})`);
    }
  }
  cursor.pos = pos;
  if (hi >= TWO_POW_26) {
    throw new LogError('INVALID_RECORD', `varlong ending at byte ${pos} is outside the safe integer range (|v| <= 2^53 - 1)`);
  }
  const half = hi * TWO_POW_27 + (lo >>> 1);
  const value = (lo & 1) === 1 ? -half - 1 : half;
  if (!Number.isSafeInteger(value)) {
    throw new LogError('INVALID_RECORD', `varlong ending at byte ${pos} is outside the safe integer range (|v| <= 2^53 - 1)`);
  }
  return value;
}
