// UniformHeterogeneousAssignmentBuilder.MemberAssignmentBalancer: over one topic's subscribers
// sorted by (partition count, member index), hands out "least loaded" members from a range at the
// bottom that widens as its level rises, and "most loaded" members from a range at the top that
// widens downwards as its level falls; balanced once the two levels differ by one or less.
// `sizes` is the builder's live array of partition counts per member index.

export class MemberAssignmentBalancer {
  private readonly sorted: number[] = [];
  private leastLoadedRangeEnd = 0; // exclusive
  private leastLoadedRangePartitionCount = -1;
  private nextLeastLoaded = 0;
  private mostLoadedRangeStart = 0; // inclusive
  private mostLoadedRangeEnd = 0; // exclusive
  private mostLoadedRangePartitionCount = 1;
  private nextMostLoaded = -1;

  constructor(private readonly sizes: number[]) {}

  /** Starts over with `members`; returns the spread between the most and least loaded. */
  initialize(members: readonly number[]): number {
    if (members.length === 0) throw new RangeError('Cannot balance an empty subscriber list.');
    this.sorted.length = 0;
    this.sorted.push(...members);
    this.sorted.sort((a, b) => this.sizes[a]! - this.sizes[b]! || a - b);
    const n = this.sorted.length;
    this.leastLoadedRangeEnd = 0;
    this.leastLoadedRangePartitionCount = this.sizes[this.sorted[0]!]! - 1;
    this.nextLeastLoaded = 0;
    this.mostLoadedRangeStart = n;
    this.mostLoadedRangeEnd = n;
    this.mostLoadedRangePartitionCount = this.sizes[this.sorted[n - 1]!]! + 1;
    this.nextMostLoaded = n - 1;
    return this.sizes[this.sorted[n - 1]!]! - this.sizes[this.sorted[0]!]!;
  }

  /** The member to give the next partition to (assumes it is given). */
  nextLeastLoadedMember(): number {
    if (this.nextLeastLoaded >= this.leastLoadedRangeEnd) {
      // The range is full: raise its level and take in the members now at that level.
      this.leastLoadedRangePartitionCount++;
      while (
        this.leastLoadedRangeEnd < this.sorted.length &&
        this.sizes[this.sorted[this.leastLoadedRangeEnd]!] === this.leastLoadedRangePartitionCount
      ) {
        this.leastLoadedRangeEnd++;
      }
      this.nextLeastLoaded = 0;
    }
    return this.sorted[this.nextLeastLoaded++]!;
  }

  /** The member to take the next partition from (assumes it is taken), or -1 if none is left. */
  nextMostLoadedMember(): number {
    if (this.nextMostLoaded < this.mostLoadedRangeStart) {
      if (this.mostLoadedRangeEnd <= this.mostLoadedRangeStart && this.mostLoadedRangeStart > 0) {
        // Emptied by exclusions: restart from the level just below, so the range does expand.
        this.mostLoadedRangePartitionCount = this.sizes[this.sorted[this.mostLoadedRangeStart - 1]!]!;
      } else {
        this.mostLoadedRangePartitionCount--;
      }
      while (
        this.mostLoadedRangeStart > 0 &&
        this.sizes[this.sorted[this.mostLoadedRangeStart - 1]!] === this.mostLoadedRangePartitionCount
      ) {
        this.mostLoadedRangeStart--;
      }
      this.nextMostLoaded = this.mostLoadedRangeEnd - 1;
    }
    if (this.nextMostLoaded < 0) return -1;
    return this.sorted[this.nextMostLoaded--]!;
  }

  /** Drops the member nextMostLoadedMember just returned from the most loaded range. */
  excludeMostLoadedMember(): void {
    const i = this.nextMostLoaded + 1;
    const member = this.sorted[i]!;
    this.sorted[i] = this.sorted[this.mostLoadedRangeEnd - 1]!;
    this.sorted[this.mostLoadedRangeEnd - 1] = member;
    this.mostLoadedRangeEnd--;
  }

  isBalanced(): boolean {
    return this.mostLoadedRangePartitionCount - this.leastLoadedRangePartitionCount <= 1;
  }
}
