// The create-topic form as pure data: what the person typed (strings) in, the field errors or the
// action out. Kafka's rules (Topic.validate, CreateTopics) checked in place, before the engine.
import type { Action } from '../../../sim/scenario/schema.ts';
import type { FieldError } from '../../i18n/messages/tools.ts';

export interface TopicForm {
  name: string;
  partitions: string;
  replicationFactor: string;
  retentionMs: string;
  segmentMs: string;
  segmentBytes: string;
  minIsr: string;
  cleanupPolicy: '' | 'delete' | 'compact';
  uncleanLeaderElection: boolean;
}

export type TopicField = Exclude<keyof TopicForm, 'cleanupPolicy' | 'uncleanLeaderElection'>;

export const EMPTY_TOPIC_FORM: TopicForm = {
  name: '',
  partitions: '3',
  replicationFactor: '3',
  retentionMs: '',
  segmentMs: '',
  segmentBytes: '',
  minIsr: '',
  cleanupPolicy: '',
  uncleanLeaderElection: false,
};

/** Topic.MAX_NAME_LENGTH */
export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;
/** The engine's limit on partitions per topic (sim/scenario/schema.ts). */
export const MAX_PARTITIONS = 1000;
/** Kafka 4.0's minimum segment.bytes (KIP-1030). */
export const MIN_SEGMENT_BYTES = 1024 * 1024;

export function topicNameError(name: string, existing: readonly string[]): FieldError | null {
  if (name === '') return 'required';
  if (name === '.' || name === '..') return 'topicNameDots';
  if (name.length > MAX_TOPIC_NAME_LENGTH) return 'topicNameLength';
  if (!LEGAL_TOPIC_CHARS.test(name)) return 'topicNameChars';
  if (existing.includes(name)) return 'topicExists';
  return null;
}

/** A whole number typed in a field; null when the text is not one. */
export function parseInteger(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

export interface TopicFormResult {
  errors: Partial<Record<TopicField, FieldError>>;
  action: Extract<Action, { type: 'create-topic' }> | null;
}

/**
 * Checks the form against Kafka's rules and the cluster as it is: `usableBrokers` are the brokers
 * up and unfenced (placement uses only those; more replicas than that is INVALID_REPLICATION_FACTOR).
 */
export function validateTopicForm(form: TopicForm, context: { existingTopics: readonly string[]; usableBrokers: number }): TopicFormResult {
  const errors: Partial<Record<TopicField, FieldError>> = {};
  const name = form.name.trim();
  const nameError = topicNameError(name, context.existingTopics);
  if (nameError) errors.name = nameError;

  const partitions = parseInteger(form.partitions);
  if (form.partitions.trim() === '') errors.partitions = 'required';
  else if (partitions === null) errors.partitions = 'notInteger';
  else if (partitions < 1) errors.partitions = 'partitionsMin';
  else if (partitions > MAX_PARTITIONS) errors.partitions = 'partitionsMax';

  const replication = parseInteger(form.replicationFactor);
  if (form.replicationFactor.trim() === '') errors.replicationFactor = 'required';
  else if (replication === null) errors.replicationFactor = 'notInteger';
  else if (replication < 1) errors.replicationFactor = 'replicationMin';
  else if (replication > context.usableBrokers) errors.replicationFactor = 'replicationAboveBrokers';

  const optional = (field: TopicField, check: (value: number) => FieldError | null): number | undefined => {
    const text = form[field].trim();
    if (text === '') return undefined;
    const value = parseInteger(text);
    if (value === null) {
      errors[field] = 'notInteger';
      return undefined;
    }
    const problem = check(value);
    if (problem) errors[field] = problem;
    return value;
  };
  const retentionMs = optional('retentionMs', (v) => (v < -1 || v === 0 ? 'retentionMin' : null));
  const segmentMs = optional('segmentMs', (v) => (v < 1 ? 'segmentMsMin' : null));
  const segmentBytes = optional('segmentBytes', (v) => (v < MIN_SEGMENT_BYTES || v > 2 ** 31 - 1 ? 'segmentBytesMin' : null));
  const minIsr = optional('minIsr', (v) => (v < 1 ? 'replicationMin' : replication !== null && v > replication ? 'minIsrAboveReplication' : null));

  if (Object.keys(errors).length > 0 || partitions === null || replication === null) return { errors, action: null };
  const configs = {
    ...(retentionMs !== undefined ? { 'retention.ms': retentionMs } : {}),
    ...(segmentMs !== undefined ? { 'segment.ms': segmentMs } : {}),
    ...(segmentBytes !== undefined ? { 'segment.bytes': segmentBytes } : {}),
    ...(minIsr !== undefined ? { 'min.insync.replicas': minIsr } : {}),
    ...(form.cleanupPolicy !== '' ? { 'cleanup.policy': form.cleanupPolicy } : {}),
    ...(form.uncleanLeaderElection ? { 'unclean.leader.election.enable': true } : {}),
  };
  return {
    errors,
    action: {
      type: 'create-topic',
      topic: { name, partitions, replicationFactor: replication, ...(Object.keys(configs).length > 0 ? { configs } : {}) },
    },
  };
}
