// Turns the log's byte annotations into what the byte inspector shows: a label per field, the
// decoded value, what it stands for, and the attributes' bits spelled out.
import type { ByteAnnotation } from '../../../sim/log/index.ts';
import type { InspectorMessages } from '../../i18n/messages/inspector.ts';

export interface ShownField {
  index: number;
  start: number;
  end: number;
  field: string;
  name: string;
  explain: string;
  value: string;
  /** What the value stands for (an absolute offset or time, a computed CRC), or ''. */
  derived: string;
  /** For attributes: each bit's meaning. */
  bits: string[];
  /** The group it belongs to: the batch header, or a record (and its header). */
  group: string;
  /** Colour family: batch header, record framing, payload (key/value/header bytes). */
  tone: 'batch' | 'record' | 'payload';
}

const COMPRESSION = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function describeFields(annotations: ByteAnnotation[], baseOffset: number, t: InspectorMessages['bytes']): ShownField[] {
  const offsetOf = new Map<number, number>();
  for (const a of annotations) if (a.field === 'record.offsetDelta' && a.record !== undefined) offsetOf.set(a.record, a.derived ?? baseOffset);
  return annotations.map((a, index) => {
    const text = t.fields[a.field] ?? { name: a.field, explain: '' };
    const bits: string[] = [];
    let derived = '';
    if (a.field === 'attributes' && typeof a.value === 'number') {
      const v = a.value;
      bits.push(
        t.bits.compression(COMPRESSION[v & 0x07] ?? `? (${v & 0x07})`),
        t.bits.timestampType((v & 0x08) !== 0),
        t.bits.transactional((v & 0x10) !== 0),
        t.bits.control((v & 0x20) !== 0),
        t.bits.deleteHorizon((v & 0x40) !== 0),
      );
    } else if (a.field === 'crc' && typeof a.value === 'number' && a.derived !== undefined) {
      derived = t.derivedCrc(hex32(a.derived), a.derived === a.value);
    } else if ((a.field === 'record.offsetDelta' || a.field === 'lastOffsetDelta') && a.derived !== undefined) {
      derived = t.derivedOffset(a.derived);
    } else if (a.field === 'record.timestampDelta' && a.derived !== undefined) {
      derived = t.derivedTimestamp(a.derived);
    }
    const value = a.field === 'crc' && typeof a.value === 'number' ? hex32(a.value) : typeof a.value === 'number' ? String(a.value) : escapeControls(a.value);
    const group =
      a.record === undefined
        ? t.batchHeader
        : t.recordLabel(a.record, offsetOf.get(a.record) ?? baseOffset) + (a.header === undefined ? '' : ` · ${t.headerLabel(a.header)}`);
    const tone = a.record === undefined ? 'batch' : /key$|value$/.test(a.field) && !/Length$/.test(a.field) ? 'payload' : 'record';
    return { index, start: a.start, end: a.end, field: a.field, name: text.name, explain: text.explain, value, derived, bits, group, tone };
  });
}

const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Control characters (in a binary key that happens to be valid UTF-8) shown as \xNN. */
function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
