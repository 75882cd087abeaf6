// Keeps the session alive across reloads and lets it travel: saves it as it changes (debounced),
// finds what to bring back when the page opens (a shared link first, then the stored session), and
// takes in a session from a link or a file at any time. The page (App.svelte) hands it the UI
// state it shows and applies the UI state it gets back.
import { defaultScenarioInput } from '../../sim/scenario/library/default.ts';
import type { EngineClient } from '../engine/EngineClient.svelte.ts';
import { decodeSessionPayload, linkPayload, LINK_PARAMETER } from './codec.ts';
import { createSessionDoc, validateSession, type SessionDoc, type SessionError, type SessionUi, type StoredSession } from './schema.ts';
import { classify, type SessionStore, type StorageFailure } from './storage.ts';

/** Quiet time after a change before the session is written (a burst of changes is one write). */
export const SAVE_DELAY_MS = 300;
/** While the clock runs, at most one write per this long. */
export const SAVE_PLAYING_DELAY_MS = 1500;

/** After a failed save, the next attempt. */
export const SAVE_RETRY_MS = 5000;

/** A page opened with `?test-hooks` starts fresh (each test its own run) unless it also carries this. */
export const TEST_RESTORE_PARAMETER = 'test-restore';

export type SessionNotice =
  | { kind: 'saveFailed'; reason: StorageFailure; detail: string }
  | { kind: 'refused'; source: 'link' | 'file' | 'stored'; error: SessionError }
  | { kind: 'replayFailed'; source: 'link' | 'file' | 'stored'; detail: string }
  | { kind: 'imported'; source: 'link' | 'file' };

export interface SessionPlan {
  doc: SessionDoc;
  /** The picture saved with a stored session (links and files carry none). */
  snapshot: StoredSession['snapshot'];
  source: 'link' | 'stored';
}

export interface KeeperHost {
  /** The UI state shown now. */
  ui(): SessionUi;
  /** Shows a session's UI state (address, selection, lesson step); called before the replay ends. */
  showUi(ui: SessionUi): void;
  /**
   * The lesson step a session was in was already open (nothing prepares it again): its goals are
   * watched again, now in the new run.
   */
  rewatchLesson(): Promise<void>;
}

export class SessionKeeper {
  #notice = $state.raw<SessionNotice | null>(null);
  #saving = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #enabled = false;
  #lastSaved = $state.raw<SessionDoc | null>(null);
  /** A lesson being resumed: its first scenario load and earlier-step replays are already in the restored run. */
  resumeLesson: { id: string; step: number } | null = null;

  constructor(
    private readonly engine: EngineClient,
    private readonly store: SessionStore,
    private readonly host: KeeperHost,
  ) {}

  /** The message to show (a failed save, a refused link or file), or null. */
  get notice(): SessionNotice | null {
    return this.#notice;
  }
  dismiss(): void {
    this.#notice = null;
  }
  /** The document last written (for tests and the share dialog's summary). */
  get lastSaved(): SessionDoc | null {
    return this.#lastSaved;
  }

  /** The session as it stands: scenario, inputs, time reached and UI state. */
  capture(): SessionDoc {
    const engine = this.engine;
    return createSessionDoc({
      scenario: engine.scenario === undefined ? defaultScenarioInput : engine.scenario,
      inputs: engine.recorded.map((input) => ({ ...input })),
      timeMs: engine.snapshot?.timeMs ?? 0,
      ui: this.host.ui(),
    });
  }

  /**
   * What to bring back when the page opens: a session link in the address (removed from it, so
   * that a reload brings back the stored session and not the link again), else the stored session.
   * A bad link is refused with a notice and the stored session is used.
   */
  async plan(location: Location): Promise<SessionPlan | null> {
    const params = new URLSearchParams(location.search);
    const payload = linkPayload(location.search);
    if (payload !== null) {
      params.delete(LINK_PARAMETER);
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
      const decoded = decodeSessionPayload(payload);
      if (decoded.ok) return { doc: decoded.doc, snapshot: null, source: 'link' };
      this.#notice = { kind: 'refused', source: 'link', error: decoded.error };
    }
    if (params.has('test-hooks') && !params.has(TEST_RESTORE_PARAMETER)) return null;
    let stored: StoredSession | null;
    try {
      stored = await this.store.load();
    } catch (error) {
      const failure = classify(error);
      this.#notice ??= { kind: 'saveFailed', reason: failure.kind, detail: failure.message };
      return null;
    }
    if (!stored) return null;
    // Our own record, but storage can be edited or left by an older version: checked like a file.
    const checked = validateSession(stored.doc);
    if (!checked.ok) {
      this.#notice ??= { kind: 'refused', source: 'stored', error: checked.error };
      return null;
    }
    return { doc: checked.doc, snapshot: stored.snapshot ?? null, source: 'stored' };
  }

