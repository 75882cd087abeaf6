// The shape of a message file. Every text a person reads in the app comes from one object of this
// type (src/i18n/pt-BR.ts first); the compiler makes sure a language file has every key.
import type { TraceEvent } from '../../sim/kernel/types.ts';
import type { EngineEvent, EngineEventType } from '../../sim/events.ts';
import type { ClusterMessages } from './messages/cluster.ts';
import type { TimelineMessages } from './messages/timeline.ts';
import type { InspectorMessages } from './messages/inspector.ts';
import type { ToolsMessages } from './messages/tools.ts';
import type { CompareMessages } from './messages/compare.ts';
import type { LessonsMessages } from './messages/lessons.ts';
import type { OfflineMessages } from './messages/offline.ts';
import type { SessionMessages } from './messages/session.ts';
import type { StorageMessages } from './messages/storage.ts';

/** Events the kernel itself emits (sim/kernel): nodes and the network. Their fields are read defensively. */
export const KERNEL_EVENT_TYPES = [
  'node-added',
  'node-down',
  'node-up',
  'message-dropped',
  'link-profile-set',
  'link-cut',
  'link-healed',
  'partition',
  'partition-healed',
  'drop-rate-set',
  'connection-reset',
  'connection-broken',
] as const;
export type KernelEventType = (typeof KERNEL_EVENT_TYPES)[number];

/** An engine event as it appears in the trace: stamped with its sequence number, time and node. */
export type Stamped<E> = E & { seq: number; timeMs: number; node: string };

/** One text per engine event type, each given its own event's fields: the compiler checks both. */
export type EngineEventTexts = {
  [K in EngineEventType]: (event: Stamped<Extract<EngineEvent, { type: K }>>, format: Formatters) => string;
};

/** Number formatting in the language's conventions, handed to message functions. */
export interface Formatters {
  integer(value: number): string;
  decimal(value: number, fractionDigits: number): string;
  bytes(value: number): string;
  /** Virtual time, e.g. 01:05,250 */
  time(ms: number): string;
  /** A duration in ms, e.g. 4,2 ms */
  durationMs(ms: number): string;
  /** Joins a list in prose, e.g. "0, 1 e 2" */
  list(items: string[]): string;
}

export type EventText = (event: TraceEvent, format: Formatters) => string;

/** Kafka's group states (classic ClassicGroupState, KIP-848 ConsumerGroupState), and Unknown while no coordinator holds the group. */
export const GROUP_STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Assigning', 'Reconciling', 'Unknown'] as const;
export type GroupStateName = (typeof GROUP_STATES)[number];

/** A consumer's own member state: AbstractCoordinator.MemberState (classic) and KIP-848's MemberState. */
export const MEMBER_STATES = ['UNJOINED', 'PREPARING_REBALANCE', 'COMPLETING_REBALANCE', 'STABLE', 'JOINING', 'RECONCILING', 'ACKNOWLEDGING', 'FENCED', 'FATAL'] as const;
export type MemberStateName = (typeof MEMBER_STATES)[number];

/** The KIP-848 coordinator's view of a member (CurrentAssignmentBuilder's states). */
export const COORDINATOR_MEMBER_STATES = ['STABLE', 'UNREVOKED_PARTITIONS', 'UNRELEASED_PARTITIONS', 'UNKNOWN'] as const;
export type CoordinatorMemberStateName = (typeof COORDINATOR_MEMBER_STATES)[number];

export type CommitMode = 'auto' | 'sync-after-processing' | 'async-after-processing' | 'sync-before-processing' | 'none';
export type GroupProtocol = 'classic' | 'consumer';

export interface Messages {
  /** BCP 47 tag, used for Intl formatting and <html lang>. */
  languageTag: string;
  languageName: string;

  app: {
    title: string;
    tagline: string;
    loading: string;
    /** The side panel's name for screen readers (lesson, inspector, tools, clients). */
    sidePanel: string;
    /** The header button that shows or hides the side panel (the cluster view then takes the width). */
    sidePanelToggle: string;
    sidePanelToggleHint: string;
  };

  units: {
    bytes: string;
    kilobytes: string;
    megabytes: string;
    gigabytes: string;
    milliseconds: string;
  };

