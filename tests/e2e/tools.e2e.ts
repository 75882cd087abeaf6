// The failure tools and the scene builder used as a student would, on the default scene
// (primeiro-cluster: 3 brokers, "pedidos" with 3 partitions RF=3, producer p1, consumer c1 in the
// group "leitores"): produce a record by hand with a key and see it land where murmur2 said; crash
// the leader of a partition and see a new leader with a higher epoch; split the network and heal
// it; add a consumer to the group and see the rebalance complete; an invalid topic form refused in
// place with nothing changed. Screenshots: test-results/tools-*.png, normal and presenter.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FrameSnapshot } from '../../sim/snapshot.ts';
import { collectErrors, launchChromium } from './browser.ts';

const VIEWPORT = { width: 1280, height: 720 };

describe('failure tools and scene builder', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const snapshot = async (): Promise<FrameSnapshot> => {
    const snap = await page.evaluate(() => window.__kafkaLab!.snapshot());
    if (!snap) throw new Error('no snapshot yet');
    return snap;
  };
  /** Advances virtual time in small steps (so that each frame's events all reach the page) and waits for the frame. */
  const advance = async (durationMs: number, stepMs = 50): Promise<void> => {
    const start = await page.evaluate(() => window.__kafkaLab!.nowMs());
    for (let t = start + stepMs; t <= start + durationMs; t += stepMs) {
      await page.evaluate((time) => window.__kafkaLab!.runUntil(time), t);
    }
    await page.waitForFunction((time) => window.__kafkaLab!.nowMs() >= time, start + durationMs - stepMs);
  };
  /** Runs until `done` holds for the snapshot, at most `limitMs` of virtual time. */
  const runUntilTrue = async (done: (snap: FrameSnapshot) => boolean, limitMs: number, stepMs = 250): Promise<FrameSnapshot> => {
    for (let spent = 0; spent <= limitMs; spent += stepMs) {
      const snap = await snapshot();
      if (done(snap)) return snap;
      await advance(stepMs, stepMs);
    }
    throw new Error(`condition not met within ${limitMs} ms of virtual time`);
  };
  const tab = (name: string) => page.getByRole('tab', { name });
  const shoot = async (name: string): Promise<void> => {
    await page.getByTestId('tools-panel').screenshot({ path: `test-results/tools-${name}.png` });
  };

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    errors = collectErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${inject('baseUrl')}?test-hooks`);
    await page.getByTestId('tools-panel').waitFor();
    await advance(3000, 250);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('produce by hand: the record lands in the partition murmur2 predicted, below the log end offset', async () => {
    await tab('Montar a cena').click();
    const form = page.getByTestId('produce-form');
    await form.getByLabel('Chave', { exact: true }).fill('cliente-7');
    const prediction = form.getByTestId('produce-prediction');
    const predicted = Number(await prediction.getAttribute('data-partition'));
    expect(await prediction.textContent()).toContain(`Vai para a partição ${predicted} de pedidos.`);
    await shoot('produce');
    const before = (await snapshot()).topics.find((t) => t.name === 'pedidos')!.partitions[predicted]!.logEndOffset;
    await form.getByTestId('produce-send').click();
    await expect.poll(() => page.getByTestId('scene-result-produce').getAttribute('data-ok')).toBe('true');
    const landed = form.getByTestId('produce-landed');
    for (let i = 0; i < 40 && (await landed.getAttribute('data-offset')) === null; i++) await advance(50, 50);
    expect(Number(await landed.getAttribute('data-partition'))).toBe(predicted);
    const offset = Number(await landed.getAttribute('data-offset'));
    expect(offset).toBeGreaterThanOrEqual(before);
    const partition = (await snapshot()).topics.find((t) => t.name === 'pedidos')!.partitions[predicted]!;
    expect(partition.logEndOffset).toBeGreaterThan(offset);
    expect(await landed.textContent()).toContain(`pedidos-${predicted}, offset ${offset}`);
    await shoot('produce-landed');
  });

  test('a key larger than the limit is refused in place, before anything is sent', async () => {
    const form = page.getByTestId('produce-form');
    await form.getByLabel('Valor').fill('x'.repeat(1_100_000));
    await expect.poll(() => form.getByTestId('produce-value-error').textContent()).toContain('passa do limite');
    const hash = await page.evaluate(() => window.__kafkaLab!.traceHash());
    // The button says it would do nothing (aria-disabled); pressing it anyway sends nothing.
    expect(await form.getByTestId('produce-send').getAttribute('aria-disabled')).toBe('true');
    await form.getByTestId('produce-send').click({ force: true });
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(hash);
    await form.getByLabel('Valor').fill('ok');
  });

  test('an invalid topic form is refused in place in Portuguese and nothing changes', async () => {
    const topics = (await snapshot()).topics.map((t) => t.name);
    const hash = await page.evaluate(() => window.__kafkaLab!.traceHash());
    await tab('Montar a cena').click();
    await page.locator('details[data-part="topic"] > summary').click();
    const form = page.getByTestId('topic-form');
    await form.getByLabel('Nome do tópico').fill('pedidos novos!');
    await form.getByLabel('Partições').fill('-2');
    await form.getByLabel('Fator de replicação').fill('9');
    await form.getByTestId('topic-create').click();
    expect(await form.getByTestId('topic-name-error').textContent()).toContain('Use só letras sem acento');
    expect(await form.getByTestId('topic-partitions-error').textContent()).toContain('pelo menos 1 partição');
    expect(await form.getByTestId('topic-rf-error').textContent()).toContain('número de brokers disponíveis');
    await shoot('topic-invalid');
    expect(await page.evaluate(() => window.__kafkaLab!.traceHash())).toBe(hash);
    expect((await snapshot()).topics.map((t) => t.name)).toEqual(topics);
    // A valid one goes through.
    await form.getByLabel('Nome do tópico').fill('pagamentos');
    await form.getByLabel('Partições').fill('2');
    await form.getByLabel('Fator de replicação').fill('3');
    await form.getByTestId('topic-create').click();
    await expect.poll(() => page.getByTestId('scene-result-topic').getAttribute('data-ok')).toBe('true');
    await runUntilTrue((s) => s.topics.some((t) => t.name === 'pagamentos'), 3000);
  });

  test('add a consumer to the group: the rebalance completes, Stable with one more member', async () => {
    const group = (s: FrameSnapshot) => s.groups.find((g) => g.groupId === 'leitores');
    const membersBefore = group(await runUntilTrue((s) => group(s)?.state === 'Stable', 15_000))!.members.length;
    await tab('Montar a cena').click();
    await page.locator('details[data-part="clients"] > summary').click();
    const form = page.getByTestId('client-form');
    await form.getByLabel('Consumer', { exact: true }).check();
    await form.getByLabel('Id do cliente').fill('c2');
    await form.getByLabel('Consumer group (group.id)').fill('leitores');
    await form.getByLabel('Tópico').selectOption('pedidos');
    await form.getByTestId('client-add').click();
    await expect.poll(() => page.getByTestId('scene-result-clients').getAttribute('data-ok')).toBe('true');
    await shoot('add-consumer');
    // cooperative-sticky (the scene's assignor) moves a partition in two rebalances: c2 gets it in the second.
    const after = await runUntilTrue(
      (s) => group(s)?.state === 'Stable' && group(s)!.members.length === membersBefore + 1 && group(s)!.members.every((m) => m.assigned.length > 0 && m.pending.length === 0),
      20_000,
    );
    expect(group(after)!.members.map((m) => m.clientId).sort()).toContain('c2');
    expect(group(after)!.members.find((m) => m.clientId === 'c2')!.assigned.length).toBeGreaterThan(0);
  });

  test('crash the leader broker from the tools: a new leader with a higher epoch', async () => {
    await tab('Falhas').click();
    const before = (await snapshot()).topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    const tools = page.getByTestId('failure-tools');
    await tools.getByTestId('failure-target').selectOption('broker');
    await tools.getByTestId('failure-broker').selectOption(String(before.leader));
    // Restart makes no sense for a running broker: disabled, with the reason.
    const restart = tools.getByTestId('tool-restart-broker');
    expect(await restart.getAttribute('aria-disabled')).toBe('true');
    expect(await restart.getAttribute('title')).toContain('só dá para reiniciar um broker parado');
    await tools.getByTestId('tool-crash-broker').click();
    await expect.poll(() => page.getByTestId('failure-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('failure-result').textContent()).toContain(`Broker ${before.leader} caiu.`);
    await shoot('crash');
    const after = await runUntilTrue((s) => {
      const p = s.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
      return p.leader >= 0 && p.leader !== before.leader;
    }, 20_000);
    const p = after.topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
    expect(p.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    // Now the crashed broker can be restarted, and crash is the one disabled.
    expect(await restart.getAttribute('aria-disabled')).toBeNull();
    expect(await tools.getByTestId('tool-crash-broker').getAttribute('aria-disabled')).toBe('true');
    await restart.click();
    await expect.poll(() => page.getByTestId('failure-result').textContent()).toContain('reiniciando');
  });

  test('split the network into two sides and heal it', async () => {
    const tools = page.getByTestId('failure-tools');
    await tools.getByTestId('failure-target').selectOption('network');
    const split = tools.getByTestId('tool-split');
    expect(await split.getAttribute('aria-disabled')).toBe('true');
    const table = tools.getByTestId('split-table');
    await table.locator('tr[data-node="broker-2"]').getByLabel('broker-2: Lado A').check();
    for (const node of ['broker-0', 'broker-1', 'controller-100', 'producer-p1', 'consumer-c1', 'consumer-c2']) {
      await table.locator(`tr[data-node="${node}"]`).getByLabel(`${node}: Lado B`).check();
    }
    await shoot('split');
    await split.click();
    // The previous test's result line was a success too: wait for this action's own text.
    await expect.poll(() => page.getByTestId('failure-result').textContent()).toContain('A rede foi dividida');
    expect(await page.getByTestId('failure-result').getAttribute('data-ok')).toBe('true');
    // Cut off from the controller, broker 2 is fenced once its session runs out.
    await runUntilTrue((s) => s.brokers.find((b) => b.id === 2)!.fenced === true, 20_000);
    await tools.getByTestId('tool-heal-network').click();
    await expect.poll(() => page.getByTestId('failure-result').textContent()).toContain('A rede foi curada');
    await runUntilTrue((s) => s.brokers.every((b) => b.status === 'up' && b.fenced === false), 30_000);
  });

  test('change a producer’s config (close and restart with acks=1) and add a broker', async () => {
    await tab('Montar a cena').click();
    await page.locator('details[data-part="reconfigure"] > summary').click();
    const form = page.getByTestId('reconfigure-form');
    expect(await form.textContent()).toContain('não muda de configuração enquanto roda');
    await form.getByLabel('Cliente').selectOption('p1');
    await form.getByLabel('acks').selectOption('1');
    await form.getByLabel('enable.idempotence').selectOption('false');
    await form.getByTestId('reconfigure-apply').click();
    await expect.poll(() => page.getByTestId('scene-result-reconfigure').getAttribute('data-ok')).toBe('true');
    await shoot('reconfigure');
    await runUntilTrue((s) => s.producers.find((p) => p.id === 'p1')?.acks === 1 && s.producers.find((p) => p.id === 'p1')?.status === 'running', 5000);

    await page.locator('details[data-part="brokers"] > summary').click();
    await page.getByTestId('add-broker').click();
    await expect.poll(() => page.getByTestId('scene-result-brokers').getAttribute('data-ok')).toBe('true');
    const snap = await runUntilTrue((s) => s.brokers.some((b) => b.id === 3 && b.status === 'up' && b.fenced === false), 10_000);
    // No automatic reassignment: the new broker holds nothing of "pedidos".
    expect(snap.topics.find((t) => t.name === 'pedidos')!.partitions.every((p) => !p.replicas.includes(3))).toBe(true);
    // A broker with replicas cannot be removed.
    await page.getByLabel('Broker a remover').selectOption('0');
    await page.getByTestId('remove-broker').click();
    await expect.poll(() => page.getByTestId('scene-result-brokers').textContent()).toContain('ainda guarda réplicas');
    await shoot('brokers');
  });

  test('axe-core finds no serious or critical violation in any tab of the tools', async () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.addScriptTag({ content: source });
    const audit = async (): Promise<string[]> =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run({ include: ['[data-testid="tools-panel"]'] }, { resultTypes: ['violations'] });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    for (const [name, part] of [['Falhas', null], ['Montar a cena', 'produce'], ['Montar a cena', 'topic'], ['Montar a cena', 'clients'], ['Montar a cena', 'reconfigure'], ['Montar a cena', 'brokers'], ['Cenários', null]] as const) {
      await tab(name).click();
      if (part) await page.locator(`details[data-part="${part}"] > summary`).click();
      expect(await audit(), `${name} ${part ?? ''}`).toEqual([]);
    }
    await tab('Falhas').click();
    for (const target of ['broker', 'link', 'network', 'controller', 'producer', 'consumer']) {
      await page.getByTestId('failure-target').selectOption(target);
      expect(await audit(), target).toEqual([]);
    }
  });

  test('presenter mode: the tools stay legible', async () => {
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await tab('Falhas').click();
    await page.getByTestId('failure-target').selectOption('broker');
    await shoot('presenter-failures');
    await page.getByTestId('failure-target').selectOption('network');
    await shoot('presenter-split');
    await tab('Montar a cena').click();
    await shoot('presenter-scene');
    await tab('Cenários').click();
    await shoot('presenter-library');
    await page.getByRole('button', { name: 'Letras grandes' }).click();
    await shoot('library');
    await page.screenshot({ path: 'test-results/tools-page.png', fullPage: true });
  });

  test('loading a scenario from the library asks first, then resets the cluster', async () => {
    await tab('Cenários').click();
    const library = page.getByTestId('scenario-library');
    await library.getByRole('button', { name: 'Carregar o cenário "Consumer group: de 1 para 4 consumidores"' }).click();
    const confirm = page.getByTestId('library-confirm');
    await confirm.waitFor();
    await shoot('library-confirm');
    await page.screenshot({ path: 'test-results/tools-library-confirm-page.png' });
    await confirm.click();
    await expect.poll(() => page.getByTestId('library-result').getAttribute('data-ok')).toBe('true');
    // The first frame of the new simulation may come a moment after the load resolves.
    await expect.poll(async () => {
      const snap = await snapshot();
      return snap.timeMs === 0 && !snap.groups.some((g) => g.groupId === 'leitores') && !snap.topics.some((t) => t.name === 'pagamentos');
    }).toBe(true);
    expect(errors).toEqual([]);
  });
});
