// The inspectors of the side panel, opened as a student would (with the panel's picker, and by
// clicking a partition row): broker, controller, partition with its segments, records page 2, a
// search, a record batch's bytes, group, producer, consumer and link. Every value checked is read
// from the same simulation run in Node (the engine is deterministic), not invented by the test.
// Leaves screenshots in test-results/inspector-*.png, normal and presenter.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createSimulation, parseScenario } from '../../sim/index.ts';
import type { Simulation } from '../../sim/api.ts';
import type { FrameSnapshot } from '../../sim/snapshot.ts';
import type { RecordsResult, BatchResult } from '../../sim/inspect/types.ts';
import { defaultScenarioInput } from '../../sim/scenario/library/default.ts';
import type {} from '../../src/engine/test-hooks.ts';
import { collectErrors, launchChromium } from './browser.ts';

const VIEWPORT = { width: 1280, height: 720 };
const UNTIL_MS = 30_000;
/** The default scene plus one record produced by hand with a null key and headers, to partition 0. */
const SCENARIO = {
  ...defaultScenarioInput,
  schedule: [
    {
      atMs: 1_500,
      action: { type: 'produce', producer: 'p1', key: null, value: 'pedido manual', headers: [{ key: 'origem', value: 'aula' }, { key: 'turma', value: '3B' }], partition: 0 },
    },
  ],
};

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** "1.234" (pt-BR) → 1234. */
const integer = (text: string | null): number => Number((text ?? '').trim().replace(/\./g, ''));
const squash = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();

