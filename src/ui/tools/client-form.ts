// The add-client and reconfigure forms as pure data: what the person typed in, the field errors or
// the action out. Client ids follow the engine's rule (sim/scenario/schema.ts).
import type { Action, ConsumerSpec, ProducerSpec } from '../../../sim/scenario/schema.ts';
import type { FieldError } from '../../i18n/messages/tools.ts';
import { parseInteger } from './topic-form.ts';

export type Assignor = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';
export type CommitMode = NonNullable<ConsumerSpec['commit']>;
export type AcksChoice = 'all' | '1' | '0';

export const ASSIGNORS: readonly Assignor[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];
export const COMMIT_MODES: readonly CommitMode[] = ['auto', 'sync-after-processing', 'async-after-processing', 'sync-before-processing', 'none'];

const CLIENT_ID = /^[a-zA-Z0-9._-]{1,64}$/;
const MAX_RATE = 10_000;

export function clientIdError(id: string, existing: readonly string[]): FieldError | null {
  if (id === '') return 'required';
  if (!CLIENT_ID.test(id)) return 'clientIdChars';
  if (existing.includes(id)) return 'clientIdInUse';
  return null;
}

export interface ProducerForm {
  id: string;
  topic: string;
  acks: AcksChoice;
  idempotence: boolean;
  lingerMs: string;
  ratePerSec: string;
}

export interface ConsumerForm {
  id: string;
  topic: string;
  groupId: string;
  /** '' = Kafka's default list (range, cooperative-sticky), as the scenarios' consumers use. */
  assignor: '' | Assignor;
  commit: CommitMode;
  protocol: 'classic' | 'consumer';
}

export type FormResult<F extends string> = { errors: Partial<Record<F, FieldError>>; action: Action | null };

export function validateProducerForm(form: ProducerForm, context: { clientIds: readonly string[]; topics: readonly string[] }): FormResult<'id' | 'topic' | 'lingerMs' | 'ratePerSec' | 'idempotence'> {
  const errors: FormResult<'id' | 'topic' | 'lingerMs' | 'ratePerSec' | 'idempotence'>['errors'] = {};
  const idError = clientIdError(form.id.trim(), context.clientIds);
  if (idError) errors.id = idError;
  if (form.topic === '') errors.topic = 'required';
  else if (!context.topics.includes(form.topic)) errors.topic = 'topicUnknown';
  const linger = parseInteger(form.lingerMs);
  if (linger === null) errors.lingerMs = 'notInteger';
  else if (linger < 0) errors.lingerMs = 'lingerMin';
  const rate = form.ratePerSec.trim() === '' ? 0 : Number(form.ratePerSec.replace(',', '.'));
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE) errors.ratePerSec = 'rateRange';
  // ProducerConfig: enable.idempotence=true set explicitly with acks other than all is a ConfigException.
  if (form.idempotence && form.acks !== 'all') errors.idempotence = 'idempotenceNeedsAcksAll';
  if (Object.keys(errors).length > 0 || linger === null) return { errors, action: null };
  const spec: ProducerSpec = {
    id: form.id.trim(),
    topic: form.topic,
    config: { acks: form.acks === 'all' ? 'all' : form.acks === '1' ? 1 : 0, 'enable.idempotence': form.idempotence, 'linger.ms': linger },
    ...(rate > 0 ? { workload: { ratePerSec: rate } } : {}),
  };
  return { errors, action: { type: 'add-producer', producer: spec } };
}

