// The byte inspector's reading of the annotations: every field named and explained in Portuguese,
// the attributes' bits spelled out, deltas shown with what they stand for.
import { expect, test } from 'vitest';
import { annotateRecordBatch, encodeRecordBatch } from '../../../sim/log/index.ts';
import { describeFields } from '../../../src/components/inspector/byte-fields.ts';
import { inspector } from '../../../src/i18n/pt-BR/inspector.ts';

const utf8 = new TextEncoder();

test('every field of a batch with a null key and a header is named, explained and grouped', () => {
  const bytes = encodeRecordBatch({
    baseOffset: 40,
    partitionLeaderEpoch: 3,
    producerId: 9,
    producerEpoch: 1,
    baseSequence: 0,
    isTransactional: true,
    timestampType: 'log-append',
    records: [
      { timestamp: 500, key: null, value: utf8.encode('a'), headers: [{ key: 'h', value: utf8.encode('v') }] },
      { timestamp: 507, key: utf8.encode('k'), value: null, headers: [] },
    ],
  });
  const fields = describeFields(annotateRecordBatch(bytes), 40, inspector.bytes);
  for (const field of fields) {
    expect(inspector.bytes.fields[field.field], field.field).toBeDefined();
    expect(field.explain.length).toBeGreaterThan(10);
  }
  const attributes = fields.find((f) => f.field === 'attributes')!;
  expect(attributes.bits).toEqual([
    'bits 0–2, compressão: none',
    'bit 3, tipo de timestamp: LogAppendTime (hora do broker)',
    'bit 4, transacional: sim',
    'bit 5, lote de controle (marcador de transação): não',
    'bit 6, delete horizon do compactador (KIP-534): não',
  ]);
  expect(fields.find((f) => f.field === 'crc')!.derived).toMatch(/^CRC-32C calculado: 0x[0-9a-f]{8} \(confere\)$/);
  const offsetDeltas = fields.filter((f) => f.field === 'record.offsetDelta');
  expect(offsetDeltas.map((f) => f.derived)).toEqual(['offset absoluto 40', 'offset absoluto 41']);
  expect(offsetDeltas.map((f) => f.group)).toEqual(['Registro 0 (offset 40)', 'Registro 1 (offset 41)']);
  expect(fields.find((f) => f.field === 'header.key')!.group).toBe('Registro 0 (offset 40) · header 0');
  expect(fields.find((f) => f.field === 'record.keyLength')!.value).toBe('-1');
  expect(fields.filter((f) => f.tone === 'batch')).toHaveLength(13);
  expect(fields.filter((f) => f.tone === 'payload').map((f) => f.field)).toEqual(['record.value', 'header.key', 'header.value', 'record.key']);
});
