// The offline part of a message file (see ../messages.ts). Owned by src/pwa/ (the service worker's
// prompt and the network indicator) and vite.config.ts (the web app manifest).
export interface OfflineMessages {
  /** The web app manifest: what the browser shows when the app is installed. */
  manifest: {
    name: string;
    shortName: string;
    description: string;
  };
  /** The region's name for screen readers. */
  region: string;
  /** A new version was downloaded and waits for the page to reload. */
  updateReady: string;
  updateReload: string;
  updateReloadHint: string;
  updateLater: string;
  /** Shown while the browser says there is no network. */
  offline: string;
  offlineHint: string;
  /** Announced once (screen readers) when every file is cached and the app can run without network. */
  offlineReady: string;
}
