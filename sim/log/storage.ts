// Where a broker's log directory lives. The interface is small and synchronous so that the same log
// code runs over memory (tests, Node, the default in the browser) and over OPFS sync access handles
// in a worker. Paths are '<dir>/<file>', one directory level, as Kafka's `<topic>-<partition>/`.

import { LogError } from './errors.ts';

export interface LogStorage {
  /** Creates an empty file. Error if it exists. */
  create(path: string): void;
  exists(path: string): boolean;
  size(path: string): number;
  /** Appends a copy of `data` and returns the position it was written at. */
  append(path: string, data: Uint8Array): number;
  /** Overwrites bytes inside the file (position + data.length <= size). */
  write(path: string, position: number, data: Uint8Array): void;
  /**
   * Returns bytes [position, position + length). The caller must not modify them, and later writes,
   * truncations and appends never change them. Bytes written by one append come back as a view.
   */
  read(path: string, position: number, length: number): Uint8Array;
  /** Shrinks the file to `size` bytes (no-op if it is not larger). */
  truncate(path: string, size: number): void;
  delete(path: string): void;
  /** Names of the files directly in `dir`, sorted. */
  list(dir: string): string[];
}

export function joinPath(dir: string, name: string): string {
  return `${dir}/${name}`;
}

/**
 * A file is a list of chunks. Chunks grow geometrically (so a small partition stays small) and an
 * append never straddles two of them, so a batch, written by one append, always lies in one chunk
 * and reading it is a subarray view. Compared with one buffer that doubles, every byte lands in
 * fresh memory once instead of two or three times, which is most of the cost of an append.
 */
interface Chunk {
  buf: Uint8Array;
  /** File position of buf[0]. */
  start: number;
  used: number;
  /**
   * Bytes of buf below this may be referenced by views handed out by read(). They are never
   * written again: an overwrite there copies the chunk first, and after a truncation below it the
   * chunk takes no more appends. So a fetch response still in flight in the simulated network keeps
   * the bytes it was given.
   */
  exposed: number;
  sealed: boolean;
}

interface MemoryFile {
  chunks: Chunk[];
  size: number;
}

const FIRST_CHUNK_BYTES = 4096;
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

// The contract's errors, the same in every storage (tests compare them between implementations).
export function checkWriteRange(path: string, fileSize: number, position: number, length: number): void {
  if (position < 0 || position + length > fileSize) {
    throw new LogError('KAFKA_STORAGE_ERROR', `write of ${length} bytes at ${position} is outside ${path} (${fileSize} bytes)`);
  }
}

export function checkReadRange(path: string, fileSize: number, position: number, length: number): void {
  if (position < 0 || length < 0 || position + length > fileSize) {
    throw new LogError('KAFKA_STORAGE_ERROR', `read of ${length} bytes at ${position} is outside ${path} (${fileSize} bytes)`);
  }
}

export function checkTruncateSize(path: string, size: number): void {
  if (size < 0) throw new LogError('KAFKA_STORAGE_ERROR', `cannot truncate ${path} to ${size} bytes`);
}

/** Files kept in memory as chunked byte arrays; reads are views into them, except across chunks. */
export class MemoryStorage implements LogStorage {
  private readonly files = new Map<string, MemoryFile>();

  create(path: string): void {
    if (this.files.has(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} already exists`);
    this.files.set(path, { chunks: [], size: 0 });
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  size(path: string): number {
    return this.file(path).size;
  }

  append(path: string, data: Uint8Array): number {
    const file = this.file(path);
    const position = file.size;
    if (data.length === 0) return position;
    let chunk = file.chunks[file.chunks.length - 1];
    if (chunk === undefined || chunk.sealed || chunk.used + data.length > chunk.buf.length) {
      const next = chunk === undefined ? FIRST_CHUNK_BYTES : Math.min(chunk.buf.length * 2, MAX_CHUNK_BYTES);
      chunk = { buf: new Uint8Array(Math.max(next, data.length)), start: position, used: 0, exposed: 0, sealed: false };
      file.chunks.push(chunk);
    }
    chunk.buf.set(data, chunk.used);
    chunk.used += data.length;
    file.size += data.length;
    return position;
  }

  write(path: string, position: number, data: Uint8Array): void {
    const file = this.file(path);
    const end = position + data.length;
    checkWriteRange(path, file.size, position, data.length);
    for (let i = this.chunkIndex(file, position); i < file.chunks.length && file.chunks[i]!.start < end; i++) {
      const chunk = file.chunks[i]!;
      const from = Math.max(position, chunk.start) - chunk.start;
      const to = Math.min(end, chunk.start + chunk.used) - chunk.start;
      if (from < chunk.exposed) {
        chunk.buf = chunk.buf.slice();
        chunk.exposed = 0;
      }
      chunk.buf.set(data.subarray(chunk.start + from - position, chunk.start + to - position), from);
    }
  }

  read(path: string, position: number, length: number): Uint8Array {
    const file = this.file(path);
    const end = position + length;
    checkReadRange(path, file.size, position, length);
    if (length === 0) return EMPTY;
    let i = this.chunkIndex(file, position);
    const chunk = file.chunks[i]!;
    const from = position - chunk.start;
    if (from + length <= chunk.used) {
      if (from + length > chunk.exposed) chunk.exposed = from + length;
      return chunk.buf.subarray(from, from + length);
    }
    // Across chunks: a copy, which nothing can change afterwards either.
    const out = new Uint8Array(length);
    let at = 0;
    for (; at < length; i++) {
      const c = file.chunks[i]!;
      const cFrom = Math.max(position, c.start) - c.start;
      const cTo = Math.min(end, c.start + c.used) - c.start;
      out.set(c.buf.subarray(cFrom, cTo), at);
      at += cTo - cFrom;
    }
    return out;
  }

  truncate(path: string, size: number): void {
    const file = this.file(path);
    checkTruncateSize(path, size);
    if (size >= file.size) return;
    while (file.chunks.length > 0 && file.chunks[file.chunks.length - 1]!.start >= size) file.chunks.pop();
    const last = file.chunks[file.chunks.length - 1];
    if (last !== undefined) {
      last.used = size - last.start;
      if (last.used < last.exposed) last.sealed = true;
    }
    file.size = size;
  }

  delete(path: string): void {
    if (!this.files.delete(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} does not exist`);
  }

  /** Every file's path, sorted (a captured simulation copies its log directories). */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  list(dir: string): string[] {
    const prefix = `${dir}/`;
    const names: string[] = [];
    for (const path of this.files.keys()) {
      if (path.startsWith(prefix) && !path.includes('/', prefix.length)) names.push(path.slice(prefix.length));
    }
    return names.sort();
  }

  /** Bytes held by all files (their sizes, not their capacities). */
  totalSizeBytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.size;
    return total;
  }

  private file(path: string): MemoryFile {
    const file = this.files.get(path);
    if (file === undefined) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} does not exist`);
    return file;
  }

  /** Index of the chunk holding `position` (which must be inside the file). */
  private chunkIndex(file: MemoryFile, position: number): number {
    const chunks = file.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (chunks[mid]!.start <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
