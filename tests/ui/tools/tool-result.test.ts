import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ptBR } from '../../../src/i18n/pt-BR.ts';
import { describeResult } from '../../../src/components/tools/tool-result.ts';

/** Every `error: 'CODE'` an action can return: the action code and what the controller answers createTopic/deleteTopic. */
function actionErrorCodes(): string[] {
  const files = ['sim/simulation.ts', 'sim/scene/actions.ts', 'sim/scene/close-client.ts', 'sim/controller/replication-control.ts', 'sim/controller/quorum-controller.ts'];
  const codes = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/error: '([A-Z_]+)'/g)) codes.add(match[1]!);
  }
  // Answers of the controller that never reach an action (broker registration, AlterPartition).
  for (const internal of ['NONE', 'DUPLICATE_BROKER_REGISTRATION', 'STALE_BROKER_EPOCH']) codes.delete(internal);
  return [...codes].sort();
}

describe('the tools explain every refusal in Portuguese', () => {
  it('has a text for every error code an action can return', () => {
    const codes = actionErrorCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !(code in ptBR.tools.errors))).toEqual([]);
  });

  it('describes success, refusal and a lost call', () => {
    expect(describeResult(ptBR, { ok: true }, 'Broker 1 caiu.')).toEqual({ ok: true, text: 'Broker 1 caiu.' });
    expect(describeResult(ptBR, { ok: false, error: 'BROKER_RUNNING', message: 'broker 1 is running' }, 'x')).toEqual({
      ok: false,
      text: 'Recusado: o broker está rodando; derrube-o antes de reiniciar.',
    });
    expect(describeResult(ptBR, { ok: false, error: 'SOMETHING_NEW', message: 'detail' }, 'x').text).toBe('Recusado: SOMETHING_NEW (detail)');
    expect(describeResult(ptBR, undefined, 'x')).toEqual({ ok: false, text: ptBR.tools.resultFailedToSend });
  });
});
