// A lesson as the app uses it: parsed, validated, its prose already rendered to HTML at build time.
import type { Checkpoint, FrontMatter, SolutionEntry, StepGoal } from './schema.ts';

export interface LessonStep {
  /** 1-based, as in the address #/licoes/<id>/<step>. */
  number: number;
  title: string;
  html: string;
  goals: StepGoal[];
  hints: string[];
  solution: SolutionEntry[];
  checkpoints: Checkpoint[];
  /** Line of its heading in the file (for messages to the author). */
  line: number;
}

export interface Lesson extends Omit<FrontMatter, 'scenario'> {
  /** The file, relative to the project (lessons/NN-slug.md). */
  file: string;
  /** Position in the lesson path: the NN of the file name. */
  order: number;
  scenario: { name: string } | { inline: Record<string, unknown> };
  introHtml: string;
  steps: LessonStep[];
}

export interface LessonError {
  file: string;
  line: number;
  /** English, for the author and the build log. */
  message: string;
}

export type LessonParseResult = { ok: true; lesson: Lesson } | { ok: false; errors: LessonError[] };
