import { describe, expect, it } from 'vitest';
import type { BrokerSnapshot, ConsumerSnapshot, ProducerSnapshot } from '../../../sim/snapshot.ts';
import { brokerTools, consumerTools, producerTools, splitAction } from '../../../src/ui/tools/availability.ts';
import { firstSentence, libraryEntries } from '../../../src/ui/tools/scenario-library.ts';

const broker = (changes: Partial<BrokerSnapshot>): BrokerSnapshot => ({ id: 0, node: 'broker-0', status: 'up', leaderOf: 1, replicaCount: 3, ...changes }) as BrokerSnapshot;

describe('which failure tools make sense', () => {
  it('a running broker can crash, stop, lose power and be isolated, not restart', () => {
    expect(brokerTools(broker({}))).toEqual({
      'crash-broker': null,
      'restart-broker': 'brokerRunning',
      'shutdown-broker': null,
      'power-loss': null,
      'isolate-broker': null,
      'slow-disk': null,
      'heal-disk': 'diskNotSlow',
    });
  });
  it('a stopped broker can only restart (and have its disk slowed or healed)', () => {
    const tools = brokerTools(broker({ status: 'down', diskLatencyMs: 300 }));
    expect(tools['restart-broker']).toBeNull();
    expect(tools['crash-broker']).toBe('brokerDown');
    expect(tools['heal-disk']).toBeNull();
    expect(brokerTools(broker({ state: 'pending-controlled-shutdown' }))['shutdown-broker']).toBe('brokerShuttingDown');
  });
  it('clients: pause only when running and not paused, resume only when paused', () => {
    const producer = { status: 'running', paused: false } as ProducerSnapshot;
    expect(producerTools(producer)['resume-producer']).toBe('clientNotPaused');
    expect(producerTools({ ...producer, paused: true })['pause-producer']).toBe('clientPaused');
    expect(producerTools({ ...producer, status: 'crashed' })['restart-client']).toBeNull();
    const consumer = { status: 'paused' } as ConsumerSnapshot;
    expect(consumerTools(consumer)['resume-consumer']).toBeNull();
    expect(consumerTools(consumer)['pause-consumer']).toBe('clientPaused');
  });
  it('a split needs a node on each side', () => {
    expect(splitAction({ 'broker-0': 'A', 'broker-1': 'out' })).toBe('emptySide');
    expect(splitAction({ 'broker-1': 'B', 'broker-0': 'A', 'broker-2': 'B' })).toEqual({ type: 'split-network', sideA: ['broker-0'], sideB: ['broker-1', 'broker-2'] });
  });
});

describe('scenario library', () => {
  it('takes the first sentence of a description, keeping "acks=1" and "3.0"', () => {
    expect(firstSentence('RF=3, acks=1. O leader cai.')).toBe('RF=3, acks=1.');
    expect(firstSentence('Desde o Kafka 3.0 é o padrão. Mais texto.')).toBe('Desde o Kafka 3.0 é o padrão.');
    expect(firstSentence('Sem ponto final')).toBe('Sem ponto final');
  });
  it('puts "primeiro-cluster" first and the rest by title', () => {
    const entries = libraryEntries({ '../../scenarios/b.json': { name: 'Zeta' }, '../../scenarios/primeiro-cluster.json': { name: 'Primeiro' }, '../../scenarios/a.json': { name: 'Alfa', description: 'Uma. Duas.' } });
    expect(entries.map((e) => e.title)).toEqual(['Primeiro', 'Alfa', 'Zeta']);
    expect(entries[1]!.summary).toBe('Uma.');
  });
});
