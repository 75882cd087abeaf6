// What the inspectors ask the engine for, and what it answers: plain data only. The engine reads
// a replica's log on its side (the worker) and hands back one page, never the whole log.
import type { ByteAnnotation } from '../log/index.ts';

/** One broker's replica of a partition. */
export interface ReplicaRef {
  topic: string;
  partition: number;
  broker: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Longest key, value or header value shown in a records page; the batch view shows every byte. */
export const MAX_SHOWN_CHARS = 160;
export const MAX_SEARCH_LENGTH = 200;

export type InspectQuery =
  /** The replica's segments, with the first timestamp and counts the snapshot does not carry. */
  | ({ kind: 'segments' } & ReplicaRef)
  /**
   * One page of records. Pages cut the offsets from the log start offset into runs of `pageSize`
   * (page 0 is [logStart, logStart + pageSize)); `atOffset` picks the page that holds it instead
   * of `page`. With `search`, the pages are over the matching records instead.
   */
  | ({ kind: 'records'; page?: number; pageSize?: number; atOffset?: number; search?: string } & ReplicaRef)
  /** The bytes of the record batch holding `offset`, annotated field by field. */
  | ({ kind: 'batch'; offset: number } & ReplicaRef);

export type InspectError =
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'REPLICA_NOT_AVAILABLE'
  | 'PAGE_OUT_OF_RANGE'
  | 'OFFSET_OUT_OF_RANGE'
  | 'INVALID_REQUEST';

export interface InspectFailure {
  ok: false;
  error: InspectError;
  /** English, for developers; the app shows its own Portuguese text keyed by `error`. */
  message: string;
}

export interface InspectedSegment {
  baseOffset: number;
  fileName: string;
  sizeBytes: number;
  nextOffset: number;
  /** The max timestamp of the segment's first append (what segment.ms counts from), -1 if none. */
  firstTimestamp: number;
  largestTimestamp: number;
  recordCount: number;
  batchCount: number;
  offsetIndexEntries: number;
  timeIndexEntries: number;
  active: boolean;
}

export interface SegmentsResult {
  ok: true;
  kind: 'segments';
  replica: ReplicaRef;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  segments: InspectedSegment[];
}

/** A key, value or header value as shown: UTF-8 text when it is valid text, else hex (0x…). */
export interface ShownBytes {
  text: string;
  encoding: 'utf8' | 'hex';
  sizeBytes: number;
  /** The text was cut at MAX_SHOWN_CHARS. */
  truncated: boolean;
}

export interface InspectedRecord {
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append';
  key: ShownBytes | null;
  value: ShownBytes | null;
  headers: { key: string; value: ShownBytes | null }[];
  /** The partition leader epoch of its batch. */
  leaderEpoch: number;
  batchBaseOffset: number;
  /** At or above the replica's high watermark: not committed yet, consumers do not see it. */
  aboveHighWatermark: boolean;
  sizeBytes: number;
}

export interface RecordsResult {
  ok: true;
  kind: 'records';
  replica: ReplicaRef;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  page: number;
  pageSize: number;
  /** At least 1: an empty log has one empty page. */
  pageCount: number;
  /** Set for a search: the text searched and how many records match in the whole log. */
  search: { text: string; matches: number } | null;
  records: InspectedRecord[];
}

export interface BatchResult {
  ok: true;
  kind: 'batch';
  replica: ReplicaRef;
  /** The batch's bytes, from its baseOffset field to its last record. */
  bytes: Uint8Array;
  annotations: ByteAnnotation[];
  baseOffset: number;
  lastOffset: number;
  /** The attributes' bits, decoded. */
  compression: string;
  timestampType: 'create' | 'log-append';
  isTransactional: boolean;
  isControl: boolean;
  crcValid: boolean;
  /** The segment file the batch is in. */
  segmentFile: string;
}

export type InspectResult = SegmentsResult | RecordsResult | BatchResult | InspectFailure;
