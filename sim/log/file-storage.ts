// A broker's log directory in real files, behind an injected file port (OPFS sync access handles
// in the browser's worker, node:fs in the bench, a fake in tests). This file does no I/O itself: the
// port does, and the storage decides what lives where.
//
// Write-behind: appended bytes land in a memory tail (a MemoryStorage holding bytes [persisted,
// size) of each file) and go to the file once its handle is open, synchronously when the tail
// passes a threshold. OPFS opens handles only asynchronously, so the bytes of a new file wait in
// memory until flush() (called by the worker between frames) has opened its handle. Reads of bytes
// already in the file go through a bounded LRU cache of immutable blocks: a write or truncation
// drops the blocks it touches and never changes a buffer a reader holds (the LogStorage contract).
//
// When the port fails (quota exceeded, storage unavailable), the group switches to memory: files
// whose writes failed are read back entirely into memory, nothing more is written, and what was
// already in files stays readable there. The engine never sees the failure.

import { LogError } from './errors.ts';
import { INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX } from './file-names.ts';
import { MemoryStorage, checkReadRange, checkTruncateSize, checkWriteRange, type LogStorage } from './storage.ts';

/** An open file (an OPFS FileSystemSyncAccessHandle, or an fs descriptor). */
export interface FileHandle {
  /** Reads into `into` from byte `at`; returns the number of bytes read. */
  read(into: Uint8Array, at: number): number;
  /** Writes all of `data` at byte `at` (throws, e.g. QuotaExceededError, if it cannot). */
  write(data: Uint8Array, at: number): void;
  truncate(size: number): void;
  size(): number;
  /** Makes what was written durable (OPFS: FileSystemSyncAccessHandle.flush); optional. */
  sync?(): void;
  close(): void;
}

/** Where files live. Paths are '<root>/<dir>/<file>' relative to the port's own root. */
export interface FilePort {
  /** Opens the file, creating it if missing; null when the platform can only open asynchronously. */
  openSync(path: string): FileHandle | null;
  open(path: string): Promise<FileHandle>;
  /** Removes a closed file; the port orders it before any later open of the same path. */
  remove(path: string): void;
}

export interface FileStorageOptions {
  /** Bytes of file blocks kept for reads, shared by every storage of the group. */
  cacheBytes?: number;
  /** Bytes of memory tail per file after which an open file is written at once. */
  syncWriteBytes?: number;
  /** Handles open at once across the group; files beyond it stay in memory until one closes. */
  maxOpenHandles?: number;
  /** Files kept in memory only (default: the small .index and .timeindex files). */
  keepInMemory?: (path: string) => boolean;
  /** Size of a cached block (tests make it small to cross block edges with small files). */
  blockBytes?: number;
}

export type StorageMode = 'files' | 'memory';

export interface StorageHealth {
  mode: StorageMode;
  /** Why the group fell back to memory (the port's error), null while files work. */
  reason: string | null;
  /** Bytes held in files. */
  fileBytes: number;
  /** Bytes held in memory (tails, memory-only files, cache). */
  memoryBytes: number;
  openHandles: number;
}

const BLOCK_BYTES = 64 * 1024;
const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;
const DEFAULT_SYNC_WRITE_BYTES = 64 * 1024;
const DEFAULT_MAX_OPEN_HANDLES = 4096;
const EMPTY = new Uint8Array(0);

const isIndexFile = (path: string): boolean => path.endsWith(INDEX_FILE_SUFFIX) || path.endsWith(TIME_INDEX_FILE_SUFFIX);

interface StoredFile {
  /** The port's path. */
  readonly portPath: string;
  size: number;
  /** Bytes [0, persisted) are in the file; the rest is in the memory tail. */
  persisted: number;
  handle: FileHandle | null;
  /** Never written to a file (index files, or after a failure). */
  memoryOnly: boolean;
  /** Cached block numbers, to drop them when the file changes. */
  readonly blocks: Set<number>;
  /** Bumped by delete/recreate so that an open finishing late is discarded. */
  version: number;
  /** Written since the last sync. */
  unsynced?: boolean;
}

/** What the storages of one generation share: the port, the read cache, the handle budget and the health. */
/**
 * The log directories of broker machines: broker N's is `broker-N`, as a machine's log.dirs; a
 * broker added again with a used id is a new machine, `broker-N.2`, ….
 */
