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
