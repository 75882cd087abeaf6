// A student's progress through the lessons: which steps are done, where they stopped, what they
// answered. Kept in the browser (localStorage) and moved between computers as a JSON file; a file
// that is not a progress file is refused and the current progress stays as it was.
import { z } from 'zod';

export const PROGRESS_FORMAT = 'kafka-lab-progress';
export const PROGRESS_VERSION = 1;
const STORAGE_KEY = 'kafka-lab.progress';

const lessonProgressSchema = z.strictObject({
  completedSteps: z.array(z.number().int().min(1)).max(100),
  /** The step the student was on. */
  currentStep: z.number().int().min(1).max(100),
  /** Step → checkpoint index → chosen answer index. */
  answers: z.record(z.string().regex(/^\d+$/), z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(10))).default({}),
  finished: z.boolean().default(false),
});
export type LessonProgress = z.output<typeof lessonProgressSchema>;

export const progressSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  /** Lesson id → progress. */
  lessons: z.record(z.string().regex(/^[a-z0-9-]+$/), lessonProgressSchema),
});
export type Progress = z.output<typeof progressSchema>;

export function emptyProgress(): Progress {
  return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, lessons: {} };
}

export type ImportResult = { ok: true; progress: Progress } | { ok: false; reason: 'not-json' | 'not-progress' | 'newer-version'; detail: string };

/** Reads an exported file's text. Never throws: a bad file is a value saying why. */
export function parseProgress(text: string): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: error instanceof Error ? error.message : String(error) };
  }
  if (typeof value === 'object' && value !== null && (value as { format?: unknown }).format === PROGRESS_FORMAT && typeof (value as { version?: unknown }).version === 'number' && (value as { version: number }).version > PROGRESS_VERSION) {
    return { ok: false, reason: 'newer-version', detail: `version ${(value as { version: number }).version} > ${PROGRESS_VERSION}` };
  }
  const parsed = progressSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'not-progress', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, progress: parsed.data };
}

export function serializeProgress(progress: Progress): string {
  return `${JSON.stringify(progress, null, 2)}\n`;
}

/** Imported progress joins the current one: completed steps add up, the furthest position wins. */
export function mergeProgress(current: Progress, imported: Progress): Progress {
  const lessons: Progress['lessons'] = { ...current.lessons };
  for (const [id, theirs] of Object.entries(imported.lessons)) {
    const ours = lessons[id];
    lessons[id] = ours
      ? {
          completedSteps: [...new Set([...ours.completedSteps, ...theirs.completedSteps])].sort((a, b) => a - b),
          currentStep: Math.max(ours.currentStep, theirs.currentStep),
          answers: { ...ours.answers, ...theirs.answers },
          finished: ours.finished || theirs.finished,
        }
      : theirs;
  }
  return { ...current, lessons };
}

export function recordStep(progress: Progress, lessonId: string, update: { completed?: number[]; currentStep: number; answers?: LessonProgress['answers']; finished?: boolean }): Progress {
  const before = progress.lessons[lessonId] ?? { completedSteps: [], currentStep: 1, answers: {}, finished: false };
  return {
    ...progress,
    lessons: {
      ...progress.lessons,
      [lessonId]: {
        completedSteps: [...new Set([...before.completedSteps, ...(update.completed ?? [])])].sort((a, b) => a - b),
        currentStep: update.currentStep,
        answers: { ...before.answers, ...update.answers },
        finished: before.finished || update.finished === true,
      },
    },
  };
}

export function loadStoredProgress(storage: Pick<Storage, 'getItem'> | null): Progress {
  const text = storage?.getItem(STORAGE_KEY);
  if (!text) return emptyProgress();
  const parsed = parseProgress(text);
  if (!parsed.ok) console.warn(`kafka-lab: stored progress ignored (${parsed.reason}: ${parsed.detail})`);
  return parsed.ok ? parsed.progress : emptyProgress();
}

export function storeProgress(storage: Pick<Storage, 'setItem'> | null, progress: Progress): void {
  try {
    storage?.setItem(STORAGE_KEY, serializeProgress(progress));
  } catch (error) {
    // A full or unavailable storage must not stop the lesson; progress stays in memory.
    console.warn('kafka-lab: progress not saved', error);
  }
}
