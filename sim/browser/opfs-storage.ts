// The worker's side of log storage: which directory each simulation's brokers write to, the flush
// between frames, the status the frames carry, the recovery of the previous run and the cleanup.
//
// Every simulation the worker builds — the main one, a rewind's replay, the idle-time checkpoint —
// gets its own generation directory (kafka-lab/<generation>/), so that no two simulations share a
// file; once the session drops a simulation its generation is closed and deleted. Generations
// left by a closed or reloaded tab are recovered once at start (the most recent one, Kafka's way)
// and deleted when the new simulation runs. Without OPFS, or after a write failed, logs stay in
// memory and the status says why.
//
// Handles: headless Chromium opened 20,000 sync access handles at once without an error (a probe
// of /usr/bin/chromium, Nov 2026), but each open costs about 5 ms (113 s for 20,000). So: the
// .index and .timeindex files stay in memory (they are 8 and 12 bytes per index.interval.bytes of
// log, about 0.5 % of it, and recovery rebuilds them from the .log anyway, as Kafka does when an
// index is missing); only .log files get a handle, opened once between frames and kept open until
// the segment is deleted. The large scene (12 brokers, 200 partitions RF 3 plus __consumer_offsets)
// needs about 750 active .log files, so the cap of MAX_OPEN_HANDLES is far away; a file beyond
// it keeps its bytes in memory until retention frees a handle. Small writes are rationed (see
// SMALL_WRITES_PER_FRAME) and files made durable every SYNC_INTERVAL_MS.
import { createSimulation } from '../simulation.ts';
import type { Simulation } from '../api.ts';
import type { Scenario } from '../scenario/schema.ts';
import { MemoryStorage, type LogStorage } from '../log/storage.ts';
import { BrokerDirectoryNames, FileStorage, FileStorageGroup, type FilePort } from '../log/file-storage.ts';
import { NotCapturable } from '../snapshot/codec.ts';
import { captureSimulation, reviveSimulation, type SimulationState } from '../snapshot/simulation-state.ts';
import { recoverGeneration, type RecoveryReport } from './recovery.ts';
import { readSegmentFiles, type SegmentFileQuery, type SegmentFilesResult } from './segment-files.ts';
import { OpfsPort, deleteGeneration, generationLogBytes, lockGenerationUntil, openGenerationFiles, openOpfsRoot, unlockedGenerations } from './opfs-port.ts';
import { QuotaPort } from './quota-port.ts';
import type { StorageStart, StorageStartOptions, StorageStatus } from './storage-status.ts';

export type { StorageStart, StorageStartOptions, StorageStatus } from './storage-status.ts';

/** Opened handles of a new generation's files per flush are costly (~5 ms each in Chromium): the rest waits. */
const MAX_OPEN_HANDLES = 4096;
/**
 * Small memory tails written per frame, in turn. An OPFS write costs about a millisecond whatever
 * its size (Chromium, Nov 2026, more on a busy machine): writing every file's tail each frame took
 * half of the worker's time in the standard scene. Tails past syncWriteBytes are written at once;
 * the others wait their turn (memory per file stays below syncWriteBytes). Nothing depends on the
 * files being current: a reload replays the session's inputs, and recovery only reports on what
 * the previous tab left. When paused, everything is written after WRITE_ALL_AFTER_MS.
 */
const SMALL_WRITES_PER_FRAME = 1;
export const WRITE_ALL_AFTER_MS = 2000;
/** How often written files are made durable (FileSystemSyncAccessHandle.flush, an fsync). */
const SYNC_INTERVAL_MS = 10_000;

interface Generation {
  name: string;
  group: FileStorageGroup | null;
  brokers: Map<number, LogStorage>;
  release: () => void;
  /** SimulationOptions.brokerStorage of its simulation. */
  factory: (brokerId: number) => LogStorage;
  /** A broker's directory by name (`broker-N` or `broker-N.k`), for a revived simulation. */
  directory: (root: string) => LogStorage;
}

/**
 * Most log bytes a captured simulation copies. Above it a reload replays the session instead: the
 * copy would cost more than the replay saves, and IndexedDB would hold the log twice.
 */
export const MAX_CAPTURED_LOG_BYTES = 32 * 1024 * 1024;

/** The directory name a broker's memory storage stands for (memory has no names). */
function memoryDirectory(generation: Generation | undefined, storage: LogStorage): string {
  for (const [id, held] of generation?.brokers ?? []) if (held === storage) return `broker-${id}`;
  throw new NotCapturable('a log directory of no known broker', 'storage');
}


export class WorkerStorage {
  readonly #bySim = new Map<Simulation, Generation>();
  #root: FileSystemDirectoryHandle | null = null;
  #quotaPort: ((port: FilePort) => FilePort) | null = null;
  #unavailable: string | null = null;
  #enabled = false;
  #counter = 0;
  /** Generations of earlier runs, deleted once the new simulation runs. */
  #stale: string[] = [];
  #flushing = false;
  #deletingStale = false;
  #lastSyncMs = Number.NEGATIVE_INFINITY;
  recovery: RecoveryReport | null = null;
  /** Called when the recovery of the previous run's logs has finished. */
  onRecovered: ((report: RecoveryReport) => void) | null = null;
  #recovering: Promise<void> | null = null;
  /**
   * Wall-clock ms since the epoch, given by sim/worker.ts (the only place in sim/ that reads real
   * time): it orders the generation directories across tabs and paces the syncs to disk.
   */
  readonly #wallMs: () => number;

