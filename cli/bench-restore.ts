// restore-100k-events: a session of 100,000 trace events (the default scenario run on, with a
// record produced by hand every 5 s of virtual time) is saved by the app, the tab is reloaded, and
// two times are measured from the reload's navigation start:
//   - the engine ready (the figure): the worker has revived the engine state it saved with the
//     session (sim/snapshot) and run on to the saved time, controls enabled;
//   - the restored picture: the saved cluster at the saved virtual time is on screen.
// Then the saved engine state is deleted and the tab reloaded again: restore-100k-events-replay is
// the same session replayed from its first event (15-25 thousand trace events per wall second).
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { collectErrors, launchChromium } from '../tests/e2e/browser.ts';
import { ROOT, buildAndServe } from './bench-frames.ts';
import type { Figure } from './bench-figure.ts';
import type { RestoredFrom } from '../sim/worker.ts';

const TARGET_EVENTS = 100_000;
const INPUT_EVERY_MS = 5000;

/** Recorded in the page from its very start (an init script: page code as text, see bench-frames.ts). */
const WATCHER = `(() => {
  const target = Number(sessionStorage.getItem('bench-restore-target'));
  if (!target) return;
  const marks = { pictureMs: null, readyMs: null };
  window.__benchRestore = marks;
  function tick() {
    const hooks = window.__kafkaLab;
    if (hooks && marks.pictureMs === null && hooks.nowMs() === target && document.querySelector('[data-testid=cluster-broker]')) marks.pictureMs = performance.now();
    if (hooks && marks.readyMs === null && hooks.ready() && hooks.nowMs() === target) marks.readyMs = performance.now();
    if (marks.readyMs === null) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})()`;

async function buildSession(page: Page): Promise<{ timeMs: number; events: number; inputs: number; hash: string }> {
  for (let timeMs = INPUT_EVERY_MS; ; timeMs += INPUT_EVERY_MS) {
    await page.evaluate((t) => window.__kafkaLab!.runUntil(t), timeMs);
    const events = await page.evaluate(() => window.__kafkaLab!.snapshot()?.traceLength ?? 0);
    if (events >= TARGET_EVENTS) break;
    const result = await page.evaluate((n) => window.__kafkaLab!.apply({ type: 'produce', producer: 'p1', key: `k${n}`, value: `registro ${n}` }), timeMs);
    if (!result.ok) throw new Error(`produce refused: ${result.error}`);
  }
  return page.evaluate(async () => {
    const hooks = window.__kafkaLab!;
    const snapshot = hooks.snapshot()!;
    await hooks.saveSession();
    return { timeMs: snapshot.timeMs, events: snapshot.traceLength, inputs: hooks.savedSession()?.inputs.length ?? -1, hash: await hooks.traceHash() };
  });
}

const RELOADS = 5;

function median<T>(values: readonly T[], by: (value: T) => number): T {
  return [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
}

interface Measured {
  pictureMs: number;
  readyMs: number;
  engineWallMs: number | null;
  restoredFrom: RestoredFrom | null;
}

/** Reloads the page and times the restore; checks the restored run's trace hash. */
async function reloadAndMeasure(page: Page, hash: string, screenshot: boolean): Promise<Measured> {
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __benchRestore?: { pictureMs: number | null } }).__benchRestore?.pictureMs != null, undefined, { timeout: 60_000 });
  // The restored picture while the engine restores (for a look, not a figure).
  if (screenshot) await page.screenshot({ path: `${ROOT}/test-results/session-restoring.png` }).catch(() => undefined);
  await page.waitForFunction(() => (window as unknown as { __benchRestore?: { readyMs: number | null } }).__benchRestore?.readyMs != null, undefined, { timeout: 300_000 });
  const marks = await page.evaluate(() => (window as unknown as { __benchRestore: { pictureMs: number; readyMs: number } }).__benchRestore);
  const engineWallMs = await page.evaluate(() => window.__kafkaLab!.restoreWallMs());
  const restoredFrom = await page.evaluate(() => window.__kafkaLab!.restoredFrom());
  const restoredHash = await page.evaluate(() => window.__kafkaLab!.traceHash());
  if (restoredHash !== hash) throw new Error(`the restored run differs: ${restoredHash} != ${hash}`);
  return { pictureMs: marks.pictureMs, readyMs: marks.readyMs, engineWallMs: engineWallMs === null ? null : Math.round(engineWallMs), restoredFrom };
}

