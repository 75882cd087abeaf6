// The animated cluster view, used as a student would: the default scene shows the controller, the
// brokers and their replicas with the leaders the engine chose (checked against the same run in
// Node: the engine is deterministic); crashing a partition's leader moves the leadership to
// another broker with a higher epoch, called out on screen; clicking or pressing Enter on a broker,
// a producer or a link selects it; in a rebalance, eager members give up every partition at once
// and cooperative ones only those that move. Leaves screenshots in test-results/ (cluster-default.png,
// cluster-leader-moved.png, cluster-presenter.png, cluster-rebalance.png, cluster-large.png,
// cluster-large-presenter.png).
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium } from './browser.ts';
import { createSimulation, defaultScenario } from '../../sim/index.ts';
import { defaultScenarioJson, largeScene } from './cluster-scenes.ts';

const VIEWPORT = { width: 1280, height: 720 };

describe('the cluster view', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const selection = async (): Promise<unknown> => {
    const raw = await page.locator('.layout').getAttribute('data-selection');
    return raw ? JSON.parse(raw) : null;
  };
  /** Broker ids holding the leader mark of each partition of "pedidos", as drawn. */
  const drawnLeaders = async (): Promise<Record<string, number[]>> =>
    page.locator('[data-testid="cluster-replica"][data-role="leader"]').evaluateAll((nodes) => {
      const out: Record<string, number[]> = {};
      for (const node of nodes) (out[node.getAttribute('data-partition')!] ??= []).push(Number(node.getAttribute('data-broker')));
      return out;
    });

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.getByTestId('cluster-view').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the default scene: controller, three brokers, their replicas with the leaders the engine chose', async () => {
    await page.evaluate(async () => window.__kafkaLab!.runUntil(5000));
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5000);
    const snapshot = sim.snapshot();
    await expect.poll(() => page.evaluate(() => window.__kafkaLab!.nowMs())).toBe(5000);

    expect(await page.getByTestId('cluster-controller').count()).toBe(snapshot.controllers!.length);
    expect(await page.locator('[data-testid="cluster-controller"][data-active="true"]').getAttribute('data-controller')).toBe(
      String(snapshot.controllers!.find((c) => c.active)!.id),
    );
    expect(await page.getByTestId('cluster-broker').count()).toBe(3);
    const topic = snapshot.topics.find((t) => !t.internal)!;
    // One replica drawn per (partition, broker), exactly one leader mark per partition, where the engine put it.
    expect(await page.getByTestId('cluster-replica').count()).toBe(topic.partitions.reduce((n, p) => n + p.replicas.length, 0));
    const expected = Object.fromEntries(topic.partitions.map((p) => [`${p.topic}-${p.partition}`, [p.leader]]));
    expect(await drawnLeaders()).toEqual(expected);
    for (const p of topic.partitions) {
      for (const r of p.replicaStates) {
        const row = page.locator(`[data-testid="cluster-replica"][data-partition="${p.topic}-${p.partition}"][data-broker="${r.broker}"]`);
        expect(await row.getAttribute('data-leo')).toBe(String(r.logEndOffset));
        expect(await row.getAttribute('data-hw')).toBe(String(r.highWatermark));
      }
    }
    // The reader hears the state, in Portuguese.
    const label = await page.locator('[data-testid="cluster-broker"][data-broker="0"] [role="button"]').first().getAttribute('aria-label');
    expect(label).toMatch(/^Broker 0, no ar, leader de \d+ partiç(ão|ões), \d+ réplicas?$/);
    expect(await page.getByTestId('cluster-producer').count()).toBe(1);
    expect(await page.locator('[data-testid="cluster-group"][data-group="leitores"]').count()).toBe(1);
    await page.screenshot({ path: 'test-results/cluster-default.png' });
  });

  test('crash the leader of pedidos-0: a new leader with a higher epoch, called out on screen', async () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5000);
    const before = sim.snapshot().topics.find((t) => !t.internal)!.partitions[0]!;
    const scenario = { ...defaultScenarioJson(), schedule: [{ atMs: 5000, action: { type: 'crash-broker', broker: before.leader } }] };
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), scenario);
    await page.evaluate(async () => window.__kafkaLab!.runUntil(4900));
    const p0 = '[data-testid="cluster-replica"][data-partition="pedidos-0"]';
    await expect.poll(async () => (await drawnLeaders())['pedidos-0']).toEqual([before.leader]);
    const epochBefore = Number(await page.locator(`${p0}[data-role="leader"]`).getAttribute('data-epoch'));
    expect(epochBefore).toBe(before.leaderEpoch);

    await page.evaluate(async () => window.__kafkaLab!.runUntil(20_000));
    const leader = page.locator(`${p0}[data-role="leader"]`);
    await expect.poll(async () => Number(await leader.getAttribute('data-broker'))).not.toBe(before.leader);
    expect(Number(await leader.getAttribute('data-epoch'))).toBeGreaterThan(epochBefore);
    // The crashed broker: down, its replica of pedidos-0 offline.
    expect(await page.locator(`[data-testid="cluster-broker"][data-broker="${before.leader}"]`).getAttribute('data-state')).toBe('down');
    expect(await page.locator(`${p0}[data-broker="${before.leader}"]`).getAttribute('data-role')).toBe('offline');
    // The moment is called out: "época N→M" by the new leader.
    const moment = page.locator('[data-testid="cluster-moment"]', { hasText: `época ${epochBefore}→` }).first();
    await moment.waitFor({ timeout: 2000 });
    await page.screenshot({ path: 'test-results/cluster-leader-moved.png' });
  });

  test('clicking a broker, pressing Enter on a producer and clicking a link select them', async () => {
    await page.locator('[data-testid="cluster-broker"][data-broker="1"] .name').click();
    expect(await selection()).toEqual({ kind: 'broker', broker: 1 });
    await page.locator('[data-testid="cluster-producer"][data-producer="p1"] [role="button"]').focus();
    await page.keyboard.press('Enter');
    expect(await selection()).toEqual({ kind: 'producer', producer: 'p1' });
    await page.locator('[data-testid="cluster-replica"][data-partition="pedidos-1"]').first().click();
    expect(await selection()).toEqual({ kind: 'partition', topic: 'pedidos', partition: 1 });
    const link = page.locator('[data-testid="cluster-link"]').first();
    const key = (await link.getAttribute('data-link'))!.split('|');
    await link.focus();
    await page.keyboard.press(' ');
    expect(await selection()).toEqual({ kind: 'link', a: key[0], b: key[1] });
    await page.locator('[data-testid="cluster-controller"]').first().click();
    expect(await selection()).toEqual({ kind: 'controller', controller: 100 });
    expect(await page.locator('[data-testid="cluster-controller"] [role="button"]').first().getAttribute('aria-pressed')).toBe('true');
  });

  test('no serious or critical accessibility violation in the drawing (axe-core)', async () => {
    await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      const result = await axe.run(document.querySelector('.cluster-view')!, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
  });

  test('presenter mode: larger type in the drawing; screenshot', async () => {
    const presenter = page.getByRole('button', { name: 'Letras grandes' });
    const nameSize = async () => page.locator('[data-testid="cluster-broker"] .name').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await nameSize();
    await presenter.click();
    await expect.poll(nameSize).toBeGreaterThan(normal);
    await page.locator('.cluster-view').screenshot({ path: 'test-results/cluster-presenter.png' });
    await presenter.click();
  });

  test('eager vs cooperative: eager revokes everything at once, cooperative only what moves', async () => {
    const scenario = JSON.parse(readFileSync('scenarios/grupo-eager-vs-cooperativo.json', 'utf8')) as unknown;
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), scenario);
    const member = (id: string) => page.locator(`[data-testid="cluster-consumer"][data-consumer="${id}"]`);
    // t = 5219: the second members joined; eager's e1 gave up all three partitions, cooperative's k1 kept them.
    await page.evaluate(async () => window.__kafkaLab!.runUntil(5219));
    await expect.poll(() => member('e1').getAttribute('data-pending')).toBe('0,1,2');
    expect(await member('e1').getAttribute('data-owned')).toBe('');
    expect(await member('k1').getAttribute('data-owned')).toBe('0,1,2');
    expect(await page.locator('[data-testid="cluster-group"][data-group="eager"]').getAttribute('data-state')).toBe('PreparingRebalance');
    await page.locator('.cluster-view').screenshot({ path: 'test-results/cluster-rebalance.png' });
    // t = 5230: eager handed out 0,1 and 2 again; cooperative only took partition 2 away from k1.
    await page.evaluate(async () => window.__kafkaLab!.runUntil(5230));
    await expect.poll(() => member('e2').getAttribute('data-owned')).toBe('2');
    expect(await member('e1').getAttribute('data-owned')).toBe('0,1');
    expect(await member('k1').getAttribute('data-owned')).toBe('0,1');
    expect(await member('k2').getAttribute('data-owned')).toBe('');
  });

  test('a large scene aggregates: counts per broker, members as lines, still one mark per partition leader', async () => {
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), largeScene());
    await page.evaluate(async () => window.__kafkaLab!.runUntil(8000));
    const view = page.getByTestId('cluster-view');
    await expect.poll(() => page.getByTestId('cluster-broker').count()).toBe(9);
    expect(await view.getAttribute('data-detail')).toBe('counts');
    // The counts add up to the engine's: 200 leaders in all.
    const leaders = await page.locator('[data-testid="cluster-broker"] .count').evaluateAll((nodes) =>
      nodes.map((n) => /^★ (\d+) leaders?$/.exec(n.textContent ?? '')).reduce((sum, m) => sum + (m ? Number(m[1]) : 0), 0),
    );
    expect(leaders).toBe(200);
    expect(await page.getByTestId('cluster-consumer').count()).toBe(30);
    await page.getByTestId('cluster-view').screenshot({ path: 'test-results/cluster-large.png' });
    const presenter = page.getByRole('button', { name: 'Letras grandes' });
    await presenter.click();
    await page.getByTestId('cluster-view').screenshot({ path: 'test-results/cluster-large-presenter.png' });
    await presenter.click();
    expect(errors).toEqual([]);
  });
});
