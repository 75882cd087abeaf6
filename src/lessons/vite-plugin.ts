// Build-time lessons: reads lessons/*.md and scenarios/*.json, parses and validates every lesson,
// and serves them to the app as the module "virtual:lessons" (prose already rendered to HTML, so
// the page needs no Markdown parser). A lesson with an error fails `vite build` with file:line and
// the reason; while developing, the error is logged and the app lists the valid lessons.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { parseScenario } from '../../sim/scenario/parse.ts';
import { formatLessonError, loadLessons, type LoadedLessons } from './format/index.ts';

const VIRTUAL_ID = 'virtual:lessons';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** Reads and validates the lessons of a project directory (used by the plugin and by tests). */
export function readLessons(root: string): LoadedLessons {
  const lessonDir = join(root, 'lessons');
  const files: Record<string, string> = {};
  for (const name of readdirSync(lessonDir).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
    files[`lessons/${name}`] = readFileSync(join(lessonDir, name), 'utf8');
  }
  const scenarioNames = new Set(
    readdirSync(join(root, 'scenarios'))
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length)),
  );
  return loadLessons(files, {
    scenarioNames,
    validateScenario: (scenario) => {
      const parsed = parseScenario(scenario);
      return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
    },
  });
}

export function lessonsPlugin(): Plugin {
  let root = process.cwd();
  let building = false;
  return {
    name: 'kafka-lab-lessons',
    configResolved(config) {
      root = config.root;
      building = config.command === 'build';
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const loaded = readLessons(root);
      for (const name of readdirSync(join(root, 'lessons'))) this.addWatchFile(join(root, 'lessons', name));
      if (loaded.errors.length > 0) {
        const report = loaded.errors.map(formatLessonError).join('\n');
        if (building) this.error(`invalid lessons:\n${report}`);
        this.warn(`invalid lessons (left out):\n${report}`);
      }
      return `export default ${JSON.stringify(loaded)};`;
    },
  };
}
