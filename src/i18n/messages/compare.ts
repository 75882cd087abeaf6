// The compare part of a message file (see ../messages.ts). Owned by src/components/compare/.
import type { ComparisonKind, SettingChange } from '../../../sim/compare/variants.ts';
import type { VerdictMetric } from '../../../sim/compare/verdict.ts';
import type { Formatters } from '../messages.ts';

export interface ComparisonTexts {
  /** The chooser's button, e.g. "acks=1 × acks=all". */
  title: string;
  /** What A and B differ in, one line. */
  explanation: string;
  /** What to watch while it runs, one line. */
  watch: string;
  /** Short names of the two sides, used in the column heads and the call-outs. */
  a: string;
  b: string;
  /** How a call-out names each side, e.g. "com acks=1", "sem idempotência". */
  inA: string;
  inB: string;
}

export interface CompareMessages {
  heading: string;
  intro: string;
  chooserLabel: string;
  comparisons: Record<ComparisonKind, ComparisonTexts>;
  /** "Começa do cenário …" */
  scenario: (name: string) => string;
  watchLabel: string;
  changes: {
    caption: string;
    target: string;
    config: string;
    a: string;
    b: string;
    /** Who gets the change: "consumidores e1, e2 e e3", "cluster". */
    targetNames: (kind: SettingChange['target']['kind'], ids: string[], format: Formatters) => string;
  };
  loading: string;
  /** The view's code could not be loaded (offline, a stale page after a deploy). */
  loadFailed: string;
  /** A comparison could not be set up (a broken library scenario): nothing runs. */
  refused: string;
  /** The two engines no longer agree on the time (one failed): the comparison stops. */
  broken: string;
  controls: {
    label: string;
    play: string;
    pause: string;
    playHint: string;
    back: (seconds: number) => string;
    backHint: (seconds: number) => string;
    forward: (seconds: number) => string;
    forwardHint: (seconds: number) => string;
    toEnd: string;
    toEndHint: (endMs: number, format: Formatters) => string;
    reset: string;
    resetHint: string;
    speed: string;
    time: string;
    /** Each side's own clock, e.g. "A: 00:12,000" */
    sideTime: (side: string, time: string) => string;
    end: (time: string) => string;
    running: string;
    paused: string;
    finished: string;
  };
  faults: {
    label: string;
    hint: string;
    broker: string;
    brokerOption: (broker: number) => string;
    crashBroker: (broker: number) => string;
    restartBroker: (broker: number) => string;
    healNetwork: string;
    /** The action went to both sides; how each answered. */
    applied: (what: string, time: string) => string;
    refusedOn: (side: string, error: string) => string;
  };
  side: {
    /** "Lado A" */
    heading: (letter: string) => string;
    brokers: string;
    brokerUp: (id: number) => string;
    brokerDown: (id: number) => string;
    partitions: string;
    partition: string;
    leader: string;
    epoch: string;
    isr: string;
    hw: string;
    hwHint: string;
    noLeader: string;
    producers: string;
    producerLine: (id: string, acked: string, failed: string, sent: string) => string;
    groups: string;
    groupLine: (id: string, state: string, generation: number, members: number) => string;
    noGroups: string;
  };
  verdict: {
    heading: string;
    caption: string;
    metric: string;
    metrics: Record<VerdictMetric, string>;
    /** Marks the better value (shown with a shape, read by screen readers). */
    better: string;
    empty: string;
    /** "Medido em 00:12,000" */
    measuredAt: (time: string) => string;
    differencesHeading: string;
    noDifference: string;
    /** What a value of the metric means, as a clause, e.g. "37 registros confirmados sumiram". */
    phrases: Record<VerdictMetric, (value: number, format: Formatters) => string>;
    /** One sentence per difference: "Com acks=1, …; com acks=all, …." (sides named by inA, inB). */
    callout: (inA: string, phraseA: string, inB: string, phraseB: string) => string;
  };
}
