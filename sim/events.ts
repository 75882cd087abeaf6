// The engine's trace events, a discriminated union on `type`. The kernel stamps each with seq,
// virtual time and the emitting node; the app renders each type in Portuguese, lessons and tests
// match on them. Fields are plain JSON so that the trace hash is stable.
import type { QuorumEvent } from './controller/quorum/events.ts';
import type { GroupEvent } from './broker/group/group-events.ts';


export type EngineEvent =
  | { type: 'topic-created'; topic: string; partitions: number; replicationFactor: number; autoCreated: boolean }
  | { type: 'topic-deleted'; topic: string }
  | { type: 'leader-changed'; topic: string; partition: number; leader: number; previousLeader: number; leaderEpoch: number; isr: number[] }
  | { type: 'broker-started'; broker: number }
  | { type: 'broker-stopped'; broker: number; reason: 'crash' | 'shutdown' | 'power-loss' | 'registration-timeout' }
  // A new broker process could not register with the controller within
  // initial.broker.registration.timeout.ms, and shuts itself down.
  | { type: 'broker-registration-timed-out'; broker: number; timeoutMs: number }
  // A power loss took away what only the page cache held of a log (no fsync by default).
  | { type: 'page-cache-lost'; broker: number; topic: string; partition: number; fromOffset: number; toOffset: number }
  | { type: 'broker-registration-refused'; broker: number; error: 'DUPLICATE_BROKER_REGISTRATION' }
  // The slow-disk fault: each log append of the broker now takes latencyMs, one after another.
  | { type: 'broker-disk-slowed'; broker: number; latencyMs: number }
  | { type: 'broker-disk-healed'; broker: number }
  | {
      type: 'record-batch-appended';
      topic: string;
      partition: number;
      broker: number;
      firstOffset: number;
      lastOffset: number;
      records: number;
      sizeBytes: number;
      leaderEpoch: number;
    }
  | { type: 'high-watermark-advanced'; topic: string; partition: number; broker: number; highWatermark: number }
  | { type: 'segment-rolled'; topic: string; partition: number; broker: number; baseOffset: number; fileName: string }
  | {
      type: 'segments-deleted';
      topic: string;
      partition: number;
      broker: number;
      reason: 'retention-ms' | 'retention-bytes' | 'log-start-offset';
      baseOffsets: number[];
      logStartOffset: number;
    }
  | { type: 'produce-rejected'; topic: string; partition: number; broker: number; error: string; client: string }
  | { type: 'produce-acked'; producer: string; topic: string; partition: number; baseOffset: number; records: number; latencyMs: number }
  | { type: 'produce-failed'; producer: string; topic: string; partition: number; records: number; error: string }
  | { type: 'produce-retry'; producer: string; topic: string; partition: number; records: number; error: string; attempt: number }
  | { type: 'record-sent'; producer: string; topic: string; partition: number; key: string | null; byHand: boolean }
  // A record typed by hand was acknowledged at this offset (acks=0: never, the producer learns no offset).
  | { type: 'record-acked'; producer: string; topic: string; partition: number; offset: number; key: string | null }
  | { type: 'metadata-updated'; client: string; topics: string[] }
  | { type: 'fetch-served'; consumer: string; topic: string; partition: number; fromOffset: number; toOffset: number; records: number }
  | { type: 'offset-reset'; consumer: string; topic: string; partition: number; offset: number; strategy: 'earliest' | 'latest' | 'none'; reason: string }
  | { type: 'records-consumed'; consumer: string; records: number; position: Record<string, number> }
  | { type: 'consumer-error'; consumer: string; topic: string; partition: number; error: string }
  | { type: 'client-paused'; client: string }
  // Scene changes made by hand: a client process added, closed (remove-client) or replaced by one
  // with another configuration (reconfigure-client: clients cannot change configs while running).
  | { type: 'client-added'; client: string; kind: 'producer' | 'consumer' }
  | { type: 'client-closing'; client: string; kind: 'producer' | 'consumer'; reason: 'removed' | 'reconfigured' }
  // timedOut: close() gave up waiting (records not delivered, or no answer to LeaveGroup) and the process ended anyway.
  | { type: 'client-closed'; client: string; kind: 'producer' | 'consumer'; reason: 'removed' | 'reconfigured'; timedOut: boolean }
  | { type: 'client-reconfigured'; client: string; kind: 'producer' | 'consumer'; changes: string[] }
  // A broker machine added to the cluster (it registers next), or unregistered from it after it stopped.
  | { type: 'broker-added'; broker: number }
  | { type: 'broker-unregistered'; broker: number }
  | { type: 'client-resumed'; client: string }
  | { type: 'request-timed-out'; client: string; api: string; broker: number }
  // Idempotent producer (KIP-98). The producer got its id from a broker (InitProducerId).
  | { type: 'producer-id-assigned'; producer: string; broker: number; producerId: number; producerEpoch: number }
  // The producer bumped its epoch itself (KIP-360) and restarts the sequences of these partitions at 0.
  | { type: 'producer-epoch-bumped'; producer: string; producerId: number; producerEpoch: number; partitions: string[] }
  // The leader recognised a retry of a batch it already has and answered with its original offsets.
  | {
      type: 'duplicate-batch-ignored';
      topic: string;
      partition: number;
      broker: number;
      client: string;
      producerId: number;
      producerEpoch: number;
      firstSequence: number;
      lastSequence: number;
      firstOffset: number;
      lastOffset: number;
    }
  | ReplicationEvent
  | BrokerLifecycleEvent
  | QuorumEvent
  | GroupEvent;

