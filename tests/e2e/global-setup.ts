// Builds the app once and serves the build with `vite preview` on a free 127.0.0.1 port for the
// end-to-end tests, which read its address with inject('baseUrl'). The server stops on teardown.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const host = '127.0.0.1';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest sets NODE_ENV=test, which would make Vite compile Svelte in development mode: the tests
  // would run a different, slower app from the one people get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const port = await freePort();
  const server: PreviewServer = await preview({ root, logLevel: 'warn', preview: { host, port, strictPort: true, open: false } });
  const baseUrl = `http://${host}:${port}/`;
  project.provide('baseUrl', baseUrl);
  return async () => {
    await server.close();
  };
}
