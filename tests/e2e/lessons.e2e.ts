// The lessons as a student takes them in Chromium: the index lists every lesson by theme; each
// lesson is opened by its link and every step is played with "Mostre-me" until the panel says
// the step is done (a step that stays undone fails with the lesson, the step and the goals left);
// a link to a later step opens there; progress is kept, exported and imported (a bad file is
// refused and nothing changes); the glossary opens. Screenshots: test-results/lessons-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium } from './browser.ts';
import { readLessons } from '../../src/lessons/vite-plugin.ts';

const { lessons } = readLessons(fileURLToPath(new URL('../../', import.meta.url)));
const STEP_TIMEOUT_MS = 60_000;

describe('lessons', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const base = () => inject('baseUrl');

  const panelState = () => page.getByTestId('lesson-panel').getAttribute('data-state');
  const waitPrepared = () =>
    page.waitForFunction(() => {
      const state = document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state');
      return state !== undefined && state !== null && state !== 'preparing';
    }, undefined, { timeout: STEP_TIMEOUT_MS });

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the index lists every lesson, grouped by theme', async () => {
    await page.goto(`${base()}#/licoes`);
    const index = page.getByTestId('lesson-index');
    await index.waitFor();
    expect(lessons.length).toBe(15);
    for (const lesson of lessons) await expect(index.getByRole('heading', { name: lesson.title, exact: true }).count()).resolves.toBe(1);
    await expect(index.getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual(['Fundamentos', 'Armazenamento', 'O cluster', 'Falhas e durabilidade', 'Consumidores']);
    await page.screenshot({ path: 'test-results/lessons-index.png', fullPage: true });
  });

  for (const lesson of lessons) {
    test(`${lesson.file}: "Mostre-me" completes every step`, async () => {
      await page.goto(`${base()}#/licoes/${lesson.id}/1`);
      const panel = page.getByTestId('lesson-panel');
      await panel.waitFor();
      for (const step of lesson.steps) {
        await waitPrepared();
        expect(Number(await panel.getAttribute('data-step')), `${lesson.file}: step`).toBe(step.number);
        if (step.goals.length > 0) {
          expect(await panelState(), `${lesson.file} step ${step.number}: goals met before anything was done`).toBe('working');
          await panel.getByRole('button', { name: 'Mostre-me' }).click();
          const done = await page
            .waitForFunction(() => document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state') === 'done', undefined, { timeout: STEP_TIMEOUT_MS })
            .then(() => true)
            .catch(() => false);
          if (!done) {
            const left = await panel.locator('[data-testid=lesson-goals] li[data-met=false] .text').allTextContents();
            throw new Error(`${lesson.file}, step ${step.number} "${step.title}": goals not met after "Mostre-me": ${left.join(' | ')}`);
          }
        } else {
          expect(await panelState()).toBe('done');
        }
        await panel.getByRole('button', { name: step.number === lesson.steps.length ? 'Concluir a lição' : 'Próximo passo' }).click();
      }
      await page.waitForFunction(() => document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state') === 'finished');
      expect(errors).toEqual([]);
    });
  }

  test('a link to a step opens the lesson there, the earlier steps played', async () => {
    const lesson = lessons.find((l) => l.id === 'particoes-e-chaves')!;
    await page.goto(`${base()}#/licoes/${lesson.id}/3`);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    await waitPrepared();
    expect(await panel.getAttribute('data-step')).toBe('3');
    await expect(panel.getByRole('heading', { name: lesson.steps[2]!.title }).count()).resolves.toBe(1);
    await page.screenshot({ path: 'test-results/lessons-step.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await page.screenshot({ path: 'test-results/lessons-step-presenter.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
  });

  test('progress shows in the index, and a progress file goes out and comes back; a bad one is refused', async () => {
    await page.goto(`${base()}#/licoes`);
    const index = page.getByTestId('lesson-index');
    await index.waitFor();
    // Every lesson was finished above.
    await expect(index.getByText('✓ Concluída').count()).resolves.toBe(lessons.length);
    const download = page.waitForEvent('download');
    await index.getByRole('button', { name: 'Exportar meu progresso' }).click();
    const file = await (await download).path();
    expect(file).toBeTruthy();

    writeFileSync('test-results/not-progress.json', '{"format":"outra-coisa"}');
    await index.getByTestId('progress-import').setInputFiles('test-results/not-progress.json');
    await expect(index.getByRole('alert').first().textContent()).resolves.toContain('não é um arquivo de progresso');
    await expect(index.getByText('✓ Concluída').count()).resolves.toBe(lessons.length);

    await index.getByTestId('progress-import').setInputFiles(file!);
    await expect(index.getByRole('status').first().textContent()).resolves.toContain('Progresso importado');
  });

  test('the glossary opens and closes', async () => {
    await page.getByRole('button', { name: 'Glossário' }).first().click();
    const glossary = page.getByTestId('glossary');
    await glossary.waitFor({ state: 'visible' });
    await expect(glossary.getByText('high watermark', { exact: true }).count()).resolves.toBe(1);
    await page.screenshot({ path: 'test-results/lessons-glossary.png' });
    await page.keyboard.press('Escape');
    await glossary.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });
});
