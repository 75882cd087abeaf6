// The JavaScript a visitor downloads before the app can start, gzipped (node:zlib, level 9): the
// module scripts and modulepreload links of dist/index.html. Lazy chunks and the engine's worker
// are not initial; the worker is reported on its own line since it is fetched right after start.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './bench-figure.ts';

const gzipKb = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
const round1 = (kb: number): number => Number(kb.toFixed(1));

/** Paths of the scripts index.html loads eagerly (`<script type="module" src>`, `<link rel="modulepreload" href>`). */
export function initialScripts(indexHtml: string): string[] {
  const paths = new Set<string>();
  for (const tag of indexHtml.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string): string | undefined => new RegExp(`\\s${name}=["']([^"']+)["']`).exec(tag)?.[1];
    if (tag.startsWith('<script') && attr('type') === 'module' && attr('src')) paths.add(attr('src')!);
    if (tag.startsWith('<link') && attr('rel') === 'modulepreload' && attr('href')) paths.add(attr('href')!);
  }
  return [...paths];
}

export function bundleFigures(distDir: string): Figure[] {
  const initial = initialScripts(readFileSync(join(distDir, 'index.html'), 'utf8'));
  if (initial.length === 0) throw new Error(`${distDir}/index.html loads no module script`);
  const initialFiles = initial.map((src) => join(distDir, src.replace(/^\.?\//, '')));
  const initialKb = initialFiles.reduce((sum, file) => sum + gzipKb(file), 0);
  const assets = readdirSync(join(distDir, 'assets')).filter((name) => name.endsWith('.js'));
  const initialNames = new Set(initialFiles.map((file) => file.split('/').at(-1)));
  // Vite emits `new Worker(new URL(`/assets/worker-….js`, import.meta.url))` for `?worker`/URL workers.
  const referenced = assets.flatMap((name) =>
    [...readFileSync(join(distDir, 'assets', name), 'utf8').matchAll(/new Worker\(new URL\([`'"][./]*assets\/([^`'"]+\.js)/g)].map((m) => m[1]!),
  );
  const workers = assets.filter((name) => referenced.includes(name) || /worker/i.test(name));
  const lazy = assets.filter((name) => !initialNames.has(name) && !workers.includes(name));
  const workerKb = workers.reduce((sum, name) => sum + gzipKb(join(distDir, 'assets', name)), 0);
  const lazyKb = lazy.reduce((sum, name) => sum + gzipKb(join(distDir, 'assets', name)), 0);
  return [
    { bench: 'bundle-initial-js-gzip', value: round1(initialKb), unit: 'KB', budgetKb: 250, files: initial },
    { bench: 'bundle-worker-js-gzip', value: round1(workerKb), unit: 'KB', files: workers },
    { bench: 'bundle-lazy-js-gzip', value: round1(lazyKb), unit: 'KB', files: lazy.length },
  ];
}
