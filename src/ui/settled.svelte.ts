// A value computed from fast-changing sources that itself changes rarely (a layout, the boxes of
// the replicas), held in a state that is written only when its key changes. Readers depend on that
// state, not on the sources: Svelte marks every derived downstream of a changed source at each
// change, whether its value ends up equal or not, which in the large scene was 4,000 deriveds and
// effects per frame behind the snapshot. Call from a component's script (it uses $effect.pre).
import { untrack } from 'svelte';

export interface Settled<T> {
  readonly current: T;
}

/** `key` says when the value changed (compared with ===); `compute` builds it then, untracked. */
export function settled<T>(key: () => unknown, compute: () => T): Settled<T> {
  let currentKey = untrack(key);
  let value = $state.raw<T>(untrack(compute));
  $effect.pre(() => {
    const next = key();
    if (next === currentKey) return;
    currentKey = next;
    value = untrack(compute);
  });
  return {
    get current() {
      return value;
    },
  };
}
