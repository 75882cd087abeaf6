// How long a rewind takes in the worker: the simulation is created again from the scenario and
// replayed up to the target (sim/timeline/session.ts). Prints wall-clock milliseconds.
//   npx tsx scripts/measure-rewind.ts
import { defaultScenario } from '../sim/index.ts';
import { TimelineSession } from '../sim/timeline/session.ts';

for (const targetMs of [10_000, 60_000, 300_000]) {
  const session = new TimelineSession(defaultScenario);
  let started = performance.now();
  session.runUntil(targetMs + 1_000);
  const forwardMs = performance.now() - started;
  started = performance.now();
  session.rewind(targetMs);
  const rewindMs = performance.now() - started;
  started = performance.now();
  session.stepBack();
  const stepBackMs = performance.now() - started;
  console.log(
    `virtual ${targetMs / 1000} s: first run ${forwardMs.toFixed(0)} ms, rewind ${rewindMs.toFixed(0)} ms, step back ${stepBackMs.toFixed(0)} ms ` +
      `(${session.series.samples.length} samples, ${session.markers.markers.length} markers)`,
  );
}