export class BrokerDirectoryNames {
  readonly #used = new Map<number, number>();

  /** The directory of the next machine with id `brokerId`. */
  next(brokerId: number): string {
    const n = (this.#used.get(brokerId) ?? 0) + 1;
    this.#used.set(brokerId, n);
    return n === 1 ? `broker-${brokerId}` : `broker-${brokerId}.${n}`;
  }

  /** Takes a name handed out earlier (a revived simulation's directory) so that next() goes past it; returns its broker id. */
  take(name: string): number {
    const match = /^broker-(\d+)(?:\.(\d+))?$/.exec(name);
    if (match === null) throw new Error(`not a broker directory: ${name}`);
    const brokerId = Number(match[1]);
    this.#used.set(brokerId, Math.max(this.#used.get(brokerId) ?? 0, match[2] === undefined ? 1 : Number(match[2])));
    return brokerId;
  }
}

export class FileStorageGroup {
  readonly cacheBytes: number;
  readonly syncWriteBytes: number;
  readonly maxOpenHandles: number;
  readonly keepInMemory: (path: string) => boolean;
  readonly blockBytes: number;
  readonly storages: FileStorage[] = [];
  /** The current directory of each broker machine handed out by brokerStorage(). */
  readonly byBroker = new Map<number, FileStorage>();
  openHandles = 0;
  failure: string | null = null;
  /** The file writeSomeSmallTails wrote last (its port path): the next turn starts after it. */
  private lastSmallTail = '';
  /** Set by close(): a flush still opening handles stops and closes what it opened. */
  closed = false;
  /** Block cache, least recently used first (Map keeps insertion order). */
  readonly cache = new Map<string, { file: StoredFile; block: number; bytes: Uint8Array }>();
  cachedBytes = 0;

  constructor(
    readonly port: FilePort,
    options: FileStorageOptions = {},
  ) {
    this.cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    this.syncWriteBytes = options.syncWriteBytes ?? DEFAULT_SYNC_WRITE_BYTES;
    this.maxOpenHandles = options.maxOpenHandles ?? DEFAULT_MAX_OPEN_HANDLES;
    this.keepInMemory = options.keepInMemory ?? isIndexFile;
    this.blockBytes = options.blockBytes ?? BLOCK_BYTES;
  }

  /** A broker's log directory under `root` (e.g. 'broker-0'). */
  storage(root: string): FileStorage {
    const storage = new FileStorage(this, root);
    this.storages.push(storage);
    return storage;
  }

  /**
   * SimulationOptions.brokerStorage over this group: broker N's directory is `broker-N`, as a
   * machine's log.dirs; a broker added again with a used id is a new machine, `broker-N.2`, ….
   */
  brokerStorage(): (brokerId: number) => FileStorage {
    const names = new BrokerDirectoryNames();
    return (brokerId) => {
      const storage = this.storage(names.next(brokerId));
      this.byBroker.set(brokerId, storage);
      return storage;
    };
  }

  /**
   * Between frames: opens the handles of files that have none yet, then writes the memory tails —
   * every one (`tails: 'all'`, the default), only those past syncWriteBytes (`'large'`), or those
   * and `smallWrites` of the others, taken in turn across calls. An OPFS write costs about a
   * millisecond whatever its size (Chromium, Nov 2026: 0.7 ms for 100 bytes, 0.9 ms for 64 KiB, more
   * on a busy machine), so few large writes are cheaper than many small ones; unwritten bytes stay
   * readable in memory meanwhile.
   */
  async flush(options: { sync?: boolean; tails?: 'all' | 'large' | { smallWrites: number } } = {}): Promise<void> {
    const tails = options.tails ?? 'all';
    const minBytes = tails === 'all' ? 1 : this.syncWriteBytes;
    for (const storage of this.storages) await storage.flush(minBytes);
    if (typeof tails === 'object') this.writeSomeSmallTails(tails.smallWrites);
    if (options.sync) for (const storage of this.storages) storage.sync();
  }