export type EngineEventType = EngineEvent['type'];

/** Replication events (followers, ISR, truncation, unclean election), part of EngineEvent. */
export type ReplicationEvent =
  // A follower appended batches fetched from its leader; its HW is min(leader HW, own LEO).
  | {
      type: 'records-replicated';
      topic: string;
      partition: number;
      broker: number;
      leader: number;
      firstOffset: number;
      lastOffset: number;
      records: number;
      highWatermark: number;
    }
  // The ISR changed; emitted by the partition's leader. reason: 'lagging' (not caught up within
  // replica.lag.time.max.ms), 'broker-fenced' (the controller removed a fenced broker), 'caught-up'.
  | { type: 'isr-shrunk'; topic: string; partition: number; leader: number; isr: number[]; removed: number[]; reason: string; partitionEpoch: number }
  | { type: 'isr-expanded'; topic: string; partition: number; leader: number; isr: number[]; added: number[]; reason: string; partitionEpoch: number }
  // A replica dropped the end of its log. reason: 'diverging-epoch' (KIP-320), 'leader-end-offset'
  // or 'leader-log-start-offset' (after OFFSET_OUT_OF_RANGE; the latter empties the log and restarts
  // it at the leader's log start offset, so toOffset > fromOffset), 'high-watermark' (a log without
  // leader epochs starts following from its HW).
  | { type: 'replica-truncated'; topic: string; partition: number; broker: number; fromOffset: number; toOffset: number; reason: string }
  // No ISR member was alive and unclean.leader.election.enable let a replica outside the ISR lead.
  | { type: 'unclean-leader-elected'; topic: string; partition: number; leader: number; leaderEpoch: number; previousIsr: number[]; isr: number[] }
  // The controller refused a leader's AlterPartition (INVALID_UPDATE_VERSION, FENCED_LEADER_EPOCH, ...).
  | { type: 'alter-partition-failed'; topic: string; partition: number; broker: number; error: string; proposedIsr: number[] };

export type ReplicationEventType = ReplicationEvent['type'];

/**
 * The KRaft broker lifecycle (KIP-631), written by the active controller when its records are
 * committed, and by a broker for what it asks. Part of EngineEvent.
 */
export type BrokerLifecycleEvent =
  // A broker process registered (RegisterBrokerRecord): it starts fenced, with this broker epoch.
  | { type: 'broker-registered'; broker: number; brokerEpoch: number }
  // The controller fenced a broker: no heartbeat for broker.session.timeout.ms ('session-timeout'),
  // or the end of its controlled shutdown ('shutdown'). It left every ISR and leadership first.
  | { type: 'broker-fenced'; broker: number; reason: 'session-timeout' | 'shutdown' }
  // The controller unfenced a broker that heartbeats and has caught up with the metadata.
  | { type: 'broker-unfenced'; broker: number }
  // A broker asked to shut down (BrokerHeartbeat wantShutDown); the controller moves its leaderships first.
  | { type: 'broker-controlled-shutdown'; broker: number }
  // A broker's heartbeat or registration did not get through (no controller known, timeout, refusal).
  | { type: 'broker-heartbeat-failed'; broker: number; api: 'BrokerRegistration' | 'BrokerHeartbeat'; error: string };

export type BrokerLifecycleEventType = BrokerLifecycleEvent['type'];