  constructor(wallMs: () => number) {
    this.#wallMs = wallMs;
  }

  /** Opens OPFS, recovers the most recent stored generation and schedules the old ones' deletion. */
  async start(options: StorageStartOptions = {}): Promise<StorageStart> {
    this.#enabled = true;
    const opened = options.unavailable === undefined ? await openOpfsRoot() : { ok: false as const, reason: options.unavailable };
    if (!opened.ok) {
      this.#unavailable = opened.reason;
      return { status: this.status(null), recovery: null };
    }
    this.#root = opened.root;
    if (options.quotaBytes !== undefined) {
      const usage = { used: 0 };
      const quotaBytes = options.quotaBytes;
      this.#quotaPort = (port) => new QuotaPort(port, quotaBytes, usage);
    }
    // Finding the previous run's generations, sizing them and recovering the largest opens a
    // handle per file (~5 ms each) and checks every batch: it runs on while the session is
    // restored, and its report follows (onRecovered, then the frames). The generations created
    // meanwhile are locked, so they are never taken for stale ones.
    this.#recovering = this.#recoverPrevious(opened.root, options.tearStoredTail === true).finally(() => {
      this.#recovering = null;
    });
    return { status: this.status(null), recovery: null };
  }

  async #recoverPrevious(root: FileSystemDirectoryHandle, tear: boolean): Promise<void> {
    try {
      const stale = await unlockedGenerations(root);
      this.#stale = stale;
      // The previous tab left its main simulation's generation and maybe a checkpoint's or a
      // replay's: the main one has the most log (the checkpoint runs behind it).
      let chosen: { name: string; bytes: number } | null = null;
      for (const name of stale) {
        const bytes = await generationLogBytes(await root.getDirectoryHandle(name));
        if (bytes > 0 && (chosen === null || bytes >= chosen.bytes)) chosen = { name, bytes };
      }
      if (chosen === null) return;
      const report = await this.#recover(root, chosen.name, tear);
      this.recovery = report;
      this.onRecovered?.(report);
    } catch (error) {
      console.warn('kafka-lab worker: recovering the stored logs failed', error);
    }
  }

  /** A new simulation with its own log directories. */
  createSimulation(scenario: Scenario): Simulation {
    const generation = this.#newGeneration();
    const sim = createSimulation(scenario, { brokerStorage: generation.factory });
    this.#bySim.set(sim, generation);
    return sim;
  }

  /**
   * A simulation as data (sim/snapshot), its log directories copied in: each file's bytes. Throws
   * NotCapturable when the logs hold more than MAX_CAPTURED_LOG_BYTES (the session then restores by
   * replaying its inputs) or something in the simulation cannot be captured.
   */
  captureSimulation(sim: Simulation, build: string): SimulationState {
    const generation = this.#bySim.get(sim);
    let bytes = 0;
    return captureSimulation(sim, build, (value) => {
      if (generation !== undefined && value === generation.factory) return { kind: 'factory' };
      if (!(value instanceof FileStorage || value instanceof MemoryStorage)) return undefined;
      const files: [string, Uint8Array][] = [];
      for (const path of value.paths()) {
        const size = value.size(path);
        bytes += size;
        if (bytes > MAX_CAPTURED_LOG_BYTES) throw new NotCapturable(`logs larger than ${MAX_CAPTURED_LOG_BYTES} bytes`, 'storage');
        files.push([path, value.read(path, 0, size).slice()]);
      }
      return { kind: 'files', root: value instanceof FileStorage ? value.root : memoryDirectory(generation, value), files };
    });
  }

  /** A captured simulation again, its log directories written into a new generation. */
  reviveSimulation(state: SimulationState, build: string): Simulation {
    const generation = this.#newGeneration();
    const decode = (data: unknown): object => {
      const stored = data as { kind: 'factory' } | { kind: 'files'; root: string; files: [string, Uint8Array][] };
      if (stored.kind === 'factory') return generation.factory;
      const storage = generation.directory(stored.root);
      for (const [path, bytes] of stored.files) {
        storage.create(path);
        if (bytes.length > 0) storage.append(path, bytes);
      }
      return storage;
    };
    let sim: Simulation;
    try {
      sim = reviveSimulation(state, build, decode);
    } catch (error) {
      generation.group?.close();
      generation.release();
      throw error;
    }
    this.#bySim.set(sim, generation);
    return sim;
  }

  /** A generation directory (or memory, without OPFS) for one simulation's brokers. */
  #newGeneration(): Generation {
    const name = `g${String(this.#wallMs()).padStart(15, '0')}-${String(this.#counter++).padStart(4, '0')}`;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const brokers = new Map<number, LogStorage>();
    let group: FileStorageGroup | null = null;
    const root = this.#root;
    if (this.#enabled && root !== null) {
      void lockGenerationUntil(name, released);
      const dir = root.getDirectoryHandle(name, { create: true });
      dir.catch(() => undefined);
      const port: FilePort = new OpfsPort(dir);
      group = new FileStorageGroup(this.#quotaPort ? this.#quotaPort(port) : port, { maxOpenHandles: MAX_OPEN_HANDLES });
    }
    const names = new BrokerDirectoryNames();
    const open = (rootName: string, brokerId: number): LogStorage => {
      const storage = group !== null ? group.storage(rootName) : new MemoryStorage();
      brokers.set(brokerId, storage);
      return storage;
    };
    const factory = (brokerId: number): LogStorage => open(names.next(brokerId), brokerId);
    const directory = (rootName: string): LogStorage => open(rootName, names.take(rootName));
    return { name, group, brokers, release, factory, directory };
  }

  /**
   * Looks again for generations no tab holds (another worker of this page just ended: an import
   * replaced it), so that the next retain deletes them instead of leaving them to the next start.
   */
  async sweep(): Promise<void> {
    const root = this.#root;
    if (root === null || this.#recovering !== null) return;
    const own = new Set([...this.#bySim.values()].map((generation) => generation.name));
    const unlocked = await unlockedGenerations(root);
    this.#stale = [...new Set([...this.#stale, ...unlocked.filter((name) => !own.has(name))])];
  }

  /** Closes and deletes the generations of simulations the session no longer holds, and the stale ones. */
  retain(live: readonly Simulation[]): void {
    const keep = new Set(live);
    for (const [sim, generation] of this.#bySim) {
      if (keep.has(sim)) continue;
      this.#bySim.delete(sim);
      generation.group?.close();
      const root = this.#root;
      if (generation.group !== null && root !== null) void deleteGeneration(root, generation.name).finally(generation.release);
      else generation.release();
    }
    if (this.#stale.length > 0 && this.#root !== null && live.length > 0 && !this.#deletingStale && this.#recovering === null) {
      // A generation whose files are still open (a tab closing right now) is tried again at a later frame.
      const root = this.#root;
      this.#deletingStale = true;
      void Promise.all(this.#stale.map(async (name) => ((await deleteGeneration(root, name)) ? null : name))).then((left) => {
        this.#stale = left.filter((name): name is string => name !== null);
        this.#deletingStale = false;
      });
    }
  }

  /**
   * Between frames: opens the new files' handles, writes the large memory tails and one of the
   * small ones; `all` writes every tail (when no frames come). Files are made durable every
   * SYNC_INTERVAL_MS. True while some bytes still wait in memory: the worker then calls again.
   */
  async flush(options: { all?: boolean } = {}): Promise<boolean> {
    if (this.#flushing) return true;
    this.#flushing = true;
    const nowMs = this.#wallMs();
    const all = options.all === true;
    const sync = nowMs - this.#lastSyncMs >= SYNC_INTERVAL_MS;
    if (sync) this.#lastSyncMs = nowMs;
    const tails = all ? 'all' : { smallWrites: SMALL_WRITES_PER_FRAME };
    try {
      for (const generation of [...this.#bySim.values()]) await generation.group?.flush({ sync, tails });
    } finally {
      this.#flushing = false;
    }
    return [...this.#bySim.values()].some((generation) => generation.group?.hasPendingTails() ?? false);
  }

  status(main: Simulation | null): StorageStatus {
    if (!this.#enabled) return { mode: 'off', reason: null, cause: null, fileBytes: 0, memoryBytes: 0, openHandles: 0 };
    if (this.#unavailable !== null) return { mode: 'memory', reason: this.#unavailable, cause: 'unavailable', fileBytes: 0, memoryBytes: 0, openHandles: 0 };
    const group = main ? this.#bySim.get(main)?.group : undefined;
    if (!group) return { mode: 'files', reason: null, cause: null, fileBytes: 0, memoryBytes: 0, openHandles: 0 };
    const health = group.health();
    return { mode: health.mode, reason: health.reason, cause: health.mode === 'memory' ? 'write-failed' : null, fileBytes: health.fileBytes, memoryBytes: health.memoryBytes, openHandles: health.openHandles };
  }

  segmentFiles(sim: Simulation, query: SegmentFileQuery): SegmentFilesResult {
    return readSegmentFiles(this.#bySim.get(sim)?.brokers.get(query.broker), query);
  }

  async #recover(root: FileSystemDirectoryHandle, name: string, tear: boolean): Promise<RecoveryReport> {
    const dir = await root.getDirectoryHandle(name);
    const files = await openGenerationFiles(dir);
    if (tear) {
      const victim = files.filter((f) => f.path.endsWith('.log') && f.handle.size() > 5).sort((a, b) => a.path.localeCompare(b.path))[0];
      victim?.handle.truncate(victim.handle.size() - 5);
    }
    return recoverGeneration(name, files, new OpfsPort(dir));
  }
}