  /** Writes `count` of the small tails, in path order from where the previous call stopped. */
  private writeSomeSmallTails(count: number): void {
    const pending = this.storages.flatMap((storage) => storage.pendingTails()).sort((a, b) => (a.portPath < b.portPath ? -1 : 1));
    if (pending.length === 0) return;
    const after = pending.findIndex((tail) => tail.portPath > this.lastSmallTail);
    const start = after < 0 ? 0 : after;
    for (let i = 0; i < Math.min(count, pending.length); i++) {
      const tail = pending[(start + i) % pending.length]!;
      tail.write();
      this.lastSmallTail = tail.portPath;
    }
  }

  /** Whether some bytes wait in memory for a file that can take them (a later flush writes them). */
  hasPendingTails(): boolean {
    if (this.failure !== null || this.closed) return false;
    return this.storages.some((storage) => storage.hasPendingTail());
  }

  /** Closes every handle (the files stay); the storages must not be used afterwards. */
  close(): void {
    this.closed = true;
    for (const storage of this.storages) storage.closeAll();
    this.cache.clear();
    this.cachedBytes = 0;
  }

  health(): StorageHealth {
    let fileBytes = 0;
    let memoryBytes = this.cachedBytes;
    for (const storage of this.storages) {
      fileBytes += storage.fileBytes();
      memoryBytes += storage.tailBytes();
    }
    return { mode: this.failure === null ? 'files' : 'memory', reason: this.failure, fileBytes, memoryBytes, openHandles: this.openHandles };
  }

  memoryBytes(): number {
    return this.health().memoryBytes;
  }

  /** The port failed: from now on everything stays in memory. */
  fail(error: unknown): void {
    if (this.failure !== null) return;
    const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    this.failure = `${name}: ${message}`;
  }

  dropBlocks(file: StoredFile, fromBlock: number): void {
    for (const block of [...file.blocks]) {
      if (block < fromBlock) continue;
      const key = blockKey(file, block);
      const entry = this.cache.get(key);
      if (entry) {
        this.cache.delete(key);
        this.cachedBytes -= entry.bytes.length;
      }
      file.blocks.delete(block);
    }
  }

  getBlock(file: StoredFile, block: number): Uint8Array {
    const key = blockKey(file, block);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.bytes;
    }
    const start = block * this.blockBytes;
    const bytes = new Uint8Array(Math.min(this.blockBytes, file.persisted - start));
    readFully(file, bytes, start);
    this.cache.set(key, { file, block, bytes });
    file.blocks.add(block);
    this.cachedBytes += bytes.length;
    for (const [oldKey, entry] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(oldKey);
      entry.file.blocks.delete(entry.block);
      this.cachedBytes -= entry.bytes.length;
    }
    return bytes;
  }
}

/** Bytes wait in memory for a file whose handle is open: a flush can write them now. */
const writableTail = (file: StoredFile): boolean => file.handle !== null && file.size > file.persisted;

function blockKey(file: StoredFile, block: number): string {
  return `${file.portPath}#${file.version}#${block}`;
}

function readFully(file: StoredFile, into: Uint8Array, at: number): void {
  if (file.handle === null) throw new LogError('KAFKA_STORAGE_ERROR', `file ${file.portPath} has no open handle`);
  const read = file.handle.read(into, at);
  if (read !== into.length) throw new LogError('KAFKA_STORAGE_ERROR', `short read of ${file.portPath}: ${read} of ${into.length} bytes at ${at}`);
}

