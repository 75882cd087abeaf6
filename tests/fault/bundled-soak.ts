// The fault tests run the engine as one bundled ES module that Node loads itself. Under vitest's
// module transform every imported binding becomes a getter call, and the engine's hot path (byte
// access, batch headers) is made of such calls: the bundle runs the same seeds about 1.8 times
// faster, and the fault seeds are most of `npm test`'s time. The bundle is the same source.
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { runSoakSeed } from '../../sim/check/soak.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles sim/check/soak.ts into node_modules/.cache (which vitest leaves to Node) and loads it. */
export async function loadBundledSoak(name: string): Promise<typeof runSoakSeed> {
  const dir = `${root}node_modules/.cache/kafka-lab`;
  mkdirSync(dir, { recursive: true });
  // One file per test file: they are built concurrently by vitest's workers.
  const outfile = `${dir}/soak-${name}.mjs`;
  buildSync({ entryPoints: [`${root}sim/check/soak.ts`], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  const module = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as { runSoakSeed: typeof runSoakSeed };
  return module.runSoakSeed;
}
