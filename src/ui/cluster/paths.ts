// The curve a link follows between two nodes of the view, and the point a message has reached on
// it. Brokers are met on top by clients and controllers (the band above them), and on the bottom
// by other brokers (replication), so links do not cut through the cards.
import type { Box, ClusterLayout } from './layout.ts';

export interface Point {
  x: number;
  y: number;
}

/** A quadratic Bézier from p0 to p1 through the control point c. */
export interface Curve {
  p0: Point;
  c: Point;
  p1: Point;
}

export type NodeKind = 'broker' | 'controller' | 'producer' | 'consumer';

export interface NodeRef {
  kind: NodeKind;
  id: string;
}

/** "broker-0" → {broker, "0"}; null for a name the view does not know. */
export function parseNode(node: string): NodeRef | null {
  const match = /^(broker|controller|producer|consumer)-(.+)$/.exec(node);
  return match ? { kind: match[1] as NodeKind, id: match[2]! } : null;
}

export function boxOf(layout: ClusterLayout, ref: NodeRef): Box | undefined {
  switch (ref.kind) {
    case 'broker':
      return layout.brokers.get(Number(ref.id));
    case 'controller':
      return layout.controllers.get(Number(ref.id));
    case 'producer':
      return layout.producers.get(ref.id);
    case 'consumer':
      return layout.consumers.get(ref.id);
  }
}

const ORDER: Record<NodeKind, number> = { controller: 0, producer: 1, consumer: 2, broker: 3 };

/** The link's curve between two nodes, or null when one of them is not drawn. Same curve both ways. */
export function linkCurve(layout: ClusterLayout, a: string, b: string): Curve | null {
  const ra = parseNode(a);
  const rb = parseNode(b);
  if (!ra || !rb) return null;
  // Canonical order: the curve is built from the "outer" node toward the broker.
  const [r0, r1] = ORDER[ra.kind] <= ORDER[rb.kind] ? [ra, rb] : [rb, ra];
  const b0 = boxOf(layout, r0);
  const b1 = boxOf(layout, r1);
  if (!b0 || !b1) return null;
  const s = layout.scale;
  const curve = curveBetween(layout, r0.kind, b0, r1.kind, b1, s);
  const flipped = r0 !== ra;
  return flipped ? { p0: curve.p1, c: curve.c, p1: curve.p0 } : curve;
}

function curveBetween(layout: ClusterLayout, k0: NodeKind, b0: Box, k1: NodeKind, b1: Box, s: number): Curve {
  if (k0 === 'broker' && k1 === 'broker') {
    const p0 = { x: b0.x + b0.w / 2, y: b0.y + b0.h };
    const p1 = { x: b1.x + b1.w / 2, y: b1.y + b1.h };
    const depth = Math.min(layout.under.h * 1.6, 30 * s + Math.abs(p1.x - p0.x) * 0.12);
    return { p0, c: { x: (p0.x + p1.x) / 2, y: Math.max(p0.y, p1.y) + depth }, p1 };
  }
  if (k0 === 'controller' && k1 === 'controller') {
    const p0 = { x: b0.x + b0.w / 2, y: b0.y };
    const p1 = { x: b1.x + b1.w / 2, y: b1.y };
    return { p0, c: { x: (p0.x + p1.x) / 2, y: b0.y - 26 * s }, p1 };
  }
  if (k0 === 'controller') {
    const p0 = { x: b0.x + b0.w / 2, y: b0.y + b0.h };
    const p1 = { x: b1.x + b1.w / 2, y: b1.y };
    return { p0, c: { x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2 }, p1 };
  }
  if (k1 === 'broker') {
    const fromLeft = k0 === 'producer';
    const p0 = fromLeft ? { x: b0.x + b0.w, y: b0.y + b0.h / 2 } : { x: b0.x, y: b0.y + Math.min(b0.h / 2, 14 * s) };
    const p1 = { x: b1.x + b1.w * (fromLeft ? 0.3 : 0.7), y: b1.y };
    const c = p0.y < p1.y - 10 * s ? { x: p1.x, y: p0.y } : { x: (p0.x + p1.x) / 2, y: p1.y - 40 * s };
    return { p0, c, p1 };
  }
  const p0 = { x: b0.x + b0.w / 2, y: b0.y + b0.h / 2 };
  const p1 = { x: b1.x + b1.w / 2, y: b1.y + b1.h / 2 };
  return { p0, c: { x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2 }, p1 };
}

export function pointAt(curve: Curve, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * curve.p0.x + 2 * u * t * curve.c.x + t * t * curve.p1.x,
    y: u * u * curve.p0.y + 2 * u * t * curve.c.y + t * t * curve.p1.y,
  };
}

export const curvePath = (c: Curve): string => `M${c.p0.x.toFixed(1)},${c.p0.y.toFixed(1)} Q${c.c.x.toFixed(1)},${c.c.y.toFixed(1)} ${c.p1.x.toFixed(1)},${c.p1.y.toFixed(1)}`;

/** The unordered pair's key: "broker-0|producer-p1" whichever way the message goes. */
export const linkKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
