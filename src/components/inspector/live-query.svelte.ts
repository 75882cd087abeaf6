// One engine read at a time for an inspector view: a new request while one is running replaces
// any waiting one, and reads are at least MIN_INTERVAL_MS apart, so a playing simulation (a new
// frame every 66 ms) never has the worker re-read a log, or search it, at every frame.

/** Wall-clock spacing of the reads while the simulation plays; a single request runs at once. */
const MIN_INTERVAL_MS = 200;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export class LiveQuery<R, C = undefined> {
  result = $state.raw<R | undefined>(undefined);
  /** True until the first answer arrives. */
  loading = $state(true);
  #running = false;
  #waiting: { read: () => Promise<R | undefined>; context: C } | null = null;
  #onResult: ((result: R | undefined, context: C) => void) | null;

  /** `onResult` gets each answer with the context its request was made with. */
  constructor(onResult: ((result: R | undefined, context: C) => void) | null = null) {
    this.#onResult = onResult;
  }

  run(read: () => Promise<R | undefined>, context: C): void {
    this.#waiting = { read, context };
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting) {
        const { read, context } = this.#waiting;
        this.#waiting = null;
        const result = await read();
        this.result = result;
        this.loading = false;
        this.#onResult?.(result, context);
        if (this.#waiting) await pause(MIN_INTERVAL_MS);
      }
    } finally {
      this.#running = false;
    }
  }
}
