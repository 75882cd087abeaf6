// Loads every lesson file: parses each one, then checks what spans files (unique ids and numbers,
// prerequisites that exist). A bad file is reported and left out; the others still load.
import { parseLesson, type ParseOptions } from './parse.ts';
import type { Lesson, LessonError } from './types.ts';

export interface LoadedLessons {
  /** In path order (the NN of their file names). */
  lessons: Lesson[];
  errors: LessonError[];
}

/** `files`: path (e.g. "lessons/01-o-que-e-kafka.md") → contents. */
export function loadLessons(files: Record<string, string>, options: ParseOptions): LoadedLessons {
  const errors: LessonError[] = [];
  const lessons: Lesson[] = [];
  for (const [file, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const result = parseLesson(file, source, options);
    if (result.ok) lessons.push(result.lesson);
    else errors.push(...result.errors);
  }
  const byId = new Map<string, Lesson>();
  const byOrder = new Map<number, Lesson>();
  const kept = lessons.filter((lesson) => {
    const sameId = byId.get(lesson.id);
    const sameOrder = byOrder.get(lesson.order);
    if (sameId) errors.push({ file: lesson.file, line: 2, message: `the id "${lesson.id}" is already used by ${sameId.file}` });
    if (sameOrder) errors.push({ file: lesson.file, line: 1, message: `the number ${lesson.order} is already used by ${sameOrder.file}` });
    if (sameId || sameOrder) return false;
    byId.set(lesson.id, lesson);
    byOrder.set(lesson.order, lesson);
    return true;
  });
  for (const lesson of kept) {
    for (const prerequisite of lesson.prerequisites) {
      if (!byId.has(prerequisite)) errors.push({ file: lesson.file, line: 2, message: `prerequisite "${prerequisite}" is not the id of any lesson` });
    }
  }
  return { lessons: kept.sort((a, b) => a.order - b.order), errors };
}

export function formatLessonError(error: LessonError): string {
  return `${error.file}:${error.line}: ${error.message}`;
}
