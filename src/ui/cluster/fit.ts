// Texts of the drawing that may not fit their box (long names, presenter mode on a narrow canvas):
// squeezed to the room left (SVG textLength) instead of spilling out of the box or under a neighbour.

/** Average glyph width of the UI font, as a share of its size (a generous estimate). */
const GLYPH_EM = 0.56;

/** About how wide `text` is at `sizePx`. */
export function textWidth(text: string, sizePx: number): number {
  return text.length * sizePx * GLYPH_EM;
}

/** The textLength to give `text` at `sizePx` so that it stays within `roomPx`; undefined when it fits. */
export function fitLength(text: string, sizePx: number, roomPx: number): number | undefined {
  return textWidth(text, sizePx) > roomPx ? Math.max(0, roomPx) : undefined;
}