  controls: {
    toolbar: string;
    virtualTime: string;
    virtualTimeHint: string;
    play: string;
    pause: string;
    step: string;
    stepHint: string;
    runOneSecond: string;
    runOneSecondHint: string;
    speed: string;
    speedValue: (speed: string) => string;
    presenter: string;
    presenterHint: string;
    playing: string;
    paused: string;
    shortcuts: string;
    seed: (seed: number) => string;
  };

  failure: {
    title: string;
    worker: string;
    engine: string;
    scenario: string;
    details: string;
    reload: string;
    /** Restart from the last input log (a new worker replays the recorded actions). */
    restart: string;
  };

  brokers: {
    heading: string;
    name: (id: number) => string;
    up: string;
    down: string;
    replicaCount: (count: number) => string;
    leader: string;
    follower: string;
    noReplicas: string;
    /** Replicas of an internal topic, summarised in one line instead of listed. */
    internalReplicas: (topic: string, replicas: number, leaders: number) => string;
    coordinatorOf: (groups: string[], format: Formatters) => string;
  };

  topics: {
    heading: string;
    empty: string;
    caption: (topic: string, partitions: number, replicationFactor: number) => string;
    partition: string;
    leader: string;
    epoch: string;
    replicas: string;
    isr: string;
    logStartOffset: string;
    highWatermark: string;
    logEndOffset: string;
    size: string;
    noLeader: string;
    select: (topic: string, partition: number) => string;
    selected: string;
    configs: string;
    /** The compact line of an internal topic (__consumer_offsets), shown collapsed. */
    internal: (topic: string, partitions: number, replicationFactor: number) => string;
    /** Marks the internal partition that holds these groups: a short visible text and its spoken form. */
    holdsGroups: (groups: string[], format: Formatters) => string;
  };


  producers: {
    heading: string;
    empty: string;
    acks: string;
    acksValue: (acks: 0 | 1 | -1) => string;
    linger: string;
    batchSize: string;
    sent: string;
    acked: string;
    failed: string;
    retries: string;
    pending: string;
    inFlight: string;
    latency: string;
    status: Record<'running' | 'done' | 'crashed', string>;
    topic: (topic: string) => string;
  };

  consumers: {
    heading: string;
    empty: string;
    consumed: string;
    partition: string;
    position: string;
    highWatermark: string;
    lag: string;
    unknownPosition: string;
    status: Record<'running' | 'crashed' | 'paused', string>;
    topic: (topic: string) => string;
    noAssignment: string;
    caption: (consumer: string) => string;
    error: (error: string) => string;
    group: string;
    memberState: string;
    memberStates: Record<MemberStateName, string>;
    /** Classic generation or KIP-848 member epoch. */
    generation: Record<GroupProtocol, string>;
    noGeneration: string;
    commit: string;
    commitModes: Record<CommitMode, string>;
  };

  groups: {
    heading: string;
    empty: string;
    group: (groupId: string) => string;
    state: string;
    states: Record<GroupStateName, string>;
    protocol: string;
    protocols: Record<GroupProtocol, string>;
    generation: string;
    groupEpoch: string;
    assignmentEpoch: string;
    assignor: string;
    none: string;
    coordinator: string;
    coordinatorValue: (broker: number) => string;
    noCoordinator: string;
    /** The __consumer_offsets partition whose leader coordinates the group. */
    offsetsPartition: (partition: number) => string;
    leader: string;
    membersCaption: (groupId: string) => string;
    noMembers: string;
    member: string;
    assigned: string;
    pending: string;
    memberEpoch: (epoch: number) => string;
    coordinatorMemberStates: Record<CoordinatorMemberStateName, string>;
    nothing: string;
    waiting: string;
    revoking: string;
    legendWaiting: string;
    legendRevoking: string;
    offsetsCaption: (groupId: string) => string;
    offsetsHint: string;
    partition: string;
    committed: string;
    endOffset: string;
    lag: string;
    owner: string;
    noCommit: string;
    noOwner: string;
  };

  events: {
    heading: string;
    empty: string;
    time: string;
    node: string;
    what: string;
    skipped: (count: number) => string;
    unknown: EventText;
    engine: EngineEventTexts;
    kernel: Record<KernelEventType, EventText>;
  };
  // Each feature of the app keeps its texts in its own file, under messages/ and <language>/.
  cluster: ClusterMessages;
  timeline: TimelineMessages;
  inspector: InspectorMessages;
  tools: ToolsMessages;
  session: SessionMessages;
  compare: CompareMessages;
  lessons: LessonsMessages;
  offline: OfflineMessages;
  storage: StorageMessages;
}
