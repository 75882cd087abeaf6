/// <reference types="vite-plugin-pwa/vanillajs" />
// Registers the service worker that vite-plugin-pwa builds (vite.config.ts). In `npm run dev` the
// plugin's virtual module is a no-op, so the dev server never runs a service worker.
import { registerSW } from 'virtual:pwa-register';
import { pwaState, type PwaState } from './pwa-state.svelte.ts';

/** A class keeps a tab open for hours: look for a new version now and then while online. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(state: PwaState = pwaState): void {
  const update = registerSW({
    onNeedRefresh: () => (state.needRefresh = true),
    onOfflineReady: () => (state.offlineReady = true),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine && registration.installing === null) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
    // No service worker (a private window, an old browser): the app works, only not offline.
    onRegisterError: (error: unknown) => console.warn('kafka-lab: service worker not registered; the app will not work offline', error),
  });
  state.setUpdater(() => update(true));
}
