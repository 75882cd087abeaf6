import { describe, expect, it } from 'vitest';
import { batchOf, makeCluster } from './harness.ts';
import type { FetchResponse, ListOffsetsResponse, MetadataResponse, ProduceResponse } from '../../../sim/protocol/messages.ts';
import { decodeRecordBatches } from '../../../sim/log/index.ts';

const produce = (topic: string, partition: number, records: Uint8Array, acks: 0 | 1 | -1 = 1) => ({
  api: 'Produce' as const,
  acks,
  timeoutMs: 30_000,
  topics: [{ name: topic, partitions: [{ partition, records }] }],
});
const fetch = (topic: string, partition: number, fetchOffset: number, maxWaitMs = 0, minBytes = 1) => ({
  api: 'Fetch' as const,
  replicaId: -1,
  maxWaitMs,
  minBytes,
  maxBytes: 52_428_800,
  topics: [{ name: topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, partitionMaxBytes: 1_048_576 }] }],
});
const listOffsets = (topic: string, partition: number, timestamp: number) => ({
  api: 'ListOffsets' as const,
  replicaId: -1,
  topics: [{ name: topic, partitions: [{ partition, currentLeaderEpoch: -1, timestamp }] }],
});
function partitionOf(r: ProduceResponse | undefined): ProduceResponse['topics'][number]['partitions'][number] | undefined;
function partitionOf(r: FetchResponse | undefined): FetchResponse['topics'][number]['partitions'][number] | undefined;
function partitionOf(r: ProduceResponse | FetchResponse | undefined) {
  return r?.topics[0]?.partitions[0];
}

describe('broker: Produce', () => {
  it('appends at the log end offset and answers with the base offset', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    expect(partitionOf(c.request<ProduceResponse>(0, produce('t', 0, batchOf(['a', 'b', 'c'])))) ).toMatchObject({ error: 'NONE', baseOffset: 0 });
    expect(partitionOf(c.request<ProduceResponse>(0, produce('t', 0, batchOf(['d'])))) ).toMatchObject({ error: 'NONE', baseOffset: 3 });
    const replica = c.brokers[0]!.replica('t', 0)!;
    expect(replica.log.logEndOffset).toBe(4);
    expect(replica.highWatermark).toBe(4);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic or partition that does not exist', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    expect(partitionOf(c.request<ProduceResponse>(0, produce('nada', 0, batchOf(['a']))))?.error).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(partitionOf(c.request<ProduceResponse>(0, produce('t', 5, batchOf(['a']))))?.error).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('answers NOT_LEADER_OR_FOLLOWER on a broker that does not lead the partition', () => {
    const c = makeCluster(2);
    const topic = c.createTopic('t', 1);
    const other = topic.partitions[0]!.leader === 0 ? 1 : 0;
    expect(partitionOf(c.request<ProduceResponse>(other, produce('t', 0, batchOf(['a']))))?.error).toBe('NOT_LEADER_OR_FOLLOWER');
  });

  it('refuses a batch over max.message.bytes and keeps the log as it was', () => {
    const c = makeCluster();
    c.createTopic('t', 1, { 'max.message.bytes': 200 });
    c.request(0, produce('t', 0, batchOf(['pequeno'])));
    const before = c.brokers[0]!.replica('t', 0)!.log.logEndOffset;
    const answer = partitionOf(c.request<ProduceResponse>(0, produce('t', 0, batchOf(['x'.repeat(300)]))));
    expect(answer?.error).toBe('MESSAGE_TOO_LARGE');
    expect(c.brokers[0]!.replica('t', 0)!.log.logEndOffset).toBe(before);
  });

  it('refuses a corrupt batch (bad CRC) with CORRUPT_MESSAGE and stores nothing', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    const batch = batchOf(['valor']);
    batch[batch.length - 2]! ^= 0xff;
    expect(partitionOf(c.request<ProduceResponse>(0, produce('t', 0, batch)))?.error).toBe('CORRUPT_MESSAGE');
    expect(c.brokers[0]!.replica('t', 0)!.log.logEndOffset).toBe(0);
  });

  it('answers INVALID_REQUIRED_ACKS for acks outside -1, 0, 1', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    const body = { ...produce('t', 0, batchOf(['a'])), acks: 2 as unknown as 1 };
    expect(partitionOf(c.request<ProduceResponse>(0, body))?.error).toBe('INVALID_REQUIRED_ACKS');
  });

  it('gives no answer at all to acks=0, but appends', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    expect(c.request(0, produce('t', 0, batchOf(['a']), 0))).toBeUndefined();
    expect(c.brokers[0]!.replica('t', 0)!.log.logEndOffset).toBe(1);
  });
});

