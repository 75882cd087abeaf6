// One engine read at a time for an inspector view: a new request while one is running replaces
// any waiting one, so a playing simulation never queues reads faster than the worker answers.
export class LiveQuery<R> {
  result = $state.raw<R | undefined>(undefined);
  /** True until the first answer arrives. */
  loading = $state(true);
  #running = false;
  #waiting: (() => Promise<R | undefined>) | null = null;
  #onResult: ((result: R | undefined) => void) | null;

  constructor(onResult: ((result: R | undefined) => void) | null = null) {
    this.#onResult = onResult;
  }

  run(read: () => Promise<R | undefined>): void {
    this.#waiting = read;
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting) {
        const read = this.#waiting;
        this.#waiting = null;
        const result = await read();
        this.result = result;
        this.loading = false;
        this.#onResult?.(result);
      }
    } finally {
      this.#running = false;
    }
  }
}
