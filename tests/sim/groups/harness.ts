// Helpers for the consumer-group scenario tests: a small cluster with one keyed producer and a
// group of consumers, group configs short enough for tests yet inside Kafka's limits, and readers
// of the trace (who owned which partition when, which member id a client had).
import { expect } from 'vitest';
import type { GroupSnapshot, ScenarioInput, Simulation, TraceEvent } from '../../../sim/index.ts';
import { only, runCollecting, simulate, type Traced } from '../clients/harness.ts';

export { only, runCollecting, simulate, type Traced };

export type ConsumerInput = NonNullable<ScenarioInput['consumers']>[number];
export type ConsumerConfigInput = NonNullable<ConsumerInput['config']>;
export type ScheduleInput = NonNullable<ScenarioInput['schedule']>;

export const TOPIC = 'pedidos';
export const GROUP = 'g';

/**
 * Liveness settings Kafka accepts, short enough for tests: session.timeout.ms at
 * group.min.session.timeout.ms (6000), heartbeat.interval.ms below it, max.poll.interval.ms 10 s
 * (also the rebalance timeout the members send in JoinGroup).
 */
export const FAST_LIVENESS = { 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 1_000, 'max.poll.interval.ms': 10_000 } as const;

/** A classic group member's config: group.id, fast liveness, reading from the start. */
export function memberConfig(extra: ConsumerConfigInput = {}): ConsumerConfigInput {
  return { 'group.id': GROUP, 'auto.offset.reset': 'earliest', ...FAST_LIVENESS, ...extra };
}

export interface GroupScenarioOptions {
  seed: number;
  consumers: ConsumerInput[];
  brokers?: number;
  partitions?: number;
  /** Records per second of the keyed producer; 0 = no producer. */
  ratePerSec?: number;
  /** Records the producer sends in all (absent = it keeps going). */
  count?: number;
  schedule?: ScheduleInput;
  latencyMs?: number;
}

/**
 * One keyed producer on a topic of `partitions` partitions, and the given consumers. With one
 * broker, __consumer_offsets gets replication factor 1 (its default, 3, needs three brokers).
 */
export function groupScenario(o: GroupScenarioOptions): ScenarioInput {
  const brokers = o.brokers ?? 1;
  const rate = o.ratePerSec ?? 20;
  return {
    seed: o.seed,
    cluster: {
      brokers,
      ...(o.latencyMs !== undefined ? { network: { latencyMs: o.latencyMs, jitterMs: 0 } } : {}),
      ...(brokers < 3 ? { config: { 'offsets.topic.replication.factor': brokers } } : {}),
    },
    topics: [{ name: TOPIC, partitions: o.partitions ?? 3, replicationFactor: Math.min(brokers, 3) }],
    producers:
      rate > 0
        ? [
            {
              id: 'p',
              topic: TOPIC,
              config: { acks: -1 },
              workload: { ratePerSec: rate, ...(o.count !== undefined ? { count: o.count } : {}), keys: { kind: 'sequence', prefix: 'cliente-', cardinality: 30 } },
            },
          ]
        : [],
    consumers: o.consumers,
    schedule: o.schedule ?? [],
  };
}

/** Consumers c1..cN of the group, the i-th starting at startsMs[i]. */
export function members(startsMs: number[], spec: Omit<ConsumerInput, 'id' | 'topic' | 'startMs'> = {}): ConsumerInput[] {
  return startsMs.map((startMs, i) => ({ id: `c${i + 1}`, topic: TOPIC, startMs, config: memberConfig(), ...spec }));
}

export function groupOf(sim: Simulation, groupId = GROUP): GroupSnapshot {
  const group = sim.snapshot().groups.find((g) => g.groupId === groupId);
  if (!group) throw new Error(`no group ${groupId} in the snapshot`);
  return group;
}

/** Partition → the members the coordinator assigned it to, and → the members that own it on their side. */
export function ownersByPartition(group: GroupSnapshot): { assigned: Map<number, string[]>; owned: Map<number, string[]> } {
  const assigned = new Map<number, string[]>();
  const owned = new Map<number, string[]>();
  for (const m of group.members) {
    for (const tp of m.assigned) assigned.set(tp.partition, [...(assigned.get(tp.partition) ?? []), m.clientId]);
    for (const tp of m.owned) owned.set(tp.partition, [...(owned.get(tp.partition) ?? []), m.clientId]);
  }
  return { assigned, owned };
}

