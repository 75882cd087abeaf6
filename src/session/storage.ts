// Where the current session is kept between visits: IndexedDB, from the page. Not localStorage:
// its ~5 MB is shared with the app's other keys and a long session (hand-produced record values,
// the last cluster snapshot) can outgrow it, and it blocks the page on every write. One record
// under one key; a put is a transaction, so a failed save (quota exceeded) leaves the previous
// record as it was.
import type { StoredSession } from './schema.ts';

const DB_NAME = 'kafka-lab';
const DB_VERSION = 1;
const STORE = 'session';
const KEY = 'current';

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
  clear(): Promise<void>;
}

export class IndexedDbSessionStore implements SessionStore {
  #db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  async load(): Promise<StoredSession | null> {
    const db = await this.#open();
    const value = await request<unknown>(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
    return (value as StoredSession | undefined) ?? null;
  }

  async save(session: StoredSession): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(session, KEY);
    await done(transaction);
  }

  async clear(): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete(KEY);
    await done(transaction);
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
