// The timeline as a student uses it: play, pause, step, step back to the earlier state, crash a
// broker and find the fault and the election on the scrubber, jump to a marker, filter the event
// log by broker, and read the charts. Leaves screenshots in test-results/ (timeline.png,
// timeline-presenter.png, timeline-shortcuts.png).
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSimulation, defaultScenario } from '../../sim/index.ts';
import type {} from '../../src/engine/test-hooks.ts';
import { collectErrors, launchChromium } from './browser.ts';

describe('the timeline', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const now = (): Promise<number> => page.evaluate(() => window.__kafkaLab!.nowMs());
  const timeText = async (): Promise<string> => (await page.getByTestId('virtual-time').textContent()) ?? '';

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.waitForFunction(() => window.__kafkaLab !== undefined);
    await page.waitForFunction(() => {
      const play = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Reproduzir');
      return play !== undefined && !play.disabled;
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('plays, pauses and steps one event', async () => {
    const timeline = page.getByTestId('timeline');
    await timeline.getByRole('button', { name: 'Reproduzir' }).click();
    await expect.poll(now, { timeout: 10_000 }).toBeGreaterThan(300);
    await timeline.getByRole('button', { name: 'Pausar' }).click();
    await timeline.getByRole('button', { name: 'Reproduzir' }).waitFor();
    const paused = await now();
    const events = await page.evaluate(() => window.__kafkaLab!.traceHash());
    await page.waitForTimeout(300);
    expect(await now()).toBe(paused);
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(events);
    for (let i = 0; i < 3; i++) await timeline.getByRole('button', { name: 'Próximo evento' }).click();
    await expect.poll(now).toBeGreaterThanOrEqual(paused);
    expect(errors).toEqual([]);
  });

  test('steps back to the earlier time and state, by button and by ←', async () => {
    await page.evaluate(() => window.__kafkaLab!.runUntil(2_000));
    const timeline = page.getByTestId('timeline');
    const step = timeline.getByRole('button', { name: 'Próximo evento' });
    await step.click();
    await expect.poll(now).toBeGreaterThan(2_000);
    const before = { time: await timeText(), hash: await page.evaluate(() => window.__kafkaLab!.traceHash()) };
    const hash = (): Promise<string> => page.evaluate(() => window.__kafkaLab!.traceHash());
    await step.click();
    const middle = await hash();
    await step.click();
    await timeline.getByRole('button', { name: 'Evento anterior' }).click();
    await expect.poll(hash, { timeout: 15_000 }).toBe(middle);
    await expect.poll(() => timeline.getByRole('button', { name: 'Evento anterior' }).isEnabled()).toBe(true);
    await page.locator('body').click({ position: { x: 5, y: 200 } });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => window.__kafkaLab!.traceHash()), { timeout: 15_000 }).toBe(before.hash);
    await expect.poll(timeText).toBe(before.time);
    // The replay of the session was measured and is shown.
    expect(await timeline.getByRole('status').first().textContent()).toMatch(/refeito em/);
    expect(errors).toEqual([]);
  });

  test('a crashed broker leaves a fault and an election marker; clicking a marker jumps there', async () => {
    await page.evaluate(() => window.__kafkaLab!.runUntil(3_000));
    const result = await page.evaluate(() => window.__kafkaLab!.apply({ type: 'crash-broker', broker: 0 }));
    expect(result.ok).toBe(true);
    // The session timeout (broker.session.timeout.ms) passes, the controller moves the leaderships.
    await page.evaluate(() => window.__kafkaLab!.runUntil(16_000));
    await expect.poll(() => page.evaluate(() => window.__kafkaLab!.markers().map((m) => m.kind))).toContain('election');
    const markers = await page.evaluate(() => window.__kafkaLab!.markers());
    const fault = markers.find((m) => m.kind === 'fault' && m.event.type === 'broker-stopped');
    const election = markers.find((m) => m.kind === 'election');
    expect(fault?.timeMs).toBe(3_000);
    expect(election!.timeMs).toBeGreaterThan(3_000);

    const scrubber = page.getByTestId('timeline');
    await expect.poll(() => scrubber.locator('.marker[data-kind="fault"]').count()).toBeGreaterThan(0);
    await expect.poll(() => scrubber.locator('.marker[data-kind="election"]').count()).toBeGreaterThan(0);
    const label = await scrubber.locator('.marker[data-kind="fault"]').first().getAttribute('aria-label');
    expect(label).toMatch(/^Falha em 00:03,000: .*Broker 0/);
    await page.screenshot({ path: 'test-results/timeline.png' });

    // Back to the fault: the state right after the crash, replayed.
    await scrubber.locator('.marker[data-kind="fault"]').first().click();
    await expect.poll(now, { timeout: 15_000 }).toBe(3_000);
    expect(await timeText()).toBe('00:03,000');
    const slider = page.getByRole('slider', { name: 'Posição na linha do tempo' });
    expect(await slider.getAttribute('aria-valuetext')).toBe('00:03,000 de 00:16,000');
    // The future is still known (the crash is recorded); the election marker is ahead of now.
    const electionMarker = scrubber.locator(`.marker[data-kind="election"][data-time="${election!.timeMs}"]`);
    await electionMarker.click();
    await expect.poll(now, { timeout: 15_000 }).toBe(election!.timeMs);
    const straight = createSimulation(defaultScenario);
    straight.runUntil(3_000);
    straight.apply({ type: 'crash-broker', broker: 0 });
    straight.runUntil(election!.timeMs);
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(straight.traceHash());
    expect(errors).toEqual([]);
  });

  test('the scrubber moves with the keyboard and with a click', async () => {
    const slider = page.getByRole('slider', { name: 'Posição na linha do tempo' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(now, { timeout: 15_000 }).toBe(0);
    await page.keyboard.press('PageUp');
    await expect.poll(now, { timeout: 15_000 }).toBe(5_000);
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width - 16, box.y + box.height - 30);
    await expect.poll(now, { timeout: 15_000 }).toBeGreaterThan(14_000);
    expect(errors).toEqual([]);
  });

  test('filters the event log by broker and by kind', async () => {
    await page.evaluate(() => window.__kafkaLab!.runUntil(18_000));
    const panel = page.getByTestId('event-log-panel');
    await panel.getByRole('combobox', { name: 'Broker' }).selectOption({ label: 'Broker 1' });
    const lines = panel.getByTestId('event-log').locator('li');
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    expect(await panel.getByRole('status').textContent()).toMatch(/\d+ de \d+ eventos/);
    await panel.getByRole('button', { name: 'Líderes e ISR' }).click();
    await panel.getByRole('button', { name: 'Replicação' }).click();
    const categories = await lines.evaluateAll((items) => items.map((item) => item.getAttribute('data-category')));
    expect(new Set(categories).size).toBeGreaterThan(0);
    for (const category of categories) expect(['leadership', 'replication']).toContain(category);
    await panel.getByRole('button', { name: 'Limpar filtros' }).click();
    expect(await panel.getByRole('button', { name: 'Replicação' }).getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
  });

  test('the charts render lines with data and a now line', async () => {
    await expect.poll(() => page.evaluate(() => window.__kafkaLab!.sampleCount())).toBeGreaterThan(20);
    const charts = page.getByTestId('charts');
    for (const id of ['chart-throughput', 'chart-lag', 'chart-isr', 'chart-latency']) {
      const chart = charts.locator(`[data-chart="${id}"]`);
      expect(Number(await chart.getAttribute('data-lines'))).toBeGreaterThan(0);
      const d = await chart.locator('path.series').first().getAttribute('d');
      expect(d?.length ?? 0).toBeGreaterThan(20);
      expect(await chart.locator('line.now').count()).toBe(1);
    }
    // The ISR of pedidos-0 went from 3 to 2 when broker 0 crashed.
    expect(await charts.locator('[data-chart="chart-isr"] svg[role="img"]').getAttribute('aria-label')).toMatch(/pedidos-0 2 réplicas/);
    await charts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/timeline-charts.png' });
    expect(errors).toEqual([]);
  });

  test('? lists the shortcuts; presenter mode screenshot', async () => {
    await page.locator('body').click({ position: { x: 5, y: 200 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Atalhos de teclado' });
    await dialog.waitFor();
    expect(await dialog.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await dialog.textContent()).toContain('Seta para a esquerda');
    await page.screenshot({ path: 'test-results/timeline-shortcuts.png' });
    await dialog.getByRole('button', { name: 'Fechar' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: 'test-results/timeline-presenter.png' });
    await page.getByTestId('charts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/timeline-charts-presenter.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    expect(errors).toEqual([]);
  });
});
