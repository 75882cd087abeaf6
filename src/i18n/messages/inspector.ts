// The inspector part of a message file (see ../messages.ts). Owned by src/components/inspector/.
import type { Formatters } from '../messages.ts';

/** A field of a record batch as the byte inspector names and explains it. */
export interface ByteFieldText {
  name: string;
  explain: string;
}

export interface InspectorMessages {
  heading: string;
  /** The compact picker, until something is clicked in the cluster view. */
  pick: string;
  pickNothing: string;
  pickGroups: Record<'brokers' | 'controllers' | 'partitions' | 'producers' | 'consumers' | 'groups' | 'links', string>;
  nothingSelected: string;
  gone: string;
  close: string;
  yes: string;
  no: string;
  none: string;
  titles: {
    broker: (id: number) => string;
    controller: (id: number) => string;
    partition: (topic: string, partition: number) => string;
    producer: (id: string) => string;
    consumer: (id: string) => string;
    group: (id: string) => string;
    link: (a: string, b: string) => string;
  };
  kinds: Record<'broker' | 'controller' | 'partition' | 'producer' | 'consumer' | 'group' | 'link', string>;

  broker: {
    status: string;
    statuses: Record<'up' | 'down', string>;
    state: string;
    states: Record<string, string>;
    fenced: string;
    controlledShutdown: string;
    epoch: string;
    diskLatency: string;
    healthyDisk: string;
    leaderships: string;
    replicas: string;
    coordinatorOf: string;
    partitionsCaption: (id: number) => string;
    role: string;
    roleLeader: string;
    roleFollower: string;
    roleOutOfSync: string;
  };

  controller: {
    status: string;
    role: string;
    roles: Record<string, string>;
    active: string;
    activeYes: string;
    activeNo: string;
    epoch: string;
    leader: string;
    noLeader: string;
    logEndOffset: string;
    highWatermark: string;
    metadataLog: string;
  };

  partition: {
    summary: string;
    firstOffset: string;
    lastOffset: string;
    highWatermark: string;
    size: string;
    leader: string;
    preferredLeader: string;
    notPreferred: string;
    noLeader: string;
    leaderEpoch: string;
    replicas: string;
    isr: string;
    isrOf: (inSync: number, total: number) => string;
    offline: string;
    underReplicated: string;
    underReplicatedYes: string;
    underReplicatedNo: string;
    elr: string;
    replicasCaption: string;
    broker: string;
    lag: string;
    tabs: string;
    tabSegments: string;
    tabRecords: string;
    replicaOf: string;
    replicaButton: (broker: number) => string;
    leaderMark: string;
    /** For a __consumer_offsets partition: the label of the groups it holds. */
    holdsGroups: string;
  };

  segments: {
    caption: (broker: number) => string;
    file: string;
    baseOffset: string;
    nextOffset: string;
    size: string;
    records: string;
    timeRange: string;
    active: string;
    none: string;
  };

  records: {
    caption: (page: number, pageCount: number) => string;
    searchCaption: (text: string, matches: number, page: number, pageCount: number) => string;
    offset: string;
    key: string;
    value: string;
    headers: string;
    timestamp: string;
    epoch: string;
    bytes: string;
    showBytes: (offset: number) => string;
    nullValue: string;
    truncated: (size: string) => string;
    aboveHw: string;
    empty: string;
    first: string;
    previous: string;
    next: string;
    last: string;
    pager: string;
    jump: string;
    jumpButton: string;
    search: string;
    searchButton: string;
    clearSearch: string;
    loading: string;
    noMatches: (text: string) => string;
    errors: Record<'UNKNOWN_TOPIC_OR_PARTITION' | 'REPLICA_NOT_AVAILABLE' | 'PAGE_OUT_OF_RANGE' | 'OFFSET_OUT_OF_RANGE' | 'INVALID_REQUEST' | 'BAD_NUMBER' | 'ENGINE', string>;
    offsetRange: (first: number, last: number, format: Formatters) => string;
  };

  bytes: {
    heading: (base: number, last: number) => string;
    caption: string;
    close: string;
    segment: (file: string) => string;
    crcOk: string;
    crcBad: string;
    row: string;
    hint: string;
    fieldList: string;
    field: (name: string, start: number, end: number) => string;
    recordLabel: (index: number, offset: number) => string;
    headerLabel: (index: number) => string;
    batchHeader: string;
    derivedOffset: (offset: number) => string;
    derivedTimestamp: (ms: number) => string;
    derivedCrc: (crc: string, ok: boolean) => string;
    bits: {
      compression: (name: string) => string;
      timestampType: (logAppend: boolean) => string;
      transactional: (on: boolean) => string;
      control: (on: boolean) => string;
      deleteHorizon: (on: boolean) => string;
    };
    fields: Record<string, ByteFieldText>;
  };

  producer: {
    topic: string;
    status: string;
    configs: string;
    acks: string;
    idempotence: string;
    producerId: string;
    linger: string;
    batchSize: string;
    metrics: string;
    sent: string;
    acked: string;
    failed: string;
    failedBy: string;
    retries: string;
    pending: string;
    inFlight: string;
    latencyAvg: string;
    latencyMax: string;
  };

  consumer: {
    topic: string;
    status: string;
    mode: string;
    modes: Record<'subscribe' | 'assign', string>;
    protocol: string;
    group: string;
    noGroup: string;
    member: string;
    coordinator: string;
    consumed: string;
    processed: string;
    error: string;
    positionsCaption: string;
  };

  link: {
    nodes: string;
    inFlightLabel: string;
    inFlight: (count: number) => string;
    caption: string;
    api: string;
    direction: string;
    sentAt: string;
    arrivesAt: string;
    nothing: string;
  };
}
