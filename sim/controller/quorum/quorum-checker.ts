// Raft's safety properties, judged from outside after every step of a run (TigerBeetle's
// state_checker habit):
// - election safety: at most one leader per epoch, over the whole run;
// - committed offsets never go back: a replica's high watermark only grows while it runs, and no
//   log ever loses a record once it was committed there;
// - one committed history: the records below every replica's high watermark are the same
//   records, in the same order, on all of them (and on the observers);
// - leader completeness: a leader's log holds every record committed before it;
// - delivery: each listener got exactly the committed prefix, in order.
// Work is incremental (each committed record is compared once per replica), so checking after
// every kernel step stays cheap.
import type { ControllerDescription } from './controller-types.ts';
import type { MetadataLogView } from './metadata-log.ts';
import type { MetadataRecord } from './records.ts';

/** A replica as the checker sees it: controllers, and observers (brokers' MetadataFetchers). */
export interface CheckedReplica {
  /** A unique name in the run (the actor id). */
  readonly name: string;
  readonly metadataLog: MetadataLogView;
  readonly highWatermark: number;
  /** Controllers only: role and epoch for election safety. */
  describe?(): Pick<ControllerDescription, 'role' | 'epoch'>;
}

export class QuorumInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuorumInvariantError';
  }
}

interface ReplicaTrack {
  /** Records [0, verified) of its log are known to equal the committed history. */
  verified: number;
  /** High watermark at the last check of this incarnation (-1: just (re)started). */
  lastHighWatermark: number;
  /** Delivered records already compared, this incarnation. */
  deliveredChecked: number;
}

export class QuorumChecker {
  /** epoch → leader name, for every leader ever seen. */
  readonly leaders = new Map<number, string>();
  private readonly history: MetadataRecord[] = [];
  private readonly tracks = new Map<string, ReplicaTrack>();

  /** The committed history as far as any replica has shown it. */
  get committed(): readonly MetadataRecord[] {
    return this.history;
  }

  /** The replica restarted: its high watermark and deliveries start again. */
  noteRestart(name: string): void {
    const track = this.tracks.get(name);
    if (track === undefined) return;
    track.lastHighWatermark = -1;
    track.deliveredChecked = 0;
  }

  /** Checks the running replicas; `delivered` gives what each listener got in this incarnation. */
  check(replicas: readonly CheckedReplica[], delivered?: (name: string) => readonly MetadataRecord[] | undefined): void {
    for (const replica of replicas) this.checkReplica(replica, delivered?.(replica.name));
  }

  private checkReplica(replica: CheckedReplica, delivered: readonly MetadataRecord[] | undefined): void {
    const { name, metadataLog: log, highWatermark } = replica;
    let track = this.tracks.get(name);
    if (track === undefined) {
      track = { verified: 0, lastHighWatermark: -1, deliveredChecked: 0 };
      this.tracks.set(name, track);
    }
    if (highWatermark > log.endOffset) fail(`${name}: high watermark ${highWatermark} is past its log end ${log.endOffset}`);
    if (highWatermark < track.lastHighWatermark) fail(`${name}: high watermark went back from ${track.lastHighWatermark} to ${highWatermark}`);
    track.lastHighWatermark = highWatermark;
    if (log.endOffset < track.verified) fail(`${name}: log end ${log.endOffset} cut below committed offset ${track.verified}`);
    if (track.verified > 0 && !sameRecord(log.recordAt(track.verified - 1)!, this.history[track.verified - 1]!)) {
      fail(`${name}: committed record at offset ${track.verified - 1} was replaced`);
    }

    let upTo = highWatermark;
    const description = replica.describe?.();
    if (description?.role === 'leader') {
      const known = this.leaders.get(description.epoch);
      if (known !== undefined && known !== name) fail(`two leaders in epoch ${description.epoch}: ${known} and ${name}`);
      if (known === undefined) {
        // Leader completeness, checked when the leader appears: it holds everything committed so far.
        this.leaders.set(description.epoch, name);
        if (log.endOffset < this.history.length) fail(`${name} leads epoch ${description.epoch} without committed offset ${log.endOffset}`);
        upTo = Math.max(upTo, this.history.length);
      }
    }
    for (let offset = track.verified; offset < upTo; offset++) {
      const record = log.recordAt(offset)!;
      if (record.offset !== offset) fail(`${name}: record at offset ${offset} says offset ${record.offset}`);
      const committed = this.history[offset];
      if (committed === undefined) this.history.push(record);
      else if (!sameRecord(record, committed)) fail(`${name}: offset ${offset} holds ${describeRecord(record)}, committed was ${describeRecord(committed)}`);
    }
    track.verified = Math.max(track.verified, upTo);

    if (delivered !== undefined) {
      if (delivered.length < track.deliveredChecked) fail(`${name}: delivered records went back`);
      if (delivered.length > highWatermark) fail(`${name}: delivered ${delivered.length} records with high watermark ${highWatermark}`);
      for (let i = track.deliveredChecked; i < delivered.length; i++) {
        if (!sameRecord(delivered[i]!, this.history[i]!)) fail(`${name}: delivery #${i} is ${describeRecord(delivered[i]!)}, committed was ${describeRecord(this.history[i]!)}`);
      }
      track.deliveredChecked = delivered.length;
    }
  }
}

function fail(message: string): never {
  throw new QuorumInvariantError(message);
}

function sameRecord(a: MetadataRecord, b: MetadataRecord | undefined): boolean {
  if (b === undefined) return false;
  return a === b || (a.offset === b.offset && a.epoch === b.epoch && JSON.stringify(a) === JSON.stringify(b));
}

function describeRecord(record: MetadataRecord): string {
  return `${record.type}@${record.offset} (epoch ${record.epoch})`;
}
