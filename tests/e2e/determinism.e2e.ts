// Same scenario and seed ⇒ same trace, in Node and in Chromium's worker, however the run was paced.
// The page is opened with `?test-hooks`, which installs window.__kafkaLab (src/engine/test-hooks.ts).
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSimulation, defaultScenario } from '../../sim/index.ts';
import type {} from '../../src/engine/test-hooks.ts';
import { collectErrors, launchChromium } from './browser.ts';

const UNTIL_MS = 5_000;

function nodeHash(timeMs: number): string {
  const simulation = createSimulation(defaultScenario);
  simulation.runUntil(timeMs);
  return simulation.traceHash();
}

describe('determinism between Node and the browser', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  async function openWithHooks(): Promise<void> {
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.waitForFunction(() => window.__kafkaLab !== undefined);
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Reproduzir' }).isEnabled()).toBe(true);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test(`running the default scenario to ${UNTIL_MS} ms gives Node's trace hash`, async () => {
    const expected = nodeHash(UNTIL_MS);
    await openWithHooks();
    const actual = await page.evaluate((timeMs) => window.__kafkaLab!.runUntil(timeMs), UNTIL_MS);
    expect(actual).toBe(expected);
    expect(errors).toEqual([]);
  });

  test('stepping and playing at wall-clock pace before running on does not change the trace', async () => {
    const expected = nodeHash(UNTIL_MS);
    await openWithHooks();
    for (let i = 0; i < 5; i += 1) await page.getByRole('button', { name: 'Próximo evento' }).click();
    await page.getByRole('button', { name: 'Reproduzir' }).click();
    await page.waitForTimeout(700);
    await page.getByRole('button', { name: 'Pausar' }).click();
    const pausedAt = await page.evaluate(() => window.__kafkaLab!.nowMs());
    expect(pausedAt).toBeLessThan(UNTIL_MS);
    const actual = await page.evaluate((timeMs) => window.__kafkaLab!.runUntil(timeMs), UNTIL_MS);
    expect(actual).toBe(expected);
    expect(errors).toEqual([]);
  });
});
