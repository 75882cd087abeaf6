// Chart series over virtual time: one sample per window of SAMPLE_INTERVAL_MS, from the trace
// events of the window (records appended, produce latency) and a snapshot taken at its end (lag,
// ISR). Pure and deterministic; the worker feeds it every event as it streams and gives it a way to
// take a snapshot. Samples are kept in a bounded ring; a replay after a rewind feeds the same events
// again and only samples past the last one kept are added.
import type { TraceEvent } from '../kernel/types.ts';
import type { ClusterSnapshot } from '../snapshot.ts';

export const SAMPLE_INTERVAL_MS = 500;
/** Samples kept: 20 minutes of virtual time at one per 500 ms. */
export const SAMPLES_MAX = 2400;
/** Up to this many partitions (internal topics aside) the ISR chart has a line per partition. */
export const ISR_PER_PARTITION_MAX = 12;

export interface SeriesSample {
  /** End of the window the sample describes: (timeMs − interval, timeMs]. */
  timeMs: number;
  /** Records appended by leaders per second, per topic (internal topics aside). */
  throughput: Record<string, number>;
  /** Sum of the committed lag of the group's partitions (partitions without a commit aside). */
  lag: Record<string, number>;
  /**
   * ISR size: per partition (`topic/partition`) in a small scene, otherwise the smallest of the
   * topic (`topic/min`).
   */
  isr: Record<string, number>;
  /** produce-acked latency of the window's acks; null when none was acked. */
  latencyAvgMs: number | null;
  latencyMaxMs: number | null;
}

export interface SeriesState {
  samples: readonly SeriesSample[];
  window: Window;
  windowEndMs: number;
  lastSeq: number;
  dropped: number;
}

interface Window {
  appended: Map<string, number>;
  latencySumMs: number;
  latencyCount: number;
  latencyMaxMs: number;
}

const emptyWindow = (): Window => ({ appended: new Map(), latencySumMs: 0, latencyCount: 0, latencyMaxMs: 0 });

export class SeriesCollector {
  #samples: SeriesSample[] = [];
  #window: Window = emptyWindow();
  #windowEndMs: number;
  /** Events already counted in a window: a replay feeds them again. */
  #lastSeq = 0;
  /** Samples dropped from the front of the ring so far (indexes of samples stay meaningful). */
  #dropped = 0;
  #version = 0;

  constructor(
    readonly intervalMs = SAMPLE_INTERVAL_MS,
    private readonly limit = SAMPLES_MAX,
  ) {
    this.#windowEndMs = intervalMs;
  }

  get samples(): readonly SeriesSample[] {
    return this.#samples;
  }
  /** Bumped when samples are removed (not when added): the receiver must start over then. */
  get version(): number {
    return this.#version;
  }
  /** How many samples were ever added (ring evictions included): where an append delta starts. */
  get total(): number {
    return this.#dropped + this.#samples.length;
  }
  /** End of the window being filled: the next sample's time. */
  get windowEndMs(): number {
    return this.#windowEndMs;
  }
  get lastTimeMs(): number {
    return this.#samples.at(-1)?.timeMs ?? 0;
  }

  /**
   * Starts the windows over for a replay, keeping the samples: they are redone only past the last
   * one kept. A replay from a checkpoint starts at `fromMs` (a window boundary), after event `afterSeq`.
   */
  restart(fromMs = 0, afterSeq = 0): void {
    if (fromMs % this.intervalMs !== 0) throw new Error(`series restart at ${fromMs} ms, not a multiple of ${this.intervalMs} ms`);
    this.#window = emptyWindow();
    this.#windowEndMs = fromMs + this.intervalMs;
    this.#lastSeq = afterSeq;
  }

