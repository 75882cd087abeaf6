// Marks of the cluster view: one d3 symbol and one colour per API family, so that a message is told
// apart by its shape as well as its colour (for colour-blind readers and grey projectors).
import { symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import type { ApiFamily } from './in-flight.ts';

const SYMBOLS: Record<ApiFamily, SymbolType> = {
  produce: symbolCircle,
  'fetch-consumer': symbolSquare,
  'fetch-follower': symbolDiamond,
  group: symbolTriangle,
  controller: symbolWye,
  other: symbolCross,
};

/** Dark enough for 4.5:1 on white, apart enough to tell on a projector. */
export const FAMILY_COLOURS: Record<ApiFamily, string> = {
  produce: '#0b4a8b',
  'fetch-consumer': '#6b21a8',
  'fetch-follower': '#0d5c2c',
  group: '#a14000',
  controller: '#334155',
  other: '#57534e',
};

const cache = new Map<string, string>();

/** The SVG path of a family's mark, centred on 0,0, of area ~ size². */
export function familySymbol(family: ApiFamily, size: number): string {
  const key = `${family}:${size}`;
  let path = cache.get(key);
  if (path === undefined) {
    path = symbol(SYMBOLS[family], size * size)() ?? '';
    cache.set(key, path);
  }
  return path;
}

/** A five-pointed star centred on 0,0 (the leader's mark, the active controller's crown). */
export function starPath(radius: number): string {
  // Drawn in every leader's cell and row on every frame: one path per size.
  let path = starCache.get(radius);
  if (path === undefined) {
    path = symbol(symbolStar, radius * radius * 1.6)() ?? '';
    starCache.set(radius, path);
  }
  return path;
}
const starCache = new Map<number, string>();

/**
 * A star centred on (cx, cy), its position in the path itself: an SVG transform on each of the
 * hundreds of leader cells of a large cluster made a transform node, and a paint chunk, each, which
 * the browser sorted again at every frame (Layerize took 10-20 ms a frame in the large scene).
 * d3's star is made of absolute moves and lines only (M, L, Z), so moving it is moving each point.
 */
export function starPathAt(radius: number, cx: number, cy: number): string {
  return starPath(radius).replace(/(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g, (_, x: string, y: string) => `${round2(Number(x) + cx)},${round2(Number(y) + cy)}`);
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
