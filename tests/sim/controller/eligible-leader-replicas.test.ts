// Eligible leader replicas (KIP-966 part 1) in the KRaft controller's decisions: with
// eligible.leader.replicas.enable, replicas that leave an ISR below min.insync.replicas join the
// ELR; the election order is ISR, then an unfenced ELR member, then the last known leader; an
// unclean shutdown takes a broker out of the ELR. Off (Kafka 4.0's default), nothing changes.
import { describe, expect, it } from 'vitest';
import { MetadataImage } from '../../../sim/controller/metadata-image.ts';
import * as control from '../../../sim/controller/replication-control.ts';
import { resolveTopicConfig } from '../../../sim/config/topic-config.ts';
import { resolveBrokerConfig } from '../../../sim/config/broker-config.ts';
import { createRandom } from '../../../sim/kernel/index.ts';
import { simulate } from './harness.ts';

function cluster(elrEnabled: boolean, uncleanLeaderElection = false) {
  const defaults = resolveBrokerConfig({}).topicDefaults;
  const image = new MetadataImage(defaults);
  image.eligibleLeaderReplicasEnabled = elrEnabled;
  let offset = 0;
  const writer: control.MetadataWriter = {
    image,
    get nextOffset() {
      return offset;
    },
    write(records) {
      for (const record of records) image.replay(record, offset++);
    },
  };
  for (const brokerId of [0, 1, 2]) control.registerBroker(writer, brokerId, 1);
  for (const brokerId of [0, 1, 2]) control.unfenceBroker(writer, brokerId);
  const config = resolveTopicConfig(defaults, { 'min.insync.replicas': 2, 'unclean.leader.election.enable': uncleanLeaderElection });
  const created = control.createTopic(writer, 't', 1, 3, config, createRandom(1), { assignment: [[0, 1, 2]] });
  if (!created.ok) throw new Error(created.message);
  const partition = () => image.partition('t', 0)!;
  /** A new process of the broker registers: cleanly (with its last epoch) or not (null). */
  const reregister = (brokerId: number, clean: boolean) => {
    const previous = image.brokers.get(brokerId)!;
    control.registerBroker(writer, brokerId, previous.incarnationId + 1, clean ? previous.brokerEpoch : null);
  };
  return { image, writer, partition, reregister };
}

describe('eligible leader replicas (KIP-966)', () => {
  it('off by default: the last ISR member stays in the ISR without a leader, and there is no ELR', () => {
    expect(resolveBrokerConfig({}).eligibleLeaderReplicasEnable).toBe(false);
    const { writer, partition } = cluster(false);
    for (const b of [2, 1, 0]) control.fenceBroker(writer, b);
    expect(partition()).toMatchObject({ leader: -1, isr: [0], elr: [], lastKnownElr: [] });
  });

  it('when the ISR shrinks below min.insync.replicas, the replicas that leave it join the ELR', () => {
    const { writer, partition } = cluster(true);
    control.fenceBroker(writer, 2);
    // ISR [0, 1] is still min.insync.replicas = 2: no ELR.
    expect(partition()).toMatchObject({ leader: 0, isr: [0, 1], elr: [] });
    control.fenceBroker(writer, 1);
    expect(partition()).toMatchObject({ leader: 0, isr: [0], elr: [1] });
    // The last ISR member leaves too: the ISR may be empty now, the last leader is remembered.
    control.fenceBroker(writer, 0);
    expect(partition()).toMatchObject({ leader: -1, isr: [], elr: [0, 1], lastKnownElr: [0] });
  });

  it('an AlterPartition that shrinks the ISR below min.insync.replicas fills the ELR, and one that grows it back empties it', () => {
    const { writer, partition } = cluster(true);
    const alter = (newIsr: number[]) =>
      control.alterPartition(writer, { api: 'AlterPartition', brokerId: 0, topics: [{ topicName: 't', partitions: [{ partitionIndex: 0, leaderEpoch: partition().leaderEpoch, partitionEpoch: partition().partitionEpoch, newIsr }] }] } as never);
    alter([0]);
    expect(partition()).toMatchObject({ isr: [0], elr: [1, 2] });
    alter([0, 1]);
    expect(partition()).toMatchObject({ isr: [0, 1], elr: [] });
  });

  it('elects an unfenced ELR member when no ISR member can lead; it becomes the ISR', () => {
    const { writer, partition, reregister } = cluster(true);
    for (const b of [2, 1, 0]) control.fenceBroker(writer, b);
    reregister(1, true);
    control.unfenceBroker(writer, 1);
    expect(partition()).toMatchObject({ leader: 1, isr: [1], elr: [0], lastKnownElr: [] });
  });

  it('prefers an ISR member to an ELR member', () => {
    const { writer, partition } = cluster(true);
    control.fenceBroker(writer, 1);
    control.fenceBroker(writer, 2);
    // ISR [0], ELR [1, 2]: broker 0 keeps leading; 1 and 2 coming back do not take over.
    control.unfenceBroker(writer, 1);
    expect(partition()).toMatchObject({ leader: 0, isr: [0] });
  });

  it('an unclean shutdown takes the broker out of the ELR; a clean one keeps it', () => {
    const { writer, partition, reregister } = cluster(true);
    for (const b of [2, 1, 0]) control.fenceBroker(writer, b);
    expect(partition().elr).toEqual([0, 1]);
    reregister(0, false);
    expect(partition()).toMatchObject({ leader: -1, isr: [], elr: [1] });
    reregister(1, true);
    expect(partition()).toMatchObject({ elr: [1] });
  });

  it('with the ISR and the ELR empty, elects the last known leader once it is back', () => {
    const { writer, partition, reregister } = cluster(true);
    for (const b of [2, 1, 0]) control.fenceBroker(writer, b);
    reregister(1, false);
    reregister(0, false);
    expect(partition()).toMatchObject({ leader: -1, isr: [], elr: [], lastKnownElr: [0] });
    // Broker 2 (never in the ELR) comes back: it may not lead.
    control.unfenceBroker(writer, 2);
    expect(partition().leader).toBe(-1);
    control.unfenceBroker(writer, 0);
    expect(partition()).toMatchObject({ leader: 0, isr: [0], elr: [], lastKnownElr: [] });
  });

  it('the engine shows elr and lastKnownElr in the partition snapshot', () => {
    const { sim, runUntil, apply, partition, noViolations } = simulate({
      seed: 3,
      cluster: { brokers: 3, config: { 'eligible.leader.replicas.enable': true } },
      topics: [{ name: 't', partitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': 2 } }],
    }, { allowEmptyIsr: true });
    runUntil(1_000);
    const replicas = partition().replicas;
    apply({ type: 'crash-broker', broker: replicas[2]! });
    runUntil(15_000);
    // Fenced while the ISR kept min.insync.replicas: not eligible.
    expect(partition()).toMatchObject({ isr: [replicas[0], replicas[1]], elr: [] });
    apply({ type: 'crash-broker', broker: replicas[1]! });
    runUntil(30_000);
    expect(partition()).toMatchObject({ leader: replicas[0], isr: [replicas[0]], elr: [replicas[1]], lastKnownElr: [] });
    apply({ type: 'crash-broker', broker: replicas[0]! });
    runUntil(45_000);
    expect(sim.snapshot().topics[0]!.partitions[0]).toMatchObject({ leader: -1, isr: [], elr: [replicas[0], replicas[1]], lastKnownElr: [replicas[0]] });
    noViolations();
  });
});
