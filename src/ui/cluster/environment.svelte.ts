// What the page around the cluster view asks of it: presenter mode (html.presenter: larger type,
// thicker strokes) and the reader's prefers-reduced-motion. Both are watched, not read once.
export const PRESENTER_SCALE = 1.3;

export class ViewEnvironment {
  #presenter = $state(false);
  #reducedMotion = $state(false);
  #stop: (() => void) | null = null;

  get presenter(): boolean {
    return this.#presenter;
  }
  get reducedMotion(): boolean {
    return this.#reducedMotion;
  }
  get scale(): number {
    return this.#presenter ? PRESENTER_SCALE : 1;
  }

  /** Starts watching; returns the function that stops. */
  watch(): () => void {
    const root = document.documentElement;
    const read = () => (this.#presenter = root.classList.contains('presenter'));
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['class'] });
    const media = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
    const onMedia = () => (this.#reducedMotion = media?.matches ?? false);
    onMedia();
    media?.addEventListener('change', onMedia);
    this.#stop = () => {
      observer.disconnect();
      media?.removeEventListener('change', onMedia);
    };
    return () => this.#stop?.();
  }
}

/** Enter or Space on a focused mark selects it, like a button. */
export function activateOnKey(event: KeyboardEvent, select: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    select();
  }
}
