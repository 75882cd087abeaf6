// Engine speed on the bench scenes: virtual seconds simulated per wall-clock second in Node, both
// bare (runUntil in one go) and the way the browser worker plays at 1× (sim/worker.ts: a slice of
// a frame's worth of virtual ms, then a snapshot and the new trace events for the UI, every frame).
// ≥ 1 means the worker can keep up with real time at 1× on this machine.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createSimulation, parseScenarioText } from '../sim/index.ts';
import type { Simulation } from '../sim/index.ts';
import { FRAME_MS as FRAME_PERIOD_MS, LARGE_FRAME_MS } from '../sim/frame-rate.ts';
import type { Figure } from './bench-figure.ts';

/** The worker's frame period at 1× for each scene (sim/frame-rate.ts). */
const FRAME_MS: Record<BenchScene, number> = { standard: FRAME_PERIOD_MS, large: LARGE_FRAME_MS };

export const BENCH_SCENES = { standard: 'scenarios/cena-padrao.json', large: 'scenarios/cena-grande.json' } as const;
export type BenchScene = keyof typeof BENCH_SCENES;

export function loadBenchScene(scene: BenchScene): Simulation {
  const parsed = parseScenarioText(readFileSync(BENCH_SCENES[scene], 'utf8'));
  if (!parsed.ok) throw new Error(`${BENCH_SCENES[scene]}: ${JSON.stringify(parsed.errors)}`);
  return createSimulation(parsed.scenario);
}

const wallSeconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** Runs `virtualMs` after a warm-up (metadata, group joins), either in one go or frame by frame. */
export function engineSpeed(scene: BenchScene, mode: 'bare' | 'frames', warmupMs: number, virtualMs: number): Figure {
  const simulation = loadBenchScene(scene);
  simulation.runUntil(warmupMs);
  let lastSeq = simulation.snapshot().traceLength;
  let snapshots = 0;
  let events = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  if (mode === 'bare') simulation.runUntil(warmupMs + virtualMs);
  else {
    const frameMs = FRAME_MS[scene];
    for (let t = warmupMs + frameMs; t < warmupMs + virtualMs + frameMs; t += frameMs) {
      simulation.runUntil(Math.min(t, warmupMs + virtualMs));
      const snapshot = simulation.snapshot();
      const fresh = simulation.traceEvents(lastSeq).filter((event) => event.seq > lastSeq);
      if (fresh.length > 0) lastSeq = fresh.at(-1)!.seq;
      snapshots += 1;
      events += fresh.length;
      if (snapshot.timeMs < 0) throw new Error('unreachable');
    }
  }
  const seconds = wallSeconds(start);
  const cpu = process.cpuUsage(cpuStart);
  // On a shared machine the wall clock also counts other processes' turns; CPU time does not
  // (it does count V8's helper threads, such as the concurrent GC, so it errs on the slow side).
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const after = simulation.snapshot();
  return {
    bench: `engine-speed-${scene}${mode === 'frames' ? '-frames' : ''}`,
    value: Number((virtualMs / 1000 / seconds).toFixed(2)),
    unit: 'virtual-s/wall-s',
    virtualSeconds: virtualMs / 1000,
    wallSeconds: Number(seconds.toFixed(3)),
    perCpuSecond: Number((virtualMs / 1000 / cpuSeconds).toFixed(2)),
    loadAvg1m: Number(loadavg()[0]!.toFixed(1)),
    traceEvents: after.traceLength,
    ...(mode === 'frames' ? { frames: snapshots, frameEvents: events } : {}),
    clean: simulation.check().clean,
  };
}
