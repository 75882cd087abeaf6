import { describe, expect, it } from 'vitest';
import { EMPTY_TOPIC_FORM, topicNameError, validateTopicForm, type TopicForm } from '../../../src/ui/tools/topic-form.ts';

const form = (changes: Partial<TopicForm>): TopicForm => ({ ...EMPTY_TOPIC_FORM, name: 'pagamentos', ...changes });
const context = { existingTopics: ['pedidos'], usableBrokers: 3 };

describe('topic names follow Kafka (Topic.validate)', () => {
  it('accepts letters, digits, ".", "_" and "-" up to 249 characters', () => {
    expect(topicNameError('a.b_c-D9', [])).toBeNull();
    expect(topicNameError('x'.repeat(249), [])).toBeNull();
  });
  it('refuses empty names, "." and "..", illegal characters, names too long, and names in use', () => {
    expect(topicNameError('', [])).toBe('required');
    expect(topicNameError('.', [])).toBe('topicNameDots');
    expect(topicNameError('..', [])).toBe('topicNameDots');
    expect(topicNameError('pedidos!', [])).toBe('topicNameChars');
    expect(topicNameError('ação', [])).toBe('topicNameChars');
    expect(topicNameError('com espaço', [])).toBe('topicNameChars');
    expect(topicNameError('x'.repeat(250), [])).toBe('topicNameLength');
    expect(topicNameError('pedidos', ['pedidos'])).toBe('topicExists');
  });
});

describe('validateTopicForm', () => {
  it('builds the create-topic action with only the configs filled in', () => {
    const result = validateTopicForm(form({ partitions: '6', replicationFactor: '3', retentionMs: '60000', minIsr: '2', cleanupPolicy: 'compact', uncleanLeaderElection: true }), context);
    expect(result.errors).toEqual({});
    expect(result.action).toEqual({
      type: 'create-topic',
      topic: { name: 'pagamentos', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': 60000, 'min.insync.replicas': 2, 'cleanup.policy': 'compact', 'unclean.leader.election.enable': true } },
    });
  });

  it('no configs at all: no configs field', () => {
    expect(validateTopicForm(form({}), context).action).toEqual({ type: 'create-topic', topic: { name: 'pagamentos', partitions: 3, replicationFactor: 3 } });
  });

  it('refuses zero, negative and non-integer partitions, and more than the engine allows', () => {
    expect(validateTopicForm(form({ partitions: '0' }), context).errors.partitions).toBe('partitionsMin');
    expect(validateTopicForm(form({ partitions: '-3' }), context).errors.partitions).toBe('partitionsMin');
    expect(validateTopicForm(form({ partitions: '2.5' }), context).errors.partitions).toBe('notInteger');
    expect(validateTopicForm(form({ partitions: '' }), context).errors.partitions).toBe('required');
    expect(validateTopicForm(form({ partitions: '1001' }), context).errors.partitions).toBe('partitionsMax');
    expect(validateTopicForm(form({ partitions: '0' }), context).action).toBeNull();
  });

  it('refuses a replication factor above the brokers up and unfenced, or below 1', () => {
    expect(validateTopicForm(form({ replicationFactor: '4' }), context).errors.replicationFactor).toBe('replicationAboveBrokers');
    expect(validateTopicForm(form({ replicationFactor: '3' }), { ...context, usableBrokers: 2 }).errors.replicationFactor).toBe('replicationAboveBrokers');
    expect(validateTopicForm(form({ replicationFactor: '0' }), context).errors.replicationFactor).toBe('replicationMin');
  });

  it('refuses configs Kafka refuses', () => {
    expect(validateTopicForm(form({ segmentBytes: '1000' }), context).errors.segmentBytes).toBe('segmentBytesMin');
    expect(validateTopicForm(form({ segmentMs: '0' }), context).errors.segmentMs).toBe('segmentMsMin');
    expect(validateTopicForm(form({ retentionMs: '-5' }), context).errors.retentionMs).toBe('retentionMin');
    expect(validateTopicForm(form({ retentionMs: '-1' }), context).errors.retentionMs).toBeUndefined();
    expect(validateTopicForm(form({ minIsr: '4', replicationFactor: '3' }), context).errors.minIsr).toBe('minIsrAboveReplication');
    expect(validateTopicForm(form({ retentionMs: 'abc' }), context).errors.retentionMs).toBe('notInteger');
  });
});
