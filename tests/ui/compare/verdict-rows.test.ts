import { describe, expect, it } from 'vitest';
import type { RunVerdict } from '../../../sim/compare/verdict.ts';
import { differingRows, verdictRows } from '../../../src/ui/compare/verdict-rows.ts';
import { createFormatters } from '../../../src/i18n/format.ts';
import { ptBR } from '../../../src/i18n/pt-BR.ts';

const verdict = (over: Partial<RunVerdict>): RunVerdict => ({
  timeMs: 40_000,
  acked: 799,
  lost: 0,
  duplicated: 0,
  reordered: 0,
  failed: 0,
  unownedPartitionMs: 0,
  longestGapMs: 0,
  stopTheWorldMs: 0,
  groups: [],
  ...over,
});

describe('verdictRows', () => {
  it('marks the lower value of each metric as better, and nothing where the sides agree', () => {
    const rows = verdictRows(verdict({ lost: 20, reordered: 1 }), verdict({}));
    expect(rows.map((r) => r.metric)).toEqual(['lost', 'duplicated', 'reordered', 'failed', 'stopTheWorldMs', 'unownedPartitionMs', 'longestGapMs']);
    expect(rows.find((r) => r.metric === 'lost')).toEqual({ metric: 'lost', a: 20, b: 0, better: 'b' });
    expect(rows.find((r) => r.metric === 'duplicated')?.better).toBeNull();
    expect(differingRows(rows).map((r) => r.metric)).toEqual(['lost', 'reordered']);
  });

  it('compares durations in whole milliseconds, so that arithmetic noise is no difference', () => {
    const rows = verdictRows(verdict({ stopTheWorldMs: 30.0155, longestGapMs: 20.25 }), verdict({ stopTheWorldMs: 0, longestGapMs: 20.4, unownedPartitionMs: 4008.98 }));
    expect(rows.find((r) => r.metric === 'stopTheWorldMs')).toEqual({ metric: 'stopTheWorldMs', a: 30, b: 0, better: 'b' });
    expect(rows.find((r) => r.metric === 'longestGapMs')?.better).toBeNull();
    expect(rows.find((r) => r.metric === 'unownedPartitionMs')).toMatchObject({ a: 0, b: 4009, better: 'a' });
  });

  it('knows no better side before both verdicts are in', () => {
    expect(verdictRows(verdict({ lost: 3 }), null).every((r) => r.better === null && r.b === null)).toBe(true);
  });
});

describe('the Portuguese call-outs', () => {
  const f = createFormatters(ptBR);
  const { phrases, callout } = ptBR.compare.verdict;

  it('say what each side did, with pt-BR numbers', () => {
    expect(callout('com acks=1', phrases.lost(1234, f), 'com acks=all', phrases.lost(0, f))).toBe(
      'Com acks=1, 1.234 registros confirmados sumiram; com acks=all, nenhum registro confirmado sumiu.',
    );
    expect(phrases.duplicated(1, f)).toBe('1 registro ficou duplicado');
    expect(callout('sem idempotência', phrases.duplicated(1, f), 'com idempotência', phrases.duplicated(0, f))).toBe(
      'Sem idempotência, 1 registro ficou duplicado; com idempotência, nenhum registro ficou duplicado.',
    );
    expect(phrases.stopTheWorldMs(30, f)).toBe('o grupo ficou todo parado por 30 ms');
    expect(phrases.stopTheWorldMs(0, f)).toBe('o grupo nunca parou por inteiro');
  });
});
