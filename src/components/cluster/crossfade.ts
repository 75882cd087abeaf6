// Partitions moving between members of a group: a chip leaving one member flies to the member
// that receives it in the same frame (cooperative rebalance); one revoked with nobody receiving it
// yet only fades (eager rebalance: everything is revoked first, then assigned).
import { crossfade, fade } from 'svelte/transition';
import { cubicOut } from 'svelte/easing';

type Transition = ReturnType<typeof crossfade>[0];

export interface CrossfadePair {
  send: Transition;
  receive: Transition;
}

export function partitionMotion(durationMs: number): CrossfadePair {
  const [send, receive] = crossfade({
    duration: durationMs,
    easing: cubicOut,
    fallback: (node) => fade(node, { duration: durationMs }),
  });
  return { send, receive };
}
