// Random fault schedules for the randomized fault test and `npm run soak`: a 3- or 5-broker
// cluster with 1 or 3 KRaft controllers under a steady acks=all load (RF=3, min.insync.replicas=2,
// unclean election off), with faults drawn from one seed. The run ends with every fault healed, so
// the verdict is about safety.
import { createRandom } from '../kernel/index.ts';
import type { Random } from '../kernel/types.ts';
import type { Action, ScenarioInput } from '../scenario/schema.ts';

/** node.id of the first controller (simulation.ts). */
const CONTROLLER_ID_BASE = 100;

export interface FaultScheduleOptions {
  /** Virtual time during which faults happen. */
  faultWindowMs: number;
  /** Quiet time after everything is healed, before the verdict. */
  settleMs: number;
  /** The durable settings by default; weaker ones show that the checker catches real losses. */
  acks?: 'all' | 1;
  minInsyncReplicas?: number;
}

export const DEFAULT_FAULT_SCHEDULE: FaultScheduleOptions = { faultWindowMs: 40_000, settleMs: 25_000 };

const PRODUCER = 'p';
const CONSUMER = 'c';
/** The consumer group's members: they commit after processing (at-least-once). */
export const FAULT_GROUP = 'g';
const GROUP_MEMBERS = ['g1', 'g2'];
/** How long before the end the producer stops, so that the group can catch up before the verdict. */
const PRODUCER_STOPS_BEFORE_END_MS = 15_000;
/** broker.session.timeout.ms (9 s by default) and a second: the longest a controlled shutdown lasts. */
const CONTROLLED_SHUTDOWN_GRACE_MS = 10_000;

