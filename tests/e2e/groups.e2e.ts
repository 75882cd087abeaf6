// Consumer groups on screen, used as a student would on a 1366×768 projector: the default scenario's
// consumer c1 joins the group "leitores"; after Play the group panel shows it Stable with c1 owning
// the 3 partitions of "pedidos" and committed offsets appearing; the internal topic
// __consumer_offsets stays a collapsed line that the keyboard expands and collapses. During eager and
// cooperative rebalances the members' pending partitions show.
// Leaves screenshots in test-results/ (groups.png, groups-full.png, groups-presenter.png,
// groups-internal.png, groups-pending.png, groups-kip848.png).
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

  /** Nothing in the group panel is wider than the panel: no horizontal scrolling on a projector. */
  const noHorizontalScroll = async (): Promise<boolean> =>
    page.getByTestId('group-panel').evaluate((panel) =>
      [...panel.querySelectorAll('.table-scroll')].every((box) => box.scrollWidth <= box.clientWidth + 1),
    );
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
    await group.waitFor();
    expect(await group.getByRole('heading', { level: 3 }).textContent()).toContain('leitores');
    expect(await page.getByTestId('consumer-group').textContent()).toContain('leitores');
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

    // The consumer's own view of its membership.
    expect(await page.getByTestId('consumer-member-state').textContent()).toContain('STABLE');
    expect(await page.getByTestId('consumer-group').textContent()).toContain('automático');

    await page.getByRole('button', { name: 'Pausar' }).click();
    await page.getByRole('button', { name: 'Reproduzir' }).waitFor();
  });

  test('leaves screenshots of the group panel, normal and in presenter mode', async () => {
    await page.getByTestId('group-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('group-panel').evaluate((panel) => panel.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: 'test-results/groups.png' });
    await page.screenshot({ path: 'test-results/groups-full.png', fullPage: true });

    const presenter = page.getByRole('button', { name: 'Letras grandes' });
    await presenter.click();
    expect(await presenter.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('group-panel').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: 'test-results/groups-presenter.png' });
    expect(await noHorizontalScroll()).toBe(true);
    await presenter.click();
    expect(await presenter.getAttribute('aria-pressed')).toBe('false');
  });

  test('the internal topic is one collapsed line, expanded and collapsed from the keyboard', async () => {
    // Not listed as an ordinary topic.
    expect(await page.locator(`[data-testid="topic-table"][data-topic="${OFFSETS_TOPIC}"]`).count()).toBe(0);
    const internal = page.locator(`[data-testid="internal-topic"][data-topic="${OFFSETS_TOPIC}"]`);
    expect(await internal.textContent()).toContain('50 partições');
    const toggle = internal.getByRole('button', { name: 'Mostrar partições' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // Tab from the last partition of "pedidos" reaches the toggle.
    await page.getByRole('button', { name: 'Ver os segmentos de pedidos-2' }).focus();
    await page.keyboard.press('Tab');
    expect(await toggle.evaluate((button) => button === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    const hide = internal.getByRole('button', { name: 'Esconder partições' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    const table = internal.getByTestId('topic-table');
    expect(await table.isVisible()).toBe(true);
    expect(await table.getByTestId('partition-row').count()).toBe(50);
    // The partition that holds the group is marked.
    expect(await texts(table.getByTestId('holds-groups'))).toEqual(['guarda o grupo leitores ◆ leitores']);
    await table.getByTestId('holds-groups').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/groups-internal.png' });

    // Space on the focused button collapses it again (and does not toggle Play).
    expect(await hide.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    expect(await internal.getByRole('button', { name: 'Mostrar partições' }).getAttribute('aria-expanded')).toBe('false');
    expect(await internal.getByTestId('topic-table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reproduzir' }).isVisible()).toBe(true);
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
    await expect
      .poll(() => texts(eager.getByTestId('member-pending')), { timeout: 10_000 })
      .toEqual(['◌ pedidos-0 esperando', '◌ pedidos-1 esperando', '◌ pedidos-2 esperando']);
    expect(await eager.getByTestId('group-state').getAttribute('data-state')).toBe('Stable');
    expect(await texts(cooperative.getByTestId('member-pending'))).toEqual(['↩ pedidos-1 a devolver', '—', '—']);
    expect(await noHorizontalScroll()).toBe(true);
    await page.getByTestId('group-panel').screenshot({ path: 'test-results/groups-pending.png' });
    expect(errors).toEqual([]);
  });

  test('a KIP-848 group shows its group epoch, the members\' epochs and states, and its reconciliation', async () => {
    const scenario: unknown = JSON.parse(readFileSync('scenarios/grupo-kip848.json', 'utf8'));
    await page.evaluate(async (input) => window.__kafkaLab!.loadScenario(input), scenario);
    // At 5.212 s n2 has joined: group epoch 2, n1 must give pedidos-2 back before n2 may have it.
    await page.evaluate(async () => window.__kafkaLab!.runUntil(5_212));
    const kip848 = page.locator('[data-testid="group"][data-group="kip848"]');
    await expect.poll(() => kip848.getByTestId('group-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('Reconciling');
    expect(await kip848.textContent()).toContain('consumer (KIP-848)');
    expect(await kip848.textContent()).toContain('Epoch do grupo');
    expect(await texts(kip848.getByTestId('member-pending'))).toEqual(['↩ pedidos-2 a devolver', '—']);
    expect(await texts(kip848.getByTestId('member-epoch'))).toEqual(['epoch 1 · devolvendo', 'epoch 2 · esperando outro membro']);
    expect(await noHorizontalScroll()).toBe(true);
    await page.getByTestId('group-panel').screenshot({ path: 'test-results/groups-kip848.png' });
    expect(errors).toEqual([]);
  });
});
