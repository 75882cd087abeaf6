import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';

// Cross-origin isolation, so that SharedArrayBuffer is available to the engine's worker later.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), lessonsPlugin()],
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
