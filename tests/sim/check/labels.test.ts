import { describe, expect, it } from 'vitest';
import { LabelParser } from '../../../sim/check/index.ts';
import { WorkloadGenerator } from '../../../sim/clients/producer/workload.ts';
import { createRandom } from '../../../sim/kernel/index.ts';

const utf8 = new TextEncoder();
const bytes = (s: string) => utf8.encode(s);

describe('record labels', () => {
  it('reads "<producer>#<n>" followed by filler', () => {
    const parser = new LabelParser(new Map([['p1', 500]]));
    expect(parser.parse(bytes('p1#42......'))).toEqual({ producer: 0, id: 42 });
    expect(parser.parse(bytes('p1#0.'))).toEqual({ producer: 0, id: 0 });
  });

  it('ignores values without a label of a known producer', () => {
    const parser = new LabelParser(new Map([['p1', 10]]));
    for (const v of ['hello', 'p2#3....', 'p1-3....', 'p1#....', 'p1#07...', '#3......', 'p']) expect(parser.parse(bytes(v))).toBeNull();
    expect(parser.parse(null)).toBeNull();
    expect(parser.parse(new Uint8Array(0))).toBeNull();
  });

  it('prefers the longest producer name, so names may contain #', () => {
    const parser = new LabelParser(new Map([['a', 100], ['a#1', 100]]));
    const id = parser.parse(bytes('a#1#5...'));
    expect(parser.names[id!.producer]).toBe('a#1');
    expect(id!.id).toBe(5);
    expect(parser.names[parser.parse(bytes('a#15...'))!.producer]).toBe('a');
  });

  it('does not trust digits that reach the end of the value when the label may have been cut', () => {
    // Producer p sent up to record 123: "p#12" may be record 12 or the cut label of record 12x.
    const big = new LabelParser(new Map([['p', 123]]));
    expect(big.parse(bytes('p#12'))).toBeNull();
    expect(big.parse(bytes('p#123'))).toEqual({ producer: 0, id: 123 });
    // Producer q never went past record 99: "q#12" fits whole.
    const small = new LabelParser(new Map([['q', 99]]));
    expect(small.parse(bytes('q#12'))).toEqual({ producer: 0, id: 12 });
  });

  it('reads the values the workload generator writes, whole or cut', () => {
    for (const valueSizeBytes of [100, 6, 5, 4, 3, 0]) {
      const generator = new WorkloadGenerator('prod', { ratePerSec: 1000, count: 150, valueSizeBytes }, createRandom(7));
      const values: Uint8Array[] = [];
      for (let n = 0; n < 150; n++) values.push(new Uint8Array(generator.next().value));
      const parser = new LabelParser(new Map([['prod', 149]]));
      values.forEach((value, n) => {
        const parsed = parser.parse(value);
        // Either the right record, or nothing: never another record's identity.
        if (parsed !== null) expect(parsed).toEqual({ producer: 0, id: n });
        if (valueSizeBytes === 100) expect(parsed).not.toBeNull();
      });
    }
  });
});
