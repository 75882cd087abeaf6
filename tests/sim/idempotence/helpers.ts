// Batches as an idempotent producer sends them (producer id, epoch, base sequence in the header),
// the Produce and InitProducerId requests that carry them, and a real producer on a bare cluster.
import { encodeRecordBatch } from '../../../sim/log/index.ts';
import type { InitProducerIdRequest, ProduceRequest, ProduceResponse } from '../../../sim/protocol/messages.ts';
import type { Kernel } from '../../../sim/kernel/index.ts';
import type { Workload } from '../../../sim/scenario/schema.ts';
import { Producer } from '../../../sim/clients/producer/producer.ts';
import { WorkloadGenerator } from '../../../sim/clients/producer/workload.ts';
import { resolveProducerConfig, type ProducerConfigInput } from '../../../sim/config/producer-config.ts';

const utf8 = new TextEncoder();

export function idempotentBatch(values: string[], producerId: number, producerEpoch: number, baseSequence: number, timestampMs = 1_000): Uint8Array {
  return encodeRecordBatch({
    baseOffset: 0,
    partitionLeaderEpoch: -1,
    producerId,
    producerEpoch,
    baseSequence,
    isTransactional: false,
    records: values.map((v, i) => ({ timestamp: timestampMs + i, key: null, value: utf8.encode(v), headers: [] })),
  });
}

export function produce(topic: string, partition: number, records: Uint8Array, acks: -1 | 1 = -1): ProduceRequest {
  return { api: 'Produce', acks, timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partition, records }] }] };
}

export const initProducerId: InitProducerIdRequest = { api: 'InitProducerId', transactionalId: null, transactionTimeoutMs: 2_147_483_647, producerId: -1, producerEpoch: -1 };

export function partitionOf(response: ProduceResponse | undefined): ProduceResponse['topics'][number]['partitions'][number] | undefined {
  return response?.topics[0]?.partitions[0];
}

/** A producer actor "p" with its workload, bootstrapped on broker 0 of a test cluster's kernel. */
export function addProducer(kernel: Kernel, config: ProducerConfigInput, workload: Workload): Producer {
  const generator = new WorkloadGenerator('p', workload, kernel.random.fork('workload'));
  const connections = { closeConnection: (a: string, b: string) => kernel.network.resetConnection(a, b) };
  const producer = new Producer('p', 't', resolveProducerConfig(config), generator, 0, [0], connections);
  kernel.addActor(producer);
  return producer;
}