  /**
   * Feeds the events that happened since the last call (in seq order) and closes every window that
   * ends at or before `nowMs`. `snapshot` is called at most once, and only when a new sample needs it.
   */
  ingest(events: readonly TraceEvent[], nowMs: number, snapshot: () => ClusterSnapshot): void {
    let taken: ClusterSnapshot | null = null;
    const take = (): ClusterSnapshot => (taken ??= snapshot());
    for (const event of events) {
      if (event.seq <= this.#lastSeq) continue;
      this.#lastSeq = event.seq;
      while (event.timeMs > this.#windowEndMs) this.#close(take);
      this.#count(event);
    }
    while (this.#windowEndMs <= nowMs) this.#close(take);
  }

  /** What a saved session keeps: a copy of the samples and of the window being filled, as plain data. */
  exportState(): SeriesState {
    const window = { ...this.#window, appended: new Map(this.#window.appended) };
    return { samples: [...this.#samples], window, windowEndMs: this.#windowEndMs, lastSeq: this.#lastSeq, dropped: this.#dropped };
  }

  /** Takes the state a saved session kept; the page gets the samples whole again. */
  importState(state: SeriesState): void {
    this.#samples = [...state.samples];
    this.#window = { ...state.window, appended: new Map(state.window.appended) };
    this.#windowEndMs = state.windowEndMs;
    this.#lastSeq = state.lastSeq;
    this.#dropped = state.dropped;
    this.#version += 1;
  }

  /** Forgets the samples after `timeMs` (a new branch of the session starts there). */
  truncate(timeMs: number): void {
    const kept = this.#samples.filter((sample) => sample.timeMs <= timeMs);
    if (kept.length === this.#samples.length) return;
    this.#samples = kept;
    this.#version += 1;
  }

  #count(event: TraceEvent): void {
    const window = this.#window;
    if (event.type === 'record-batch-appended' && typeof event.topic === 'string' && !event.topic.startsWith('__')) {
      window.appended.set(event.topic, (window.appended.get(event.topic) ?? 0) + (Number(event.records) || 0));
    } else if (event.type === 'produce-acked' && typeof event.latencyMs === 'number') {
      window.latencySumMs += event.latencyMs;
      window.latencyCount += 1;
      window.latencyMaxMs = Math.max(window.latencyMaxMs, event.latencyMs);
    }
  }

  #close(snapshot: () => ClusterSnapshot): void {
    const endMs = this.#windowEndMs;
    const window = this.#window;
    this.#window = emptyWindow();
    this.#windowEndMs = endMs + this.intervalMs;
    if (endMs <= this.lastTimeMs) return; // kept from before the rewind, and the same by determinism
    this.#samples.push(sampleOf(endMs, window, this.intervalMs, snapshot()));
    if (this.#samples.length > this.limit) {
      const excess = this.#samples.length - this.limit;
      this.#samples.splice(0, excess);
      this.#dropped += excess;
    }
  }
}

function sampleOf(timeMs: number, window: Window, intervalMs: number, snapshot: ClusterSnapshot): SeriesSample {
  const throughput: Record<string, number> = {};
  const topics = snapshot.topics.filter((topic) => !topic.internal);
  // Every topic has a value, 0 included, so that a line drops to 0 instead of breaking.
  for (const topic of topics) throughput[topic.name] = 0;
  for (const [topic, records] of window.appended) throughput[topic] = (records * 1000) / intervalMs;
  const lag: Record<string, number> = {};
  for (const group of snapshot.groups) {
    lag[group.groupId] = group.offsets.reduce((sum, offset) => sum + (offset.lag ?? 0), 0);
  }
  const isr: Record<string, number> = {};
  const partitionCount = topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  for (const topic of topics) {
    if (partitionCount <= ISR_PER_PARTITION_MAX) {
      for (const partition of topic.partitions) isr[`${topic.name}/${partition.partition}`] = partition.isr.length;
    } else if (topic.partitions.length > 0) {
      isr[`${topic.name}/min`] = Math.min(...topic.partitions.map((partition) => partition.isr.length));
    }
  }
  return {
    timeMs,
    throughput,
    lag,
    isr,
    latencyAvgMs: window.latencyCount === 0 ? null : window.latencySumMs / window.latencyCount,
    latencyMaxMs: window.latencyCount === 0 ? null : window.latencyMaxMs,
  };
}
