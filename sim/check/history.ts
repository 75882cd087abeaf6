// What the clients did, recorded as it happens, for checkHistory to judge against the final logs.
// The engine feeds it plain values from the producer (sent, acknowledged, failed) and the consumer
// (offsets returned by poll, position resets). Memory grows with runs, not records: acknowledged
// records are kept as runs of consecutive (offset, id) pairs and consumed offsets as [from, to)
// runs, so a long run with a sticky partitioner costs a few numbers per batch. Consumer groups
// (what the application processed, what the coordinator acknowledged as committed) are kept apart
// from the per-consumer poll() ledgers, again as [from, to) runs.

import { CheckError } from './errors.ts';

/** What a producer promises, which decides whether Kafka allows a duplicate or a reordering. */
export interface ProducerGuarantees {
  acks: 0 | 1 | -1;
  /** enable.idempotence: no duplicates, and order kept with up to 5 requests in flight. */
  idempotent: boolean;
  /** max.in.flight.requests.per.connection: 1 keeps order even without idempotence. */
  maxInFlightRequestsPerConnection: number;
}

/**
 * Offsets [from, to) that poll() returned, in order. The optional third element is the
 * partitionLeaderEpoch of the batch they came from (the consumer reads it from the batch header):
 * with it, a record that was replaced after it was read (same offset, another epoch) is caught.
 */
export type OffsetRun = readonly [from: number, to: number] | readonly [from: number, to: number, leaderEpoch: number];

export interface ProducerLedger {
  readonly name: string;
  guarantees: ProducerGuarantees | null;
  sent: number;
  acked: number;
  /** Acknowledged without an offset (acks=0, or DUPLICATE_SEQUENCE_NUMBER): nothing to check. */
  ackedWithoutOffset: number;
  failed: number;
  failedByError: Map<string, number>;
  /** Largest record id seen, so that a label cut by a small value size is not misread. */
  maxRecordId: number;
  /** Acknowledged records per partition. */
  readonly acks: Map<string, AckedRuns>;
}

export interface AckedRuns {
  readonly topic: string;
  readonly partition: number;
  /** Flat triples (offset, recordId, length): records id..id+length-1 acked at offset..offset+length-1. */
  readonly runs: number[];
}

export interface ConsumerLedger {
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  /** Next offset expected from poll(); null before the first record or reset. */
  expected: number | null;
  consumed: number;
  resets: number;
  /** Position resets by the reason the engine gave. */
  readonly resetReasons: Map<string, number>;
  /** Flat triples (from, to, leaderEpoch or -1). */
  readonly runs: number[];
  /** Flat pairs (expected, got): poll() went back without a reset. */
  readonly rewinds: number[];
  /** Flat pairs (from, to): offsets poll() jumped over; holes (compaction) are told apart later. */
  readonly gaps: number[];
}

/** One consumer group on one partition: what its members processed and committed. */
export interface GroupLedger {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Members that processed or committed, in the order first seen; runs and commits index into it. */
  readonly members: string[];
  /**
   * Flat triples (from, to, member): offsets [from, to) one member processed, in the order
   * recorded. A run that continues the member's previous one extends it, so overlaps (the same
   * offsets processed again) are what stays separate; multiplicity is worked out at check time.
   */
  readonly processed: number[];
  /** Highest processed offset + 1, -1 before the first processing. */
  processedEnd: number;
  commits: number;
  /** The last offset the coordinator acknowledged as committed, -1 before the first. */
  lastCommitted: number;
  /** Flat triples (previous, offset, member): a commit below the one before it. */
  readonly backwardCommits: number[];
}

export function partitionKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

export class History {
  private readonly producerLedgers = new Map<string, ProducerLedger>();
  private readonly consumerLedgers = new Map<string, ConsumerLedger>();
  private readonly groupLedgers = new Map<string, GroupLedger>();

  get producers(): ReadonlyMap<string, ProducerLedger> {
    return this.producerLedgers;
  }

  get consumers(): ReadonlyMap<string, ConsumerLedger> {
    return this.consumerLedgers;
  }

  /** One ledger per (group, topic, partition), in the order first seen. */
  get groups(): ReadonlyMap<string, GroupLedger> {
    return this.groupLedgers;
  }

  /** The producer's settings; without them the report marks them unknown (null). */
  describeProducer(producer: string, guarantees: ProducerGuarantees): void {
    this.producer(producer).guarantees = { ...guarantees };
  }

  /**
   * send() was called. `producer` and `recordId` are what the record's value label says
   * ("<producer>#<n>": the workload's n, which is not the producer's count of every send once
   * records are also sent by hand). The topic and partition are taken for symmetry with the other
   * calls; the checks need only the acknowledgement's.
   */
  recordSent(producer: string, recordId: number, _topic: string, _partition?: number): void {
    checkId(recordId);
    const ledger = this.producer(producer);
    ledger.sent += 1;
    if (recordId > ledger.maxRecordId) ledger.maxRecordId = recordId;
  }

  /**
   * The records of one batch, in batch order, acknowledged at baseOffset, baseOffset + 1, ...
   * A negative baseOffset (acks=0) means the broker did not say where.
   */
  recordAcked(producer: string, topic: string, partition: number, baseOffset: number, recordIds: readonly number[]): void {
    const ledger = this.producer(producer);
    ledger.acked += recordIds.length;
    for (const id of recordIds) {
      checkId(id);
      if (id > ledger.maxRecordId) ledger.maxRecordId = id;
    }
    if (baseOffset < 0) {
      ledger.ackedWithoutOffset += recordIds.length;
      return;
    }
    const key = partitionKey(topic, partition);
    let acked = ledger.acks.get(key);
    if (!acked) {
      acked = { topic, partition, runs: [] };
      ledger.acks.set(key, acked);
    }
    const runs = acked.runs;
    for (let i = 0; i < recordIds.length; i++) {
      const offset = baseOffset + i;
      const id = recordIds[i]!;
      const last = runs.length - 3;
      if (last >= 0 && runs[last]! + runs[last + 2]! === offset && runs[last + 1]! + runs[last + 2]! === id) runs[last + 2] = runs[last + 2]! + 1;
      else runs.push(offset, id, 1);
    }
  }

