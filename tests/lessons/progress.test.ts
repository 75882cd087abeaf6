// Progress files: what is exported imports back; anything else is refused with the reason, and the
// current progress is kept.
import { describe, expect, it } from 'vitest';
import { emptyProgress, loadStoredProgress, mergeProgress, parseProgress, recordStep, serializeProgress, storeProgress } from '../../src/lessons/runner/progress.ts';

describe('progress', () => {
  it('round-trips through a file', () => {
    const progress = recordStep(emptyProgress(), 'o-que-e-kafka', { completed: [1, 2], currentStep: 3, answers: { '1': { '0': 2 } } });
    const parsed = parseProgress(serializeProgress(progress));
    expect(parsed).toEqual({ ok: true, progress });
  });

  it('refuses what is not a progress file, saying why', () => {
    expect(parseProgress('não é json')).toMatchObject({ ok: false, reason: 'not-json' });
    expect(parseProgress('{"format":"outra-coisa"}')).toMatchObject({ ok: false, reason: 'not-progress' });
    expect(parseProgress(JSON.stringify({ format: 'kafka-lab-progress', version: 1, lessons: { x: { completedSteps: [-1], currentStep: 1 } } }))).toMatchObject({ ok: false, reason: 'not-progress' });
    expect(parseProgress(JSON.stringify({ format: 'kafka-lab-progress', version: 7, lessons: {} }))).toMatchObject({ ok: false, reason: 'newer-version' });
  });

  it('merges an import into the current progress without losing either', () => {
    const home = recordStep(emptyProgress(), 'a', { completed: [1], currentStep: 2 });
    const school = recordStep(recordStep(emptyProgress(), 'a', { completed: [2], currentStep: 3 }), 'b', { completed: [1], currentStep: 1 });
    const merged = mergeProgress(home, school);
    expect(merged.lessons['a']).toMatchObject({ completedSteps: [1, 2], currentStep: 3 });
    expect(merged.lessons['b']).toMatchObject({ completedSteps: [1] });
  });

  it('survives a storage that holds garbage or refuses to write', () => {
    expect(loadStoredProgress({ getItem: () => '{' })).toEqual(emptyProgress());
    expect(() =>
      storeProgress(
        {
          setItem: () => {
            throw new Error('QuotaExceededError');
          },
        },
        emptyProgress(),
      ),
    ).not.toThrow();
  });
});
