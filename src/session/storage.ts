// Where the current session is kept between visits: IndexedDB, from the page. Not localStorage:
// its ~5 MB is shared with the app's other keys and a long session (hand-produced record values,
// the last cluster snapshot) can outgrow it, and it blocks the page on every write. One record
// under one key; a put is a transaction, so a failed save (quota exceeded) leaves the previous
// record as it was. localStorage only holds what changed in the last moment before the page went
// (PENDING_KEY), when an IndexedDB write can no longer finish.
import type { StoredSession } from './schema.ts';

const DB_NAME = 'kafka-lab';
const DB_VERSION = 1;
const STORE = 'session';
const KEY = 'current';
/**
 * An IndexedDB transaction begun as the page goes (pagehide) is aborted with it: in Chromium a
 * record produced less than 300 ms (the save delay) before a reload was lost. So at that moment
 * the session is also written to localStorage, synchronously (best effort: a session too large for
 * it is left out). load() takes it when it is newer than the IndexedDB record; a save removes it.
 */
const PENDING_KEY = 'kafka-lab.session.pending';

export type StorageFailure = 'unavailable' | 'quota' | 'other';

export class SessionStorageError extends Error {
  constructor(
    readonly kind: StorageFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  /** Writes at once, synchronously, as the page goes (see PENDING_KEY); never throws. */
  saveNow?(session: StoredSession): void;
  clear(): Promise<void>;
}

export class IndexedDbSessionStore implements SessionStore {
  #db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory | undefined = globalThis.indexedDB,
    private readonly local: Storage | null = globalThis.localStorage ?? null,
  ) {}

  async load(): Promise<StoredSession | null> {
    const pending = this.#pending();
    let stored: StoredSession | null = null;
    try {
      const db = await this.#open();
      const value = await request<unknown>(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
      stored = (value as StoredSession | undefined) ?? null;
    } catch (error) {
      if (pending === null) throw error;
    }
    return pending !== null && (stored === null || pending.savedAt > stored.savedAt) ? pending : stored;
  }

  async save(session: StoredSession): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(session, KEY);
    await done(transaction);
    const pending = this.#pending();
    if (pending !== null && pending.savedAt <= session.savedAt) this.#removePending();
  }

  saveNow(session: StoredSession): void {
    if (this.local === null) return;
    try {
      this.local.setItem(PENDING_KEY, JSON.stringify(session));
    } catch {
      // Too large with its picture (or storage refused): without it, or not at all.
      try {
        this.local.setItem(PENDING_KEY, JSON.stringify({ ...session, snapshot: null }));
      } catch {
        this.#removePending();
      }
    }
  }

  async clear(): Promise<void> {
    this.#removePending();
    const db = await this.#open();
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete(KEY);
    await done(transaction);
  }

  /** The session written as the page went, or null (none, or not one: the keeper validates the doc). */
  #pending(): StoredSession | null {
    try {
      const text = this.local?.getItem(PENDING_KEY) ?? null;
      if (text === null) return null;
      const value = JSON.parse(text) as Partial<StoredSession> | null;
      if (value === null || typeof value !== 'object' || typeof value.savedAt !== 'number' || value.doc === undefined) return null;
      return { doc: value.doc, snapshot: value.snapshot ?? null, savedAt: value.savedAt };
    } catch {
      return null;
    }
  }

  #removePending(): void {
    try {
      this.local?.removeItem(PENDING_KEY);
    } catch {
      // Nothing to do: load() prefers the newer record anyway.
    }
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = this.factory;
      if (!factory) {
        reject(new SessionStorageError('unavailable', 'IndexedDB is not available'));
        return;
      }
      let opening: IDBOpenDBRequest;
      try {
        opening = factory.open(DB_NAME, DB_VERSION);
      } catch (error) {
        reject(classify(error));
        return;
      }
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(classify(opening.error));
      opening.onblocked = () => reject(new SessionStorageError('unavailable', 'IndexedDB open blocked'));
    });
    // A failed open is tried again next time (the person may free space or leave private mode).
    this.#db.catch(() => (this.#db = null));
    return this.#db;
  }
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(classify(req.error));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(classify(transaction.error));
    transaction.onabort = () => reject(classify(transaction.error));
  });
}

export function classify(error: unknown): SessionStorageError {
  if (error instanceof SessionStorageError) return error;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  if (name === 'QuotaExceededError') return new SessionStorageError('quota', message);
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'UnknownError') return new SessionStorageError('unavailable', message);
  return new SessionStorageError('other', message || name || 'unknown storage error');
}