  recordFailed(producer: string, _topic: string, _partition: number, recordIds: readonly number[], error: string): void {
    const ledger = this.producer(producer);
    ledger.failed += recordIds.length;
    ledger.failedByError.set(error, (ledger.failedByError.get(error) ?? 0) + recordIds.length);
    for (const id of recordIds) {
      checkId(id);
      if (id > ledger.maxRecordId) ledger.maxRecordId = id;
    }
  }

  /** Offsets poll() returned for one partition, as ascending [from, to) runs. */
  recordConsumed(consumer: string, topic: string, partition: number, runs: readonly OffsetRun[]): void {
    const ledger = this.consumer(consumer, topic, partition);
    for (const run of runs) {
      const [from, to] = run;
      const epoch = run[2] ?? -1;
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from) {
        throw new CheckError('INVALID_HISTORY', `consumer ${consumer} consumed the run [${from}, ${to}) of ${topic}-${partition}; a run is a non-empty [from, to) of offsets`);
      }
      if (ledger.expected !== null && from < ledger.expected) ledger.rewinds.push(ledger.expected, from);
      else if (ledger.expected !== null && from > ledger.expected) ledger.gaps.push(ledger.expected, from);
      ledger.expected = to;
      ledger.consumed += to - from;
      const stored = ledger.runs;
      const last = stored.length - 3;
      if (last >= 0 && stored[last + 1] === from && stored[last + 2] === epoch) stored[last + 1] = to;
      else stored.push(from, to, epoch);
    }
  }

  /**
   * The consumer's position was set by something other than consuming: auto.offset.reset, a
   * committed offset after an assignment, a seek. The next record may come from anywhere.
   */
  recordPositionReset(consumer: string, topic: string, partition: number, offset: number, reason: string): void {
    const ledger = this.consumer(consumer, topic, partition);
    ledger.expected = offset;
    ledger.resets += 1;
    ledger.resetReasons.set(reason, (ledger.resetReasons.get(reason) ?? 0) + 1);
  }

  /**
   * A member of `group` finished processing the records at offsets [from, to) that poll() returned.
   * The run may span holes of a compacted log; the checker counts only records the final log
   * holds. The leader epoch of an OffsetRun, if given, is not used here.
   */
  recordProcessed(group: string, consumer: string, topic: string, partition: number, run: OffsetRun): void {
    const [from, to] = run;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
      throw new CheckError('INVALID_HISTORY', `consumer ${consumer} of group ${group} processed the run [${from}, ${to}) of ${topic}-${partition}; a run is a non-empty [from, to) of offsets`);
    }
    const ledger = this.group(group, topic, partition);
    const member = memberIndex(ledger, consumer);
    const runs = ledger.processed;
    const last = runs.length - 3;
    if (last >= 0 && runs[last + 1] === from && runs[last + 2] === member) runs[last + 1] = to;
    else runs.push(from, to, member);
    if (to > ledger.processedEnd) ledger.processedEnd = to;
  }

  /** The group coordinator acknowledged `offset` (the next offset to consume) as committed. */
  recordCommitted(group: string, consumer: string, topic: string, partition: number, offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new CheckError('INVALID_HISTORY', `consumer ${consumer} of group ${group} committed offset ${offset} of ${topic}-${partition}; a committed offset is a non-negative integer`);
    }
    const ledger = this.group(group, topic, partition);
    const member = memberIndex(ledger, consumer);
    if (offset < ledger.lastCommitted) ledger.backwardCommits.push(ledger.lastCommitted, offset, member);
    ledger.lastCommitted = offset;
    ledger.commits += 1;
  }

  private producer(name: string): ProducerLedger {
    let ledger = this.producerLedgers.get(name);
    if (!ledger) {
      ledger = { name, guarantees: null, sent: 0, acked: 0, ackedWithoutOffset: 0, failed: 0, failedByError: new Map(), maxRecordId: -1, acks: new Map() };
      this.producerLedgers.set(name, ledger);
    }
    return ledger;
  }

  private consumer(consumer: string, topic: string, partition: number): ConsumerLedger {
    const key = `${consumer}\u0000${partitionKey(topic, partition)}`;
    let ledger = this.consumerLedgers.get(key);
    if (!ledger) {
      ledger = { consumer, topic, partition, expected: null, consumed: 0, resets: 0, resetReasons: new Map(), runs: [], rewinds: [], gaps: [] };
      this.consumerLedgers.set(key, ledger);
    }
    return ledger;
  }

  private group(group: string, topic: string, partition: number): GroupLedger {
    const key = `${group}\u0000${partitionKey(topic, partition)}`;
    let ledger = this.groupLedgers.get(key);
    if (!ledger) {
      ledger = { group, topic, partition, members: [], processed: [], processedEnd: -1, commits: 0, lastCommitted: -1, backwardCommits: [] };
      this.groupLedgers.set(key, ledger);
    }
    return ledger;
  }
}

function memberIndex(ledger: GroupLedger, consumer: string): number {
  // Groups have few members: a scan is cheaper than a map per ledger.
  const at = ledger.members.indexOf(consumer);
  if (at >= 0) return at;
  ledger.members.push(consumer);
  return ledger.members.length - 1;
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new CheckError('INVALID_HISTORY', `record id ${id} is not the non-negative integer of a "<producer>#<n>" label`);
  }
}
