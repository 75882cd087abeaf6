// How long a rewind and a step back take in the worker: the simulation is created again from the
// scenario and replayed up to the target (sim/timeline/session.ts), or taken over from the
// checkpoint the worker builds in idle time (5 s behind now). Prints wall-clock milliseconds.
//   npx tsx scripts/measure-rewind.ts
import { defaultScenario } from '../sim/index.ts';
import { TimelineSession } from '../sim/timeline/session.ts';

const time = (run: () => void): number => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

for (const targetMs of [10_000, 60_000, 300_000]) {
  const session = new TimelineSession(defaultScenario);
  const forwardMs = time(() => session.runUntil(targetMs + 1_000));
  const fromStartMs = time(() => session.rewind(targetMs));
  const stepBackFromStartMs = time(() => session.stepBack());
  session.runUntil(targetMs + 10_000);
  const buildMs = time(() => {
    while (session.checkpointBehind) session.buildCheckpoint(500);
  });
  const withCheckpointMs = time(() => session.rewind(targetMs + 6_000));
  session.runUntil(targetMs + 12_000);
  while (session.checkpointBehind) session.buildCheckpoint(500);
  const stepBackCheckpointMs = time(() => session.stepBack());
  console.log(
    `${targetMs / 1000} s of virtual time: first run ${forwardMs.toFixed(0)} ms; from the start: rewind ${fromStartMs.toFixed(0)} ms, step back ${stepBackFromStartMs.toFixed(0)} ms; ` +
      `checkpoint built in ${buildMs.toFixed(0)} ms (idle time), then rewind 4 s back ${withCheckpointMs.toFixed(0)} ms, step back ${stepBackCheckpointMs.toFixed(0)} ms`,
  );
}
