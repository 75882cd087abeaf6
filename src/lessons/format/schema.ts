// The lesson file's structured parts, validated with zod: the front matter and the fenced YAML
// blocks of each step (goals, hints, solution, checkpoint). The prose around them is Markdown.
import { z } from 'zod';
import { actionSchema } from '../../../sim/scenario/schema.ts';
import { goalSchema, type Goal } from '../../../sim/goals/schema.ts';

export { goalSchema };

export const LESSON_THEMES = ['fundamentos', 'armazenamento', 'cluster', 'falhas', 'consumidores'] as const;
export type LessonTheme = (typeof LESSON_THEMES)[number];

export const frontMatterSchema = z.strictObject({
  /** The lesson's address: #/licoes/<id>/<step>. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id is lower-case words joined by "-", e.g. "particoes-e-chaves"'),
  title: z.string().min(1),
  summary: z.string().min(1),
  theme: z.enum(LESSON_THEMES),
  /** Minutes a student needs, roughly. */
  duration: z.number().int().min(1).max(240),
  /** Ids of lessons to take first. */
  prerequisites: z.array(z.string()).default([]),
  /** The starting scenario: a name in scenarios/ or a scenario object (the format of scenarios/*.json). */
  scenario: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** Links to read next (Kafka's documentation). */
  readMore: z.array(z.strictObject({ title: z.string().min(1), url: z.url() })).default([]),
});
export type FrontMatter = z.output<typeof frontMatterSchema>;

/**
 * A goal with the sentence the panel shows for it (Portuguese, written by the lesson's author). In
 * the file both sit in one YAML mapping; the parser takes `text` out and validates the rest as a goal.
 */
export const goalTextSchema = z.string().min(1);
export interface StepGoal {
  goal: Goal;
  text: string;
}

export const hintsBlockSchema = z.array(z.string().min(1)).min(1);

/** What "show me" plays: actions at the current time, and waits that let virtual time run. */
export const solutionActionSchema = z.strictObject({ action: actionSchema });
export const solutionWaitSchema = z.strictObject({ wait: z.number().int().min(1).max(600_000) });
export const solutionEntrySchema = z.union([solutionActionSchema, solutionWaitSchema]);
export type SolutionEntry = z.infer<typeof solutionEntrySchema>;

export const checkpointBlockSchema = z
  .strictObject({
    question: z.string().min(1),
    choices: z
      .array(z.strictObject({ text: z.string().min(1), correct: z.boolean().default(false), explanation: z.string().min(1) }))
      .min(2)
      .max(6),
  })
  .refine((c) => c.choices.filter((choice) => choice.correct).length === 1, { message: 'a checkpoint needs exactly one correct choice', path: ['choices'] });
export type Checkpoint = z.output<typeof checkpointBlockSchema>;

export const BLOCK_KINDS = ['goals', 'hints', 'solution', 'checkpoint'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];
