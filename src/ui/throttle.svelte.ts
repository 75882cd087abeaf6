// A reactive value that follows another at most a few times per second of wall time. The worker
// posts about 30 frames a second; a chart or a log redrawn that often costs the frame budget and
// reads no better than 4 times a second. The latest value always lands (at most intervalMs late),
// so a paused screen ends up exact. Call from a component's script (it uses $effect).

export interface Throttled<T> {
  readonly current: T;
}

export function throttled<T>(read: () => T, intervalMs: number): Throttled<T> {
  let value = $state.raw<T>(read());
  let lastMs = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  $effect(() => {
    const next = read();
    if (timer !== null) return; // the pending update will read the newest value
    const waitMs = lastMs + intervalMs - performance.now();
    if (waitMs <= 0) {
      lastMs = performance.now();
      value = next;
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      lastMs = performance.now();
      value = read();
    }, waitMs);
  });
  $effect(() => () => {
    if (timer !== null) clearTimeout(timer);
  });

  return {
    get current() {
      return value;
    },
  };
}
