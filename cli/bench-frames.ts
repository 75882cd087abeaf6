// Frame times of the built app in the machine's headless Chromium: each bench scene is loaded through
// the test hook, played at 1× for a while, and the page records the gaps between its
// requestAnimationFrame callbacks (plus Long Animation Frames, where Chromium reports them). Also
// how much virtual time passed per wall second, which tells whether the worker keeps up at 1×.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { Page } from 'playwright-core';
import { launchChromium, collectErrors, loadScenario, openWithTestHooks, startPlayback } from '../tests/e2e/browser.ts';
import { BENCH_SCENES, type BenchScene } from './bench-engine.ts';
import type { Figure } from './bench-figure.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
/** The budgets of the issue: smooth for the standard scene, usable for the large one. */
const BUDGET_MS: Record<BenchScene, number> = { standard: 16.7, large: 33 };
const WARMUP_MS = 1000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Builds the app into dist/ and serves it as the e2e tests do (tests/e2e/global-setup.ts). */
export async function buildAndServe(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  await build({ root: ROOT, logLevel: 'warn', mode: 'production' });
  const port = await freePort();
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: HOST, port, strictPort: true, open: false } });
  return { baseUrl: `http://${HOST}:${port}/`, close: () => server.close() };
}

interface PageRecording {
  deltas: number[];
  longFrames: number[];
  longFramesSupported: boolean;
}

/**
 * Starts recording in the page: rAF deltas and, where supported, long-animation-frame durations.
 * Passed as text: tsx would wrap named functions of a callback in a `__name` helper the page lacks.
 */
const RECORDER = `(() => {
  const recording = { deltas: [], longFrames: [], longFramesSupported: false, stop: false };
  window.__benchFrames = recording;
  let last = -1;
  function tick(now) {
    if (recording.stop) return;
    if (last >= 0) recording.deltas.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    recording.longFramesSupported = true;
    new PerformanceObserver((list) => {
      if (!recording.stop) for (const entry of list.getEntries()) recording.longFrames.push(entry.duration);
    }).observe({ type: 'long-animation-frame' });
  }
})()`;

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(RECORDER);
}

async function stopRecording(page: Page): Promise<PageRecording> {
  return page.evaluate(() => {
    const recording = (window as unknown as { __benchFrames: PageRecording & { stop: boolean } }).__benchFrames;
    recording.stop = true;
    return { deltas: recording.deltas, longFrames: recording.longFrames, longFramesSupported: recording.longFramesSupported };
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round2 = (x: number): number => Number(x.toFixed(2));

/** Plays one scene at 1× for `seconds` of wall time and returns its frame-time and keep-up figures. */
export async function measureScene(baseUrl: string, scene: BenchScene, seconds: number): Promise<Figure[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = collectErrors(page);
    await openWithTestHooks(page, baseUrl);
    await loadScenario(page, JSON.parse(readFileSync(`${ROOT}/${BENCH_SCENES[scene]}`, 'utf8')));
    await page.waitForTimeout(500); // the new scene's first render
    await startPlayback(page);
    await page.waitForTimeout(WARMUP_MS);
    const virtualStart = await page.evaluate(() => window.__kafkaLab!.nowMs());
    const wallStart = performance.now();
    await startRecording(page);
    await page.waitForTimeout(seconds * 1000);
    const recording = await stopRecording(page);
    const virtualEnd = await page.evaluate(() => window.__kafkaLab!.nowMs());
    const wallSeconds = (performance.now() - wallStart) / 1000;
    if (errors.length > 0) throw new Error(`the page reported errors while playing ${scene}:\n${errors.join('\n')}`);
    const sorted = [...recording.deltas].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    return [
      {
        bench: `frame-p95-${scene}`,
        value: round2(p95),
        unit: 'ms',
        budgetMs: BUDGET_MS[scene],
        withinBudget: p95 <= BUDGET_MS[scene],
        p50: round2(percentile(sorted, 50)),
        max: round2(sorted.at(-1) ?? Number.NaN),
        frames: sorted.length,
        over33ms: sorted.filter((d) => d > 33.4).length,
        longAnimationFrames: recording.longFramesSupported ? recording.longFrames.length : null,
        longAnimationFrameMsMax: recording.longFrames.length > 0 ? round2(Math.max(...recording.longFrames)) : null,
        wallSeconds: round2(wallSeconds),
        // Frame times on a busy machine say more about the machine than about the app.
        loadAvg1m: round2(loadavg()[0]!),
      },
      {
        bench: `browser-virtual-speed-${scene}`,
        value: round2((virtualEnd - virtualStart) / 1000 / wallSeconds),
        unit: 'virtual-s/wall-s',
        speed: 1,
        virtualSeconds: round2((virtualEnd - virtualStart) / 1000),
      },
    ];
  } finally {
    await browser.close();
  }
}
