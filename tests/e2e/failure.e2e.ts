// When the engine's worker cannot start, the page says so in Portuguese instead of staying blank.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';

describe('a worker that fails to start', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('shows a readable Portuguese error and disables the controls', async () => {
    mkdirSync('test-results', { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // The build names the worker's chunk worker-<hash>.js; refusing it makes the worker fail to load.
    await page.route(/\/assets\/worker-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(inject('baseUrl'));
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.getByRole('heading').textContent()).toContain('A simulação parou');
    expect(await alert.textContent()).toContain('Não foi possível iniciar o motor da simulação');
    expect(await page.getByRole('button', { name: 'Reproduzir' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Recarregar a página' }).isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/worker-failure.png' });
    await page.close();
  });
});

describe('a worker that crashes in the middle of a session', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('offers to restart from the input log, and the new worker reaches the same state', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const url = new URL(inject('baseUrl'));
    url.searchParams.set('test-hooks', '');
    await page.goto(url.toString());
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    await page.evaluate(() => window.__kafkaLab!.runUntil(1_500));
    expect((await page.evaluate(() => window.__kafkaLab!.apply({ type: 'crash-broker', broker: 1 }))).ok).toBe(true);
    const hash = await page.evaluate(() => window.__kafkaLab!.runUntil(3_000));
    expect((await page.evaluate(() => window.__kafkaLab!.apply({ type: 'produce', producer: 'p1', key: 'cliente-42', value: 'oi' }))).ok).toBe(true);
    const hashAtLastInput = await page.evaluate(() => window.__kafkaLab!.traceHash());
    expect(hashAtLastInput).not.toBe(hash);

    await page.evaluate(() => window.__kafkaLab!.crashWorker());
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await page.getByRole('button', { name: /Recomeçar do último registro/ }).click();
    await alert.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => window.__kafkaLab!.snapshot()?.timeMs ?? -1), { timeout: 20_000 }).toBe(3_000);
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(hashAtLastInput);
    const broker1 = await page.evaluate(() => window.__kafkaLab!.snapshot()!.brokers.find((b) => b.id === 1)!.status);
    expect(broker1).toBe('down');
    await page.close();
  });
});
