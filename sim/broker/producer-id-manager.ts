// A broker's source of producer ids (AK RPCProducerIdManager): it takes a block of ids from the
// controller (AllocateProducerIds, KIP-730) and hands them out one by one, asking for the next
// block when this one runs out. A restarted broker starts with a new block, so ids are never reused.
// Simplified: the block comes back at once (Kafka asks asynchronously and answers
// COORDINATOR_LOAD_IN_PROGRESS while it waits).
export interface ProducerIdBlock {
  firstProducerId: number;
  size: number;
}

export class ProducerIdManager {
  private nextId = 0;
  private endId = 0;

  constructor(private readonly allocateBlock: () => ProducerIdBlock) {}

  generateProducerId(): number {
    if (this.nextId >= this.endId) {
      const block = this.allocateBlock();
      this.nextId = block.firstProducerId;
      this.endId = block.firstProducerId + block.size;
    }
    return this.nextId++;
  }
}
