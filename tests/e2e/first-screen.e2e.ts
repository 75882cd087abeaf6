// The first screen, used as a student would: the cluster of the default scenario appears, Play
// makes records flow (acks, HW/LEO, consumer position grow, read in the inspector of what the
// student clicks in the cluster view), Pause stops the clock, Step advances it, and nothing is
// logged as an error. Leaves screenshots in test-results/ (first-screen.png, first-screen-presenter.png).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium } from './browser.ts';

const SCREENSHOT = 'test-results/first-screen.png';
const SCREENSHOT_PRESENTER = 'test-results/first-screen-presenter.png';

/** "1.234" (pt-BR) → 1234 */
const integer = (text: string): number => Number(text.trim().replace(/\./g, ''));
/** "01:05,250" → 65250 */
function virtualMs(text: string): number {
  const match = /^(?:(\d+):)?(\d{2}):(\d{2}),(\d{3})$/.exec(text.trim());
  if (!match) throw new Error(`not a virtual time: ${JSON.stringify(text)}`);
  const [, hours = '0', minutes = '0', seconds = '0', millis = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

describe('first screen', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const sumOf = async (selector: string): Promise<number> =>
    (await page.locator(selector).allTextContents()).map(integer).reduce((a, b) => a + b, 0);
  const inspector = () => page.getByTestId('inspector');
  /** The timeline's Pause (the failure tools of a client the student clicked have a "Pausar" too). */
  const pause = () => page.getByTestId('timeline').getByRole('button', { name: 'Pausar', exact: true });
  /** Clicks a node of the cluster view and waits for the inspector to show it. */
  const inspect = async (node: string, kind: string): Promise<void> => {
    await page.locator(node).first().click();
    await expect.poll(() => inspector().getAttribute('data-kind')).toBe(kind);
  };
  /** A partition figure (inspect-hw, inspect-log-end) summed over the 3 partitions of "pedidos", picked in the list above the inspector. */
  const partitionsSum = async (testId: string): Promise<number> => {
    let sum = 0;
    for (const p of [0, 1, 2]) {
      await page.getByTestId('inspector-picker').selectOption({ label: `pedidos-${p}` });
      await expect.poll(() => inspector().getByTestId('partition-inspector').getAttribute('data-partition')).toBe(`pedidos-${p}`);
      sum += await sumOf(`[data-testid="inspector"] [data-testid="${testId}"]`);
    }
    return sum;
  };
  const producer = '[data-testid="cluster-producer"][data-producer="p1"] .name';
  const acked = async (): Promise<number> => {
    await inspect(producer, 'producer');
    return sumOf('[data-testid="inspector"] [data-testid="inspect-producer-acked"]');
  };
  const now = async (): Promise<number> => virtualMs(await page.getByTestId('virtual-time').textContent() ?? '');

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    await page.goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('shows the default cluster: 3 brokers, topic "pedidos" with 3 partitions', async () => {
    expect(await page.title()).toBe('Laboratório Kafka');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Laboratório Kafka');
    await page.getByTestId('cluster-broker').first().waitFor();
    expect(await page.getByTestId('cluster-broker').count()).toBe(3);
    const partitions = await page
      .getByTestId('cluster-replica')
      .evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('data-partition')))].filter((p) => p?.startsWith('pedidos-')).sort());
    expect(partitions).toEqual(['pedidos-0', 'pedidos-1', 'pedidos-2']);
    expect(await page.getByRole('button', { name: 'Reproduzir' }).isEnabled()).toBe(true);
  });

  test('Play makes records flow from the producer through the partitions to the consumer', async () => {
    await page.getByRole('button', { name: 'Reproduzir' }).click();
    await expect.poll(acked, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => partitionsSum('inspect-hw'), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => partitionsSum('inspect-log-end'), { timeout: 20_000 }).toBeGreaterThan(0);
    await inspect('[data-testid="cluster-consumer"][data-consumer="c1"] .name', 'consumer');
    await expect.poll(() => sumOf('[data-testid="inspector"] [data-testid="inspect-consumer-position"]'), { timeout: 20_000 }).toBeGreaterThan(0);
    // They keep growing while it plays.
    const before = await acked();
    await expect.poll(acked, { timeout: 20_000 }).toBeGreaterThan(before);
  });

  test('Pause stops the clock and Step advances it', async () => {
    await pause().click();
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();
    const paused = await now();
    await page.waitForTimeout(300);
    expect(await now()).toBe(paused);

    // Several events may share one instant: step until the clock moves (bounded).
    const step = page.getByRole('button', { name: 'Próximo evento' });
    for (let i = 0; i < 200 && (await now()) === paused; i += 1) {
      await step.click();
      await page.waitForTimeout(40);
    }
    expect(await now()).toBeGreaterThan(paused);
  });

  test('keyboard: → steps, space plays and pauses', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = await now();
    for (let i = 0; i < 200 && (await now()) === before; i += 1) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(40);
    }
    expect(await now()).toBeGreaterThan(before);
    await page.keyboard.press('Space');
    await pause().waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();
  });

  test('leaves a screenshot and logs no errors', async () => {
    await page.getByRole('button', { name: 'Reproduzir' }).click();
    await page.waitForTimeout(1500);
    await pause().click();
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
  });

  test('the presenter toggle enlarges the type, and is remembered', async () => {
    const presenter = page.getByRole('button', { name: 'Letras grandes' });
    const baseSize = async (): Promise<number> =>
      page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await baseSize()).toBeGreaterThanOrEqual(18);
    await presenter.click();
    expect(await presenter.getAttribute('aria-pressed')).toBe('true');
    expect(await baseSize()).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: SCREENSHOT_PRESENTER, fullPage: true });
    await page.reload();
    await page.getByTestId('cluster-broker').first().waitFor();
    expect(await page.getByRole('button', { name: 'Letras grandes' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    expect(await baseSize()).toBeLessThan(24);
    expect(errors).toEqual([]);
  });
});
