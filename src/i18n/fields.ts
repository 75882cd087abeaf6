// Reading a trace event's fields for display. Events carry plain JSON whose fields depend on their
// type; a missing or oddly typed field shows as "?" rather than breaking the event log.
import type { TraceEvent } from '../../sim/kernel/types.ts';

export function numberField(event: TraceEvent, name: string): number | null {
  const value = event[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function textField(event: TraceEvent, name: string): string {
  const value = event[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '?';
}

export function listField(event: TraceEvent, name: string): string[] {
  const value = event[name];
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}
