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
   * Returns bytes [position, position + length). The caller must not modify them. In MemoryStorage
   * they are a view that later writes, truncations and appends never change.
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

interface MemoryFile {
  buf: Uint8Array;
  size: number;
  /**
   * Bytes below this position may be referenced by views handed out by read(). Writing there
   * (after a truncation, or an overwrite) first moves the file to a fresh buffer, so a fetch
   * response still in flight in the simulated network keeps the bytes it was given.
   */
  exposed: number;
}

const INITIAL_CAPACITY = 256;

/** Files as growable byte arrays (capacity doubles), reads as subarray views: no copy on the fetch path. */
export class MemoryStorage implements LogStorage {
  private readonly files = new Map<string, MemoryFile>();

  create(path: string): void {
    if (this.files.has(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} already exists`);
    this.files.set(path, { buf: new Uint8Array(0), size: 0, exposed: 0 });
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
    const needed = position + data.length;
    if (position < file.exposed || needed > file.buf.length) {
      this.reallocate(file, Math.max(needed, file.buf.length * 2, INITIAL_CAPACITY));
    }
    file.buf.set(data, position);
    file.size = needed;
    return position;
  }

  write(path: string, position: number, data: Uint8Array): void {
    const file = this.file(path);
    if (position < 0 || position + data.length > file.size) {
      throw new LogError('KAFKA_STORAGE_ERROR', `write of ${data.length} bytes at ${position} is outside ${path} (${file.size} bytes)`);
    }
    if (position < file.exposed) this.reallocate(file, file.buf.length);
    file.buf.set(data, position);
  }

  read(path: string, position: number, length: number): Uint8Array {
    const file = this.file(path);
    const end = position + length;
    if (position < 0 || length < 0 || end > file.size) {
      throw new LogError('KAFKA_STORAGE_ERROR', `read of ${length} bytes at ${position} is outside ${path} (${file.size} bytes)`);
    }
    if (end > file.exposed) file.exposed = end;
    return file.buf.subarray(position, end);
  }

  truncate(path: string, size: number): void {
    const file = this.file(path);
    if (size < 0) throw new LogError('KAFKA_STORAGE_ERROR', `cannot truncate ${path} to ${size} bytes`);
    if (size < file.size) file.size = size;
  }

  delete(path: string): void {
    if (!this.files.delete(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} does not exist`);
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

  private reallocate(file: MemoryFile, capacity: number): void {
    const buf = new Uint8Array(capacity);
    buf.set(file.buf.subarray(0, file.size));
    file.buf = buf;
    file.exposed = 0;
  }
}
