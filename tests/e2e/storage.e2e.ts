// The brokers' logs in the browser's private file system (OPFS): the same trace as in Node with the
// segments in files laid out like Kafka's log dirs; a segment's files downloaded from the partition
// inspector; a reload whose stored log has a torn tail is recovered the Kafka way and the page says
// so; and a full quota sends the logs to memory with a Portuguese notice while the run goes on.
// Leaves screenshots in test-results/storage-*.png, normal and presenter.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSimulation, parseScenario } from '../../sim/index.ts';
import type { Simulation } from '../../sim/api.ts';
import { defaultScenarioInput } from '../../sim/scenario/library/default.ts';
import type {} from '../../src/engine/test-hooks.ts';
import { collectErrors, launchChromium, waitEngineState } from './browser.ts';

const VIEWPORT = { width: 1280, height: 720 };
const UNTIL_MS = 8_000;

/** Every file under kafka-lab/ in OPFS, as 'generation/broker-N/topic-P/name' → size. */
async function opfsFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const out: Record<string, number> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, entry] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (entry.kind === 'directory') await walk(entry as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else out[`${prefix}${name}`] = (await (entry as FileSystemFileHandle).getFile()).size;
      }
    };
    const root = await navigator.storage.getDirectory();
    try {
      await walk(await root.getDirectoryHandle('kafka-lab'), '');
    } catch {
      // No kafka-lab/ yet.
    }
    return out;
  });
}

const logFiles = (files: Record<string, number>) => Object.entries(files).filter(([path, size]) => path.endsWith('.log') && size > 0);

describe('log storage in OPFS', () => {
  let browser: Browser;
  let sim: Simulation;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const parsed = parseScenario(defaultScenarioInput);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    sim = createSimulation(parsed.scenario);
    sim.runUntil(UNTIL_MS);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('segments go to files, a segment downloads under its Kafka name, and a reload recovers a torn tail', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    await page.evaluate((scenario) => window.__kafkaLab!.loadScenario(scenario), defaultScenarioInput);
    const hash = await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS);
    expect(hash).toBe(sim.traceHash());

    // Kafka's layout: <generation>/broker-<id>/<topic>-<partition>/<20 digits>.log, written between frames.
    await expect.poll(async () => logFiles(await opfsFiles(page)).length, { timeout: 15_000 }).toBeGreaterThan(3);
    const stored = logFiles(await opfsFiles(page));
    for (const [path] of stored) expect(path).toMatch(/^g\d{15}-\d{4}\/broker-\d+\/[\w.-]+-\d+\/\d{20}\.log$/);

    // Download a segment's .log and .index from the partition inspector.
    const p = sim.snapshot().topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    const leader = p.replicaStates.find((r) => r.broker === p.leader)!;
    const segment = leader.segments[0]!;
    await page.locator('[data-testid="cluster-replica"][data-partition="pedidos-0"]').first().click();
    const panel = page.getByTestId('inspector');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('partition');
    const button = panel.locator(`[data-testid="download-segment-file"][data-file="${segment.fileName}"]`);
    expect(await button.getAttribute('aria-label')).toBe(`Baixar o arquivo ${segment.fileName} do broker ${p.leader}`);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(segment.fileName);
    expect(readFileSync((await download.path())!).length).toBe(segment.sizeBytes);
    const indexName = segment.fileName.replace(/\.log$/, '.index');
    const [indexDownload] = await Promise.all([page.waitForEvent('download'), panel.locator(`[data-testid="download-segment-file"][data-file="${indexName}"]`).click()]);
    expect(indexDownload.suggestedFilename()).toBe(indexName);
    expect(readFileSync((await indexDownload.path())!).length).toBe(segment.offsetIndexEntries * 8);
    const timeName = segment.fileName.replace(/\.log$/, '.timeindex');
    const [timeDownload] = await Promise.all([page.waitForEvent('download'), panel.locator(`[data-testid="download-segment-file"][data-file="${timeName}"]`).click()]);
    expect(timeDownload.suggestedFilename()).toBe(timeName);
    expect(readFileSync((await timeDownload.path())!).length).toBe(segment.timeIndexEntries * 12);
    await page.mouse.move(0, 0);
    const segments = panel.getByTestId('inspect-segments');
    await segments.screenshot({ path: 'test-results/storage-download.png' });
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await segments.screenshot({ path: 'test-results/storage-download-presenter.png' });

    // Reload with a hook that tears the tail of one stored .log before the worker recovers it.
    const before = Object.keys(await opfsFiles(page)).flatMap((path) => (path.includes('/') ? [path.split('/')[0]!] : []));
    expect(before.length).toBeGreaterThan(0);
    await page.goto(`${inject('baseUrl')}?test-hooks&storage-tear-tail`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    const notice = page.getByTestId('storage-recovery');
    await notice.waitFor({ timeout: 15_000 });
    // The torn batch goes whole: what is left of it after the 5 bytes torn off.
    const cut = Number(await notice.getAttribute('data-bytes-truncated'));
    expect(cut).toBeGreaterThan(60);
    expect(cut).toBeLessThan(16_384);
    const text = (await notice.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Log recuperado da sessão anterior');
    expect(text).toContain('1 cauda truncada');
    expect(await page.getByTestId('storage-recovery-cut').count()).toBe(1);
    await notice.screenshot({ path: 'test-results/storage-recovery.png' });
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await notice.screenshot({ path: 'test-results/storage-recovery-presenter.png' });
    // The previous generation is deleted once the new simulation runs.
    await expect.poll(async () => Object.keys(await opfsFiles(page)).filter((path) => before.includes(path.split('/')[0]!)), { timeout: 15_000 }).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a full quota keeps the run going in memory and says so in Portuguese', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?test-hooks&storage-quota-bytes=20000`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    await page.evaluate((scenario) => window.__kafkaLab!.loadScenario(scenario), defaultScenarioInput);
    await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS / 2);
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-cause')).toBe('write-failed');
    expect((await notice.textContent())!.replace(/\s+/g, ' ')).toContain('cota de armazenamento excedida');
    // The run goes on with the same trace as in Node, with what did not fit kept in memory.
    const hash = await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS);
    expect(hash).toBe(sim.traceHash());
    const stored = await opfsFiles(page);
    const total = Object.values(stored).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(20_000 + 64);
    await notice.screenshot({ path: 'test-results/storage-quota.png' });
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await notice.screenshot({ path: 'test-results/storage-quota-presenter.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a browser without OPFS: the run is the same, in memory, and the notice says why in Portuguese', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?test-hooks&storage-unavailable`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-cause')).toBe('unavailable');
    const text = (await notice.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Segmentos só na memória');
    expect(text).toContain('continua funcionando normalmente');
    await page.evaluate((scenario) => window.__kafkaLab!.loadScenario(scenario), defaultScenarioInput);
    expect(await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS)).toBe(sim.traceHash());
    // Nothing went to files: no generation directory of this run.
    expect(logFiles(await opfsFiles(page))).toEqual([]);

    // A reload resumes from the engine state saved with the session, its logs in memory again.
    expect(await page.evaluate(() => window.__kafkaLab!.saveSession())).toBe(true);
    await waitEngineState(page, UNTIL_MS);
    await page.goto(`${inject('baseUrl')}?test-hooks&test-restore&storage-unavailable`);
    await page.waitForFunction(() => window.__kafkaLab?.ready() === true);
    expect(await page.evaluate(() => window.__kafkaLab!.restoredFrom())).toMatchObject({ state: true, fromMs: UNTIL_MS });
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(sim.traceHash());
    expect(logFiles(await opfsFiles(page))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
