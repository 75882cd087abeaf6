// The engine's purity rule, as a test: nothing under sim/ (except the worker, which paces
// virtual time against the wall clock) may read ambient time or randomness, arm real timers or
// import Node's modules. Comments are ignored; string literals are not, since code can be built
// from them.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SIM = join(ROOT, 'sim');
// The worker paces virtual time against the wall clock, and hands that clock to the OPFS storage.
const EXEMPT = new Set(['sim/worker.ts']);

const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\bDate\s*\.\s*now\b/, why: 'Date.now reads the wall clock; use the kernel clock' },
  { pattern: /\bnew\s+Date\b/, why: 'new Date reads the wall clock; use the kernel clock' },
  { pattern: /\bperformance\s*\.\s*now\b/, why: 'performance.now reads the wall clock; use the kernel clock' },
  { pattern: /\bMath\s*\.\s*random\b/, why: 'Math.random is not seeded; use ctx.random' },
  { pattern: /\bsetTimeout\b/, why: 'setTimeout is a real timer; use ctx.setTimer' },
  { pattern: /\bsetInterval\b/, why: 'setInterval is a real timer; use ctx.setTimer' },
  {
    pattern: /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]node:/,
    why: 'node: modules do not exist in the browser',
  },
];

/** Blanks out comments, keeping line breaks so line numbers still match the file. */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    if (quote !== null) {
      out += char;
      if (char === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (char === quote) quote = null;
      i++;
    } else if (char === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (char === '/' && next === '*') {
      i += 2;
      while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') out += '\n';
        i++;
      }
      i += 2;
    } else {
      if (char === '"' || char === "'" || char === '`') quote = char;
      out += char;
      i++;
    }
  }
  return out;
}

function violations(source: string): { line: number; why: string; text: string }[] {
  const found: { line: number; why: string; text: string }[] = [];
  stripComments(source)
    .split('\n')
    .forEach((text, index) => {
      for (const { pattern, why } of FORBIDDEN) {
        if (pattern.test(text)) found.push({ line: index + 1, why, text: text.trim() });
      }
    });
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return tsFiles(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
}

describe('sim/ purity', () => {
  it('uses no wall clock, ambient randomness, real timers or node: modules', () => {
    const files = tsFiles(SIM).filter((path) => !EXEMPT.has(relative(ROOT, path).split('\\').join('/')));
    expect(files.length).toBeGreaterThan(0);
    const report = files.flatMap((path) =>
      violations(readFileSync(path, 'utf8')).map(
        ({ line, why, text }) => `${relative(ROOT, path)}:${line}: ${why}\n    ${text}`,
      ),
    );
    expect(report, `forbidden in sim/:\n${report.join('\n')}`).toEqual([]);
  });

  it('catches each forbidden use, and ignores comments', () => {
    const source = [
      'const a = Date.now();',
      '// Date.now() in a line comment is fine',
      '/* Math.random()',
      '   setTimeout in a block comment */ const b = 1;',
      'const c = "a // string" + Math.random();',
      "import { readFileSync } from 'node:fs';",
      'const d = new Date(0);',
      'setInterval(f, 10); performance.now();',
      "const e = await import('node:path');",
      'const f = 1; /* inline */ setTimeout(g);',
    ].join('\n');
    expect(violations(source).map((v) => v.line)).toEqual([1, 5, 6, 7, 8, 8, 9, 10]);
  });
});
