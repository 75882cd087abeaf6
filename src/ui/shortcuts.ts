// Keyboard shortcuts of the whole page, and the single list of them that the `?` dialog shows
// (its texts are in the timeline's message file, by id). They stay out of the way of form fields,
// of buttons and links for the keys those use themselves, and of the timeline's slider, which
// moves with the arrow keys.
export const SHORTCUTS = [
  { id: 'togglePlay', key: ' ', shift: false, aria: 'Space' },
  { id: 'step', key: 'ArrowRight', shift: false, aria: 'ArrowRight' },
  { id: 'stepBack', key: 'ArrowLeft', shift: false, aria: 'ArrowLeft' },
  { id: 'runOneSecond', key: 'ArrowRight', shift: true, aria: 'Shift+ArrowRight' },
  { id: 'rewindOneSecond', key: 'ArrowLeft', shift: true, aria: 'Shift+ArrowLeft' },
  { id: 'slower', key: '-', shift: null, aria: '-' },
  { id: 'faster', key: '+', shift: null, aria: '+' },
  { id: 'help', key: '?', shift: null, aria: '?' },
] as const satisfies readonly { id: string; key: string; shift: boolean | null; aria: string }[];

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];
export type ShortcutActions = Record<ShortcutId, () => void>;

/** The aria-keyshortcuts value of the control that does the same thing. */
export function ariaKeys(id: ShortcutId): string {
  return SHORTCUTS.find((shortcut) => shortcut.id === id)!.aria;
}

const FORM_FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const ACTIVATED_BY_SPACE = new Set(['BUTTON', 'A', 'SUMMARY']);
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

export function handleShortcut(event: KeyboardEvent, actions: Partial<ShortcutActions>): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target instanceof HTMLElement ? event.target : null;
  if (target && (FORM_FIELDS.has(target.tagName) || target.isContentEditable)) return;
  if (target && ACTIVATED_BY_SPACE.has(target.tagName) && event.key === ' ') return; // space presses the focused button
  if (target && target.getAttribute('role') === 'slider' && ARROWS.has(event.key)) return; // the slider's own keys
  const shortcut = SHORTCUTS.find((s) => s.key === event.key && (s.shift === null || s.shift === event.shiftKey));
  if (shortcut === undefined) return;
  // A held → walks through events; nothing else repeats (a step back replays the session each time).
  if (event.repeat && shortcut.id !== 'step') return;
  const action = actions[shortcut.id];
  if (action === undefined) return;
  event.preventDefault();
  action();
}
