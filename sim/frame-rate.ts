// How often the worker sends the page a frame, and what counts as a large cluster, for the worker
// (fewer frames) and the page (slower side panel) alike.

/**
 * About 15 frames per second. Each frame costs the page a structured clone and a Svelte update:
 * at 30 per second, receiving them kept the main thread of headless Chromium busy 95 % of the time
 * in the standard scene (36 fps); at 15, 68 % (60 fps). In-flight messages move smoothly between
 * frames anyway (ClusterView interpolates virtual time).
 */
export const FRAME_MS = 66;
/**
 * 10 frames per second in a large cluster: the page shows it in aggregates (cells, counts, flows),
 * and each frame costs it more (the large scene has 750 replicas).
 */
export const LARGE_FRAME_MS = 100;
/** Beyond this many replicas (all topics, internal ones included), a cluster is large. */
export const LARGE_CLUSTER_REPLICAS = 300;

/** Whether a snapshot's cluster is large; each broker's replicaCount counts every topic. */
export function isLargeCluster(snapshot: { brokers: readonly { replicaCount: number }[] }): boolean {
  let replicas = 0;
  for (const broker of snapshot.brokers) replicas += broker.replicaCount;
  return replicas > LARGE_CLUSTER_REPLICAS;
}

/** The worker's frame period for a cluster (none sent yet: the usual one). */
export function framePeriodMs(snapshot: { brokers: readonly { replicaCount: number }[] } | null): number {
  return snapshot !== null && isLargeCluster(snapshot) ? LARGE_FRAME_MS : FRAME_MS;
}
