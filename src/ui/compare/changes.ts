// The chooser's list of changed settings, one line per distinct change: eight consumers switching
// the same assignor are one line naming the eight, not eight equal lines.
import type { SettingChange } from '../../../sim/compare/variants.ts';

export interface ChangeLine {
  kind: SettingChange['target']['kind'];
  /** The producers, consumers or topics that get this change (empty for the cluster). */
  ids: string[];
  config: string;
  a: string;
  b: string;
}

export function changeLines(changes: SettingChange[]): ChangeLine[] {
  const lines = new Map<string, ChangeLine>();
  for (const change of changes) {
    const key = JSON.stringify([change.target.kind, change.config, change.a, change.b]);
    const line = lines.get(key) ?? { kind: change.target.kind, ids: [], config: change.config, a: change.a, b: change.b };
    if (change.target.id !== '') line.ids.push(change.target.id);
    lines.set(key, line);
  }
  return [...lines.values()];
}
