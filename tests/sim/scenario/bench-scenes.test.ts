// The two scenes `npm run bench` measures (frame time, engine speed) must stay valid and keep the
// shape the issue asks for: the standard scene and the large one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, type Scenario } from '../../../sim/index.ts';

function load(file: string): Scenario {
  const parsed = parseScenarioText(readFileSync(new URL(`../../../scenarios/${file}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  return parsed.scenario;
}

const groupSizes = (scenario: Scenario): number[] => {
  const sizes = new Map<string, number>();
  for (const c of scenario.consumers) {
    const group = c.config?.['group.id'];
    if (group !== undefined) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  return [...sizes.values()];
};

describe('bench scenes', () => {
  it('cena-padrao: 3 brokers, 1 controller, 6 partitions RF=3, 2 producers at 50 records/s, a group of 3', () => {
    const scene = load('cena-padrao.json');
    expect(scene.cluster.brokers).toBe(3);
    expect(scene.cluster.controllers).toBe(1);
    expect(scene.topics.map((t) => [t.partitions, t.replicationFactor])).toEqual([[6, 3]]);
    expect(scene.producers.map((p) => p.workload?.ratePerSec)).toEqual([50, 50]);
    expect(groupSizes(scene)).toEqual([3]);
  });

  it('cena-grande: 12 brokers, 3 controllers, 200 partitions RF=3, 10 producers, 3 groups of 10', () => {
    const scene = load('cena-grande.json');
    expect(scene.cluster.brokers).toBe(12);
    expect(scene.cluster.controllers).toBe(3);
    expect(scene.topics.reduce((sum, t) => sum + t.partitions, 0)).toBe(200);
    expect(scene.topics.every((t) => t.replicationFactor === 3)).toBe(true);
    expect(scene.producers).toHaveLength(10);
    expect(groupSizes(scene)).toEqual([10, 10, 10]);
  });
});
