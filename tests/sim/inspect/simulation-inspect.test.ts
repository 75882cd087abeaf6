// Simulation.inspect reads the engine's replicas without changing anything.
import { expect, test } from 'vitest';
import { createSimulation, defaultScenario } from '../../../sim/index.ts';

test('inspect reads a live replica and leaves the trace unchanged', () => {
  const sim = createSimulation(defaultScenario);
  sim.runUntil(4000);
  const partition = sim.snapshot().topics.find((t) => t.name === 'pedidos')!.partitions[0]!;
  const before = sim.traceHash();
  const ref = { topic: 'pedidos', partition: 0, broker: partition.leader };

  const segments = sim.inspect({ kind: 'segments', ...ref });
  expect(segments).toMatchObject({ ok: true, logEndOffset: partition.logEndOffset, highWatermark: partition.highWatermark });
  const records = sim.inspect({ kind: 'records', ...ref });
  if (!records.ok || records.kind !== 'records') throw new Error('expected records');
  expect(records.records.length).toBe(Math.min(20, partition.logEndOffset - partition.logStartOffset));
  expect(records.records[0]!.key?.text).toMatch(/^cliente-\d+$/);
  const batch = sim.inspect({ kind: 'batch', ...ref, offset: records.records[0]!.offset });
  expect(batch).toMatchObject({ ok: true, kind: 'batch', crcValid: true });
  expect(sim.inspect({ kind: 'records', ...ref, broker: 9 })).toMatchObject({ ok: false, error: 'REPLICA_NOT_AVAILABLE' });

  expect(sim.traceHash()).toBe(before);
  sim.runUntil(5000);
  const twin = createSimulation(defaultScenario);
  twin.runUntil(5000);
  expect(sim.traceHash()).toBe(twin.traceHash());
});
