// axe-core on the main page after a few seconds of simulation, in normal and presenter mode: no
// serious or critical violation. Every violation found (of any impact) is printed with its rule id,
// impact, help text and the elements it targets, so that a failure says what to fix.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, openWithTestHooks, startPlayback } from './browser.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The presenter toggle is remembered in localStorage (src/ui/presenter.svelte.ts). */
const PRESENTER_STORAGE_KEY = 'kafka-lab.presenter';
const BLOCKING = new Set(['serious', 'critical']);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `- ${v.id} [${v.impact ?? 'n/a'}] ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)}`).join('\n')}`)
    .join('\n');
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  // WCAG 2.0/2.1 A and AA plus axe's best practices: what the brief asks (names, contrast, keyboard).
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe('accessibility (axe-core)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const mode of ['normal', 'presenter'] as const) {
    test(`the main page has no serious or critical violation (${mode} mode)`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors = collectErrors(page);
      await page.addInitScript(
        ([key, value]) => window.localStorage.setItem(key, value),
        [PRESENTER_STORAGE_KEY, mode === 'presenter' ? 'on' : 'off'] as const,
      );
      await openWithTestHooks(page, inject('baseUrl'));
      expect(await page.evaluate(() => document.documentElement.classList.contains('presenter'))).toBe(mode === 'presenter');
      // Some seconds of simulation, so that partitions, offsets, the group and the log are on screen.
      await startPlayback(page);
      await page.waitForFunction(() => window.__kafkaLab!.nowMs() >= 3000, undefined, { timeout: 30_000 });
      await page.keyboard.press('Space'); // pause: axe reads a still page
      await page.waitForTimeout(300);

      const violations = await runAxe(page);
      if (violations.length > 0) console.log(`axe (${mode} mode) found:\n${describeViolations(violations)}`);
      const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ''));
      expect(blocking, describeViolations(blocking)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
