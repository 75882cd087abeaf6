// A reactive value that follows another at most a few times per second of wall time. The worker
// posts about 15 frames a second; a chart or a log redrawn that often costs the frame budget and
// reads no better than 4 times a second. The latest value always lands (at most intervalMs late),
// so a paused screen ends up exact. With `active`, nothing is updated while it says false (a region
// scrolled out of sight), and the newest value lands as soon as it says true again. Call from a
// component's script (it uses $effect).

export interface Throttled<T> {
  readonly current: T;
}

export function throttled<T>(read: () => T, interval: number | (() => number), active: () => boolean = () => true): Throttled<T> {
  const intervalOf = typeof interval === 'number' ? () => interval : interval;
  let value = $state.raw<T>(read());
  let lastMs = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  $effect(() => {
    const next = read();
    if (!active()) return;
    if (timer !== null) return; // the pending update will read the newest value
    const waitMs = lastMs + intervalOf() - performance.now();
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

/**
 * Whether an element is on screen (or within `marginPx` of it), for regions that need not follow
 * the frames while nobody sees them. Attach with {@attach visibility.observe}.
 */
export class Visibility {
  visible = $state(true);
  readonly #marginPx: number;

  constructor(marginPx = 200) {
    this.#marginPx = marginPx;
  }

  observe = (node: Element): (() => void) => {
    if (typeof IntersectionObserver === 'undefined') return () => {};
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) this.visible = last.isIntersecting;
    }, { rootMargin: `${this.#marginPx}px` });
    observer.observe(node);
    return () => observer.disconnect();
  };
}