describe('inspectors', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let sim: Simulation;
  let snap: FrameSnapshot;
  let panel: Locator;

  const pick = async (label: string): Promise<void> => {
    await page.getByTestId('inspector-picker').selectOption({ label });
  };
  const shot = async (name: string): Promise<void> => {
    await page.mouse.move(0, 0);
    await panel.screenshot({ path: `test-results/inspector-${name}.png` });
  };

  /** axe-core's serious and critical violations inside the inspector panel. */
  const axeViolations = async (): Promise<string[]> => {
    await page.addScriptTag({ path: AXE_PATH });
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (el: Element) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document.querySelector('[data-testid="inspector"]')!);
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    const parsed = parseScenario(SCENARIO);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    sim = createSimulation(parsed.scenario);
    sim.runUntil(UNTIL_MS);
    snap = sim.snapshot();

    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = collectErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.waitForFunction(() => window.__kafkaLab !== undefined);
    panel = page.getByTestId('inspector');
    await panel.waitFor();
    await page.evaluate((scenario) => window.__kafkaLab!.loadScenario(scenario), SCENARIO);
    const hash = await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS);
    expect(hash).toBe(sim.traceHash());
    await page.waitForFunction((t) => window.__kafkaLab!.nowMs() === t, UNTIL_MS);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('nothing selected: the panel says what to do', async () => {
    expect(await panel.textContent()).toContain('Clique em um broker');
    await shot('empty');
  });

  test('broker inspector', async () => {
    const broker = snap.brokers[0]!;
    await pick('Broker 0');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('broker');
    expect(squash(await panel.getByTestId('inspect-broker-status').textContent())).toContain('no ar');
    expect(squash(await panel.getByTestId('inspect-broker-state').textContent())).toContain('running');
    expect(squash(await panel.getByTestId('inspect-broker-fenced').textContent())).toBe('não');
    expect(integer(await panel.getByTestId('inspect-broker-leaderships').textContent())).toBe(broker.leaderOf);
    expect(integer(await panel.getByTestId('inspect-broker-replicas').textContent())).toBe(broker.replicaCount);
    const coordinated = snap.groups.filter((g) => g.coordinator === 0).map((g) => g.groupId);
    expect(squash(await panel.getByTestId('inspect-broker-coordinator').textContent())).toBe(coordinated.length ? coordinated.join(', ') : '—');
    const rows = await panel.getByTestId('inspect-broker-partition').evaluateAll((list) => list.map((row) => row.getAttribute('data-partition')));
    expect(rows.filter((r) => r?.startsWith('pedidos'))).toEqual(['pedidos-0', 'pedidos-1', 'pedidos-2']);
    await shot('broker');
  });

  test('controller inspector', async () => {
    const controller = snap.controllers![0]!;
    await pick(`Controller ${controller.id}`);
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('controller');
    expect(await panel.getByTestId('inspect-controller-active').getAttribute('data-active')).toBe(String(controller.active));
    expect(integer(await panel.getByTestId('inspect-controller-epoch').textContent())).toBe(controller.epoch);
    expect(integer(await panel.getByTestId('inspect-controller-leo').textContent())).toBe(controller.logEndOffset);
    expect(integer(await panel.getByTestId('inspect-controller-hw').textContent())).toBe(controller.highWatermark);
    expect(squash(await panel.getByTestId('inspect-controller-role').textContent())).toContain(controller.role);
    await shot('controller');
  });

  test('partition inspector, from a click on a replica in the cluster view: summary, replicas and segments', async () => {
    const p = snap.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    await page.locator('[data-testid="cluster-replica"][data-partition="pedidos-0"]').first().click();
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('partition');
    expect(integer(await panel.getByTestId('inspect-log-start').textContent())).toBe(p.logStartOffset);
    expect(integer(await panel.getByTestId('inspect-log-end').textContent())).toBe(p.logEndOffset);
    expect(integer(await panel.getByTestId('inspect-hw').textContent())).toBe(p.highWatermark);
    expect(await panel.getByTestId('inspect-leader').getAttribute('data-leader')).toBe(String(p.leader));
    expect(squash(await panel.getByTestId('inspect-isr').textContent())).toContain(`${p.isr.length} de ${p.replicas.length}`);
    expect(await panel.getByTestId('inspect-not-preferred').count()).toBe(p.leader === p.replicas[0] ? 0 : 1);
    expect(integer(await panel.getByTestId('inspect-leader-epoch').textContent())).toBe(p.leaderEpoch);
    const leos = await panel.getByTestId('inspect-replica-leo').allTextContents();
    expect(leos.map(integer)).toEqual(p.replicaStates.map((r) => r.logEndOffset));

    const leader = p.replicaStates.find((r) => r.broker === p.leader)!;
    const segments = panel.getByTestId('inspect-segment');
    await expect.poll(() => segments.count()).toBe(leader.segments.length);
    expect(leader.segments.length).toBeGreaterThan(1);
    const bases = await segments.evaluateAll((list) => list.map((row) => Number(row.getAttribute('data-base-offset'))));
    expect(bases).toEqual(leader.segments.map((s) => s.baseOffset));
    expect(await segments.last().textContent()).toContain('ativo');
    await shot('partition');
  });

  test('records: page 2 and its values are the engine’s', async () => {
    const p = snap.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    await panel.getByTestId('tab-records').click();
    const caption = panel.getByTestId('records-caption');
    await caption.waitFor();
    await panel.getByRole('button', { name: 'Próxima página' }).click();
    await expect.poll(() => caption.getAttribute('data-page')).toBe('1');
    const expected = sim.inspect({ kind: 'records', topic: 'pedidos', partition: 0, broker: p.leader, page: 1 }) as RecordsResult;
    expect(expected.ok).toBe(true);
    expect(await caption.getAttribute('data-page-count')).toBe(String(expected.pageCount));
    const offsets = await panel.getByTestId('record-row').evaluateAll((list) => list.map((row) => Number(row.getAttribute('data-offset'))));
    expect(offsets).toEqual(expected.records.map((r) => r.offset));
    expect(await panel.getByTestId('record-key').allTextContents()).toEqual(expected.records.map((r) => r.key?.text ?? 'null'));
    await shot('records');
  });

  test('jumping to an offset out of range is refused in Portuguese; the page stays', async () => {
    await panel.getByTestId('records-jump').fill('999999');
    await panel.getByTestId('records-jump').press('Enter');
    const error = panel.getByTestId('records-error');
    await expect.poll(() => error.getAttribute('data-error')).toBe('OFFSET_OUT_OF_RANGE');
    expect(await error.textContent()).toContain('fora do log');
    await shot('records-error');
    expect(await panel.getByTestId('records-caption').getAttribute('data-page')).toBe('1');
    await panel.getByTestId('records-jump').fill('abc');
    await panel.getByTestId('records-jump').press('Enter');
    await expect.poll(() => error.getAttribute('data-error')).toBe('BAD_NUMBER');
  });

  test('search: the record produced by hand (null key, headers) is found; nothing found says so', async () => {
    const search = panel.getByTestId('records-search');
    await search.fill('manual');
    await search.press('Enter');
    const rows = panel.getByTestId('record-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await panel.getByTestId('records-caption').textContent()).toContain('1 registro contém');
    expect(await rows.getByTestId('record-key').textContent()).toBe('null');
    expect(await rows.getByTestId('record-value').textContent()).toBe('pedido manual');
    expect(await rows.getByTestId('record-header').allTextContents()).toEqual(['origem=aula', 'turma=3B']);
    await shot('search');

    await search.fill('não-existe-nada');
    await search.press('Enter');
    await expect.poll(() => panel.getByTestId('records-empty').textContent()).toContain('Nenhum registro contém');
    await search.fill('manual');
    await search.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
  });

  test("a record's bytes, annotated field by field, as the codec reads them", async () => {
    const p = snap.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    const row = panel.getByTestId('record-row').first();
    const offset = Number(await row.getAttribute('data-offset'));
    await row.getByRole('button').click();
    const bytes = panel.getByTestId('batch-bytes');
    await bytes.getByTestId('hex-dump').waitFor();
    const expected = sim.inspect({ kind: 'batch', topic: 'pedidos', partition: 0, broker: p.leader, offset }) as BatchResult;
    expect(expected.ok).toBe(true);
    const cells = await bytes.locator('.byte').allTextContents();
    expect(cells.join('')).toBe(Buffer.from(expected.bytes).toString('hex'));
    const fields = await bytes.getByTestId('byte-fields').getByRole('button').evaluateAll((list) =>
      list.map((b) => [b.getAttribute('data-field'), Number(b.getAttribute('data-start')), Number(b.getAttribute('data-end'))]),
    );
    expect(fields).toEqual(expected.annotations.map((a) => [a.field, a.start, a.end]));
    expect(await bytes.getByTestId('batch-crc').getAttribute('data-valid')).toBe('true');

    // Focusing a field highlights exactly its bytes and explains it (the pointer out of the way).
    await page.mouse.move(0, 0);
    const keyLength = bytes.locator('button[data-field="record.keyLength"]').first();
    await keyLength.focus();
    expect(await bytes.getByTestId('byte-detail-value').textContent()).toBe('= -1');
    expect(await bytes.getByTestId('byte-detail').textContent()).toContain('null');
    const annotation = expected.annotations.find((a) => a.field === 'record.keyLength')!;
    const lit = await bytes.locator('.byte.on').count();
    expect(lit).toBe(annotation.end - annotation.start);
    const attributes = bytes.locator('button[data-field="attributes"]');
    await attributes.focus();
    expect(await bytes.getByTestId('byte-detail').textContent()).toContain('compressão: none');
    await bytes.locator('button[data-field="header.key"]').first().focus();
    expect(await bytes.getByTestId('byte-detail-value').textContent()).toBe('= origem');
    const noHorizontalScroll = await panel.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(noHorizontalScroll).toBe(true);
    await shot('bytes');
    expect(await axeViolations()).toEqual([]);
  });

  test('consumer group inspector', async () => {
    const group = snap.groups.find((g) => g.groupId === 'leitores')!;
    await pick('leitores');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('group');
    expect(await panel.getByTestId('group-state').getAttribute('data-state')).toBe(group.state);
    expect(integer(await panel.getByTestId('group-generation').textContent())).toBe(group.generation);
    const committed = (await panel.getByTestId('group-committed').allTextContents()).map(integer);
    expect(committed).toEqual(group.offsets.map((o) => o.committed));
    expect((await panel.getByTestId('group-end-offset').allTextContents()).map(integer)).toEqual(group.offsets.map((o) => o.endOffset));
    await shot('group');
  });

  test('producer inspector', async () => {
    const producer = snap.producers.find((p) => p.id === 'p1')!;
    await pick('p1');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('producer');
    expect(integer(await panel.getByTestId('inspect-producer-sent').textContent())).toBe(producer.sent);
    expect(integer(await panel.getByTestId('inspect-producer-acked').textContent())).toBe(producer.acked);
    expect(integer(await panel.getByTestId('inspect-producer-failed').textContent())).toBe(producer.failedTotal);
    expect(integer(await panel.getByTestId('inspect-producer-retries').textContent())).toBe(producer.retries);
    expect(squash(await panel.getByTestId('inspect-producer-idempotent').textContent())).toBe(producer.idempotent ? 'sim' : 'não');
    await shot('producer');
  });

  test('consumer inspector', async () => {
    const consumer = snap.consumers.find((c) => c.id === 'c1')!;
    await pick('c1');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('consumer');
    expect(integer(await panel.getByTestId('inspect-consumer-consumed').textContent())).toBe(consumer.consumed);
    expect(integer(await panel.getByTestId('inspect-consumer-processed').textContent())).toBe(consumer.processed);
    expect(squash(await panel.getByTestId('inspect-consumer-group').textContent())).toBe('leitores');
    expect(squash(await panel.getByTestId('inspect-consumer-coordinator').textContent())).toBe(`broker ${consumer.coordinator}`);
    expect(squash(await panel.getByTestId('inspect-consumer-generation').textContent())).toBe(String(consumer.generation));
    expect((await panel.getByTestId('inspect-consumer-position').allTextContents()).map(integer)).toEqual(consumer.assignment.map((a) => a.position));
    expect((await panel.getByTestId('inspect-consumer-lag').allTextContents()).map(integer)).toEqual(consumer.assignment.map((a) => a.lag));
    await shot('consumer');
  });

  test('link inspector', async () => {
    await pick('broker-0 ↔ broker-1');
    await expect.poll(() => panel.getAttribute('data-kind')).toBe('link');
    const count = snap.inFlight.filter((m) => (m.from === 'broker-0' && m.to === 'broker-1') || (m.from === 'broker-1' && m.to === 'broker-0')).length;
    const text = squash(await panel.getByTestId('inspect-link-count').textContent());
    expect(text).toBe(count === 0 ? 'Nenhuma mensagem em voo' : count === 1 ? '1 mensagem em voo' : `${count} mensagens em voo`);
    await shot('link');
  });

  test('presenter mode: the partition bytes and the broker stay readable', async () => {
    await page.evaluate(() => document.documentElement.classList.add('presenter'));
    await page.locator('[data-testid="cluster-replica"][data-partition="pedidos-0"]').first().click();
    await panel.getByTestId('tab-records').click();
    await panel.getByTestId('record-row').first().getByRole('button').click();
    await panel.getByTestId('hex-dump').waitFor();
    await panel.locator('button[data-field="crc"]').focus();
    await shot('bytes-presenter');
    await pick('Broker 0');
    await shot('broker-presenter');
    expect(await axeViolations()).toEqual([]);
    await pick('leitores');
    await shot('group-presenter');
    await page.evaluate(() => document.documentElement.classList.remove('presenter'));
    await page.screenshot({ path: 'test-results/inspector-page.png' });
    expect(errors).toEqual([]);
  });

  test('while the simulation plays, the records page follows the log without errors', async () => {
    await pick('pedidos-0');
    await panel.getByTestId('tab-records').click();
    const caption = panel.getByTestId('records-caption');
    await caption.waitFor();
    const before = Number(await caption.getAttribute('data-page-count'));
    await page.getByRole('button', { name: 'Reproduzir' }).click();
    await expect.poll(async () => Number(await caption.getAttribute('data-page-count')), { timeout: 30_000 }).toBeGreaterThan(before);
    await page.getByRole('button', { name: 'Pausar' }).click();
    await panel.getByRole('button', { name: 'Última página' }).click();
    await expect.poll(async () => (await caption.getAttribute('data-page')) === String(Number(await caption.getAttribute('data-page-count')) - 1)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('after the leader crashes: broker down and fenced, partition led by another broker, offline replica, under-replicated', async () => {
    const crashed = { ...SCENARIO, schedule: [...SCENARIO.schedule, { atMs: 5_000, action: { type: 'crash-broker', broker: 0 } }] };
    const parsed = parseScenario(crashed);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const twin = createSimulation(parsed.scenario);
    twin.runUntil(UNTIL_MS);
    const after = twin.snapshot();
    const p = after.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    // The scene has what the inspector must show: the preferred leader (0) is down.
    expect(p.replicas[0]).toBe(0);
    expect(p.leader).not.toBe(0);
    expect(p.isr).not.toContain(0);

    await page.evaluate((scenario) => window.__kafkaLab!.loadScenario(scenario), crashed);
    expect(await page.evaluate((t) => window.__kafkaLab!.runUntil(t), UNTIL_MS)).toBe(twin.traceHash());
    await page.waitForFunction((t) => window.__kafkaLab!.nowMs() === t, UNTIL_MS);

    await pick('Broker 0');
    await expect.poll(async () => squash(await panel.getByTestId('inspect-broker-status').textContent())).toContain('fora do ar');
    const broker0 = after.brokers.find((b) => b.id === 0)!;
    expect(squash(await panel.getByTestId('inspect-broker-fenced').textContent())).toBe(broker0.fenced ? '⛔ sim' : 'não');
    expect(integer(await panel.getByTestId('inspect-broker-leaderships').textContent())).toBe(broker0.leaderOf);

    await pick('pedidos-0');
    await expect.poll(() => panel.getByTestId('inspect-leader').getAttribute('data-leader')).toBe(String(p.leader));
    expect(await panel.getByTestId('inspect-not-preferred').count()).toBe(1);
    expect(squash(await panel.getByTestId('inspect-offline').textContent())).toBe('▼ 0');
    expect(await panel.getByTestId('inspect-under-replicated').getAttribute('data-under')).toBe('true');
    expect(squash(await panel.getByTestId('inspect-isr').textContent())).toContain(`${p.isr.length} de 3`);
    expect(integer(await panel.getByTestId('inspect-leader-epoch').textContent())).toBe(p.leaderEpoch);
    await shot('partition-crashed');
    expect(errors).toEqual([]);
  });
});