export function randomFaultScenario(seed: number, options: FaultScheduleOptions = DEFAULT_FAULT_SCHEDULE): ScenarioInput {
  const random = createRandom(seed).fork('fault-schedule');
  const brokers = random.next() < 0.5 ? 3 : 5;
  const controllers = random.next() < 0.5 ? 1 : 3;
  const schedule = randomFaults(random, brokers, controllers, options.faultWindowMs);
  const endMs = options.faultWindowMs;
  // Heal everything at the end of the window: network, crashed controllers, brokers and clients.
  schedule.push({ atMs: endMs, action: { type: 'heal-network' } });
  for (let c = 0; c < controllers; c++) schedule.push({ atMs: endMs + 1, action: { type: 'restart-controller', controller: c } });
  for (let b = 0; b < brokers; b++) schedule.push({ atMs: endMs + 1, action: { type: 'restart-broker', broker: b } });
  // A controlled shutdown begun in the window may stop its broker up to broker.session.timeout.ms
  // later: those brokers are started again once it is over.
  for (let b = 0; b < brokers; b++) schedule.push({ atMs: endMs + CONTROLLED_SHUTDOWN_GRACE_MS, action: { type: 'restart-broker', broker: b } });
  for (let b = 0; b < brokers; b++) schedule.push({ atMs: endMs + 1, action: { type: 'heal-disk', broker: b } });
  schedule.push({ atMs: endMs + 1, action: { type: 'restart-client', client: PRODUCER } });
  schedule.push({ atMs: endMs + 1, action: { type: 'restart-client', client: CONSUMER } });
  for (const member of GROUP_MEMBERS) schedule.push({ atMs: endMs + 1, action: { type: 'restart-client', client: member } });
  schedule.push({ atMs: endMs + Math.max(1, options.settleMs - PRODUCER_STOPS_BEFORE_END_MS), action: { type: 'pause-producer', producer: PRODUCER } });
  // Half the runs move leaders back to their preferred replicas within the run (default: every 300 s).
  const config = {
    ...(random.next() < 0.5 ? { 'leader.imbalance.check.interval.seconds': 10 } : {}),
    // Fewer __consumer_offsets partitions keep the run fast; the group rules are the same.
    'offsets.topic.num.partitions': 5,
    'group.consumer.heartbeat.interval.ms': 2000,
    'group.consumer.session.timeout.ms': 10_000,
  };
  // The group uses the eager classic protocol, the cooperative one, or KIP-848's, by seed.
  const protocol = random.int(3);
  const groupConfig = {
    'group.id': FAULT_GROUP,
    'auto.offset.reset': 'earliest' as const,
    'session.timeout.ms': 6000,
    'heartbeat.interval.ms': 2000,
    'max.poll.interval.ms': 20_000,
    'max.poll.records': 50,
    // As the producer's: requests stuck behind a fault fail after 5 s, not Kafka's 30 s.
    'request.timeout.ms': 5000,
    'default.api.timeout.ms': 10_000,
    ...(protocol === 0 ? { 'partition.assignment.strategy': ['range' as const] } : protocol === 1 ? { 'partition.assignment.strategy': ['cooperative-sticky' as const] } : { 'group.protocol': 'consumer' as const }),
  };
  if (protocol === 2) {
    delete (groupConfig as Record<string, unknown>)['session.timeout.ms'];
    delete (groupConfig as Record<string, unknown>)['heartbeat.interval.ms'];
  }
  return {
    name: `fault seed ${seed}`,
    seed,
    cluster: { brokers, controllers, network: { latencyMs: 1, jitterMs: 1 }, config },
    topics: [{ name: 'falhas', partitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': options.minInsyncReplicas ?? 2 } }],
    producers: [
      {
        id: PRODUCER,
        topic: 'falhas',
        config: { acks: options.acks ?? 'all', 'linger.ms': 5, 'request.timeout.ms': 5000, 'delivery.timeout.ms': 30_000 },
        workload: { ratePerSec: 50, keys: { kind: 'random', prefix: 'k', cardinality: 50 }, valueSizeBytes: 40 },
      },
    ],
    consumers: [
      { id: CONSUMER, topic: 'falhas', config: { 'auto.offset.reset': 'earliest' } },
      ...GROUP_MEMBERS.map((id) => ({ id, topic: 'falhas', config: groupConfig, commit: 'sync-after-processing' as const, processing: { perRecordMs: 1, perPollMs: 1 } })),
    ],
    schedule: schedule.sort((a, b) => a.atMs - b.atMs),
  };
}

function randomFaults(random: Random, brokers: number, controllers: number, windowMs: number): { atMs: number; action: Action }[] {
  const nodes = [
    ...Array.from({ length: brokers }, (_, b) => `broker-${b}`),
    ...Array.from({ length: controllers }, (_, c) => `controller-${CONTROLLER_ID_BASE + c}`),
    `producer-${PRODUCER}`,
    `consumer-${CONSUMER}`,
    ...GROUP_MEMBERS.map((m) => `consumer-${m}`),
  ];
  const schedule: { atMs: number; action: Action }[] = [];
  const count = 3 + random.int(8);
  for (let i = 0; i < count; i++) {
    const atMs = Math.round(random.range(1000, windowMs - 1000));
    const broker = random.int(brokers);
    const kind = random.int(13);
    let action: Action;
    switch (kind) {
      case 0:
      case 1:
        action = { type: 'crash-broker', broker };
        break;
      case 9:
        action = { type: 'shutdown-broker', broker };
        break;
      case 10:
        action = { type: 'crash-controller', controller: random.int(controllers) };
        break;
      case 11:
        action = { type: 'restart-controller', controller: random.int(controllers) };
        break;
      case 2:
        action = { type: 'restart-broker', broker };
        break;
      case 3:
        action = { type: 'isolate-broker', broker };
        break;
      case 4: {
        const shuffled = shuffle(random, nodes);
        const cut = 1 + random.int(shuffled.length - 1);
        action = { type: 'split-network', sideA: shuffled.slice(0, cut), sideB: shuffled.slice(cut) };
        break;
      }
      case 5:
        action = { type: 'heal-network' };
        break;
      case 6: {
        const other = (broker + 1 + random.int(brokers - 1)) % brokers;
        action = random.next() < 0.5 ? { type: 'cut-link', a: `broker-${broker}`, b: `broker-${other}` } : { type: 'slow-link', a: `broker-${broker}`, b: `broker-${other}`, latencyMs: 50 + random.int(500) };
        break;
      }
      case 12:
        action = { type: 'slow-disk', broker, latencyMs: 20 + random.int(500) };
        break;
      case 7:
        action = { type: 'crash-client', client: random.next() < 0.5 ? PRODUCER : GROUP_MEMBERS[random.int(GROUP_MEMBERS.length)]! };
        break;
      default:
        action = { type: 'restart-client', client: random.next() < 0.5 ? PRODUCER : GROUP_MEMBERS[random.int(GROUP_MEMBERS.length)]! };
        break;
    }
    schedule.push({ atMs, action });
  }
  return schedule;
}

function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
