import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parseScenario, parseScenarioText } from '../../../sim/scenario/parse.ts';

const minimal = { seed: 1, cluster: { brokers: 1 } };

describe('scenario validation', () => {
  it('accepts a minimal scenario and fills the defaults', () => {
    const result = parseScenario(minimal);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scenario).toMatchObject({ topics: [], producers: [], consumers: [], schedule: [] });
  });

  it('accepts every scenario file shipped in scenarios/', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = parseScenarioText(readFileSync(`scenarios/${file}`, 'utf8'));
      expect(result, file).toMatchObject({ ok: true });
    }
  });

  it('points at the bad field', () => {
    const result = parseScenario({ ...minimal, topics: [{ name: 'pedidos', partitions: 0 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain('topics.0.partitions');
  });

  it('rejects unknown fields and unknown Kafka configs by name', () => {
    const result = parseScenario({ ...minimal, topics: [{ name: 't', partitions: 1, configs: { 'retention.mss': 5 } }], colour: 'blue' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const text = JSON.stringify(result.errors);
      expect(text).toContain('retention.mss');
      expect(text).toContain('colour');
    }
  });

  it("enforces Kafka 4.0's minimum segment.bytes of 1 MiB", () => {
    const result = parseScenario({ ...minimal, topics: [{ name: 't', partitions: 1, configs: { 'segment.bytes': 4096 } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.path).toBe('topics.0.configs.segment.bytes');
  });

  it('rejects a replication factor above the broker count', () => {
    const result = parseScenario({ seed: 1, cluster: { brokers: 2 }, topics: [{ name: 't', partitions: 1, replicationFactor: 3 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'topics.0.replicationFactor' });
  });

  it('rejects illegal topic names as Kafka does', () => {
    for (const name of ['', '.', '..', 'com espaço', 'a/b', 'x'.repeat(250)]) {
      expect(parseScenario({ ...minimal, topics: [{ name, partitions: 1 }] }).ok, JSON.stringify(name)).toBe(false);
    }
  });

  it('rejects schedule actions that name clients or brokers that do not exist', () => {
    const result = parseScenario({
      ...minimal,
      schedule: [
        { atMs: 1, action: { type: 'produce', producer: 'ghost', value: 'x' } },
        { atMs: 2, action: { type: 'crash-broker', broker: 5 } },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['schedule.0.action', 'schedule.1.action']);
  });

  it('checks delivery.timeout.ms against linger.ms + request.timeout.ms, as KafkaProducer does', () => {
    const result = parseScenario({
      ...minimal,
      producers: [{ id: 'p', topic: 't', config: { 'delivery.timeout.ms': 1000, 'request.timeout.ms': 30000 } }],
    });
    expect(result.ok).toBe(false);
  });

  it('reports a JSON syntax error like any other, in Portuguese when asked', () => {
    const result = parseScenarioText('{ "seed": 1, ', 'pt-BR');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/^JSON inválido/);
  });

  it('gives Portuguese messages for the app', () => {
    const result = parseScenario({ seed: 'um', cluster: { brokers: 1 } }, 'pt-BR');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'seed', message: expect.stringMatching(/esperava/) });
  });
});
