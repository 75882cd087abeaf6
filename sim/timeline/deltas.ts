// What of the markers and chart samples a frame must carry: only what changed since the previous
// frame (markers whole when they changed, samples appended, or all of them after a truncation).
import type { Marker, MarkerCollector } from './markers.ts';
import type { SeriesCollector, SeriesSample } from './series.ts';

export interface SeriesDelta {
  /** The receiver replaces its samples instead of appending. */
  reset: boolean;
  samples: SeriesSample[];
}

export class TimelineDeltas {
  #markersVersion = -1;
  #seriesVersion = -1;
  /** SeriesCollector.total already sent. */
  #seriesTotal = 0;

  /** The next frame carries everything (a new subscriber, a new scenario). */
  reset(): void {
    this.#markersVersion = -1;
    this.#seriesVersion = -1;
    this.#seriesTotal = 0;
  }

  markers(collector: MarkerCollector): Marker[] | null {
    if (collector.version === this.#markersVersion) return null;
    this.#markersVersion = collector.version;
    return collector.markers.slice();
  }

  series(collector: SeriesCollector): SeriesDelta | null {
    const reset = collector.version !== this.#seriesVersion;
    if (!reset && collector.total <= this.#seriesTotal) return null;
    const samples = collector.samples;
    const fresh = reset ? samples.length : Math.min(samples.length, collector.total - this.#seriesTotal);
    this.#seriesVersion = collector.version;
    this.#seriesTotal = collector.total;
    return { reset, samples: samples.slice(samples.length - fresh) };
  }
}
