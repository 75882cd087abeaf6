// The engine's trace events, a discriminated union on `type`. The kernel stamps each with seq,
// virtual time and the emitting node; the app renders each type in Portuguese, lessons and tests
// match on them. Fields are plain JSON so that the trace hash is stable.

export type EngineEvent =
  | { type: 'topic-created'; topic: string; partitions: number; replicationFactor: number; autoCreated: boolean }
  | { type: 'topic-deleted'; topic: string }
  | { type: 'leader-changed'; topic: string; partition: number; leader: number; previousLeader: number; leaderEpoch: number; isr: number[] }
  | { type: 'broker-started'; broker: number }
  | { type: 'broker-stopped'; broker: number; reason: 'crash' }
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
  | { type: 'metadata-updated'; client: string; topics: string[] }
  | { type: 'fetch-served'; consumer: string; topic: string; partition: number; fromOffset: number; toOffset: number; records: number }
  | { type: 'offset-reset'; consumer: string; topic: string; partition: number; offset: number; strategy: 'earliest' | 'latest' | 'none'; reason: string }
  | { type: 'records-consumed'; consumer: string; records: number; position: Record<string, number> }
  | { type: 'consumer-error'; consumer: string; topic: string; partition: number; error: string }
  | { type: 'client-paused'; client: string }
  | { type: 'client-resumed'; client: string }
  | { type: 'request-timed-out'; client: string; api: string; broker: number };

export type EngineEventType = EngineEvent['type'];
