// Frames as the worker posts them to the page: a partition that did not change since the previous
// frame travels as its number only, and the page takes it from the frame before. Cloning the frame
// is most of what receiving it costs the page's main thread, and in the large scene (250 partitions
// with __consumer_offsets) about one partition in five changes between two frames.
//
// The page must decode every frame the encoder produced, in order: the worker sends the next one
// only after the page has received the last, and it starts again from a whole frame after a new
// subscription or a failed delivery (FrameEncoder.reset).
import type { FramePartition, FrameSnapshot, FrameTopic } from './snapshot.ts';

/** A partition as sent: whole, or only its number when it equals the previous frame's. */
export type WirePartition = FramePartition | number;
export type WireTopic = Omit<FrameTopic, 'partitions'> & { partitions: WirePartition[] };
export type WireSnapshot = Omit<FrameSnapshot, 'topics'> & {
  topics: WireTopic[];
  /** False: every partition is whole (the first frame of a subscription). */
  delta: boolean;
};

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class FrameEncoder {
  /** Each partition of the last frame sent, serialised, by topic and number; null before the first. */
  #sent: Map<string, string> | null = null;

  /** The next frame goes whole. */
  reset(): void {
    this.#sent = null;
  }

  encode(snapshot: FrameSnapshot): WireSnapshot {
    const previous = this.#sent;
    const sent = new Map<string, string>();
    const topics = snapshot.topics.map(
      (topic): WireTopic => ({
        ...topic,
        partitions: topic.partitions.map((p) => {
          const key = partitionKey(topic.name, p.partition);
          const json = JSON.stringify(p);
          sent.set(key, json);
          return previous?.get(key) === json ? p.partition : p;
        }),
      }),
    );
    this.#sent = sent;
    return { ...snapshot, topics, delta: previous !== null };
  }
}

/** Thrown when a delta frame names a partition the previous frame did not have (an encoder and decoder out of step). */
export class FrameDeltaError extends Error {}

/**
 * The whole frame: unchanged partitions are the previous frame's very objects, so views that
 * compare by identity see them as unchanged.
 */
export function decodeFrame(previous: FrameSnapshot | null, wire: WireSnapshot): FrameSnapshot {
  const { delta, topics, ...rest } = wire;
  const before = new Map<string, FramePartition>();
  if (delta) {
    if (previous === null) throw new FrameDeltaError('a delta frame arrived without the frame before it');
    for (const topic of previous.topics) for (const p of topic.partitions) before.set(partitionKey(topic.name, p.partition), p);
  }
  return {
    ...rest,
    topics: topics.map((topic) => ({
      ...topic,
      partitions: topic.partitions.map((p) => {
        if (typeof p !== 'number') return p;
        const kept = before.get(partitionKey(topic.name, p));
        if (kept === undefined) throw new FrameDeltaError(`a delta frame refers to partition ${topic.name}-${p}, which the previous frame did not have`);
        return kept;
      }),
    })),
  };
}
