// What a leader knows of one follower of a partition, learned from the follower's Fetch requests
// (Kafka's Replica and ReplicaState): its log end offset and the last time it was caught up, which
// decide the high watermark and the ISR.

/** UnifiedLog.UnknownOffset: a new leader does not know its followers' offsets until they fetch. */
export const UNKNOWN_OFFSET = -1;

export class FollowerState {
  logStartOffset = UNKNOWN_OFFSET;
  logEndOffset = UNKNOWN_OFFSET;
  /** The leader's LEO when this follower's previous Fetch arrived. */
  lastFetchLeaderLogEndOffset = 0;
  /** When this follower's previous Fetch arrived. */
  lastFetchTimeMs = 0;
  /** The latest time at which this follower had fetched up to the leader's LEO of that time. */
  lastCaughtUpTimeMs = 0;

  constructor(readonly brokerId: number) {}

  /**
   * Replica.updateFetchStateOrThrow: a Fetch at `fetchOffset` arrived at `fetchTimeMs` while the
   * leader's LEO was `leaderEndOffset`. Fetching up to the leader's LEO makes the follower caught up
   * now; fetching up to the LEO the leader had at the previous Fetch makes it caught up as of then.
   */
  updateFetchState(fetchOffset: number, followerStartOffset: number, fetchTimeMs: number, leaderEndOffset: number): void {
    if (fetchOffset >= leaderEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, fetchTimeMs);
    } else if (fetchOffset >= this.lastFetchLeaderLogEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    }
    this.logStartOffset = followerStartOffset;
    this.logEndOffset = fetchOffset;
    this.lastFetchLeaderLogEndOffset = Math.max(leaderEndOffset, this.lastFetchLeaderLogEndOffset);
    this.lastFetchTimeMs = fetchTimeMs;
  }

  /**
   * Replica.resetReplicaState, when this broker becomes leader (or starts a new leader epoch): an ISR
   * member counts as caught up now, any other replica as never, so that it cannot hold the HW back.
   * A new leader forgets the offsets; a re-elected one keeps them.
   */
  reset(nowMs: number, leaderEndOffset: number, isNewLeader: boolean, inSync: boolean): void {
    this.lastCaughtUpTimeMs = inSync ? nowMs : 0;
    if (isNewLeader) {
      this.logStartOffset = UNKNOWN_OFFSET;
      this.logEndOffset = UNKNOWN_OFFSET;
      this.lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
      this.lastFetchTimeMs = 0;
    } else {
      this.lastFetchLeaderLogEndOffset = leaderEndOffset;
      this.lastFetchTimeMs = inSync ? nowMs : 0;
    }
  }

  /**
   * ReplicaState.isCaughtUp: at the leader's LEO, or caught up within replica.lag.time.max.ms. Both
   * stuck followers (no Fetch) and slow ones (never reaching the LEO) stop being caught up.
   */
  isCaughtUp(leaderEndOffset: number, nowMs: number, replicaLagTimeMaxMs: number): boolean {
    return leaderEndOffset === this.logEndOffset || nowMs - this.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
  }
}
