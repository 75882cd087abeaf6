// Builders shared by the log tests.
import { DEFAULT_LOG_CONFIG, encodeRecordBatch, type LogConfig, type RecordInput } from '../../../sim/log/index.ts';

export interface BatchSpec {
  count?: number;
  /** Timestamp of the first record; the others follow 1 ms apart unless `timestamps` is given. */
  timestamp?: number;
  timestamps?: number[];
  valueBytes?: number;
  key?: Uint8Array | null;
}

/** A producer batch (base offset 0, no producer id), as a client sends it. */
export function producerBatch(spec: BatchSpec = {}): Uint8Array {
  const count = spec.timestamps?.length ?? spec.count ?? 1;
  const records: RecordInput[] = [];
  for (let i = 0; i < count; i++) {
    records.push({
      timestamp: spec.timestamps?.[i] ?? (spec.timestamp ?? 1000) + i,
      key: spec.key === undefined ? new Uint8Array([i & 0xff]) : spec.key,
      value: new Uint8Array(spec.valueBytes ?? 10).fill(i & 0xff),
      headers: [],
    });
  }
  return encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: -1, producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, records });
}

export function config(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, cleanupPolicy: ['delete'], ...overrides };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
