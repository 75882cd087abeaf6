// The timeline part of a message file (see ../messages.ts). Owned by src/components/timeline/,
// src/components/charts/ and the event log's filters.
import type { MarkerKind } from '../../../sim/timeline/markers.ts';
import type { EventCategory } from '../../components/timeline/event-categories.ts';
import type { ShortcutId } from '../../ui/shortcuts.ts';

export interface TimelineMessages {
  heading: string;
  toolbar: string;
  play: string;
  pause: string;
  step: string;
  stepHint: string;
  stepBack: string;
  stepBackHint: string;
  runOneSecond: string;
  runOneSecondHint: string;
  runTenSeconds: string;
  runTenSecondsHint: string;
  speed: string;
  speedValue: (speed: string) => string;
  /** The scrubber (a slider). */
  scrubber: string;
  scrubberValue: (time: string, end: string) => string;
  scrubberHint: string;
  /** Shown while a rewind replays the session. */
  rewinding: string;
  replayTook: (ms: string) => string;
  /** Inputs recorded ahead of now after a rewind. */
  pendingInputs: (count: number) => string;
  markerKinds: Record<MarkerKind, string>;
  markersLegend: string;
  /** A marker's button: its kind, time and what happened (the first event's text). */
  marker: (kind: string, time: string, what: string, count: number) => string;
  previousMarker: (time: string) => string;
  nextMarker: (time: string) => string;
  noPreviousMarker: string;
  noNextMarker: string;
  shortcutsButton: string;
  shortcutsTitle: string;
  shortcutsClose: string;
  shortcutsKey: string;
  shortcutsAction: string;
  shortcuts: Record<ShortcutId, { keys: string; description: string }>;

  filters: {
    heading: string;
    category: string;
    categories: Record<EventCategory, string>;
    broker: string;
    topic: string;
    group: string;
    all: string;
    brokerName: (id: number) => string;
    shown: (shown: number, total: number) => string;
    none: string;
    clear: string;
  };

  charts: {
    heading: string;
    throughput: string;
    throughputUnit: string;
    lag: string;
    lagUnit: string;
    isr: string;
    isrUnit: string;
    latency: string;
    latencyUnit: string;
    latencyAvg: string;
    latencyMax: string;
    isrPartition: (topic: string, partition: string) => string;
    isrTopicMin: (topic: string) => string;
    now: string;
    noData: string;
    /** Text alternative of a chart: its latest values. */
    summary: (title: string, values: string) => string;
    valueOf: (name: string, value: string) => string;
  };
}
