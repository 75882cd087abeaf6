// What a tool tells the person after an action: the Portuguese success line, or the refusal keyed
// by the engine's error code.
import type { ActionResult } from '../../../sim/api.ts';
import type { Messages } from '../../i18n/messages.ts';

export interface ToolResult {
  ok: boolean;
  text: string;
}

export function describeResult(t: Messages, result: ActionResult | undefined, success: string): ToolResult {
  if (result === undefined) return { ok: false, text: t.tools.resultFailedToSend };
  if (result.ok) return { ok: true, text: success };
  const code = result.error ?? 'UNKNOWN';
  const reason = t.tools.errors[code] ?? t.tools.unknownError(code, result.message ?? '');
  return { ok: false, text: t.tools.resultRefused(reason) };
}
