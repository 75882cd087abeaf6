// Test-only hook. Opening the app with `?test-hooks` in the URL puts `window.__kafkaLab` on the
// page, so that an end-to-end test can drive the worker to an exact virtual time and read the trace
// hash, e.g. to prove that the browser's run equals Node's (tests/e2e/determinism.e2e.ts):
//
//   const hash = await page.evaluate(() => window.__kafkaLab!.runUntil(5000));
//
// Without the parameter nothing is installed. Such a page starts fresh, ignoring the session stored
// by an earlier page of the same browser context, unless the address also has `test-restore`.
import type { EngineClient } from './EngineClient.svelte.ts';
import type { ActionResult } from '../../sim/api.ts';
import type { Action } from '../../sim/scenario/schema.ts';
import type { Marker } from '../../sim/timeline/markers.ts';
import type { RestoredFrom } from '../../sim/worker.ts';
import type { InspectQuery, InspectResult } from '../../sim/inspect/types.ts';
import type { FrameSnapshot } from '../../sim/snapshot.ts';
import type { SessionKeeper, SessionNotice } from '../session/keeper.svelte.ts';
import type { SessionDoc } from '../session/schema.ts';

export interface KafkaLabTestHooks {
  /** Pauses, runs the simulation up to `timeMs` of virtual time and resolves with the trace hash. */
  runUntil(timeMs: number): Promise<string>;
  traceHash(): Promise<string>;
  /** Virtual time of the latest frame the page received. */
  nowMs(): number;
  /** The latest snapshot the page received (plain data). */
  snapshot(): FrameSnapshot | null;
  /** Kills the worker as a crash would (the page must offer to restart from the input log). */
  crashWorker(): void;
  /** Loads a scenario (a parsed scenarios/*.json), paused at time 0. */
  loadScenario(scenario: unknown): Promise<void>;
  /** Applies a user action now, as the failure tools do (recorded in the session's inputs). */
  apply(action: Action): Promise<ActionResult>;
  /** Moves to a virtual time (back by replaying) and resolves with the trace hash there. */
  rewind(timeMs: number): Promise<string>;
  /** The markers the page received. */
  markers(): Marker[];
  /** How many chart samples the page holds. */
  sampleCount(): number;
  /** True once the first frame arrived: the worker has started and loaded its scenario (and any restore finished). */
  ready(): boolean;
  /** The session document last written to storage (null before the first save). */
  savedSession(): SessionDoc | null;
  /** Writes the session now; resolves true when it was stored. */
  saveSession(): Promise<boolean>;
  /** The session notice shown (a refused link, a failed save), or null. */
  sessionNotice(): SessionNotice | null;
  /** Wall-clock ms the last session restore took until the engine was ready, or null. */
  restoreWallMs(): number | null;
  /** True while a restored session replays. */
  restoring(): boolean;
  /** How the last restore went: from the saved engine state (and its time) or by a full replay. */
  restoredFrom(): RestoredFrom | null;
  /** Reads a replica as the inspectors do (sim/inspect). */
  inspect(query: InspectQuery): Promise<InspectResult | undefined>;
}

declare global {
  interface Window {
    __kafkaLab?: KafkaLabTestHooks;
  }
}

export const TEST_HOOKS_PARAMETER = 'test-hooks';

export function installTestHooks(client: EngineClient, location: Location, keeper?: SessionKeeper): void {
  if (!new URLSearchParams(location.search).has(TEST_HOOKS_PARAMETER)) return;
  const hashOrThrow = async (): Promise<string> => {
    const hash = await client.traceHash();
    if (hash === undefined) throw new Error(`the engine failed: ${client.failure?.detail ?? 'unknown'}`);
    return hash;
  };
  window.__kafkaLab = {
    async runUntil(timeMs) {
      await client.runUntil(timeMs);
      return hashOrThrow();
    },
    traceHash: hashOrThrow,
    nowMs: () => client.snapshot?.timeMs ?? 0,
    async apply(action) {
      const result = await client.apply(action);
      if (result === undefined) throw new Error(`the engine failed: ${client.failure?.detail ?? 'unknown'}`);
      return result;
    },
    async rewind(timeMs) {
      await client.rewind(timeMs);
      return hashOrThrow();
    },
    markers: () => client.markers,
    sampleCount: () => client.samples.length,
    snapshot: () => client.snapshot,
    crashWorker: () => client.killWorkerForTest(),
    async loadScenario(scenario) {
      await client.load(scenario);
      if (client.failure) throw new Error(`the scenario did not load: ${client.failure.detail}`);
    },
    // Commands sent before the worker's first load fail it for good: tests wait for this first.
    ready: () => client.snapshot !== null && !client.restoring,
    savedSession: () => keeper?.lastSaved ?? null,
    saveSession: async () => (await keeper?.save()) ?? false,
    sessionNotice: () => keeper?.notice ?? null,
    restoreWallMs: () => client.lastRestoreWallMs,
    restoring: () => client.restoring,
    restoredFrom: () => client.restoredFrom,
    inspect: (query) => client.inspect(query),
  };
}
