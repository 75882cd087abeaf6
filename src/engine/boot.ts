// The page's first script: starts the engine's worker before the app's bundle is even evaluated.
import { startEarlyWorker } from './early-worker.ts';

startEarlyWorker();
