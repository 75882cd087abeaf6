// What each keyboard shortcut does to the engine (the keys and their texts: src/ui/shortcuts.ts).
import { SPEEDS, type EngineClient } from '../../engine/EngineClient.svelte.ts';
import type { ShortcutActions } from '../../ui/shortcuts.ts';

export function timelineShortcuts(engine: EngineClient, openHelp: () => void): ShortcutActions {
  const ready = (): boolean => engine.snapshot !== null && engine.failure === null && !engine.rewinding;
  const when = (run: () => void) => () => {
    if (ready()) run();
  };
  const nowMs = (): number => engine.snapshot?.timeMs ?? 0;
  const speedIndex = (): number => Math.max(0, SPEEDS.findIndex((speed) => speed >= engine.speed));
  return {
    togglePlay: when(() => void engine.togglePlay()),
    step: when(() => void engine.step()),
    stepBack: when(() => void engine.stepBack()),
    runOneSecond: when(() => void engine.runFor(1000)),
    rewindOneSecond: when(() => void engine.rewind(Math.max(0, nowMs() - 1000))),
    slower: when(() => void engine.setSpeed(SPEEDS[Math.max(0, speedIndex() - 1)]!)),
    faster: when(() => void engine.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, speedIndex() + 1)]!)),
    help: openHelp,
  };
}
