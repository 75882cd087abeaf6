// The tools part of a message file (see ../messages.ts). Owned by src/components/tools/.

/** Why a tool's button is disabled (shown in its tooltip and aria-description). */
export type DisabledReason =
  | 'brokerDown'
  | 'brokerRunning'
  | 'brokerShuttingDown'
  | 'diskNotSlow'
  | 'controllerDown'
  | 'controllerRunning'
  | 'clientCrashed'
  | 'clientRunning'
  | 'clientPaused'
  | 'clientNotPaused'
  | 'sameNode'
  | 'emptySide'
  | 'noTarget'
  | 'busy';

/** What a form field is missing or gets wrong; each names the rule in Portuguese. */
export type FieldError =
  | 'required'
  | 'topicNameChars'
  | 'topicNameLength'
  | 'topicNameDots'
  | 'topicExists'
  | 'topicUnknown'
  | 'notInteger'
  | 'partitionsMin'
  | 'partitionsMax'
  | 'replicationMin'
  | 'replicationAboveBrokers'
  | 'minIsrAboveReplication'
  | 'retentionMin'
  | 'segmentMsMin'
  | 'segmentBytesMin'
  | 'clientIdChars'
  | 'clientIdInUse'
  | 'latencyRange'
  | 'rateRange'
  | 'lingerMin'
  | 'timeoutMin'
  | 'groupRequired'
  | 'recordTooLarge'
  | 'headerKeyRequired'
  | 'partitionRange'
  | 'nothingChanged'
  | 'idempotenceNeedsAcksAll';

export type FailureTarget = 'broker' | 'link' | 'network' | 'controller' | 'producer' | 'consumer';

export interface ToolsMessages {
  heading: string;
  tabs: { label: string; failures: string; scene: string; library: string };
  resultRefused: (reason: string) => string;
  resultFailedToSend: string;
  /** Portuguese for each ActionResult.error the engine returns; unknown codes use `unknownError`. */
  errors: Record<string, string>;
  unknownError: (code: string, message: string) => string;
  disabled: Record<DisabledReason, string>;
  fieldErrors: Record<FieldError, string>;
  recordTooLarge: (size: string, limit: string) => string;

  failures: {
    intro: string;
    target: string;
    targets: Record<FailureTarget, string>;
    fromSelection: string;
    broker: string;
    brokerOption: (id: number, up: boolean) => string;
    leaderOf: (topic: string, partition: number, broker: number) => string;
    crash: string;
    crashHint: string;
    restart: string;
    restartHint: string;
    shutdown: string;
    shutdownHint: string;
    powerLoss: string;
    powerLossHint: string;
    isolate: string;
    isolateHint: string;
    slowDisk: string;
    slowDiskHint: string;
    diskLatency: string;
    healDisk: string;
    nodeA: string;
    nodeB: string;
    cutLink: string;
    cutLinkHint: string;
    healLink: string;
    slowLink: string;
    slowLinkHint: string;
    linkLatency: string;
    sideA: string;
    sideB: string;
    outside: string;
    splitCaption: string;
    node: string;
    split: string;
    splitHint: string;
    healNetwork: string;
    healNetworkHint: string;
    controller: string;
    controllerOption: (index: number, node: string, active: boolean, up: boolean) => string;
    crashController: string;
    restartController: string;
    producer: string;
    consumer: string;
    pauseProducer: string;
    resumeProducer: string;
    pauseConsumer: string;
    pauseConsumerHint: string;
    resumeConsumer: string;
    crashClientHint: string;
    restartClientHint: string;
    noClients: string;
    done: Record<string, (target: string) => string>;
  };

  scene: {
    intro: string;
    topic: {
      heading: string;
      name: string;
      nameHint: string;
      partitions: string;
      replicationFactor: string;
      replicationHint: (brokers: number) => string;
      configs: string;
      retentionMs: string;
      segmentMs: string;
      segmentBytes: string;
      minIsr: string;
      cleanupPolicy: string;
      cleanupDelete: string;
      cleanupCompact: string;
      unclean: string;
      optional: string;
      create: string;
      created: (name: string) => string;
      deleteHeading: string;
      deleteChoose: string;
      delete: string;
      deleted: (name: string) => string;
    };
    brokers: {
      heading: string;
      add: string;
      addHint: string;
      added: string;
      remove: string;
      removeHint: string;
      removeChoose: string;
      removed: (id: number) => string;
    };
    clients: {
      heading: string;
      kind: string;
      producer: string;
      consumer: string;
      id: string;
      topic: string;
      acks: string;
      acksAll: string;
      idempotence: string;
      linger: string;
      rate: string;
      rateHint: string;
      group: string;
      assignor: string;
      assignorDefault: string;
      assignorHint: string;
      assignors: Record<'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky', string>;
      commit: string;
      protocol: string;
      protocols: Record<'classic' | 'consumer', string>;
      add: string;
      added: (id: string) => string;
      removeHeading: string;
      removeHint: string;
      remove: string;
      removed: (id: string) => string;
    };
    reconfigure: {
      heading: string;
      honesty: string;
      client: string;
      batchSize: string;
      maxPollInterval: string;
      sessionTimeout: string;
      apply: string;
      applied: (id: string) => string;
    };
    produce: {
      heading: string;
      producer: string;
      key: string;
      nullKey: string;
      value: string;
      headers: string;
      headerKey: string;
      headerValue: string;
      addHeader: string;
      removeHeader: (index: number) => string;
      predictionHeading: string;
      keyBytes: (count: number) => string;
      murmur2: string;
      positive: string;
      moduloLabel: string;
      modulo: (hash: string, partitions: number, partition: number) => string;
      goesTo: (topic: string, partition: number) => string;
      sticky: string;
      unknownTopic: string;
      size: (size: string, limit: string) => string;
      send: string;
      sent: string;
      landed: (topic: string, partition: number, offset: string) => string;
      waiting: string;
      failed: (error: string) => string;
    };
  };

  library: {
    intro: string;
    load: string;
    loadLabel: (title: string) => string;
    confirm: (title: string) => string;
    loaded: (title: string) => string;
    current: string;
    cancel: string;
  };

  /** Seconds and milliseconds shown next to inputs. */
  unitMs: string;
  unitBytes: string;
  unitPerSecond: string;
}
