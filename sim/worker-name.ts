/**
 * The worker name of the page's main engine (src/engine/early-worker.ts): that worker reads the
 * saved engine state (sim/browser/state-store.ts) as soon as it starts, the others never.
 */
export const MAIN_WORKER_NAME = 'kafka-lab-engine-main';
