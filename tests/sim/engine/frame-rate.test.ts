// The worker sends fewer frames for a large cluster, and the page follows it more slowly there.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createSimulation, defaultScenario, parseScenarioText } from '../../../sim/index.ts';
import { FRAME_MS, LARGE_FRAME_MS, framePeriodMs, isLargeCluster } from '../../../sim/frame-rate.ts';

describe('frame rate', () => {
  test('the default cluster (3 partitions RF 3, then __consumer_offsets: 159 replicas) is not large', () => {
    const sim = createSimulation(defaultScenario);
    sim.runUntil(5_000);
    const snapshot = sim.snapshot();
    // Each broker's replicaCount counts every topic, __consumer_offsets once a group created it.
    expect(snapshot.brokers.reduce((n, b) => n + b.replicaCount, 0)).toBe(snapshot.topics.reduce((n, t) => n + t.partitions.length * t.replicationFactor, 0));
    expect(snapshot.brokers.reduce((n, b) => n + b.replicaCount, 0)).toBe(159);
    expect(isLargeCluster(snapshot)).toBe(false);
    expect(framePeriodMs(snapshot)).toBe(FRAME_MS);
    expect(framePeriodMs(null)).toBe(FRAME_MS);
  });

  test('the large bench scene (600 replicas from the start) is', () => {
    const parsed = parseScenarioText(readFileSync('scenarios/cena-grande.json', 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const snapshot = createSimulation(parsed.scenario).snapshot();
    expect(snapshot.brokers.reduce((n, b) => n + b.replicaCount, 0)).toBe(600);
    expect(isLargeCluster(snapshot)).toBe(true);
    expect(framePeriodMs(snapshot)).toBe(LARGE_FRAME_MS);
  });
});
