// Parses one lesson file: YAML front matter, Markdown prose, "## " headings that start the steps,
// and fenced YAML blocks (```goals, ```hints, ```solution, ```checkpoint) inside each step. Every
// error names the line of the file where it is, so that a teacher can fix a lesson without code.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { Marked } from 'marked';
import type { z } from 'zod';
import {
  BLOCK_KINDS,
  checkpointBlockSchema,
  frontMatterSchema,
  goalSchema,
  goalTextSchema,
  hintsBlockSchema,
  solutionActionSchema,
  solutionWaitSchema,
  type BlockKind,
  type SolutionEntry,
  type StepGoal,
} from './schema.ts';
import type { Lesson, LessonError, LessonParseResult, LessonStep } from './types.ts';

export interface ParseOptions {
  /** Names of the scenarios in scenarios/ (without .json), for `scenario: <name>`. */
  scenarioNames: ReadonlySet<string>;
  /** Validates an inline scenario; returns English messages, empty when valid. */
  validateScenario: (scenario: unknown) => string[];
}

// Raw HTML in a lesson is shown as text: lessons are Markdown, nothing else reaches the page.
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

export function renderMarkdown(text: string): string {
  return markdown.parse(text, { async: false });
}

const FILE_NAME = /^(\d{2})-[a-z0-9]+(-[a-z0-9]+)*\.md$/;

export function parseLesson(file: string, source: string, options: ParseOptions): LessonParseResult {
  const errors: LessonError[] = [];
  const fail = (line: number, message: string): void => void errors.push({ file, line, message });
  const name = file.split('/').at(-1) ?? file;
  const order = FILE_NAME.exec(name);
  if (!order) fail(1, `the file name must be NN-slug.md (two digits, then lower-case words joined by "-"), got "${name}"`);

  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') {
    fail(1, 'a lesson starts with its front matter: a line "---", the YAML fields, and another "---"');
    return { ok: false, errors };
  }
  const fmEnd = lines.indexOf('---', 1);
  if (fmEnd < 0) {
    fail(1, 'the front matter is not closed: add a line "---" after its fields');
    return { ok: false, errors };
  }
  const front = validateYaml(lines.slice(1, fmEnd).join('\n'), 2, frontMatterSchema, fail);

  let scenario: Lesson['scenario'] | null = null;
  if (front) {
    const scenarioLine = 2 + lines.slice(1, fmEnd).findIndex((l) => l.startsWith('scenario:'));
    if (typeof front.scenario === 'string') {
      if (options.scenarioNames.has(front.scenario)) scenario = { name: front.scenario };
      else fail(scenarioLine, `no scenario "${front.scenario}" in scenarios/ (known: ${[...options.scenarioNames].sort().join(', ')})`);
    } else {
      const problems = options.validateScenario(front.scenario);
      for (const problem of problems) fail(scenarioLine, `inline scenario: ${problem}`);
      if (problems.length === 0) scenario = { inline: front.scenario };
    }
  }

  // Sections: the text before the first "## " is the introduction; each "## " heading starts a step.
  const sections: { title: string | null; line: number; body: { text: string; line: number }[] }[] = [{ title: null, line: fmEnd + 2, body: [] }];
  let fence: { kind: string; line: number } | null = null;
  for (let i = fmEnd + 1; i < lines.length; i++) {
    const text = lines[i]!;
    const lineNumber = i + 1;
    if (fence === null && /^## /.test(text)) {
      sections.push({ title: text.slice(3).trim(), line: lineNumber, body: [] });
      continue;
    }
    const fenceMatch = /^```\s*([\w-]*)\s*$/.exec(text);
    if (fenceMatch) fence = fence === null ? { kind: fenceMatch[1] ?? '', line: lineNumber } : null;
    sections.at(-1)!.body.push({ text, line: lineNumber });
  }
  if (fence !== null) fail(fence.line, 'this code block is never closed: add a line "```" after it');

  const intro = sections[0]!;
  const steps: LessonStep[] = [];
  let interactive = 0;
  for (const [index, section] of sections.slice(1).entries()) {
    if (!section.title) fail(section.line, 'a step needs a title after "## "');
    const { step, declared } = parseStep(index + 1, section.title ?? '', section.line, section.body, fail);
    steps.push(step);
    if (declared.has('goals')) interactive++;
  }
  if (steps.length === 0) fail(fmEnd + 2, 'a lesson needs steps: start each one with a "## " heading');
  if (steps.length > 0 && interactive < 2) fail(fmEnd + 2, `a lesson needs at least two steps with goals, found ${interactive}`);

  if (errors.length > 0 || !front || !scenario || !order) return { ok: false, errors };
  const { scenario: _scenario, ...fields } = front;
  return {
    ok: true,
    lesson: { ...fields, file, order: Number(order[1]), scenario, introHtml: renderMarkdown(intro.body.map((l) => l.text).join('\n')), steps },
  };
}

type Fail = (line: number, message: string) => void;