/** Every partition of the topic assigned to, and owned by, exactly one member; returns partition → client. */
export function expectEachPartitionOwnedOnce(group: GroupSnapshot, partitions: number): Map<number, string> {
  const { assigned, owned } = ownersByPartition(group);
  const owner = new Map<number, string>();
  for (let p = 0; p < partitions; p++) {
    expect(assigned.get(p), `partition ${p} assigned`).toHaveLength(1);
    expect(owned.get(p), `partition ${p} owned`).toEqual(assigned.get(p));
    owner.set(p, assigned.get(p)![0]!);
  }
  expect([...assigned.keys()].sort()).toEqual(Array.from({ length: partitions }, (_, i) => i));
  for (const m of group.members) expect(m.pending, `${m.clientId} waits for nothing`).toEqual([]);
  return owner;
}

/** The member ids each client had, in the order the coordinator first saw them (JoinGroup answers). */
export function memberIdsByClient(events: TraceEvent[]): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const e of only(events, 'group-join-received')) {
    if (e.member === '') continue;
    const list = ids.get(e.client) ?? [];
    if (!list.includes(e.member)) list.push(e.member);
    ids.set(e.client, list);
  }
  for (const e of only(events, 'group-join-answered')) {
    if (e.member === '') continue;
    const client = e.member.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');
    const list = ids.get(client) ?? [];
    if (!list.includes(e.member)) list.push(e.member);
    ids.set(client, list);
  }
  return ids;
}

/**
 * Replays partitions-assigned / -revoked / -lost and client crashes, and checks after every event
 * that no partition is held by two consumers at once. Returns each consumer's final holdings.
 */
export function expectNoDoubleOwnership(events: TraceEvent[]): Map<string, Set<number>> {
  const held = new Map<string, Set<number>>();
  const set = (consumer: string) => held.get(consumer) ?? held.set(consumer, new Set()).get(consumer)!;
  for (const e of events) {
    if (e.type === 'partitions-assigned') {
      const ev = e as unknown as Traced<'partitions-assigned'>;
      for (const tp of ev.partitions) {
        for (const [other, partitions] of held) {
          if (other !== ev.consumer && partitions.has(tp.partition)) {
            throw new Error(`at ${e.timeMs} ms ${ev.consumer} got ${TOPIC}-${tp.partition} while ${other} still held it`);
          }
        }
        set(ev.consumer).add(tp.partition);
      }
    } else if (e.type === 'partitions-revoked' || e.type === 'partitions-lost') {
      const ev = e as unknown as Traced<'partitions-revoked'>;
      for (const tp of ev.partitions) set(ev.consumer).delete(tp.partition);
    } else if (e.type === 'poll-timeout-expired') {
      // The member left its group: it keeps its partitions only until its next poll() runs
      // onPartitionsLost, and reads nothing more of them meanwhile (Kafka's zombie window).
      held.delete((e as unknown as Traced<'poll-timeout-expired'>).consumer);
    } else if (e.type === 'node-down' && String((e as { target?: string }).target).startsWith('consumer-')) {
      held.delete(String((e as { target?: string }).target).slice('consumer-'.length));
    }
  }
  return held;
}

/** The group's state changes on its coordinator, as "from→to". */
export function stateChanges(events: TraceEvent[], groupId = GROUP): string[] {
  return only(events, 'group-state-changed')
    .filter((e) => e.group === groupId)
    .map((e) => `${e.from}→${e.to}`);
}

/** Runs until the consumer's processed count grows (it finished a poll's records), one event at a time. */
export function runUntilProcessed(sim: Simulation, client: string, limitMs: number): void {
  const processed = () => sim.snapshot().consumers.find((c) => c.id === client)!.processed;
  const before = processed();
  while (sim.nowMs() < limitMs) {
    sim.step();
    if (processed() > before) return;
  }
  throw new Error(`${client} processed nothing before ${limitMs} ms`);
}
