// Offline use in Chromium: the first visit installs the service worker, which takes control of the
// page and caches every file of the build; with the network off, a reload brings the app back, a
// lesson's first step is completed and side by side (a lazy chunk, two workers) runs. A new version
// of the service worker waits until the person accepts the reload prompt. One browser, one context.
// Screenshots: test-results/offline-*.png.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, openWithTestHooks } from './browser.ts';
import { readLessons } from '../../src/lessons/vite-plugin.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const { lessons } = readLessons(root);
// A lesson whose first step has goals, so that completing it really needs the engine.
const lesson = lessons.find((l) => l.steps[0]!.goals.length > 0)!;

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations (any impact) inside the offline notices, as "rule: targets" lines. */
async function axeOnNotices(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    type Axe = { run: (context: Element, options: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const notices = document.querySelector('[data-testid=offline-status]')!;
    const result = await axe.run(notices, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

/** Every file of the build the browser may load: all but the service worker's own files and source maps. */
function buildFiles(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return buildFiles(path);
    const file = relative(dist, path);
    return file.endsWith('.map') || file === 'sw.js' || /^workbox-[\w-]+\.js$/.test(file) ? [] : [file];
  });
}

describe('offline use', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const failedRequests: string[] = [];
  let isolatedOnline: boolean;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    page = await context.newPage();
    errors = collectErrors(page);
    page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the first visit installs a service worker that controls the page and caches every file of the build', async () => {
    await openWithTestHooks(page, inject('baseUrl'));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname.slice(1));
      }
      return urls;
    });
    const files = buildFiles();
    expect(files).toContain('index.html');
    expect(files.some((f) => /^assets\/worker-.*\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /^assets\/CompareScreen-.*\.js$/.test(f))).toBe(true);
    expect(files).toContain('manifest.webmanifest');
    expect(cached.sort()).toEqual(files.sort());
    isolatedOnline = await page.evaluate(() => crossOriginIsolated);
  });

  test('with the network off, a reload brings the app back, still cross-origin isolated', async () => {
    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true, undefined, { timeout: 30_000 });
    // vite preview sends COOP/COEP; the cached index.html keeps them, so isolation survives offline.
    expect(isolatedOnline).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const indicator = page.getByTestId('offline-indicator');
    await indicator.waitFor();
    expect(await indicator.textContent()).toContain('Sem rede — funcionando offline');
    expect(await axeOnNotices(page)).toEqual([]);
  });

  test(`offline, a lesson opens and its first step is completed (${lesson.file})`, async () => {
    await page.goto(`${inject('baseUrl')}#/licoes/${lesson.id}/1`);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    await page.waitForFunction(() => {
      const state = document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state');
      return state !== undefined && state !== null && state !== 'preparing';
    }, undefined, { timeout: 30_000 });
    expect(await panel.getAttribute('data-step')).toBe('1');
    expect(await panel.getAttribute('data-state')).toBe('working');
    await panel.getByRole('button', { name: 'Mostre-me' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state') === 'done', undefined, { timeout: 30_000 });
    await page.screenshot({ path: 'test-results/offline-lesson.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await page.screenshot({ path: 'test-results/offline-lesson-presenter.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
  });

  test('offline, side by side loads its lazy chunk from the service worker and runs both workers', async () => {
    const lazyChunk = page.waitForResponse((response) => /\/assets\/CompareScreen-[^/]*\.js$/.test(response.url()));
    await page.getByRole('button', { name: 'Lado a lado' }).click();
    expect((await lazyChunk).fromServiceWorker()).toBe(true);
    await page.waitForSelector('[data-testid="compare-view"][data-ready="true"]', { timeout: 30_000 });
    await page.getByTestId('compare-forward-1').click();
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-side-${side}"][data-time="1000"]`, { timeout: 30_000 });
    expect(failedRequests).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('back online, a new version waits until the person accepts to reload', async () => {
    await context.setOffline(false);
    await page.goto(`${inject('baseUrl')}#/`);
    await page.getByTestId('offline-indicator').waitFor({ state: 'detached' });
    // A deploy: the service worker's script changes (its bytes are all the browser compares).
    const swPath = join(dist, 'sw.js');
    const original = readFileSync(swPath, 'utf8');
    writeFileSync(swPath, `${original}\n// a new version\n`);
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const prompt = page.getByTestId('update-prompt');
      await prompt.waitFor({ timeout: 30_000 });
      expect(await prompt.textContent()).toContain('Há uma versão nova do Laboratório Kafka.');
      expect(await axeOnNotices(page)).toEqual([]);
      await page.screenshot({ path: 'test-results/offline-update.png' });
      await page.getByRole('button', { name: 'Letras grandes' }).click();
      await page.screenshot({ path: 'test-results/offline-update-presenter.png' });
      await page.getByRole('button', { name: 'Letras grandes' }).click();
      // "Depois" hides it; the version keeps waiting, and the next visit asks again.
      await prompt.getByRole('button', { name: 'Depois' }).focus();
      await page.keyboard.press('Enter');
      await prompt.waitFor({ state: 'detached' });
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);
      await page.reload();
      await prompt.waitFor({ timeout: 30_000 });
      // Accepting activates it and reloads the page under the new version.
      await page.evaluate(() => ((window as { beforeUpdate?: boolean }).beforeUpdate = true));
      const reloaded = page.waitForEvent('load');
      await prompt.getByRole('button', { name: 'Recarregar' }).click();
      await reloaded;
      expect(await page.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
    } finally {
      writeFileSync(swPath, original);
    }
    expect(failedRequests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
