// What the service worker and the browser tell the page about offline use, as Svelte state:
// a new version waiting for a reload, the cache being complete, and whether there is a network.
// register.ts feeds it; OfflineStatus.svelte shows it.
export class PwaState {
  /** A new version is installed and waits: accepting reloads the page with it. */
  needRefresh = $state(false);
  /** Every file of the build is cached: the app now starts without network. */
  offlineReady = $state(false);
  online = $state(true);
  /** Set by register.ts: activates the waiting version (the page then reloads). */
  #update: (() => Promise<void>) | null = null;

  constructor(target: Pick<Window, 'addEventListener'> | null, navigatorOnline: boolean) {
    this.online = navigatorOnline;
    target?.addEventListener('online', () => (this.online = true));
    target?.addEventListener('offline', () => (this.online = false));
  }

  setUpdater(update: () => Promise<void>): void {
    this.#update = update;
  }

  async reload(): Promise<void> {
    this.needRefresh = false;
    await this.#update?.();
  }

  later(): void {
    this.needRefresh = false;
  }
}

export const pwaState = new PwaState(globalThis.window ?? null, globalThis.navigator?.onLine ?? true);