  /**
   * Replays a session in a new worker and shows its UI state. The current run is replaced only if
   * the replay succeeds; otherwise a notice says why and nothing changes.
   */
  async adopt(doc: SessionDoc, source: 'link' | 'file' | 'stored', picture: StoredSession['snapshot'] = null): Promise<boolean> {
    this.#cancel();
    const previousLesson = this.resumeLesson;
    this.resumeLesson = doc.ui.lesson;
    const previousUi = this.host.ui();
    // The same step already open: the address does not change, so nothing opens it again.
    const sameStep = doc.ui.lesson !== null && previousUi.route === doc.ui.route && previousUi.lesson?.id === doc.ui.lesson.id && previousUi.lesson.step === doc.ui.lesson.step;
    this.host.showUi(doc.ui);
    // Only the lesson the page now shows is resumed; another one opens from its start as usual.
    if (this.host.ui().route !== doc.ui.route || sameStep) this.resumeLesson = null;
    const result = await this.engine.resume({ scenario: doc.scenario, inputs: doc.inputs, timeMs: doc.timeMs, speed: doc.ui.speed }, picture);
    if (!result.ok) {
      this.resumeLesson = previousLesson;
      this.host.showUi(previousUi);
      this.#notice = { kind: 'replayFailed', source, detail: result.detail };
      return false;
    }
    if (sameStep) await this.host.rewatchLesson();
    if (source !== 'stored') this.#notice = { kind: 'imported', source };
    this.schedule(0);
    return true;
  }

  /** Starts saving on changes (call once the first run is up). */
  enable(): void {
    this.#enabled = true;
  }

  /** Asks for a save after `delayMs` unless one is already due sooner. */
  schedule(delayMs: number = this.engine.playing ? SAVE_PLAYING_DELAY_MS : SAVE_DELAY_MS): void {
    if (!this.#enabled || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.save();
    }, delayMs);
  }

  /** Writes the session now (nothing while a restore replays or the engine has stopped). */
  async save(): Promise<boolean> {
    const engine = this.engine;
    if (!this.#enabled || engine.restoring || engine.failure || !engine.snapshot) return false;
    if (this.#saving) {
      this.schedule();
      return false;
    }
    this.#saving = true;
    const doc = this.capture();
    // The engine keeps its own state for a fast reload (sim/snapshot); a failure there only means a longer replay.
    void engine.saveState();
    try {
      await this.store.save({ doc, snapshot: engine.snapshot, savedAt: Date.now() });
      this.#lastSaved = doc;
      if (this.#notice?.kind === 'saveFailed') this.#notice = null;
      return true;
    } catch (error) {
      // The run goes on in memory; what was stored before stays (the failed write changed nothing).
      const failure = classify(error);
      this.#notice = { kind: 'saveFailed', reason: failure.kind, detail: failure.message };
      // Tried again a little later even if nothing changes (space may have been freed meanwhile).
      this.schedule(SAVE_RETRY_MS);
      return false;
    } finally {
      this.#saving = false;
    }
  }

  /** Flushes a pending save at once (the tab is being hidden or closed). */
  flush(): void {
    this.#cancel();
    const engine = this.engine;
    if (!this.#enabled || engine.restoring || engine.failure || !engine.snapshot) return;
    const doc = this.capture();
    if (this.#lastSaved !== null && JSON.stringify(doc) === JSON.stringify(this.#lastSaved)) return;
    // The page is going: an IndexedDB write begun now would be aborted with it.
    this.store.saveNow?.({ doc, snapshot: engine.snapshot, savedAt: Date.now() });
    void this.save();
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  dispose(): void {
    this.#cancel();
    this.#enabled = false;
  }
}