export async function restoreFigures(): Promise<Figure[]> {
  const server = await buildAndServe();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = collectErrors(page);
    await page.addInitScript(WATCHER);
    await page.goto(`${server.baseUrl}?test-hooks&test-restore`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true, undefined, { timeout: 60_000 });
    const session = await buildSession(page);
    // Going back to the middle of the session: the worker revives its latest rewind point before
    // the target instead of replaying from the start. Then forward again to where it was saved.
    const middleMs = Math.round(session.timeMs / 2000) * 1000 + 500;
    const rewindMs = await page.evaluate(async (t) => {
      const startedMs = performance.now();
      await window.__kafkaLab!.rewind(t);
      return performance.now() - startedMs;
    }, middleMs);
    if ((await page.evaluate((t) => window.__kafkaLab!.runUntil(t), session.timeMs)) !== session.hash) throw new Error('forward again after the rewind, the run differs');
    await page.evaluate(() => window.__kafkaLab!.saveSession());
    const saved = await page.evaluate(() => window.__kafkaLab!.savedSession());
    if (saved?.timeMs !== session.timeMs) throw new Error(`the session was not saved at ${session.timeMs} ms`);
    await page.evaluate((t) => sessionStorage.setItem('bench-restore-target', String(t)), session.timeMs);
    mkdirSync(`${ROOT}/test-results`, { recursive: true });
    // The worker captures its state with each session save; its IndexedDB write finishes a little later.
    await page.waitForTimeout(1000);
    // Several reloads: on a shared 2-core machine one reload's time varies by a few hundred ms.
    const runs: Measured[] = [];
    for (let i = 0; i < RELOADS; i++) {
      const run = await reloadAndMeasure(page, session.hash, i === 0);
      if (!run.restoredFrom?.state) throw new Error(`reload ${i + 1} did not resume from the saved engine state: ${run.restoredFrom?.skipped ?? 'no answer'}`);
      runs.push(run);
    }
    const fromState = median(runs, (run) => run.readyMs);
    const restoredFrom = fromState.restoredFrom!;
    // The same session without the saved engine state: the full replay, for comparison.
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('kafka-lab-engine');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => resolve();
    }));
    const replayed = await reloadAndMeasure(page, session.hash, false);
    if (replayed.restoredFrom?.state !== false) throw new Error('the second reload did not replay from the start');
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('\n')}`);
    const loadAvg1m = Number(loadavg()[0]!.toFixed(2));
    const common = { loadAvg1m, events: session.events, inputs: session.inputs, virtualMs: session.timeMs };
    return [
      {
        bench: 'restore-100k-events',
        value: Math.round(fromState.readyMs),
        unit: 'ms',
        measures: `reload to the engine ready at the saved time (resumed from the saved engine state), median of ${RELOADS} reloads`,
        allMs: runs.map((run) => Math.round(run.readyMs)),
        resumedFromMs: restoredFrom.fromMs,
        engineWallMs: fromState.engineWallMs,
        workerRestoreMs: Math.round(restoredFrom.wallMs),
        reviveMs: Math.round(restoredFrom.reviveMs),
        stateReadWaitMs: Math.round(restoredFrom.readWaitMs),
        storageStartMs: Math.round(restoredFrom.storageStartMs),
        ...common,
      },
      {
        bench: 'restore-100k-events-picture',
        value: Math.round(median(runs, (run) => run.pictureMs).pictureMs),
        unit: 'ms',
        measures: `reload to the restored picture (saved snapshot at the saved time), median of ${RELOADS} reloads`,
        allMs: runs.map((run) => Math.round(run.pictureMs)),
        ...common,
      },
      {
        bench: 'rewind-to-middle-of-100k-events',
        value: Math.round(rewindMs),
        unit: 'ms',
        measures: `rewind from ${session.timeMs} ms to ${middleMs} ms of virtual time (from a rewind point), as the page waits for it`,
        ...common,
      },
      {
        bench: 'restore-100k-events-replay',
        value: Math.round(replayed.readyMs),
        unit: 'ms',
        measures: 'reload to the engine ready when no engine state was saved (every input replayed from the start)',
        engineWallMs: replayed.engineWallMs,
        ...common,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
