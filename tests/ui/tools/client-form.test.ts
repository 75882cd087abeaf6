import { describe, expect, it } from 'vitest';
import { actionSchema } from '../../../sim/scenario/schema.ts';
import { clientIdError, validateConsumerForm, validateProducerForm, validateReconfigureForm, EMPTY_RECONFIGURE_FORM } from '../../../src/ui/tools/client-form.ts';

const context = { clientIds: ['p1', 'c1'], topics: ['pedidos'] };

describe('client forms', () => {
  it('client ids follow the engine’s rule and must be free', () => {
    expect(clientIdError('c2', context.clientIds)).toBeNull();
    expect(clientIdError('', context.clientIds)).toBe('required');
    expect(clientIdError('c 2', context.clientIds)).toBe('clientIdChars');
    expect(clientIdError('c1', context.clientIds)).toBe('clientIdInUse');
  });

  it('a producer form becomes an add-producer action the engine schema accepts', () => {
    const result = validateProducerForm({ id: 'p2', topic: 'pedidos', acks: '1', idempotence: false, lingerMs: '20', ratePerSec: '5' }, context);
    expect(result.errors).toEqual({});
    expect(result.action).toEqual({ type: 'add-producer', producer: { id: 'p2', topic: 'pedidos', config: { acks: 1, 'enable.idempotence': false, 'linger.ms': 20 }, workload: { ratePerSec: 5 } } });
    expect(actionSchema.safeParse(result.action).success).toBe(true);
  });

  it('refuses idempotence with acks other than all, negative linger and rates out of range', () => {
    const base = { id: 'p2', topic: 'pedidos', acks: '1' as const, idempotence: true, lingerMs: '-1', ratePerSec: '99999' };
    const result = validateProducerForm(base, context);
    expect(result.errors).toEqual({ idempotence: 'idempotenceNeedsAcksAll', lingerMs: 'lingerMin', ratePerSec: 'rateRange' });
    expect(result.action).toBeNull();
  });

  it('a consumer form becomes an add-consumer action; committing needs a group', () => {
    const ok = validateConsumerForm({ id: 'c2', topic: 'pedidos', groupId: 'leitores', assignor: 'cooperative-sticky', commit: 'sync-after-processing', protocol: 'classic' }, context);
    expect(ok.action).toMatchObject({ type: 'add-consumer', consumer: { id: 'c2', commit: 'sync-after-processing', config: { 'group.id': 'leitores', 'partition.assignment.strategy': ['cooperative-sticky'] } } });
    expect(actionSchema.safeParse(ok.action).success).toBe(true);
    const noGroup = validateConsumerForm({ id: 'c2', topic: 'pedidos', groupId: '', assignor: 'range', commit: 'auto', protocol: 'classic' }, context);
    expect(noGroup.errors.commit).toBe('groupRequired');
    expect(validateConsumerForm({ id: 'c2', topic: 'nada', groupId: 'g', assignor: 'range', commit: 'auto', protocol: 'classic' }, context).errors.topic).toBe('topicUnknown');
  });

  it('reconfigure sends only what changed, and refuses an empty change', () => {
    expect(validateReconfigureForm('p1', 'producer', { ...EMPTY_RECONFIGURE_FORM, acks: '1', idempotence: 'false', lingerMs: '50' }).action).toEqual({
      type: 'reconfigure-client',
      client: 'p1',
      producerConfig: { acks: 1, 'enable.idempotence': false, 'linger.ms': 50 },
    });
    expect(validateReconfigureForm('c1', 'consumer', { ...EMPTY_RECONFIGURE_FORM, assignor: 'range', commit: 'none', sessionTimeoutMs: '10000' }).action).toEqual({
      type: 'reconfigure-client',
      client: 'c1',
      consumerConfig: { 'partition.assignment.strategy': ['range'], 'session.timeout.ms': 10000 },
      commit: 'none',
    });
    expect(validateReconfigureForm('p1', 'producer', EMPTY_RECONFIGURE_FORM).errors).toEqual({ acks: 'nothingChanged' });
    expect(validateReconfigureForm('p1', 'producer', { ...EMPTY_RECONFIGURE_FORM, idempotence: 'true', acks: '0' }).errors).toEqual({ idempotence: 'idempotenceNeedsAcksAll' });
    expect(validateReconfigureForm('c1', 'consumer', { ...EMPTY_RECONFIGURE_FORM, maxPollIntervalMs: '0' }).errors).toEqual({ maxPollIntervalMs: 'timeoutMin' });
  });
});
