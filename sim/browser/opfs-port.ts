// The Origin Private File System as a FilePort. Like sim/worker.ts, this is the browser edge that
// does real I/O: it runs only in the engine's dedicated worker, where createSyncAccessHandle
// exists, and is compiled with the worker (tsconfig.worker.json), not with the engine.
//
// Layout, as Kafka's log.dirs: kafka-lab/<generation>/broker-<id>/<topic>-<partition>/<20-digit
// base offset>.log. A generation is the directory of one simulation; a locked generation (Web
// Locks, held for the worker's life) belongs to a live simulation, in this tab or another.
import type { FileHandle, FilePort } from '../log/file-storage.ts';
import type { StoredFileEntry } from './recovery.ts';

export const OPFS_ROOT = 'kafka-lab';
const LOCK_PREFIX = 'kafka-lab-generation:';

/**
 * FileSystemSyncAccessHandle, declared here: the page's DOM typings (which also see this file
 * through sim/worker.ts's types) lack it, the worker's have it.
 */
interface SyncAccessHandle {
  read(into: Uint8Array, options: { at: number }): number;
  write(data: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

function openSyncAccess(file: FileSystemFileHandle): Promise<SyncAccessHandle> {
  return (file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
}

function wrap(handle: SyncAccessHandle): FileHandle {
  return {
    read: (into, at) => handle.read(into, { at }),
    write: (data, at) => {
      const written = handle.write(data, { at });
      if (written !== data.length) throw new DOMException(`wrote ${written} of ${data.length} bytes`, 'QuotaExceededError');
    },
    truncate: (size) => handle.truncate(size),
    size: () => handle.getSize(),
    sync: () => handle.flush(),
    close: () => handle.close(),
  };
}

export class OpfsPort implements FilePort {
  /** Directory handles by path, created on first use. */
  readonly #dirs = new Map<string, Promise<FileSystemDirectoryHandle>>();
  /** The last operation on each path: an open waits for a removal of the same path before it. */
  readonly #queue = new Map<string, Promise<unknown>>();

  /** The generation's directory; a promise while it is being created (a simulation starts at once). */
  constructor(readonly root: FileSystemDirectoryHandle | Promise<FileSystemDirectoryHandle>) {}

  openSync(): null {
    return null;
  }

  open(path: string): Promise<FileHandle> {
    const run = async (): Promise<FileHandle> => {
      const { dir, name } = await this.#parent(path);
      const file = await dir.getFileHandle(name, { create: true });
      return wrap(await openSyncAccess(file));
    };
    const opened = (this.#queue.get(path) ?? Promise.resolve()).then(run, run);
    this.#queue.set(path, opened.catch(() => undefined));
    return opened;
  }

  remove(path: string): void {
    const run = async () => {
      const { dir, name } = await this.#parent(path);
      await dir.removeEntry(name);
    };
    this.#queue.set(path, (this.#queue.get(path) ?? Promise.resolve()).then(run, run).catch(() => undefined));
  }

  async #parent(path: string): Promise<{ dir: FileSystemDirectoryHandle; name: string }> {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    if (slash < 0) return { dir: await this.root, name };
    const dirPath = path.slice(0, slash);
    let dir = this.#dirs.get(dirPath);
    if (dir === undefined) {
      dir = (async () => {
        let at = await this.root;
        for (const part of dirPath.split('/')) at = await at.getDirectoryHandle(part, { create: true });
        return at;
      })();
      this.#dirs.set(dirPath, dir);
      dir.catch(() => this.#dirs.delete(dirPath));
    }
    return { dir: await dir, name };
  }
}

/** kafka-lab/ in the origin's private file system, or why there is none (private window, old browser). */
export async function openOpfsRoot(): Promise<{ ok: true; root: FileSystemDirectoryHandle } | { ok: false; reason: string }> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return { ok: false, reason: 'navigator.storage.getDirectory is missing' };
    const origin = await navigator.storage.getDirectory();
    const root = await origin.getDirectoryHandle(OPFS_ROOT, { create: true });
    // Sync access handles exist only in dedicated workers of browsers that have them.
    const probe = await root.getFileHandle('.probe', { create: true });
    if (typeof (probe as { createSyncAccessHandle?: unknown }).createSyncAccessHandle !== 'function') return { ok: false, reason: 'createSyncAccessHandle is missing' };
    const handle = await openSyncAccess(probe);
    handle.close();
    return { ok: true, root };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Holds a generation's lock until `released` settles (the simulation is discarded or the worker ends). */
export function lockGenerationUntil(name: string, released: Promise<void>): Promise<void> {
  if (!navigator.locks) return Promise.resolve();
  return new Promise((held) => {
    void navigator.locks.request(LOCK_PREFIX + name, () => {
      held();
      return released;
    });
  });
}

/** Generations in kafka-lab/ that no live simulation holds, oldest first (names start with a time). */
export async function unlockedGenerations(root: FileSystemDirectoryHandle): Promise<string[]> {
  const held = new Set<string>();
  if (navigator.locks) {
    const state = await navigator.locks.query();
    for (const lock of [...(state.held ?? []), ...(state.pending ?? [])]) if (lock.name?.startsWith(LOCK_PREFIX)) held.add(lock.name.slice(LOCK_PREFIX.length));
  }
  const names: string[] = [];
  for await (const [name, entry] of root.entries()) if (entry.kind === 'directory' && !held.has(name)) names.push(name);
  return names.sort();
}

/** Opens every file of a generation (broker-N, then partition directories, then files) for recovery. */
export async function openGenerationFiles(generation: FileSystemDirectoryHandle): Promise<StoredFileEntry[]> {
  const files: StoredFileEntry[] = [];
  for await (const [broker, brokerEntry] of generation.entries()) {
    if (brokerEntry.kind !== 'directory') continue;
    for await (const [dir, dirEntry] of (brokerEntry as FileSystemDirectoryHandle).entries()) {
      if (dirEntry.kind !== 'directory') continue;
      for await (const [name, fileEntry] of (dirEntry as FileSystemDirectoryHandle).entries()) {
        if (fileEntry.kind !== 'file') continue;
        const handle = await openSyncAccess(fileEntry as FileSystemFileHandle);
        files.push({ path: `${broker}/${dir}/${name}`, handle: wrap(handle) });
      }
    }
  }
  return files;
}

/** Bytes of the .log files of a generation (read from the files' metadata, without opening handles). */
export async function generationLogBytes(generation: FileSystemDirectoryHandle): Promise<number> {
  let total = 0;
  for await (const [, brokerEntry] of generation.entries()) {
    if (brokerEntry.kind !== 'directory') continue;
    for await (const [, dirEntry] of (brokerEntry as FileSystemDirectoryHandle).entries()) {
      if (dirEntry.kind !== 'directory') continue;
      for await (const [name, fileEntry] of (dirEntry as FileSystemDirectoryHandle).entries()) {
        if (fileEntry.kind === 'file' && name.endsWith('.log')) total += (await (fileEntry as FileSystemFileHandle).getFile()).size;
      }
    }
  }
  return total;
}

/** Removes a generation's directory; a failure (a handle still open somewhere) leaves it for next time. */
export async function deleteGeneration(root: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await root.removeEntry(name, { recursive: true });
    return true;
  } catch (error) {
    console.warn(`kafka-lab worker: generation ${name} not deleted yet`, error);
    return false;
  }
}