export function validateConsumerForm(form: ConsumerForm, context: { clientIds: readonly string[]; topics: readonly string[] }): FormResult<'id' | 'topic' | 'groupId' | 'commit'> {
  const errors: FormResult<'id' | 'topic' | 'groupId' | 'commit'>['errors'] = {};
  const idError = clientIdError(form.id.trim(), context.clientIds);
  if (idError) errors.id = idError;
  if (form.topic === '') errors.topic = 'required';
  else if (!context.topics.includes(form.topic)) errors.topic = 'topicUnknown';
  const group = form.groupId.trim();
  if (group.length > 255) errors.groupId = 'clientIdChars';
  if (group === '' && form.commit !== 'none') errors.commit = 'groupRequired';
  if (Object.keys(errors).length > 0) return { errors, action: null };
  const spec: ConsumerSpec = {
    id: form.id.trim(),
    topic: form.topic,
    config: {
      'auto.offset.reset': 'earliest',
      ...(group !== '' ? { 'group.id': group, 'group.protocol': form.protocol } : {}),
      // The KIP-848 protocol takes no client-side assignor (group.remote.assignor is the broker's).
      ...(group !== '' && form.protocol === 'classic' && form.assignor !== '' ? { 'partition.assignment.strategy': [form.assignor] } : {}),
    },
    ...(group !== '' ? { commit: form.commit } : {}),
  };
  return { errors, action: { type: 'add-consumer', consumer: spec } };
}

/** Reconfigure fields: '' keeps the client's current value. */
export interface ReconfigureForm {
  acks: '' | AcksChoice;
  idempotence: '' | 'true' | 'false';
  lingerMs: string;
  batchSize: string;
  assignor: '' | Assignor;
  protocol: '' | 'classic' | 'consumer';
  commit: '' | CommitMode;
  maxPollIntervalMs: string;
  sessionTimeoutMs: string;
}

export const EMPTY_RECONFIGURE_FORM: ReconfigureForm = {
  acks: '',
  idempotence: '',
  lingerMs: '',
  batchSize: '',
  assignor: '',
  protocol: '',
  commit: '',
  maxPollIntervalMs: '',
  sessionTimeoutMs: '',
};

type ReconfigureField = keyof ReconfigureForm;

export function validateReconfigureForm(client: string, kind: 'producer' | 'consumer', form: ReconfigureForm): FormResult<ReconfigureField> {
  const errors: Partial<Record<ReconfigureField, FieldError>> = {};
  const number = (field: ReconfigureField, min: number): number | undefined => {
    const text = String(form[field]).trim();
    if (text === '') return undefined;
    const value = parseInteger(text);
    if (value === null) errors[field] = 'notInteger';
    else if (value < min) errors[field] = min === 0 ? 'lingerMin' : 'timeoutMin';
    return value ?? undefined;
  };
  if (kind === 'producer') {
    const linger = number('lingerMs', 0);
    const batch = number('batchSize', 0);
    if (form.idempotence === 'true' && form.acks !== '' && form.acks !== 'all') errors.idempotence = 'idempotenceNeedsAcksAll';
    const config = {
      ...(form.acks !== '' ? { acks: form.acks === 'all' ? ('all' as const) : form.acks === '1' ? (1 as const) : (0 as const) } : {}),
      ...(form.idempotence !== '' ? { 'enable.idempotence': form.idempotence === 'true' } : {}),
      ...(linger !== undefined ? { 'linger.ms': linger } : {}),
      ...(batch !== undefined ? { 'batch.size': batch } : {}),
    };
    if (Object.keys(errors).length > 0) return { errors, action: null };
    if (Object.keys(config).length === 0) return { errors: { acks: 'nothingChanged' }, action: null };
    return { errors, action: { type: 'reconfigure-client', client, producerConfig: config } };
  }
  const maxPoll = number('maxPollIntervalMs', 1);
  const session = number('sessionTimeoutMs', 1);
  const config = {
    ...(form.assignor !== '' ? { 'partition.assignment.strategy': [form.assignor] } : {}),
    ...(form.protocol !== '' ? { 'group.protocol': form.protocol } : {}),
    ...(maxPoll !== undefined ? { 'max.poll.interval.ms': maxPoll } : {}),
    ...(session !== undefined ? { 'session.timeout.ms': session } : {}),
  };
  if (Object.keys(errors).length > 0) return { errors, action: null };
  if (Object.keys(config).length === 0 && form.commit === '') return { errors: { assignor: 'nothingChanged' }, action: null };
  return {
    errors,
    action: {
      type: 'reconfigure-client',
      client,
      ...(Object.keys(config).length > 0 ? { consumerConfig: config } : {}),
      ...(form.commit !== '' ? { commit: form.commit } : {}),
    },
  };
}
