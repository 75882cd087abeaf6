// The engine's worker, started by the page's first, smallest script (src/engine/boot.ts) so that
// its script (the whole engine, ~600 KB) loads and compiles while the app's own bundle does. The
// main engine takes it over (EngineClient.prepare); without one it starts its own.

import { MAIN_WORKER_NAME } from '../../sim/worker-name.ts';

export interface EarlyWorker {
  worker: Worker;
  /** Rejects when the worker script fails to load or throws at top level. */
  crashed: Promise<never>;
}

let early: EarlyWorker | null = null;

export function spawnEngineWorker(main: boolean): EarlyWorker {
  const worker = new Worker(new URL('../../sim/worker.ts', import.meta.url), { type: 'module', name: main ? MAIN_WORKER_NAME : 'kafka-lab-engine' });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the worker script could not be loaded')), { once: true });
  });
  crashed.catch(() => undefined);
  return { worker, crashed };
}

export function startEarlyWorker(): void {
  try {
    early ??= spawnEngineWorker(true);
  } catch (error) {
    // The app starts its own and reports the failure if it fails again.
    console.warn('kafka-lab: the engine worker could not be started early', error);
  }
}

/** The early worker, once: the main engine takes it. */
export function takeEarlyWorker(): EarlyWorker | null {
  const taken = early;
  early = null;
  return taken;
}