/** A step, and the blocks it declares (valid or not: a broken block must not cause a second error). */
function parseStep(number: number, title: string, line: number, body: { text: string; line: number }[], fail: Fail): { step: LessonStep; declared: Set<BlockKind> } {
  const prose: string[] = [];
  const step: LessonStep = { number, title, html: '', goals: [], hints: [], solution: [], checkpoints: [], line };
  const seen = new Set<BlockKind>();
  for (let i = 0; i < body.length; i++) {
    const open = /^```\s*([\w-]*)\s*$/.exec(body[i]!.text);
    const kind = open?.[1] as BlockKind | undefined;
    if (!open || !kind || !(BLOCK_KINDS as readonly string[]).includes(kind)) {
      // Ordinary code blocks (```bash, ```java) stay in the prose, whole.
      if (open) {
        const close = body.findIndex((l, j) => j > i && /^```\s*$/.test(l.text));
        const end = close < 0 ? body.length - 1 : close;
        for (let j = i; j <= end; j++) prose.push(body[j]!.text);
        i = end;
        continue;
      }
      prose.push(body[i]!.text);
      continue;
    }
    const close = body.findIndex((l, j) => j > i && /^```\s*$/.test(l.text));
    const end = close < 0 ? body.length : close;
    const yaml = body.slice(i + 1, end).map((l) => l.text).join('\n');
    const firstLine = body[i]!.line + 1;
    if (seen.has(kind) && kind !== 'checkpoint') fail(body[i]!.line, `a step has one \`\`\`${kind} block; merge this one into the first`);
    seen.add(kind);
    switch (kind) {
      case 'goals':
        step.goals.push(...parseGoals(yaml, firstLine, fail));
        break;
      case 'hints':
        step.hints.push(...(validateYaml(yaml, firstLine, hintsBlockSchema, fail) ?? []));
        break;
      case 'solution':
        step.solution.push(...parseSolution(yaml, firstLine, fail));
        break;
      case 'checkpoint': {
        const checkpoint = validateYaml(yaml, firstLine, checkpointBlockSchema, fail);
        if (checkpoint) step.checkpoints.push(checkpoint);
        break;
      }
    }
    i = end;
  }
  if (seen.has('goals') && !seen.has('solution')) fail(line, `step ${number} has goals but no \`\`\`solution block: "show me" needs one`);
  if (seen.has('goals') && !seen.has('hints')) fail(line, `step ${number} has goals but no \`\`\`hints block`);
  step.html = renderMarkdown(prose.join('\n'));
  return { step, declared: seen };
}

/** Each entry on its own, so that a wrong action names its own field (a union would only say "invalid"). */
function parseSolution(yaml: string, firstLine: number, fail: Fail): SolutionEntry[] {
  const { doc, lineOf } = parseYaml(yaml, firstLine, fail);
  if (!doc) return [];
  const value: unknown = doc.toJS();
  if (!Array.isArray(value) || value.length === 0) {
    fail(firstLine, 'a ```solution block is a YAML list of "- action: {...}" and "- wait: <ms>" entries');
    return [];
  }
  const entries: SolutionEntry[] = [];
  value.forEach((item: unknown, index) => {
    const fields = typeof item === 'object' && item !== null ? Object.keys(item) : [];
    const schema = fields.includes('action') ? solutionActionSchema : fields.includes('wait') ? solutionWaitSchema : null;
    if (!schema) {
      fail(lineOf([index]), `solution entry ${index + 1}: write "action: {...}" or "wait: <ms>"`);
      return;
    }
    const result = schema.safeParse(item);
    if (result.success) entries.push(result.data);
    else for (const issue of result.error.issues) fail(lineOf([index, ...issue.path]), `solution entry ${index + 1}: ${describeIssue(issue)}`);
  });
  return entries;
}

function parseGoals(yaml: string, firstLine: number, fail: Fail): StepGoal[] {
  const { doc, lineOf } = parseYaml(yaml, firstLine, fail);
  if (!doc) return [];
  const value: unknown = doc.toJS();
  if (!Array.isArray(value) || value.length === 0) {
    fail(firstLine, 'a ```goals block is a YAML list of goals, each with "kind", its fields and "text"');
    return [];
  }
  const goals: StepGoal[] = [];
  value.forEach((item: unknown, index) => {
    const { text, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const textResult = goalTextSchema.safeParse(text);
    if (!textResult.success) fail(lineOf([index]), 'each goal needs a "text": the sentence the student reads, in Portuguese');
    const goal = goalSchema.safeParse(rest);
    if (!goal.success) {
      for (const issue of goal.error.issues) fail(lineOf([index, ...issue.path]), `goal ${index + 1}: ${describeIssue(issue)}`);
    }
    if (goal.success && textResult.success) goals.push({ goal: goal.data, text: textResult.data });
  });
  return goals;
}

function validateYaml<S extends z.ZodType>(yaml: string, firstLine: number, schema: S, fail: Fail): z.output<S> | null {
  const { doc, lineOf } = parseYaml(yaml, firstLine, fail);
  if (!doc) return null;
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) fail(lineOf(issue.path), describeIssue(issue));
  return null;
}

function parseYaml(yaml: string, firstLine: number, fail: Fail): { doc: Document | null; lineOf: (path: readonly PropertyKey[]) => number } {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false });
  const lineOf = (path: readonly PropertyKey[]): number => {
    // The deepest node of the path that exists: a missing field is reported on its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return firstLine - 1 + counter.linePos(node.range[0]).line;
    }
    return firstLine;
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) fail(firstLine - 1 + (error.linePos?.[0].line ?? 1), `YAML: ${error.message.split('\n')[0]}`);
    return { doc: null, lineOf };
  }
  return { doc, lineOf };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
  return `${where}${issue.message}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
