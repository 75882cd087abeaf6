// enable.idempotence as ProducerConfig.postProcessAndValidateIdempotenceConfigs decides it (Kafka 4.0):
// on by default; set explicitly, a conflicting acks, retries or max.in.flight is a config error;
// left at its default, acks≠all or retries=0 turn it off silently (KAFKA-13673), and
// max.in.flight.requests.per.connection > 5 is an error anyway (KAFKA-17927).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim/index.ts';
import { resolveProducerConfig, type ProducerConfigInput } from '../../../sim/config/producer-config.ts';

function parse(config: Record<string, unknown>) {
  return parseScenario({ seed: 1, cluster: { brokers: 1 }, topics: [{ name: 't', partitions: 1 }], producers: [{ id: 'p', topic: 't', config }] });
}

function errorsOf(config: Record<string, unknown>): { path: string; message: string }[] {
  const result = parse(config);
  return result.ok ? [] : result.errors;
}

function idempotent(config: ProducerConfigInput): boolean {
  const result = parse(config);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return resolveProducerConfig(result.scenario.producers[0]!.config ?? {}).enableIdempotence;
}

describe('enable.idempotence', () => {
  it('is true by default, with acks=all, retries > 0 and at most 5 requests in flight', () => {
    expect(idempotent({})).toBe(true);
    expect(idempotent({ acks: 'all', 'max.in.flight.requests.per.connection': 5, retries: 3 })).toBe(true);
    expect(idempotent({ acks: -1 })).toBe(true);
  });

  it('set to true, refuses acks other than all with an error on acks', () => {
    for (const acks of [0, 1, '1'] as const) {
      const errors = errorsOf({ 'enable.idempotence': true, acks });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe('producers.0.config.acks');
      expect(errors[0]!.message).toContain('Must set acks to all');
    }
  });

  it('set to true, refuses retries=0 and max.in.flight.requests.per.connection > 5, each on its field', () => {
    expect(errorsOf({ 'enable.idempotence': true, retries: 0 })).toEqual([
      { path: 'producers.0.config.retries', message: expect.stringContaining('Must set retries to non-zero') },
    ]);
    expect(errorsOf({ 'enable.idempotence': true, 'max.in.flight.requests.per.connection': 6 })).toEqual([
      { path: 'producers.0.config.max.in.flight.requests.per.connection', message: expect.stringContaining('must be set to at most 5. Current value is 6') },
    ]);
  });

  it('left unset, is turned off without an error by acks other than all or by retries=0', () => {
    expect(idempotent({ acks: 1 })).toBe(false);
    expect(idempotent({ acks: 0 })).toBe(false);
    expect(idempotent({ retries: 0 })).toBe(false);
  });

  it('left unset, still refuses max.in.flight.requests.per.connection > 5 (Kafka 4.0)', () => {
    expect(errorsOf({ 'max.in.flight.requests.per.connection': 10 }).map((e) => e.path)).toEqual(['producers.0.config.max.in.flight.requests.per.connection']);
  });

  it('set to false, allows anything', () => {
    expect(idempotent({ 'enable.idempotence': false })).toBe(false);
    expect(idempotent({ 'enable.idempotence': false, acks: 1, retries: 0, 'max.in.flight.requests.per.connection': 10 })).toBe(false);
  });
});
