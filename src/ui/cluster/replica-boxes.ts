// Where each replica sits inside its broker's card, for the card itself and for the overlays that
// call out a moment on a replica (a leadership arriving, a truncation): one source of positions.
import type { Box, ClusterLayout } from './layout.ts';
import { cellColumns } from './layout.ts';
import type { BrokerView } from './model.ts';

export function replicaBoxes(layout: ClusterLayout, brokers: readonly BrokerView[]): Map<string, Box> {
  const boxes = new Map<string, Box>();
  if (layout.detail === 'counts') return boxes;
  const s = layout.scale;
  for (const broker of brokers) {
    const card = layout.brokers.get(broker.id);
    if (!card) continue;
    if (layout.detail === 'rows') {
      broker.replicas.forEach((r, i) => boxes.set(r.key, { x: card.x + 6 * s, y: card.bodyY + i * layout.rowH, w: card.w - 12 * s, h: layout.rowH }));
    } else {
      const cols = cellColumns(layout, card);
      const step = layout.cell + 3 * s;
      broker.replicas.forEach((r, i) =>
        boxes.set(r.key, { x: card.x + 8 * s + (i % cols) * step, y: card.bodyY + Math.floor(i / cols) * step, w: layout.cell, h: layout.cell }),
      );
    }
  }
  return boxes;
}
