// Keyboard shortcuts of the whole page: space plays or pauses, → runs one event. They stay out of
// the way of form fields, and of buttons and links for the keys those use themselves.
export interface ShortcutActions {
  togglePlay(): void;
  step(): void;
}

const FORM_FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const ACTIVATED_BY_SPACE = new Set(['BUTTON', 'A', 'SUMMARY']);

export function handleShortcut(event: KeyboardEvent, actions: ShortcutActions): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  const target = event.target instanceof HTMLElement ? event.target : null;
  if (target && (FORM_FIELDS.has(target.tagName) || target.isContentEditable)) return;
  if (event.key === ' ') {
    if (target && ACTIVATED_BY_SPACE.has(target.tagName)) return; // space presses the focused button
    event.preventDefault();
    actions.togglePlay();
  } else if (event.key === 'ArrowRight') {
    event.preventDefault();
    actions.step();
  }
}
