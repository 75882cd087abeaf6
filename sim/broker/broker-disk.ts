// What survives a broker crash: its log directory. A restarted broker is a new Broker actor over
// the same disk, as a restarted Kafka process finds its logs where it left them.
import { MemoryStorage, type LogConfig, type LogStorage, type PartitionLog } from '../log/index.ts';
import { CachedLog } from './page-cache.ts';
import type { TopicConfig } from '../config/topic-config.ts';

export function logConfigOf(config: TopicConfig): LogConfig {
  return {
    segmentBytes: config.segmentBytes,
    segmentMs: config.segmentMs,
    segmentJitterMs: config.segmentJitterMs,
    indexIntervalBytes: config.indexIntervalBytes,
    segmentIndexBytes: config.segmentIndexBytes,
    retentionMs: config.retentionMs,
    retentionBytes: config.retentionBytes,
    maxMessageBytes: config.maxMessageBytes,
    cleanupPolicy: config.cleanupPolicy,
  };
}

export class BrokerDisk {
  /** The log directory: memory by default, OPFS files in the browser's main engine (SimulationOptions). */
  constructor(readonly storage: LogStorage = new MemoryStorage()) {}

  /**
   * The slow-disk fault: each log append takes this long, one after another (0: a healthy disk,
   * whose appends the simulation treats as instant). The hardware's, so it outlasts a restart.
   */
  appendLatencyMs = 0;
  /** Logs by directory name `<topic>-<partition>`, keyed with the topic id so a recreated topic starts empty. */
  private readonly logs = new Map<string, { topicId: number; log: CachedLog }>();
  /** replication-offset-checkpoint: the HW of each partition as of the last checkpoint. */
  private readonly highWatermarks = new Map<string, number>();

  openLog(topic: string, topicId: number, partition: number, config: TopicConfig, nowMs: number): PartitionLog {
    const dir = `${topic}-${partition}`;
    const existing = this.logs.get(dir);
    if (existing && existing.topicId === topicId) return existing.log;
    if (existing) this.deleteLog(topic, partition);
    const log = new CachedLog(dir, this.storage, logConfigOf(config), nowMs);
    this.logs.set(dir, { topicId, log });
    return log;
  }

  /** The log of a partition as it sits on disk, whether or not a process has it open; undefined if none. */
  existingLog(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(`${topic}-${partition}`)?.log;
  }

  checkpointHighWatermark(topic: string, partition: number, highWatermark: number): void {
    this.highWatermarks.set(`${topic}-${partition}`, highWatermark);
  }

  /** 0 when none was checkpointed (Kafka: "No checkpointed highwatermark is found"). */
  checkpointedHighWatermark(topic: string, partition: number): number {
    return this.highWatermarks.get(`${topic}-${partition}`) ?? 0;
  }

  /**
   * The machine lost power: every log loses what only the page cache held (see page-cache.ts).
   * Returns what each log lost, for the trace.
   */
  losePower(nowMs: number): { dir: string; fromOffset: number; toOffset: number }[] {
    const losses: { dir: string; fromOffset: number; toOffset: number }[] = [];
    for (const [dir, { log }] of this.logs) {
      const lost = log.losePageCache(nowMs);
      if (lost) losses.push({ dir, ...lost });
    }
    return losses;
  }

  deleteLog(topic: string, partition: number): void {
    const dir = `${topic}-${partition}`;
    this.highWatermarks.delete(dir);
    const existing = this.logs.get(dir);
    if (!existing) return;
    existing.log.deleteAll();
    this.logs.delete(dir);
  }
}
