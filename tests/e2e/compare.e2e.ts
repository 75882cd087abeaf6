// Side by side, as a class uses it: open #/lado-a-lado, pick acks=1 vs acks=all, run both to the
// end with one button, and read in the verdict table that A lost acknowledged records and B none —
// the same numbers a Node run of the two scenarios gives. Then eager vs cooperative-sticky: the
// eager group stops the world, the cooperative one never, and the call-out says so.
// Screenshots: test-results/compare-*.png, normal and presenter.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSimulation, parseScenario } from '../../sim/index.ts';
import { OwnershipTracker, comparisonPair, runVerdict, type RunVerdict } from '../../sim/compare/index.ts';
import type { Scenario } from '../../sim/scenario/schema.ts';
import { collectErrors, launchChromium } from './browser.ts';

const VIEWPORT = { width: 1280, height: 720 };
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string;
}

/** axe-core's WCAG 2.1 A/AA and best-practice rules on the page as it is. */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: JSON.stringify(v.nodes.map((n) => n.target)) }));
  });
}

function libraryScenario(name: string): Scenario {
  const parsed = parseScenario(JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
  return parsed.scenario;
}

/** The verdict of one side in Node, sliced as the worker's observer sees it (every trace event). */
function nodeVerdict(scenario: Scenario, untilMs: number): RunVerdict {
  const sim = createSimulation(scenario);
  const tracker = new OwnershipTracker();
  sim.setTraceListener((event) => tracker.observe(event));
  sim.runUntil(untilMs);
  return runVerdict(sim.nowMs(), sim.check(), tracker.pauses(sim.nowMs()));
}

describe('side by side', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const cell = (metric: string, side: 'a' | 'b') => page.getByTestId(`verdict-${metric}-${side}`);
  const value = async (metric: string, side: 'a' | 'b'): Promise<number> => Number(await cell(metric, side).getAttribute('data-value'));
  const choose = async (kind: string): Promise<void> => {
    await page.getByTestId(`compare-kind-${kind}`).check({ force: true });
    await page.waitForSelector(`[data-testid="compare-view"][data-kind="${kind}"][data-ready="true"]`, { timeout: 30_000 });
  };
  /** Presses "até o fim" and waits until both sides are there and the final verdict is in. */
  const runToEnd = async (endMs: number): Promise<void> => {
    await page.getByTestId('compare-to-end').click();
    await page.waitForSelector('[data-testid="compare-status"][data-state="end"]', { timeout: 60_000 });
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-side-${side}"][data-time="${endMs}"]`, { timeout: 10_000 });
    await page.waitForSelector(`[data-testid="compare-verdict"][data-measured="${endMs}"]`, { timeout: 10_000 });
  };
  const shoot = async (name: string): Promise<void> => {
    // The view scrolls inside the app's main area: a tall window shows all of it at 1280 px wide.
    await page.setViewportSize({ width: VIEWPORT.width, height: 3200 });
    await page.screenshot({ path: `test-results/compare-${name}.png` });
    await page.setViewportSize(VIEWPORT);
  };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = collectErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${inject('baseUrl')}#/lado-a-lado`);
    await page.waitForSelector('[data-testid="compare-view"][data-ready="true"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the header button opens the view, and the chooser lists the four comparisons with what changes', async () => {
    const button = page.getByRole('button', { name: 'Lado a lado' });
    expect(await button.getAttribute('aria-current')).toBe('page');
    for (const title of ['acks=1 × acks=all', 'Sem idempotência × com idempotência', 'Eager × cooperative-sticky', 'Eleição unclean desligada × ligada']) {
      expect(await page.getByRole('radio', { name: title }).count()).toBe(1);
    }
    const changes = page.getByTestId('compare-changes');
    expect(await changes.textContent()).toContain('acks');
    expect(await changes.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['produtor p', '1', 'all']);
  });

  test('one control bar drives both workers: +1 s moves both clocks to the same time', async () => {
    await page.getByTestId('compare-forward-1').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="1000"]');
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-side-${side}"][data-time="1000"]`);
    expect(await page.getByTestId('compare-side-times').textContent()).toContain('A: 00:01,000');
    expect(await page.getByTestId('compare-side-times').textContent()).toContain('B: 00:01,000');
    // Playing and pausing keeps them together too.
    await page.getByTestId('compare-play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="compare-time"]')?.getAttribute('data-time')) > 1500);
    await page.getByTestId('compare-pause').click();
    await page.waitForSelector('[data-testid="compare-status"][data-state="paused"]');
    // A step under way when pause was pressed still lands: then both clocks, both sides' frames
    // and the verdict all agree on one time.
    await page.waitForFunction(() => {
      const time = (selector: string) => document.querySelector(selector)?.getAttribute(selector.includes('verdict') ? 'data-measured' : 'data-time');
      const common = time('[data-testid="compare-time"]');
      return Number(common) > 1000 && ['[data-testid="compare-side-a"]', '[data-testid="compare-side-b"]', '[data-testid="compare-verdict"]'].every((s) => time(s) === common);
    });
  });

  test('acks=1 vs acks=all: run to the end, A lost acknowledged records, B none, as in Node', async () => {
    const result = comparisonPair(libraryScenario('acks1-leader-cai'), 'acks');
    if (!result.ok) throw new Error(result.message);
    const a = nodeVerdict(result.pair.a, 40_000);
    const b = nodeVerdict(result.pair.b, 40_000);
    expect(a.lost).toBeGreaterThan(0);
    expect(b.lost).toBe(0);

    await runToEnd(40_000);
    expect(await value('lost', 'a')).toBe(a.lost);
    expect(await value('lost', 'b')).toBe(0);
    expect(await cell('lost', 'b').getAttribute('data-better')).toBe('true');
    expect(await cell('lost', 'b').textContent()).toContain('melhor');
    const callouts = page.getByTestId('compare-callouts');
    expect(await callouts.textContent()).toContain(`Com acks=1, ${a.lost} registros confirmados sumiram; com acks=all, nenhum registro confirmado sumiu.`);
    // The broker that came back truncated its log on both sides: each side shows its own cluster.
    expect(await page.getByTestId('compare-a-broker-0').getAttribute('data-status')).toBe('up');
    await shoot('acks');
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await shoot('acks-presenter');
    await page.evaluate(() => document.documentElement.classList.remove('presenter'));
  });

  test('eager vs cooperative-sticky: the eager group stops the world, the cooperative one never', async () => {
    await choose('assignor');
    expect(await page.getByTestId('compare-time').getAttribute('data-time')).toBe('0');
    expect(await page.getByTestId('compare-changes').textContent()).toContain('partition.assignment.strategy');
    await runToEnd(35_000);
    expect(await value('stopTheWorldMs', 'a')).toBeGreaterThan(0);
    expect(await value('stopTheWorldMs', 'b')).toBe(0);
    expect(await cell('stopTheWorldMs', 'b').getAttribute('data-better')).toBe('true');
    const callout = page.getByTestId('compare-callouts').locator('li[data-metric="stopTheWorldMs"]');
    expect(await callout.textContent()).toMatch(/Com eager \(range\), o grupo ficou todo parado por \d+ ms; com cooperative-sticky, o grupo nunca parou por inteiro\./);
    // ...but a partition that changes owner waits longer with cooperative-sticky (KIP-429's second rebalance).
    expect(await cell('longestGapMs', 'a').getAttribute('data-better')).toBe('true');
    await shoot('assignor');
    // At 1280×720 the control bar stays in view over the verdict.
    await page.getByTestId('compare-verdict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/compare-assignor-viewport.png' });
    expect(await page.getByTestId('compare-to-end').isVisible()).toBe(true);
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await shoot('assignor-presenter');
    await page.evaluate(() => document.documentElement.classList.remove('presenter'));
  });

  test('a fault from the view reaches both sides at the same virtual time', async () => {
    await choose('idempotence');
    await page.getByTestId('compare-forward-1').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="1000"]');
    await page.getByLabel('Broker que recebe a falha').selectOption('2');
    await page.getByRole('button', { name: 'Derrubar broker 2' }).click();
    await expect.poll(() => page.getByTestId('compare-fault-result').textContent()).toBe('“Derrubar broker 2” aplicado aos dois lados em 00:01,000.');
    await page.getByTestId('compare-forward-1').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="2000"]');
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-${side}-broker-2"][data-status="down"]`);
    await shoot('fault');
    // Back to the start: both sides replay, broker 2 is up again; forward again, the same fault comes back.
    await page.getByTestId('compare-back-10').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="0"]');
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-${side}-broker-2"]:not([data-status="down"])`);
    await page.getByTestId('compare-forward-1').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="1000"]');
    await page.getByTestId('compare-forward-1').click();
    await page.waitForSelector('[data-testid="compare-time"][data-time="2000"]');
    for (const side of ['a', 'b']) await page.waitForSelector(`[data-testid="compare-${side}-broker-2"][data-status="down"]`);
  });

  test('space plays and pauses both sides; axe finds nothing serious in normal and presenter mode', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = Number(await page.getByTestId('compare-time').getAttribute('data-time'));
    await page.keyboard.press('Space');
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="compare-time"]')?.getAttribute('data-time')) > t + 300, before);
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="compare-status"][data-state="paused"]');
    for (const presenter of [false, true]) {
      await page.evaluate((on) => document.documentElement.classList.toggle('presenter', on), presenter);
      const violations = await runAxe(page);
      if (violations.length > 0) console.log(`axe (presenter=${presenter}):\n${violations.map((v) => `- ${v.id} [${v.impact}] ${v.help} ${v.targets}`).join('\n')}`);
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    }
    await page.evaluate(() => document.documentElement.classList.remove('presenter'));
  });

  test('no console errors on the page or in its workers', () => {
    expect(errors).toEqual([]);
  });
});
