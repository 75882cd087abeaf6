// What the person clicked in the cluster view (or chose elsewhere): the inspector shows it and the
// failure tools act on it. Plain data, named by the engine's ids, never engine objects.
export type Selection =
  | { kind: 'broker'; broker: number }
  | { kind: 'controller'; controller: number }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'producer'; producer: string }
  | { kind: 'consumer'; consumer: string }
  | { kind: 'group'; group: string }
  /** A link between two network nodes ("broker-0", "producer-p1", "controller-100", ...). */
  | { kind: 'link'; a: string; b: string };

export type SelectionKind = Selection['kind'];

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}
