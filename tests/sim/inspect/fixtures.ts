// A small replica log for the inspector tests: 45 records in batches of 3 (offsets 0..44) with
// text keys and values, one batch with a null key and headers, across several segments.
import { encodeRecordBatch, MemoryStorage, PartitionLog, type RecordInput } from '../../../sim/log/index.ts';
import { config } from '../log/helpers.ts';

const utf8 = new TextEncoder();

export function textBatch(records: { key: string | null; value: string | null; headers?: [string, string | null][] }[], timestamp: number): Uint8Array {
  const input: RecordInput[] = records.map((r, i) => ({
    timestamp: timestamp + i,
    key: r.key === null ? null : utf8.encode(r.key),
    value: r.value === null ? null : utf8.encode(r.value),
    headers: (r.headers ?? []).map(([key, value]) => ({ key, value: value === null ? null : utf8.encode(value) })),
  }));
  return encodeRecordBatch({ baseOffset: 0, partitionLeaderEpoch: -1, producerId: 7, producerEpoch: 0, baseSequence: 0, isTransactional: false, records: input });
}

/** Offsets 0..44; offsets 21..23 are the batch with a null key and headers (leader epoch 2 from offset 21). */
export function sampleLog(): PartitionLog {
  const log = new PartitionLog('pedidos-0', new MemoryStorage(), config({ segmentBytes: 1024 }), 0);
  for (let b = 0; b < 15; b++) {
    const first = b * 3;
    const batch =
      first === 21
        ? textBatch(
            [
              { key: null, value: 'sem chave', headers: [['origem', 'loja-sul'], ['trace', null]] },
              { key: 'cliente-x', value: null, headers: [['origem', 'loja-norte']] },
              { key: 'cliente-y', value: 'pedido 23', headers: [] },
            ],
            1000 + first,
          )
        : textBatch([0, 1, 2].map((i) => ({ key: `cliente-${(first + i) % 5}`, value: `pedido ${first + i}` })), 1000 + first);
    log.appendAsLeader(batch, first >= 21 ? 2 : 1, 1000 + first);
  }
  return log;
}
