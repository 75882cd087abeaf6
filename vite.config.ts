import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';
import { offline } from './src/i18n/pt-BR/offline.ts';

// Cross-origin isolation, so that SharedArrayBuffer is available to the engine's worker later.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Offline use: a service worker (built only by `vite build`; the dev server has none) precaches every
// file of the build, so that after the first visit the app, every lesson (compiled into the JS by
// lessonsPlugin) and the lazy chunks (side by side) load without network. A new version waits until
// the person accepts to reload (src/pwa/).
const pwa = VitePWA({
  registerType: 'prompt',
  // The plugin takes its mode from NODE_ENV, which vitest sets to "test": the e2e build would then
  // ship workbox's development build (verbose logs). The service worker is always the production one.
  mode: 'production',
  injectRegister: false, // src/pwa/register.ts registers it through virtual:pwa-register
  // The glob below already finds the icons; listing them twice would only double the count.
  includeManifestIcons: false,
  manifest: {
    name: offline.manifest.name,
    short_name: offline.manifest.shortName,
    description: offline.manifest.description,
    lang: 'pt-BR',
    display: 'standalone',
    background_color: '#f3f4f6',
    theme_color: '#0b4a8b',
    icons: [
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
      { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
      { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // Everything the app can load (the plugin adds the manifest); source maps stay out (only devtools read them).
    globPatterns: ['**/*.{html,js,css,svg,png,ico,woff,woff2}'],
    // The first visit is controlled at once, so that it is ready offline without a second load.
    clientsClaim: true,
    // The routes are hashes: every navigation (with ?test-hooks or ?lang too) is index.html.
    navigateFallback: 'index.html',
    // The default is 2 MiB and vite-plugin-pwa fails the build above it; the main chunk is ~0.8 MB.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // No source map for the generated worker: it costs build time (the e2e setup builds) for no reader.
    sourcemap: false,
  },
});

export default defineConfig({
  plugins: [svelte(), lessonsPlugin(), pwa],
  server: { headers: isolationHeaders, strictPort: false },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: { include: ['comlink', 'zod', 'zod/v4/locales/en.js', 'zod/v4/locales/pt-BR.js'] },
  build: { target: 'es2022', sourcemap: true },
  test: {
    // Both cores: the randomized fault test is split in four files so that they share the work.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Property tests run hundreds of cases: generous, so that a busy machine does not fail them.
          testTimeout: 90_000,
          // beforeAll hooks run whole scenarios too.
          hookTimeout: 90_000,
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
