// Where the worker keeps the captured engine state of the session (sim/snapshot), so that a reload
// resumes from it instead of replaying every input: one IndexedDB record, written by the worker
// itself (the page has no part in it) and read once when the session is restored. The record
// names its scenario, so the state of another session is never taken; TimelineSession's stateFits
// checks the inputs.
import type { TimelineState } from '../timeline/session.ts';

const DATABASE = 'kafka-lab-engine';
const STORE = 'state';
const KEY = 'session';

export interface StoredEngineState {
  /** The scenario, as parsed (JSON): the state belongs to a session of exactly this scenario. */
  scenario: string;
  state: TimelineState;
}

export class EngineStateStore {
  #db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  /** The stored state, or null (none, or no IndexedDB). */
  async load(): Promise<StoredEngineState | null> {
    const db = await this.#open();
    if (db === null) return null;
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
      request.onsuccess = () => resolve((request.result as StoredEngineState | undefined) ?? null);
      request.onerror = () => reject(request.error ?? new Error('reading the engine state failed'));
    });
  }

  /**
   * Replaces the stored state. IndexedDB copies the record when put() is called, so the simulation
   * may run on at once; the promise settles when the write is durable.
   */
  save(record: StoredEngineState): Promise<void> {
    return this.#write((store) => store.put(record, KEY));
  }

  clear(): Promise<void> {
    return this.#write((store) => store.delete(KEY));
  }

  #write(change: (store: IDBObjectStore) => void): Promise<void> {
    const db = this.#db;
    if (db === null) return this.#open().then((opened) => (opened === null ? undefined : this.#write(change)));
    return db.then(
      (opened) =>
        new Promise<void>((resolve, reject) => {
          const transaction = opened.transaction(STORE, 'readwrite');
          change(transaction.objectStore(STORE));
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error ?? new Error('writing the engine state failed'));
          transaction.onabort = () => reject(transaction.error ?? new Error('writing the engine state was aborted'));
        }),
    );
  }

  async #open(): Promise<IDBDatabase | null> {
    const factory = this.factory;
    if (factory === undefined) return null;
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('opening the engine state database failed'));
    });
    return this.#db;
  }
}
