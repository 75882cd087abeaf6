import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { defaultScenarioInput } from '../../sim/scenario/library/default.ts';
import type { EngineClient, ResumeResult } from '../../src/engine/EngineClient.svelte.ts';
import { SessionKeeper, type KeeperHost } from '../../src/session/keeper.svelte.ts';
import { encodeSessionPayload } from '../../src/session/codec.ts';
import { createSessionDoc, type SessionUi, type StoredSession } from '../../src/session/schema.ts';
import { SessionStorageError, type SessionStore } from '../../src/session/storage.ts';
import type { FrameSnapshot } from '../../sim/snapshot.ts';

const UI: SessionUi = { route: '#/', selection: null, partition: null, lesson: null, speed: 1 };

function fakeEngine(resume: () => ResumeResult = () => ({ ok: true, engineWallMs: 5 })) {
  return {
    scenario: undefined as unknown,
    recorded: [{ timeMs: 100, eventCount: 7, action: { type: 'crash-broker', broker: 0 } }],
    snapshot: { timeMs: 2500 } as FrameSnapshot,
    speed: 1,
    playing: false,
    restoring: false,
    failure: null,
    resumed: [] as unknown[],
    stateSaves: 0,
    async saveState() {
      this.stateSaves += 1;
      return true;
    },
    async resume(session: unknown) {
      this.resumed.push(session);
      return resume();
    },
  };
}

class MemoryStore implements SessionStore {
  stored: StoredSession | null = null;
  failWith: SessionStorageError | null = null;
  async load() {
    if (this.failWith) throw this.failWith;
    return this.stored;
  }
  async save(session: StoredSession) {
    if (this.failWith) throw this.failWith;
    this.stored = structuredClone(session);
  }
  async clear() {
    this.stored = null;
  }
}

function host(initial: SessionUi = UI): KeeperHost & { shown: SessionUi[]; rewatched: number } {
  const shown: SessionUi[] = [];
  const h = {
    shown,
    rewatched: 0,
    ui: () => shown.at(-1) ?? initial,
    showUi: (ui: SessionUi) => void shown.push(ui),
    rewatchLesson: async () => {
      h.rewatched += 1;
    },
  };
  return h;
}

function location(search: string, hash = '#/'): Location {
  return { search, hash, pathname: '/' } as Location;
}

beforeEach(() => {
  vi.stubGlobal('history', { state: null, replaceState: vi.fn() });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SessionKeeper', () => {
  test('a save writes the scenario (the default one spelled out), the inputs, the time and the UI', async () => {
    const store = new MemoryStore();
    const engine = fakeEngine();
    const keeper = new SessionKeeper(engine as unknown as EngineClient, store, host());
    keeper.enable();
    await expect(keeper.save()).resolves.toBe(true);
    expect(store.stored?.doc).toMatchObject({ scenario: defaultScenarioInput, timeMs: 2500, inputs: [{ timeMs: 100, eventCount: 7 }], ui: UI });
    expect(store.stored?.snapshot).toEqual({ timeMs: 2500 });
    // The engine keeps its own state for a fast reload, captured with each save.
    expect(engine.stateSaves).toBe(1);
  });

  test('a failed save (quota) shows a notice, keeps what was stored and lets the run go on', async () => {
    const store = new MemoryStore();
    const engine = fakeEngine();
    const keeper = new SessionKeeper(engine as unknown as EngineClient, store, host());
    keeper.enable();
    await keeper.save();
    const before = structuredClone(store.stored);
    store.failWith = new SessionStorageError('quota', 'QuotaExceededError');
    engine.snapshot = { timeMs: 9000 } as FrameSnapshot;
    await expect(keeper.save()).resolves.toBe(false);
    expect(keeper.notice).toMatchObject({ kind: 'saveFailed', reason: 'quota' });
    expect(store.stored).toEqual(before);
    store.failWith = null;
    await expect(keeper.save()).resolves.toBe(true);
    expect(keeper.notice).toBeNull();
  });

  test('nothing is saved while a restore replays (the stored session must not be overwritten half-way)', async () => {
    const store = new MemoryStore();
    const engine = fakeEngine();
    engine.restoring = true;
    const keeper = new SessionKeeper(engine as unknown as EngineClient, store, host());
    keeper.enable();
    await expect(keeper.save()).resolves.toBe(false);
    expect(store.stored).toBeNull();
  });

  test('a link wins over the stored session and is taken out of the address', async () => {
    const store = new MemoryStore();
    const stored = createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: UI });
    store.stored = { doc: stored, snapshot: null, savedAt: 0 };
    const linked = createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 777, ui: { ...UI, route: '#/licoes' } });
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, store, host());
    const plan = await keeper.plan(location(`?sessao=${encodeSessionPayload(linked)}`, '#/licoes'));
    expect(plan).toMatchObject({ source: 'link', doc: { timeMs: 777 } });
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/#/licoes');
  });

  test('a bad link is refused with a notice, and the stored session is brought back instead', async () => {
    const store = new MemoryStore();
    store.stored = { doc: createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: UI }), snapshot: null, savedAt: 0 };
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, store, host());
    const plan = await keeper.plan(location('?sessao=bm90LWEtc2Vzc2lvbg'));
    expect(keeper.notice).toMatchObject({ kind: 'refused', source: 'link', error: { code: 'notCompressed' } });
    expect(plan).toMatchObject({ source: 'stored', doc: { timeMs: 10 } });
  });

  test('test-hooks pages start fresh unless they ask for the stored session', async () => {
    const store = new MemoryStore();
    store.stored = { doc: createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: UI }), snapshot: null, savedAt: 0 };
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, store, host());
    await expect(keeper.plan(location('?test-hooks'))).resolves.toBeNull();
    await expect(keeper.plan(location('?test-hooks&test-restore'))).resolves.toMatchObject({ source: 'stored' });
  });

  test('unavailable storage (a private window) starts fresh with a notice', async () => {
    const store = new MemoryStore();
    store.failWith = new SessionStorageError('unavailable', 'IndexedDB is not available');
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, store, host());
    await expect(keeper.plan(location(''))).resolves.toBeNull();
    expect(keeper.notice).toMatchObject({ kind: 'saveFailed', reason: 'unavailable' });
  });

  test('a stored record that is not a valid session is refused, not replayed', async () => {
    const store = new MemoryStore();
    store.stored = { doc: { format: 'kafka-lab-session', version: 1 } as never, snapshot: null, savedAt: 0 };
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, store, host());
    await expect(keeper.plan(location(''))).resolves.toBeNull();
    expect(keeper.notice).toMatchObject({ kind: 'refused', source: 'stored', error: { code: 'invalid' } });
  });

  test('a session for the lesson step already open: its goals are watched again in the new run', async () => {
    const inStep: SessionUi = { ...UI, route: '#/licoes/x/2', lesson: { id: 'x', step: 2 } };
    const doc = createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: inStep });
    const same = host(inStep);
    const keeper = new SessionKeeper(fakeEngine() as unknown as EngineClient, new MemoryStore(), same);
    await expect(keeper.adopt(doc, 'file')).resolves.toBe(true);
    expect(same.rewatched).toBe(1);
    // Nothing opens the step again, so no later lesson load may be skipped for it.
    expect(keeper.resumeLesson).toBeNull();

    const elsewhere = host();
    const other = new SessionKeeper(fakeEngine() as unknown as EngineClient, new MemoryStore(), elsewhere);
    await expect(other.adopt(doc, 'file')).resolves.toBe(true);
    expect(elsewhere.rewatched).toBe(0);
    expect(other.resumeLesson).toEqual({ id: 'x', step: 2 });
  });

  test('a session the engine cannot replay leaves the UI and the lesson as they were', async () => {
    const engine = fakeEngine(() => ({ ok: false, detail: 'replaying input 1 was refused' }));
    const h = host();
    const keeper = new SessionKeeper(engine as unknown as EngineClient, new MemoryStore(), h);
    const doc = createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: { ...UI, route: '#/licoes/x/2', lesson: { id: 'x', step: 2 } } });
    await expect(keeper.adopt(doc, 'file')).resolves.toBe(false);
    expect(h.shown.at(-1)).toEqual(UI);
    expect(keeper.resumeLesson).toBeNull();
    expect(keeper.notice).toMatchObject({ kind: 'replayFailed', source: 'file' });
  });
});

