// The session document: everything needed to bring a person's run back — the scenario (with its
// seed), the inputs they applied at their exact positions, the virtual time reached and what the
// page showed (address, selection, lesson step, speed). It goes to storage, into links and files;
// whatever comes back is untrusted and validated here before anything in the app changes.
import { z } from 'zod';
import { actionSchema, type Action } from '../../sim/scenario/schema.ts';
import { parseScenario } from '../../sim/scenario/parse.ts';
import type { RecordedInput } from '../../sim/timeline/session.ts';
import type { FrameSnapshot } from '../../sim/snapshot.ts';
import type { Selection } from '../ui/selection.ts';

export const SESSION_FORMAT = 'kafka-lab-session';
/** Bumped when the document changes shape; an older app refuses a newer document instead of misreading it. */
export const SESSION_VERSION = 1;

const finiteTime = z.number().finite().nonnegative();

const selectionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('broker'), broker: z.number().int() }),
  z.strictObject({ kind: z.literal('controller'), controller: z.number().int() }),
  z.strictObject({ kind: z.literal('partition'), topic: z.string(), partition: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal('producer'), producer: z.string() }),
  z.strictObject({ kind: z.literal('consumer'), consumer: z.string() }),
  z.strictObject({ kind: z.literal('group'), group: z.string() }),
  z.strictObject({ kind: z.literal('link'), a: z.string(), b: z.string() }),
]);

// The action is checked against the engine's own action schema but kept exactly as recorded: the
// replay must hand the engine the very same value.
const actionValue = z.custom<Action>((value) => actionSchema.safeParse(value).success, { message: 'not an action the engine knows' });

const inputSchema = z.strictObject({
  timeMs: finiteTime,
  eventCount: z.number().int().nonnegative(),
  action: actionValue,
});

const uiSchema = z.strictObject({
  /** The page's address hash ("#/", "#/licoes/<id>/<step>", ...). */
  route: z.string().max(500).regex(/^#\//),
  selection: selectionSchema.nullable(),
  /** The partition chosen in the old topic table: the inspector's selection replaced it, so the app writes null. */
  partition: z.strictObject({ topic: z.string(), partition: z.number().int().nonnegative() }).nullable(),
  lesson: z.strictObject({ id: z.string(), step: z.number().int().positive() }).nullable(),
  speed: z.number().finite().positive(),
});

export const sessionSchema = z
  .strictObject({
    format: z.literal(SESSION_FORMAT),
    version: z.literal(SESSION_VERSION),
    /** The scenario as loaded (its seed inside); checked by the engine's parser on the way in. */
    scenario: z.unknown(),
    inputs: z.array(inputSchema),
    /** The virtual time the run had reached. */
    timeMs: finiteTime,
    ui: uiSchema,
  })
  .superRefine((doc, context) => {
    // The replay applies inputs in order: positions must not go back.
    for (let i = 1; i < doc.inputs.length; i++) {
      const before = doc.inputs[i - 1]!;
      const input = doc.inputs[i]!;
      if (input.timeMs < before.timeMs || input.eventCount < before.eventCount) {
        context.addIssue({ code: 'custom', path: ['inputs', i], message: 'inputs out of order' });
      }
    }
  });

export interface SessionUi {
  route: string;
  selection: Selection | null;
  partition: { topic: string; partition: number } | null;
  lesson: { id: string; step: number } | null;
  speed: number;
}

export interface SessionDoc {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  scenario: unknown;
  inputs: RecordedInput[];
  timeMs: number;
  ui: SessionUi;
}

/** What the page keeps in storage: the document, plus the last picture to show while the engine replays. */
export interface StoredSession {
  doc: SessionDoc;
  snapshot: FrameSnapshot | null;
  /** Wall-clock time of the save (ms since the epoch), for the person's information only. */
  savedAt: number;
}

export type SessionErrorCode =
  | 'empty'
  | 'tooLarge'
  | 'notBase64'
  | 'notCompressed'
  | 'notJson'
  | 'notSession'
  | 'newerVersion'
  | 'invalid'
  | 'badScenario';

export interface SessionError {
  code: SessionErrorCode;
  /** Where it went wrong (a field path and the validator's words), for the notice's details. */
  detail?: string;
}

export type DecodeResult = { ok: true; doc: SessionDoc } | { ok: false; error: SessionError };

export function createSessionDoc(parts: Omit<SessionDoc, 'format' | 'version'>): SessionDoc {
  return { format: SESSION_FORMAT, version: SESSION_VERSION, ...parts };
}

/** Validates an untrusted value: the document's shape, then its scenario through the engine's parser. */
export function validateSession(value: unknown): DecodeResult {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== SESSION_FORMAT) {
    return { ok: false, error: { code: 'notSession' } };
  }
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > SESSION_VERSION) return { ok: false, error: { code: 'newerVersion', detail: String(version) } };
  const parsed = sessionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: { code: 'invalid', detail: `${issue.path.map(String).join('.') || '(documento)'}: ${issue.message}` } };
  }
  if (parsed.data.scenario === undefined) return { ok: false, error: { code: 'badScenario', detail: 'scenario: missing' } };
  const scenario = parseScenario(parsed.data.scenario, 'pt-BR');
  if (!scenario.ok) {
    return { ok: false, error: { code: 'badScenario', detail: scenario.errors.map((e) => `${e.path || '(cenário)'}: ${e.message}`).slice(0, 3).join('; ') } };
  }
  return { ok: true, doc: parsed.data as SessionDoc };
}