/** One broker's log directory: LogStorage over the group's port under `root`. */
export class FileStorage implements LogStorage {
  private readonly files = new Map<string, StoredFile>();
  /** Bytes [persisted, size) of every file, at positions shifted down by `persisted`. */
  private readonly tail = new MemoryStorage();
  /** Last version of each path, so that a recreated file never reuses the cache keys of the old one. */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly group: FileStorageGroup,
    readonly root: string,
  ) {}

  create(path: string): void {
    if (this.files.has(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} already exists`);
    const previous = this.versions.get(path) ?? 0;
    const file: StoredFile = { portPath: `${this.root}/${path}`, size: 0, persisted: 0, handle: null, memoryOnly: this.group.keepInMemory(path), blocks: new Set(), version: previous + 1 };
    this.versions.set(path, file.version);
    this.files.set(path, file);
    this.tail.create(path);
    if (!file.memoryOnly) this.tryOpenSync(file);
  }

  /**
   * Takes over a file already in the port (a previous run's, for recovery): its bytes stay in the
   * file, read through `handle`.
   */
  adopt(path: string, handle: FileHandle): void {
    if (this.files.has(path)) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} already exists`);
    const size = handle.size();
    this.files.set(path, { portPath: `${this.root}/${path}`, size, persisted: size, handle, memoryOnly: false, blocks: new Set(), version: 1 });
    this.versions.set(path, 1);
    this.group.openHandles++;
    this.tail.create(path);
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
    this.tail.append(path, data);
    file.size += data.length;
    if (file.handle !== null && file.size - file.persisted >= this.group.syncWriteBytes) this.writeTail(path, file);
    return position;
  }

  write(path: string, position: number, data: Uint8Array): void {
    const file = this.file(path);
    const end = position + data.length;
    checkWriteRange(path, file.size, position, data.length);
    if (position < file.persisted) {
      const inFile = data.subarray(0, Math.min(data.length, file.persisted - position));
      this.group.dropBlocks(file, Math.floor(position / this.group.blockBytes));
      try {
        file.handle!.write(inFile, position);
      } catch (error) {
        this.group.fail(error);
        this.demote(path, file);
        this.tail.write(path, position, data);
        return;
      }
    }
    if (end > file.persisted) {
      const from = Math.max(position, file.persisted);
      this.tail.write(path, from - file.persisted, data.subarray(from - position));
    }
  }

  read(path: string, position: number, length: number): Uint8Array {
    const file = this.file(path);
    const end = position + length;
    checkReadRange(path, file.size, position, length);
    if (length === 0) return EMPTY;
    if (position >= file.persisted) return this.tail.read(path, position - file.persisted, length);
    const out = end <= file.persisted ? this.readFile(file, position, length) : new Uint8Array(length);
    if (end > file.persisted) {
      out.set(this.readFile(file, position, file.persisted - position), 0);
      out.set(this.tail.read(path, 0, end - file.persisted), file.persisted - position);
    }
    return out;
  }

  truncate(path: string, size: number): void {
    const file = this.file(path);
    checkTruncateSize(path, size);
    if (size >= file.size) return;
    if (size >= file.persisted) {
      this.tail.truncate(path, size - file.persisted);
    } else {
      this.group.dropBlocks(file, Math.floor(size / this.group.blockBytes));
      this.tail.delete(path);
      this.tail.create(path);
      try {
        file.handle!.truncate(size);
        file.persisted = size;
      } catch (error) {
        this.group.fail(error);
        file.size = size;
        this.demote(path, file);
        return;
      }
    }
    file.size = size;
  }

  delete(path: string): void {
    const file = this.file(path);
    this.group.dropBlocks(file, 0);
    this.closeHandle(file);
    this.files.delete(path);
    this.tail.delete(path);
    // A file that never reached the port has nothing to remove; the port orders a removal before a later open.
    if (!file.memoryOnly || file.persisted > 0) this.safely(() => this.group.port.remove(file.portPath));
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

  /** Memory tails and memory-only files of this directory (the group's cache is counted by the group). */
  tailBytes(): number {
    return this.tail.totalSizeBytes();
  }

  hasPendingTail(): boolean {
    for (const file of this.files.values()) if (writableTail(file)) return true;
    return false;
  }

  /** Files whose memory tail can be written now (they have a handle). */
  pendingTails(): { portPath: string; write: () => void }[] {
    const out: { portPath: string; write: () => void }[] = [];
    for (const [path, file] of this.files) if (writableTail(file)) out.push({ portPath: file.portPath, write: () => this.writeTail(path, file) });
    return out;
  }

  fileBytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.persisted;
    return total;
  }

  /** Opens missing handles (asynchronously, as OPFS requires) and writes the memory tails of at least `minBytes`. */
  async flush(minBytes = 1): Promise<void> {
    for (const [path, file] of this.files) {
      if (this.group.failure !== null || this.group.closed) return;
      if (file.memoryOnly || file.size === file.persisted) continue;
      if (file.handle === null) {
        if (this.group.openHandles >= this.group.maxOpenHandles) continue;
        const version = file.version;
        this.group.openHandles++;
        let handle: FileHandle;
        try {
          handle = await this.group.port.open(file.portPath);
        } catch (error) {
          this.group.openHandles--;
          this.group.fail(error);
          return;
        }
        // Deleted (or deleted and created again) while the handle was opening: not this file any
        // more; or the whole group was closed (its simulation dropped).
        if (this.group.closed || this.files.get(path) !== file || file.version !== version) {
          this.safely(() => handle.close());
          this.group.openHandles--;
          continue;
        }
        file.handle = handle;
        if (file.persisted === 0) this.safely(() => handle.truncate(0));
      }
      if (file.size - file.persisted >= minBytes) this.writeTail(path, file);
    }
  }

  /** Makes the files written since the last call durable (a tab may close at any moment). */
  sync(): void {
    for (const file of this.files.values()) {
      if (!file.unsynced || file.handle === null) continue;
      file.unsynced = false;
      const handle = file.handle;
      this.safely(() => handle.sync?.());
    }
  }

  closeAll(): void {
    for (const file of this.files.values()) this.closeHandle(file);
  }

  private file(path: string): StoredFile {
    const file = this.files.get(path);
    if (file === undefined) throw new LogError('KAFKA_STORAGE_ERROR', `file ${path} does not exist`);
    return file;
  }

  private tryOpenSync(file: StoredFile): void {
    if (this.group.failure !== null || this.group.closed || this.group.openHandles >= this.group.maxOpenHandles) return;
    try {
      const handle = this.group.port.openSync(file.portPath);
      if (handle === null) return;
      handle.truncate(0);
      file.handle = handle;
      this.group.openHandles++;
    } catch (error) {
      this.group.fail(error);
    }
  }

  private readFile(file: StoredFile, position: number, length: number): Uint8Array {
    const first = Math.floor(position / this.group.blockBytes);
    const last = Math.floor((position + length - 1) / this.group.blockBytes);
    if (first === last) {
      const block = this.group.getBlock(file, first);
      const from = position - first * this.group.blockBytes;
      return block.subarray(from, from + length);
    }
    // Longer than a block: straight from the file, into a buffer nobody else holds.
    const out = new Uint8Array(length);
    readFully(file, out, position);
    return out;
  }

  /** Moves the memory tail of a file with an open handle into the file. */
  private writeTail(path: string, file: StoredFile): void {
    if (this.group.failure !== null || file.handle === null) return;
    const pending = file.size - file.persisted;
    if (pending === 0) return;
    const bytes = this.tail.read(path, 0, pending);
    try {
      file.handle.write(bytes, file.persisted);
    } catch (error) {
      this.group.fail(error);
      // A partial write may have landed: the file keeps only what is known good.
      this.safely(() => file.handle!.truncate(file.persisted));
      return;
    }
    // The last, partial block grew in the file: its cached copy is short now.
    this.group.dropBlocks(file, Math.floor(file.persisted / this.group.blockBytes));
    file.persisted = file.size;
    file.unsynced = true;
    this.tail.delete(path);
    this.tail.create(path);
  }

  /** After a failed write: the whole file goes to memory (from the file while it can still be read). */
  private demote(path: string, file: StoredFile): void {
    const inFile = new Uint8Array(Math.min(file.persisted, file.size));
    let readable = true;
    try {
      if (inFile.length > 0) readFully(file, inFile, 0);
    } catch {
      readable = false;
    }
    if (!readable) throw new LogError('KAFKA_STORAGE_ERROR', `file ${file.portPath} can neither be written nor read back`);
    const rest = file.size > file.persisted ? this.tail.read(path, 0, file.size - file.persisted) : EMPTY;
    this.tail.delete(path);
    this.tail.create(path);
    this.tail.append(path, inFile);
    this.tail.append(path, rest.slice());
    this.group.dropBlocks(file, 0);
    file.persisted = 0;
    file.memoryOnly = true;
    this.closeHandle(file);
  }

  private closeHandle(file: StoredFile): void {
    if (file.handle === null) return;
    const handle = file.handle;
    file.handle = null;
    this.group.openHandles--;
    this.safely(() => handle.close());
  }

  /** Port calls whose failure changes nothing the log reads (closing, removing, clearing a new file). */
  private safely(run: () => void): void {
    try {
      run();
    } catch {
      // The bytes the log relies on are tracked here, not in the port: a leftover file is harmless.
    }
  }
}
