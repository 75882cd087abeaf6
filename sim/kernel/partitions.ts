// The partitions in force: each splits some nodes into two sides that cannot reach each other.
// Several can hold at once (they add up); nodes named in none are unaffected.
import type { NodeId } from './types.ts';
import { invalidArgument } from './errors.ts';

export interface PartitionView {
  sideA: NodeId[];
  sideB: NodeId[];
}

interface Partition {
  sideA: ReadonlySet<NodeId>;
  sideB: ReadonlySet<NodeId>;
  view: PartitionView;
}

export class Partitions {
  private readonly active: Partition[] = [];

  get size(): number {
    return this.active.length;
  }

  /** Adds a partition; returns the test for "crosses this new one", to sweep what is in flight. */
  add(sideA: readonly NodeId[], sideB: readonly NodeId[]): (from: NodeId, to: NodeId) => boolean {
    const a = new Set(sideA);
    const b = new Set(sideB);
    for (const id of a) {
      if (b.has(id)) throw invalidArgument(`node "${id}" cannot be on both sides of a partition`);
    }
    const partition: Partition = { sideA: a, sideB: b, view: { sideA: [...sideA], sideB: [...sideB] } };
    this.active.push(partition);
    return (from, to) => crosses(partition, from, to);
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Whether a message from `from` to `to` crosses any partition. */
  separates(from: NodeId, to: NodeId): boolean {
    for (const partition of this.active) {
      if (crosses(partition, from, to)) return true;
    }
    return false;
  }

  views(): PartitionView[] {
    return this.active.map(({ view }) => ({ sideA: [...view.sideA], sideB: [...view.sideB] }));
  }
}

function crosses(partition: Partition, from: NodeId, to: NodeId): boolean {
  return (
    (partition.sideA.has(from) && partition.sideB.has(to)) || (partition.sideB.has(from) && partition.sideA.has(to))
  );
}