describe('the last moment before the page goes', () => {
  class MemoryLocal implements Storage {
    readonly items = new Map<string, string>();
    limit = Number.POSITIVE_INFINITY;
    get length() {
      return this.items.size;
    }
    clear() {
      this.items.clear();
    }
    getItem(key: string) {
      return this.items.get(key) ?? null;
    }
    key(index: number) {
      return [...this.items.keys()][index] ?? null;
    }
    removeItem(key: string) {
      this.items.delete(key);
    }
    setItem(key: string, value: string) {
      if (value.length > this.limit) throw new DOMException('full', 'QuotaExceededError');
      this.items.set(key, value);
    }
  }

  test('flush writes the changed session synchronously; nothing when it is what was saved', async () => {
    const store = new MemoryStore() as MemoryStore & { now: StoredSession[]; saveNow(s: StoredSession): void };
    store.now = [];
    store.saveNow = (s) => void store.now.push(structuredClone(s));
    const engine = fakeEngine();
    const keeper = new SessionKeeper(engine as unknown as EngineClient, store, host());
    keeper.enable();
    await keeper.save();
    keeper.flush();
    expect(store.now).toEqual([]);
    engine.recorded = [...engine.recorded, { timeMs: 200, eventCount: 9, action: { type: 'crash-broker', broker: 1 } }];
    keeper.flush();
    expect(store.now).toHaveLength(1);
    expect(store.now[0]!.doc.inputs).toHaveLength(2);
    expect(store.now[0]!.snapshot).toEqual({ timeMs: 2500 });
  });

  test('IndexedDbSessionStore: the session written as the page went wins when newer, and a save removes it', async () => {
    const { IndexedDbSessionStore } = await import('../../src/session/storage.ts');
    const local = new MemoryLocal();
    // No IndexedDB here: the pending record still comes back, and saving says why it cannot.
    const store = new IndexedDbSessionStore(undefined, local);
    await expect(store.load()).rejects.toMatchObject({ kind: 'unavailable' });
    const doc = createSessionDoc({ scenario: defaultScenarioInput, inputs: [], timeMs: 10, ui: UI });
    store.saveNow({ doc, snapshot: { timeMs: 10 } as FrameSnapshot, savedAt: 5 });
    await expect(store.load()).resolves.toEqual({ doc, snapshot: { timeMs: 10 }, savedAt: 5 });
    // Too large with its picture: kept without it; not even that: left out.
    local.limit = JSON.stringify({ doc, snapshot: null, savedAt: 6 }).length;
    store.saveNow({ doc, snapshot: { timeMs: 10, big: 'x'.repeat(100) } as unknown as FrameSnapshot, savedAt: 6 });
    await expect(store.load()).resolves.toEqual({ doc, snapshot: null, savedAt: 6 });
    local.limit = 10;
    store.saveNow({ doc, snapshot: null, savedAt: 7 });
    await expect(store.load()).rejects.toMatchObject({ kind: 'unavailable' });
    local.setItem('kafka-lab.session.pending', '{not json');
    await expect(store.load()).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
