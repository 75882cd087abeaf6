// Launches the machine's Chromium through playwright-core (which downloads no browser), headless,
// and records every console error and uncaught exception of the page and of its workers.
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects the errors a page reports, from its own scripts and from its workers. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const onConsole = (where: string) => (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`${where} console.error: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (error) => errors.push(`page exception: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('crash', () => errors.push('page crashed'));
  return errors;
}

/** Opens the app with `?test-hooks` and waits until its worker answers (a scenario is loaded). */
export async function openWithTestHooks(page: Page, baseUrl: string, timeoutMs = 30_000): Promise<void> {
  const url = new URL(baseUrl);
  url.searchParams.set('test-hooks', '');
  await page.goto(url.toString());
  // Commands sent before the worker has loaded its first scenario would fail the engine client.
  await page.waitForFunction(() => window.__kafkaLab?.ready() === true, undefined, { timeout: timeoutMs });
}

/** Loads a scenario (a parsed scenarios/*.json) through the test hook; it stays paused at time 0. */
export async function loadScenario(page: Page, scenario: unknown): Promise<void> {
  await page.evaluate((s) => window.__kafkaLab!.loadScenario(s), scenario);
}

/**
 * Starts playback as a person would with the keyboard (space, with nothing focused, so that it
 * presses no button) and waits until virtual time moves. Works whatever the play button is called.
 */
export async function startPlayback(page: Page, timeoutMs = 20_000): Promise<void> {
  const before = await page.evaluate(() => window.__kafkaLab!.nowMs());
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await page.waitForFunction((t) => window.__kafkaLab!.nowMs() > t, before, { timeout: timeoutMs });
}

/** Waits until the page's worker has stored its engine state (sim/snapshot) captured at `timeMs`. */
export async function waitEngineState(page: Page, timeMs: number): Promise<void> {
  await page.waitForFunction(
    (t) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('kafka-lab-engine');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('state')) return resolve(false);
          const get = db.transaction('state').objectStore('state').get('session');
          get.onsuccess = () => resolve((get.result as { state?: { sim?: { timeMs?: number } } } | undefined)?.state?.sim?.timeMs === t);
          get.onerror = () => resolve(false);
        };
      }),
    timeMs,
    { timeout: 10_000, polling: 100 },
  );
}
