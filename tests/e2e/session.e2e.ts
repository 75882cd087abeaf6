// Sessions survive a reload and travel (src/session): produce by hand, reload, the same time,
// offsets, records and selection; the share dialog's link opened in a fresh browser context gives
// the same trace hash; a session file goes out and comes back; a bad link and a bad file are
// refused with a message and the current session kept. One browser, few page loads.
// Screenshots: test-results/session-*.png, normal and presenter.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, waitEngineState } from './browser.ts';

const VIEWPORT = { width: 1280, height: 720 };

interface Picture {
  timeMs: number;
  hash: string;
  offsets: string;
  selection: string | null;
}

describe('sessions: reload, link, file', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let produced: Picture;
  let link: string;

  const base = () => new URL(inject('baseUrl'));

  async function waitReady(p: Page): Promise<void> {
    await p.waitForFunction(() => window.__kafkaLab?.ready() === true, undefined, { timeout: 30_000 });
  }

  async function picture(p: Page): Promise<Picture> {
    return p.evaluate(async () => {
      const hooks = window.__kafkaLab!;
      const snapshot = hooks.snapshot()!;
      const offsets = snapshot.topics.flatMap((topic) => topic.partitions.map((p) => `${topic.name}-${p.partition}:${p.logEndOffset}/${p.highWatermark}`)).join(' ');
      return { timeMs: hooks.nowMs(), hash: await hooks.traceHash(), offsets, selection: document.querySelector('.layout')?.getAttribute('data-selection') ?? null };
    });
  }

  /** Waits until the stored session has the time and the number of inputs given. */
  async function waitSaved(p: Page, timeMs: number, inputs: number): Promise<void> {
    await p.waitForFunction(
      ([t, n]) => {
        const saved = window.__kafkaLab!.savedSession();
        return saved !== null && saved.timeMs === t && saved.inputs.length === n;
      },
      [timeMs, inputs] as const,
      { timeout: 10_000 },
    );
  }

  /** Every record of every replica of `pedidos`, as "broker/partition@offset key=value", read as the inspector reads them. */
  async function storedRecords(p: Page): Promise<string[]> {
    return p.evaluate(async () => {
      const rows: string[] = [];
      for (const broker of [0, 1, 2]) {
        for (const partition of [0, 1, 2]) {
          for (let page = 0; ; page++) {
            const result = await window.__kafkaLab!.inspect({ kind: 'records', broker, topic: 'pedidos', partition, page, pageSize: 100 });
            if (!result?.ok || result.kind !== 'records') throw new Error(`inspect failed: ${JSON.stringify(result)}`);
            for (const r of result.records) rows.push(`${broker}/${partition}@${r.offset} ${JSON.stringify(r.key)}=${JSON.stringify(r.value)}`);
            if (result.records.length < 100) break;
          }
        }
      }
      return rows;
    });
  }

  /** The log generations (one directory per simulation) in OPFS. */
  async function generations(p: Page): Promise<string[]> {
    return p.evaluate(async () => {
      const names: string[] = [];
      try {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('kafka-lab');
        for await (const [name, entry] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) if (entry.kind === 'directory') names.push(name);
      } catch {
        // No kafka-lab/ yet.
      }
      return names.sort();
    });
  }

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base().origin });
    page = await context.newPage();
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('produce by hand, reload: the same time, offsets, records and selection', async () => {
    const url = base();
    url.search = '?test-hooks&test-restore';
    await page.goto(url.toString());
    await waitReady(page);
    expect(await page.evaluate(() => window.__kafkaLab!.nowMs())).toBe(0);
    await page.evaluate(() => window.__kafkaLab!.runUntil(1500));
    for (const value of ['primeiro', 'segundo ✓', 'terceiro']) {
      const result = await page.evaluate((v) => window.__kafkaLab!.apply({ type: 'produce', producer: 'p1', key: 'pedido-7', value: v }), value);
      expect(result.ok).toBe(true);
    }
    await page.evaluate(() => window.__kafkaLab!.runUntil(3000));
    await page.locator('[data-testid="cluster-replica"][data-partition="pedidos-2"]').first().click();
    await waitSaved(page, 3000, 3);
    await page.waitForFunction(() => {
      const selection = window.__kafkaLab!.savedSession()?.ui.selection;
      return selection?.kind === 'partition' && selection.partition === 2;
    });
    produced = await picture(page);
    expect(produced.selection).toContain('"partition":2');
    const records = await storedRecords(page);
    expect(records.filter((r) => r.includes('pedido-7')).length).toBe(9); // 3 records × 3 replicas
    await waitEngineState(page, 3000);

    await page.reload();
    // The saved picture comes first, then the engine's own frames; both at the same moment.
    await page.getByTestId('cluster-broker').first().waitFor();
    expect(await page.evaluate(() => window.__kafkaLab!.nowMs())).toBe(3000);
    await waitReady(page);
    expect(await picture(page)).toEqual(produced);
    expect(await page.evaluate(() => window.__kafkaLab!.restoreWallMs())).toBeGreaterThan(0);
    // The worker resumed from the engine state it saved at 3 s, not by replaying from the start,
    // with every replica's log as it was: the same records at the same offsets.
    expect(await page.evaluate(() => window.__kafkaLab!.restoredFrom())).toMatchObject({ state: true, fromMs: 3000, skipped: null });
    expect(await storedRecords(page)).toEqual(records);

    // Back in time, then reload: the same earlier moment, the three records still ahead, and
    // playing on brings them back at their places.
    const hashAt3000 = await page.evaluate(() => window.__kafkaLab!.traceHash());
    await page.evaluate(() => window.__kafkaLab!.rewind(1000));
    await waitSaved(page, 1000, 3);
    await waitEngineState(page, 1000);
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => window.__kafkaLab!.nowMs())).toBe(1000);
    expect(await page.evaluate(() => window.__kafkaLab!.restoredFrom())).toMatchObject({ state: true, fromMs: 1000 });
    expect(await page.evaluate(() => window.__kafkaLab!.runUntil(3000))).toBe(hashAt3000);
    expect(await picture(page)).toEqual(produced);

    expect(errors).toEqual([]);
  });

  test('the share dialog: a copied link opened in a fresh browser context reproduces the trace hash', async () => {
    await page.getByTestId('share-button').click();
    const dialog = page.getByTestId('share-dialog');
    await dialog.waitFor();
    await page.screenshot({ path: 'test-results/session-share.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).evaluate((button: HTMLButtonElement) => button.click());
    await page.screenshot({ path: 'test-results/session-share-presenter.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).evaluate((button: HTMLButtonElement) => button.click());
    await dialog.getByRole('button', { name: 'Copiar link' }).click();
    await dialog.getByText('Link copiado.').waitFor();
    link = await page.evaluate(() => navigator.clipboard.readText());
    await dialog.getByRole('button', { name: 'Fechar' }).click();
    expect(new URL(link).searchParams.get('sessao')).toMatch(/^[A-Za-z0-9_-]+$/);

    const fresh = await browser.newContext({ viewport: VIEWPORT });
    try {
      const other = await fresh.newPage();
      const otherErrors = collectErrors(other);
      const opened = new URL(link);
      opened.searchParams.set('test-hooks', '');
      await other.goto(opened.toString());
      await waitReady(other);
      expect(await picture(other)).toEqual(produced);
      // The link is taken out of the address: a reload brings back the stored session, not the link.
      expect(new URL(other.url()).searchParams.has('sessao')).toBe(false);
      await other.getByTestId('session-notice').getByText('Sessão aberta a partir do link.').waitFor();
      expect(otherErrors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  test('a session file goes out and comes back; a bad file is refused and the session kept', async () => {
    await page.getByTestId('share-button').click();
    const dialog = page.getByTestId('share-dialog');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Baixar arquivo da sessão' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^sessao-kafka-lab-.*\.json$/);
    const path = await download.path();
    await dialog.getByRole('button', { name: 'Fechar' }).click();

    // The run moves on, then the file brings it back.
    await page.evaluate(() => window.__kafkaLab!.apply({ type: 'crash-broker', broker: 1 }));
    await page.evaluate(() => window.__kafkaLab!.runUntil(6000));
    expect((await picture(page)).hash).not.toBe(produced.hash);
    const generationsBefore = await generations(page);
    expect(generationsBefore.length).toBeGreaterThan(0);
    await page.getByTestId('share-button').click();
    await dialog.locator('input[type=file]').setInputFiles(path);
    await dialog.waitFor({ state: 'hidden' });
    await waitReady(page);
    expect(await picture(page)).toEqual(produced);
    // The replaced worker's log directories are deleted by the new one, not left to the next start.
    await expect.poll(async () => (await generations(page)).filter((name) => generationsBefore.includes(name)), { timeout: 15_000 }).toEqual([]);

    await page.getByTestId('share-button').click();
    await dialog.locator('input[type=file]').setInputFiles({ name: 'sessao.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"kafka-lab-session","version":1,"scenario":{}}') });
    const refused = dialog.getByTestId('share-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('O arquivo de sessão foi recusado.');
    await page.screenshot({ path: 'test-results/session-file-refused.png' });
    await dialog.getByRole('button', { name: 'Fechar' }).click();
    expect(await picture(page)).toEqual(produced);
    expect(errors).toEqual([]);
  });

  test('a bad link is refused with a message; the stored session comes back untouched', async () => {
    await waitSaved(page, 3000, 3);
    const url = base();
    url.search = '?test-hooks&test-restore&sessao=eJzLSM3JyVcozy_KSQEAGgQEXQ';
    await page.goto(url.toString());
    const notice = page.getByTestId('session-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('refused');
    expect(await notice.textContent()).toContain('O link de sessão foi recusado.');
    await waitReady(page);
    expect(await picture(page)).toEqual(produced);
    await page.screenshot({ path: 'test-results/session-link-refused.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await page.screenshot({ path: 'test-results/session-link-refused-presenter.png' });
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    expect(errors.filter((e) => !e.includes('kafka-lab'))).toEqual([]);
  });

  test('storage full: a notice, the run goes on in memory, the stored session is not touched', async () => {
    await page.evaluate(() => {
      const original = IDBObjectStore.prototype.put;
      (window as unknown as { __put: typeof original }).__put = original;
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('simulated', 'QuotaExceededError');
      };
    });
    await page.evaluate(() => window.__kafkaLab!.apply({ type: 'crash-broker', broker: 2 }));
    await page.evaluate(() => window.__kafkaLab!.runUntil(4000));
    const notice = page.getByTestId('session-notice');
    await page.waitForFunction(() => window.__kafkaLab!.sessionNotice()?.kind === 'saveFailed', undefined, { timeout: 10_000 });
    expect(await notice.textContent()).toContain('Não há mais espaço para salvar a sessão neste navegador.');
    expect(await page.evaluate(() => window.__kafkaLab!.nowMs())).toBe(4000);
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('kafka-lab');
          open.onsuccess = () => {
            const get = open.result.transaction('session').objectStore('session').get('current');
            get.onsuccess = () => resolve((get.result as { doc: { timeMs: number } }).doc.timeMs);
            get.onerror = () => reject(get.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(stored).toBe(3000);
    await page.screenshot({ path: 'test-results/session-save-failed.png' });
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = (window as unknown as { __put: typeof IDBObjectStore.prototype.put }).__put;
    });
    // Saving resumes with the next change (or a retry a few seconds later) and the notice goes away.
    await page.evaluate(() => window.__kafkaLab!.runUntil(4500));
    await waitSaved(page, 4500, 4);
    expect(await page.evaluate(() => window.__kafkaLab!.sessionNotice())).toBeNull();
  });

  test('inside a lesson: a reload comes back at the same step, time and trace, without preparing the step again', async () => {
    const prepared = () =>
      page.waitForFunction(() => {
        const state = document.querySelector('[data-testid=lesson-panel]')?.getAttribute('data-state');
        return state !== undefined && state !== null && state !== 'preparing';
      }, undefined, { timeout: 30_000 });
    const url = base();
    url.search = '?test-hooks&test-restore';
    url.hash = '#/licoes/particoes-e-chaves/2';
    await page.goto(url.toString());
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    await prepared();
    await waitReady(page);
    const before = await picture(page);
    await page.waitForFunction(
      (t) => {
        const saved = window.__kafkaLab!.savedSession();
        return saved?.timeMs === t && saved.ui.lesson?.step === 2;
      },
      before.timeMs,
      { timeout: 10_000 },
    );
    const state = await panel.getAttribute('data-state');

    await page.reload();
    await panel.waitFor();
    await prepared();
    await waitReady(page);
    expect(page.url()).toContain('#/licoes/particoes-e-chaves/2');
    expect(await panel.getAttribute('data-step')).toBe('2');
    expect(await panel.getAttribute('data-state')).toBe(state);
    expect(await picture(page)).toEqual(before);
    expect(errors.filter((e) => !e.includes('kafka-lab'))).toEqual([]);
  });

  test('a record produced right before a reload, within the save delay, is not lost', async () => {
    const url = base();
    url.search = '?test-hooks&test-restore';
    await page.goto(url.toString());
    await waitReady(page);
    await page.evaluate(() => window.__kafkaLab!.saveSession());
    const before = await page.evaluate(() => window.__kafkaLab!.savedSession()!.inputs.length);
    expect((await page.evaluate(() => window.__kafkaLab!.apply({ type: 'produce', producer: 'p1', key: 'ultimo', value: 'antes do reload' }))).ok).toBe(true);
    await page.reload();
    await waitReady(page);
    await page.evaluate(() => window.__kafkaLab!.saveSession());
    const inputs = await page.evaluate(() => window.__kafkaLab!.savedSession()!.inputs);
    expect(inputs).toHaveLength(before + 1);
    expect(inputs.at(-1)!.action).toMatchObject({ type: 'produce', key: 'ultimo' });
    expect(errors).toEqual([]);
  });
});
