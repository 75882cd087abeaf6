// The lessons part of a message file: the lesson panel, the index, progress files and the
// glossary. Owned by src/components/lessons/.
import type { LessonTheme } from '../../lessons/format/schema.ts';

export interface GlossaryEntry {
  /** The term as Brazilian developers say it (often the English word itself). */
  term: string;
  /** The English term, when the Portuguese one differs. */
  english?: string;
  definition: string;
}

export interface LessonsMessages {
  /** The header button and the index's title. */
  open: string;
  indexHeading: string;
  indexIntro: string;
  themes: Record<LessonTheme, string>;
  lessonNumber: (order: number) => string;
  durationMinutes: (minutes: number) => string;
  stepsDone: (done: number, total: number) => string;
  finished: string;
  notStarted: string;
  start: string;
  continueAt: (step: number) => string;
  prerequisites: string;
  freeMode: string;
  invalidLessons: (count: number) => string;
  panel: {
    heading: string;
    stepOf: (step: number, total: number) => string;
    goals: string;
    goalMet: string;
    goalPending: string;
    progress: (current: number, target: number) => string;
    stepDone: string;
    hint: (shown: number, total: number) => string;
    noMoreHints: string;
    showMe: string;
    showingMe: string;
    reset: string;
    back: string;
    next: string;
    finish: string;
    close: string;
    preparing: string;
    prepareFailed: string;
    copyLink: string;
    linkCopied: string;
    checkpoint: string;
    correct: string;
    wrong: string;
    readMore: string;
    finishedHeading: string;
    finishedText: string;
    backToIndex: string;
  };
  progressFile: {
    export: string;
    import: string;
    imported: string;
    refused: Record<'not-json' | 'not-progress' | 'newer-version', string>;
  };
  glossary: {
    open: string;
    heading: string;
    intro: string;
    close: string;
    entries: GlossaryEntry[];
  };
}
