// The Portuguese line of a trace event (the texts of t.events): the engine's types and the
// kernel's each have theirs, others a generic one.
import type { TraceEvent } from '../../../sim/kernel/types.ts';
import type { EventText, Formatters, Messages } from '../../i18n/messages.ts';

export function describeEvent(t: Messages, f: Formatters, event: TraceEvent): string {
  // The engine names its events by `type`; the text for a type is written for that type's fields.
  const engine = t.events.engine as unknown as Record<string, EventText>;
  const kernel = t.events.kernel as Record<string, EventText>;
  const text = Object.hasOwn(engine, event.type) ? engine[event.type] : Object.hasOwn(kernel, event.type) ? kernel[event.type] : undefined;
  return (text ?? t.events.unknown)(event, f);
}
