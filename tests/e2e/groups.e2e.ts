// Consumer groups on screen, used as a student would on a 1366×768 projector: the default scenario's
// consumer c1 joins the group "leitores"; after Play the group's inspector (a click on the group in
// the cluster view) shows it Stable with c1 owning the 3 partitions of "pedidos" and committed
// offsets appearing; of the internal topic __consumer_offsets only the partition holding the group
// is listed, and its inspector says so. During eager and cooperative rebalances the members'
// pending partitions show.
// Leaves screenshots in test-results/ (groups.png, groups-full.png, groups-presenter.png,
// groups-internal.png, groups-pending-eager.png, groups-pending.png, groups-kip848.png).
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectErrors, launchChromium } from './browser.ts';

const VIEWPORT = { width: 1366, height: 768 };
const OFFSETS_TOPIC = '__consumer_offsets';

/** "1.234" (pt-BR) → 1234; NaN for anything else ("sem commit"). */
const integer = (text: string): number => (/^\s*[\d.]+\s*$/.test(text) ? Number(text.trim().replace(/\./g, '')) : Number.NaN);

describe('consumer groups', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let group: Locator;

  const inspector = () => page.getByTestId('inspector');
  /** Nothing in the inspector is wider than the panel: no horizontal scrolling on a projector. */
  const noHorizontalScroll = async (): Promise<boolean> =>
    inspector().evaluate((panel) =>
      panel.scrollWidth <= panel.clientWidth + 1 && [...panel.querySelectorAll('.table-scroll')].every((box) => box.scrollWidth <= box.clientWidth + 1),
    );
  /** Shows a group, a consumer or a partition in the inspector, as the picker above it does. */
  const pick = async (label: string, kind: string): Promise<void> => {
    await page.getByTestId('inspector-picker').selectOption({ label });
    await expect.poll(() => inspector().getAttribute('data-kind')).toBe(kind);
  };
  const texts = async (locator: Locator): Promise<string[]> => (await locator.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = collectErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    group = page.locator('[data-testid="group"][data-group="leitores"]');
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the first screen shows the group "leitores" of consumer c1 before anything runs', async () => {
    await page.locator('[data-testid="cluster-group"][data-group="leitores"] [role="button"]').first().click();
    await group.waitFor();
    expect(await group.getByRole('heading', { level: 3 }).textContent()).toContain('leitores');
    await page.locator('[data-testid="cluster-consumer"][data-consumer="c1"] .name').first().click();
    await expect.poll(() => inspector().getByTestId('inspect-consumer-group').textContent()).toContain('leitores');
    await pick('leitores', 'group');
  });

  test('Play: the group becomes Stable, c1 owns the 3 partitions and commits offsets', async () => {
    await page.getByRole('button', { name: 'Reproduzir' }).click();
    const state = group.getByTestId('group-state');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 30_000 }).toBe('Stable');
    expect(await state.textContent()).toMatch(/Estável\s+Stable/);
    expect(integer((await group.getByTestId('group-generation').textContent()) ?? '')).toBeGreaterThanOrEqual(1);
    expect((await texts(group.getByTestId('group-coordinator')))[0]).toMatch(/^broker \d __consumer_offsets-\d+$/);

    const members = group.getByTestId('group-member');
    expect(await members.count()).toBe(1);
    expect(await members.getByTestId('member-client').textContent()).toBe('c1');
    // The member id is shortened on screen and read out in full.
    expect(await members.getByRole('rowheader').textContent()).toMatch(/c1-[0-9a-f]{4}…\s*c1-[0-9a-f-]{36}/);
    expect(await texts(members.getByTestId('member-assigned'))).toEqual(['pedidos: 0, 1, 2']);
    expect(await texts(members.getByTestId('member-pending'))).toEqual(['—']);

    const rows = group.getByTestId('group-offset-row');
    expect(await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-partition')))).toEqual(['pedidos-0', 'pedidos-1', 'pedidos-2']);
    await expect.poll(async () => texts(group.getByTestId('group-owner')), { timeout: 20_000 }).toEqual(['c1', 'c1', 'c1']);
    // enable.auto.commit commits every auto.commit.interval.ms (5 s): wait for every partition's commit.
    await expect
      .poll(async () => (await texts(group.getByTestId('group-committed'))).every((text) => integer(text) > 0), { timeout: 30_000 })
      .toBe(true);
    const committed = (await texts(group.getByTestId('group-committed'))).map(integer);
    const ends = (await texts(group.getByTestId('group-end-offset'))).map(integer);
    committed.forEach((offset, i) => expect(offset).toBeLessThanOrEqual(ends[i]!));

    await page.getByRole('button', { name: 'Pausar', exact: true }).click();
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();

    // The consumer's own view of its membership.
    await pick('c1', 'consumer');
    expect(await inspector().getByTestId('inspect-consumer-member-state').textContent()).toContain('STABLE');
    expect(await inspector().getByTestId('inspect-consumer-commit').textContent()).toContain('automático');
    await pick('leitores', 'group');
  });

  test('leaves screenshots of the group inspector, normal and in presenter mode', async () => {
    await inspector().evaluate((panel) => panel.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: 'test-results/groups.png' });
    await page.screenshot({ path: 'test-results/groups-full.png', fullPage: true });

    const presenter = page.getByRole('button', { name: 'Letras grandes' });
    await presenter.click();
    expect(await presenter.getAttribute('aria-pressed')).toBe('true');
    await inspector().evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: 'test-results/groups-presenter.png' });
    expect(await noHorizontalScroll()).toBe(true);
    await presenter.click();
    expect(await presenter.getAttribute('aria-pressed')).toBe('false');
  });

  test('of the internal topic, only the partition holding the group is listed, and it says so', async () => {
    // Drawn as one summary line per broker, not as replicas of an ordinary topic.
    expect(await page.locator(`[data-testid="cluster-replica"][data-partition^="${OFFSETS_TOPIC}-"]`).count()).toBe(0);
    expect(await page.locator('[data-testid="cluster-broker"]').first().textContent()).toContain(OFFSETS_TOPIC);
    const coordinator = (await texts(group.getByTestId('group-coordinator')))[0]!;
    const holding = /__consumer_offsets-(\d+)$/.exec(coordinator)![1];
    const listed = await page
      .getByTestId('inspector-picker')
      .locator('option')
      .evaluateAll((options, topic) => options.map((o) => o.textContent ?? '').filter((text) => text.startsWith(`${topic}-`)), OFFSETS_TOPIC);
    expect(listed).toEqual([`${OFFSETS_TOPIC}-${holding}`]);

    await pick(`${OFFSETS_TOPIC}-${holding}`, 'partition');
    expect(await texts(inspector().getByTestId('holds-groups'))).toEqual(['◆ leitores']);
    expect(await inspector().getByTestId('inspect-replica').count()).toBe(3);
    await page.screenshot({ path: 'test-results/groups-internal.png' });
    expect(await noHorizontalScroll()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('rebalances show what a member waits for (eager) and what it still has to give back (cooperative)', async () => {
    const scenario: unknown = JSON.parse(readFileSync('scenarios/grupo-eager-vs-cooperativo.json', 'utf8'));
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), scenario);
    // At 10.230 s the third member has joined both groups: the eager group's members were just
    // handed generation 3 and own nothing yet; in the cooperative group k1 still reads pedidos-1,
    // which is no longer its own.
    await page.evaluate(async () => window.__kafkaLab!.runUntil(10_230));
    const eager = page.locator('[data-testid="group"][data-group="eager"]');
    const cooperative = page.locator('[data-testid="group"][data-group="cooperativo"]');
    await pick('eager', 'group');
    await expect
      .poll(() => texts(eager.getByTestId('member-pending')), { timeout: 10_000 })
      .toEqual(['◌ pedidos-0 esperando', '◌ pedidos-1 esperando', '◌ pedidos-2 esperando']);
    expect(await eager.getByTestId('group-state').getAttribute('data-state')).toBe('Stable');
    expect(await noHorizontalScroll()).toBe(true);
    await inspector().screenshot({ path: 'test-results/groups-pending-eager.png' });
    await pick('cooperativo', 'group');
    expect(await texts(cooperative.getByTestId('member-pending'))).toEqual(['↩ pedidos-1 a devolver', '—', '—']);
    expect(await noHorizontalScroll()).toBe(true);
    await inspector().screenshot({ path: 'test-results/groups-pending.png' });
    expect(errors).toEqual([]);
  });

  test('a KIP-848 group shows its group epoch, the members\' epochs and states, and its reconciliation', async () => {
    const scenario: unknown = JSON.parse(readFileSync('scenarios/grupo-kip848.json', 'utf8'));
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), scenario);
    // At 5.212 s n2 has joined: group epoch 2, n1 must give pedidos-2 back before n2 may have it.
    await page.evaluate(async () => window.__kafkaLab!.runUntil(5_212));
    const kip848 = page.locator('[data-testid="group"][data-group="kip848"]');
    await pick('kip848', 'group');
    await expect.poll(() => kip848.getByTestId('group-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('Reconciling');
    expect(await kip848.textContent()).toContain('consumer (KIP-848)');
    expect(await kip848.textContent()).toContain('Epoch do grupo');
    expect(await texts(kip848.getByTestId('member-pending'))).toEqual(['↩ pedidos-2 a devolver', '—']);
    expect(await texts(kip848.getByTestId('member-epoch'))).toEqual(['epoch 1 · devolvendo', 'epoch 2 · esperando outro membro']);
    expect(await noHorizontalScroll()).toBe(true);
    await inspector().screenshot({ path: 'test-results/groups-kip848.png' });
    expect(errors).toEqual([]);
  });
});
