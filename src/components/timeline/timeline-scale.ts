// The x scale the scrubber and the charts share: virtual time from 0 to the furthest time reached.
import { scaleLinear, type ScaleLinear } from 'd3';

/** The shortest span drawn, so that the first seconds do not fill the whole width. */
export const MIN_SPAN_MS = 10_000;

export function timelineEndMs(nowMs: number, furthestMs: number): number {
  return Math.max(MIN_SPAN_MS, nowMs, furthestMs);
}

export function timeScale(endMs: number, left: number, right: number): ScaleLinear<number, number> {
  return scaleLinear().domain([0, endMs]).range([left, Math.max(left + 1, right)]).clamp(true);
}

/** A short tick label: m:ss (or h:mm:ss). */
export function tickLabel(ms: number): string {
  const whole = Math.round(ms / 1000);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor(whole / 60) % 60;
  const seconds = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