describe('broker: Fetch', () => {
  it('returns the records from the fetch offset up to the high watermark', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    c.request(0, produce('t', 0, batchOf(['a', 'b'])));
    c.request(0, produce('t', 0, batchOf(['c'])));
    const answer = partitionOf(c.request<FetchResponse>(0, fetch('t', 0, 2)));
    expect(answer).toMatchObject({ error: 'NONE', highWatermark: 3, logStartOffset: 0 });
    const records = decodeRecordBatches(answer!.records).flatMap((b) => b.records);
    expect(records.map((r) => [r.offset, new TextDecoder().decode(r.value!)])).toEqual([[2, 'c']]);
  });

  it('answers OFFSET_OUT_OF_RANGE past the log end offset', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    c.request(0, produce('t', 0, batchOf(['a'])));
    expect(partitionOf(c.request<FetchResponse>(0, fetch('t', 0, 5)))?.error).toBe('OFFSET_OUT_OF_RANGE');
  });

  it('waits up to fetch.max.wait.ms for data (long poll), and answers as soon as data arrives', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    const id = c.probe.send('broker-0', fetch('t', 0, 0, 500));
    c.kernel.runFor(200);
    expect(c.probe.responses.has(id)).toBe(false);
    c.request(0, produce('t', 0, batchOf(['chegou'])), 10);
    expect(partitionOf(c.probe.responses.get(id) as FetchResponse)?.records.length).toBeGreaterThan(0);
    const idle = c.probe.send('broker-0', fetch('t', 0, 1, 500));
    c.kernel.runFor(400);
    expect(c.probe.responses.has(idle)).toBe(false);
    c.kernel.runFor(200);
    expect(partitionOf(c.probe.responses.get(idle) as FetchResponse)).toMatchObject({ error: 'NONE', records: new Uint8Array(0) });
  });
});

describe('broker: ListOffsets', () => {
  it('answers earliest, latest and by timestamp', () => {
    const c = makeCluster();
    c.createTopic('t', 1);
    c.request(0, produce('t', 0, batchOf(['a', 'b'], 1_000)));
    c.request(0, produce('t', 0, batchOf(['c', 'd'], 5_000)));
    const at = (ts: number) => c.request<ListOffsetsResponse>(0, listOffsets('t', 0, ts))?.topics[0]?.partitions[0];
    expect(at(-2)).toMatchObject({ error: 'NONE', offset: 0 });
    expect(at(-1)).toMatchObject({ error: 'NONE', offset: 4 });
    expect(at(1_001)).toMatchObject({ error: 'NONE', offset: 1, timestamp: 1_001 });
    expect(at(4_000)).toMatchObject({ error: 'NONE', offset: 2, timestamp: 5_000 });
    expect(at(9_000)).toMatchObject({ error: 'NONE', offset: -1 });
  });
});

describe('broker: Metadata', () => {
  it('creates an unknown topic when both sides allow it, answering LEADER_NOT_AVAILABLE first', () => {
    const c = makeCluster(1, { 'num.partitions': 2 });
    const first = c.request<MetadataResponse>(0, { api: 'Metadata', topics: ['novo'], allowAutoTopicCreation: true });
    expect(first?.topics[0]).toMatchObject({ name: 'novo', error: 'LEADER_NOT_AVAILABLE' });
    const second = c.request<MetadataResponse>(0, { api: 'Metadata', topics: ['novo'], allowAutoTopicCreation: true });
    expect(second?.topics[0]?.error).toBe('NONE');
    expect(second?.topics[0]?.partitions).toHaveLength(2);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION when auto.create.topics.enable=false', () => {
    const c = makeCluster(1, { 'auto.create.topics.enable': false });
    const answer = c.request<MetadataResponse>(0, { api: 'Metadata', topics: ['novo'], allowAutoTopicCreation: true });
    expect(answer?.topics[0]?.error).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(c.metadata.topics.has('novo')).toBe(false);
  });
});
