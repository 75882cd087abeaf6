// The JSON scenario format: seed, cluster, topics, clients with their workloads, and a timed
// schedule of actions. Validated with zod so that every error names the field that is wrong.
import { z } from 'zod';
import { brokerConfigSchema } from '../config/broker-config.ts';
import { topicConfigSchema } from '../config/topic-config.ts';
import { producerConfigSchema } from '../config/producer-config.ts';
import { consumerConfigSchema } from '../config/consumer-config.ts';

/** Legal topic names (Kafka's Topic.validate): ASCII alphanumerics, '.', '_', '-', at most 249 chars. */
export const topicNameSchema = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name may only hold ASCII letters, digits, ".", "_" and "-"')
  .refine((name) => name !== '.' && name !== '..', 'a topic name cannot be "." or ".."');

const clientIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a client id may only hold ASCII letters, digits, ".", "_" and "-"');

/** A node of the simulated network, as the snapshot names it. */
const nodeIdSchema = z
  .string()
  .regex(/^(broker-\d+|controller-\d+|producer-[a-zA-Z0-9._-]+|consumer-[a-zA-Z0-9._-]+)$/, 'a node is named like "broker-0", "controller-100", "producer-p1" or "consumer-c1"');

/** node.id of the first controller (controller-100); the others follow (see simulation.ts). */
const CONTROLLER_ID_BASE = 100;

const headerSchema = z.strictObject({ key: z.string(), value: z.string().nullable() });

export const topicSchema = z.strictObject({
  name: topicNameSchema,
  partitions: z.number().int().min(1).max(1000),
  replicationFactor: z.number().int().min(1).max(32).optional(),
  configs: topicConfigSchema.optional(),
});
export type TopicSpec = z.infer<typeof topicSchema>;

/** How a producer's workload picks record keys. */
export const keyChoiceSchema = z.discriminatedUnion('kind', [
  /** No key: the built-in sticky partitioner spreads batches (KIP-794). */
  z.strictObject({ kind: z.literal('none') }),
  /** Always the same key. */
  z.strictObject({ kind: z.literal('fixed'), key: z.string() }),
  /** prefix + (n mod cardinality), n = 0, 1, 2, ... */
  z.strictObject({ kind: z.literal('sequence'), prefix: z.string(), cardinality: z.number().int().min(1) }),
  /** prefix + a uniformly random number below cardinality, drawn from the producer's stream. */
  z.strictObject({ kind: z.literal('random'), prefix: z.string(), cardinality: z.number().int().min(1) }),
]);
export type KeyChoice = z.infer<typeof keyChoiceSchema>;

export const workloadSchema = z.strictObject({
  /** Records per second of virtual time. */
  ratePerSec: z.number().positive().max(10_000_000),
  /** Stop after this many records; absent = keep going. */
  count: z.number().int().min(0).optional(),
  keys: keyChoiceSchema.optional(),
  valueSizeBytes: z.number().int().min(0).max(10 * 1024 * 1024).optional(),
  startMs: z.number().min(0).optional(),
});
export type Workload = z.infer<typeof workloadSchema>;

export const producerSchema = z.strictObject({
  id: clientIdSchema,
  topic: topicNameSchema,
  config: producerConfigSchema.optional(),
  workload: workloadSchema.optional(),
});
export type ProducerSpec = z.infer<typeof producerSchema>;

/** The commit modes of a consumer application (see consumerSchema.commit). */
export const commitModeSchema = z.enum(['auto', 'sync-after-processing', 'async-after-processing', 'sync-before-processing', 'none']);

export const consumerSchema = z.strictObject({
  id: clientIdSchema,
  topic: topicNameSchema,
  /** Partitions to assign (consumer.assign); absent = every partition of the topic. */
  partitions: z.array(z.number().int().min(0)).optional(),
  config: consumerConfigSchema.optional(),
  /** Processing-time model of the poll loop. */
  processing: z
    .strictObject({
      perRecordMs: z.number().min(0).optional(),
      perPollMs: z.number().min(0).optional(),
    })
    .optional(),
  startMs: z.number().min(0).optional(),
  /**
   * When the application commits (with a group.id): 'auto' = enable.auto.commit; after processing
   * each poll's records with commitSync or commitAsync (at-least-once); before processing them
   * with commitSync (at-most-once); 'none' = never. Default: 'auto' if enable.auto.commit holds.
   */
  commit: commitModeSchema.optional(),
});
export type ConsumerSpec = z.infer<typeof consumerSchema>;

export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('produce'),
    producer: clientIdSchema,
    key: z.string().nullable().optional(),
    value: z.string().nullable().optional(),
    headers: z.array(headerSchema).optional(),
    partition: z.number().int().min(0).optional(),
  }),
  z.strictObject({ type: z.literal('create-topic'), topic: topicSchema }),
  z.strictObject({ type: z.literal('delete-topic'), name: topicNameSchema }),
  z.strictObject({ type: z.literal('crash-broker'), broker: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('restart-broker'), broker: z.number().int().min(0) }),
  /** A graceful stop: the controller moves the broker's leaderships away first (controlled shutdown). */
  z.strictObject({ type: z.literal('shutdown-broker'), broker: z.number().int().min(0) }),
  /** The machine loses power: the process dies and the disk loses what only the page cache held. */
  z.strictObject({ type: z.literal('power-loss'), broker: z.number().int().min(0) }),
  /** The broker's disk becomes slow: each log append takes latencyMs, one after another (leader and follower appends). */
  z.strictObject({ type: z.literal('slow-disk'), broker: z.number().int().min(0), latencyMs: z.number().min(1).max(60_000) }),
  /** The broker's disk is fast again. */
  z.strictObject({ type: z.literal('heal-disk'), broker: z.number().int().min(0) }),
  /** The controller process (by index, 0 = controller-100) dies; if it was active, the quorum elects another. */
  z.strictObject({ type: z.literal('crash-controller'), controller: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('restart-controller'), controller: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('pause-producer'), producer: clientIdSchema }),
  z.strictObject({ type: z.literal('resume-producer'), producer: clientIdSchema }),
  z.strictObject({ type: z.literal('pause-consumer'), consumer: clientIdSchema }),
  z.strictObject({ type: z.literal('resume-consumer'), consumer: clientIdSchema }),
  /** The client process dies: what it held in memory (queued records, buffered fetches) is gone. */
  z.strictObject({ type: z.literal('crash-client'), client: clientIdSchema }),
  /** A new process of the client starts, with the same configuration and nothing of the old one's memory. */
  z.strictObject({ type: z.literal('restart-client'), client: clientIdSchema }),
  /** The broker can reach nobody and nobody can reach it, though it keeps running. */
  z.strictObject({ type: z.literal('isolate-broker'), broker: z.number().int().min(0) }),
  /** Nothing crosses between the two sides; nodes named by id ("broker-0", "producer-p1", "consumer-c1"). */
  z.strictObject({ type: z.literal('split-network'), sideA: z.array(nodeIdSchema).min(1), sideB: z.array(nodeIdSchema).min(1) }),
  /** Ends every split and isolation, and mends every cut link. */
  z.strictObject({ type: z.literal('heal-network') }),
  z.strictObject({ type: z.literal('cut-link'), a: nodeIdSchema, b: nodeIdSchema }),
  z.strictObject({ type: z.literal('heal-link'), a: nodeIdSchema, b: nodeIdSchema }),
  z.strictObject({
    type: z.literal('slow-link'),
    a: nodeIdSchema,
    b: nodeIdSchema,
    latencyMs: z.number().min(0).max(60_000),
    jitterMs: z.number().min(0).max(60_000).optional(),
  }),
  /** A new producer process joins the scene (a new node; an id of a removed client may be reused). */
  z.strictObject({ type: z.literal('add-producer'), producer: producerSchema }),
  z.strictObject({ type: z.literal('add-consumer'), consumer: consumerSchema }),
  /**
   * close() and the process ends: a producer delivers what it already accepted first; a consumer
   * commits what it owns (per its commit mode) and leaves its group (LeaveGroup).
   */
  z.strictObject({ type: z.literal('remove-client'), client: clientIdSchema }),
  /**
   * Clients cannot change their configuration while running: the client is closed as by
   * remove-client and a new process with the same id starts with the changed configuration.
   */
  z.strictObject({
    type: z.literal('reconfigure-client'),
    client: clientIdSchema,
    producerConfig: producerConfigSchema.optional(),
    consumerConfig: consumerConfigSchema.optional(),
    commit: commitModeSchema.optional(),
  }),
  /** A new broker machine with the next free node.id: it registers (fenced), catches up and is unfenced; it holds no replicas until topics are created or reassigned. */
  z.strictObject({ type: z.literal('add-broker') }),
  /** Shuts a broker down and unregisters it; refused while it still holds replicas (reassign them first). */
  z.strictObject({ type: z.literal('remove-broker'), broker: z.number().int().min(0) }),
]);
export type Action = z.infer<typeof actionSchema>;

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).max(120).optional(),
    description: z.string().max(2000).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    cluster: z.strictObject({
      /** Up to 12: the large bench scene (scenarios/cena-grande.json) has 12 brokers. */
      brokers: z.number().int().min(1).max(12),
      /** KRaft controllers (the metadata quorum's voters): 1, 3 or 5. */
      controllers: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(1),
      network: z
        .strictObject({ latencyMs: z.number().min(0).max(10_000), jitterMs: z.number().min(0).max(10_000) })
        .optional(),
      config: brokerConfigSchema.optional(),
    }),
    topics: z.array(topicSchema).max(100).default([]),
    producers: z.array(producerSchema).max(50).default([]),
    consumers: z.array(consumerSchema).max(50).default([]),
    schedule: z.array(z.strictObject({ atMs: z.number().min(0), action: actionSchema })).max(10_000).default([]),
  })
  .superRefine((scenario, ctx) => {
    const seen = new Set<string>();
    scenario.topics.forEach((topic, i) => {
      if (seen.has(topic.name)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'name'], message: `topic "${topic.name}" is declared twice` });
      seen.add(topic.name);
      const rf = topic.replicationFactor ?? scenario.cluster.config?.['default.replication.factor'] ?? 1;
      if (rf > scenario.cluster.brokers) {
        ctx.addIssue({
          code: 'custom',
          path: ['topics', i, 'replicationFactor'],
          message: `replication factor ${rf} is larger than the ${scenario.cluster.brokers} broker(s) of the cluster`,
        });
      }
    });
    const ids = new Set<string>();
    [...scenario.producers.map((p, i) => ['producers', i, p.id] as const), ...scenario.consumers.map((c, i) => ['consumers', i, c.id] as const)].forEach(
      ([list, i, id]) => {
        if (ids.has(id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `client id "${id}" is used twice` });
        ids.add(id);
      },
    );
    scenario.consumers.forEach((consumer, i) => {
      const config = consumer.config ?? {};
      if (consumer.commit !== undefined && consumer.commit !== 'none' && config['group.id'] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['consumers', i, 'commit'], message: 'commits go to a consumer group: set config "group.id"' });
      }
      if (consumer.commit === 'auto' && config['enable.auto.commit'] === false) {
        ctx.addIssue({ code: 'custom', path: ['consumers', i, 'commit'], message: 'commit "auto" needs enable.auto.commit=true' });
      }
      if (config['group.instance.id'] !== undefined && config['group.id'] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['consumers', i, 'config', 'group.instance.id'], message: 'group.instance.id needs a group.id' });
      }
    });
    // Clients and brokers the schedule itself adds count as known (their actions come later in time or not at all).
    const scheduledProducers = scenario.schedule.flatMap((e) => (e.action.type === 'add-producer' ? [e.action.producer.id] : []));
    const scheduledConsumers = scenario.schedule.flatMap((e) => (e.action.type === 'add-consumer' ? [e.action.consumer.id] : []));
    const brokerCount = scenario.cluster.brokers + scenario.schedule.filter((e) => e.action.type === 'add-broker').length;
    for (const id of [...scheduledProducers, ...scheduledConsumers]) ids.add(id);
    const knownNode = (id: string) => {
      const broker = /^broker-(\d+)$/.exec(id);
      if (broker) return Number(broker[1]) < brokerCount;
      const controller = /^controller-(\d+)$/.exec(id);
      if (controller) return Number(controller[1]) >= CONTROLLER_ID_BASE && Number(controller[1]) < CONTROLLER_ID_BASE + scenario.cluster.controllers;
      if (id.startsWith('producer-')) return scenario.producers.some((p) => `producer-${p.id}` === id) || scheduledProducers.some((p) => `producer-${p}` === id);
      return scenario.consumers.some((c) => `consumer-${c.id}` === id) || scheduledConsumers.some((c) => `consumer-${c}` === id);
    };
    scenario.schedule.forEach((entry, i) => {
      const a = entry.action;
      const nodes = a.type === 'split-network' ? [...a.sideA, ...a.sideB] : a.type === 'cut-link' || a.type === 'heal-link' || a.type === 'slow-link' ? [a.a, a.b] : [];
      const unknownNode = nodes.find((id) => !knownNode(id));
      if (unknownNode !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['schedule', i, 'action'], message: `no node "${unknownNode}" in the scenario` });
        return;
      }
      const missing =
        (a.type === 'produce' || a.type === 'pause-producer' || a.type === 'resume-producer') && !scenario.producers.some((p) => p.id === a.producer) && !scheduledProducers.includes(a.producer)
          ? `no producer "${a.producer}" in the scenario`
          : (a.type === 'pause-consumer' || a.type === 'resume-consumer') && !scenario.consumers.some((c) => c.id === a.consumer) && !scheduledConsumers.includes(a.consumer)
            ? `no consumer "${a.consumer}" in the scenario`
            : (a.type === 'crash-client' || a.type === 'restart-client' || a.type === 'remove-client' || a.type === 'reconfigure-client') && !ids.has(a.client)
              ? `no client "${a.client}" in the scenario`
            : (a.type === 'crash-broker' || a.type === 'restart-broker' || a.type === 'shutdown-broker' || a.type === 'power-loss' || a.type === 'isolate-broker' || a.type === 'slow-disk' || a.type === 'heal-disk' || a.type === 'remove-broker') && a.broker >= brokerCount
              ? `no broker ${a.broker} (brokers are numbered 0 to ${brokerCount - 1})`
              : (a.type === 'crash-controller' || a.type === 'restart-controller') && a.controller >= scenario.cluster.controllers
                ? `no controller ${a.controller} (controllers are numbered 0 to ${scenario.cluster.controllers - 1})`
                : null;
      if (missing) ctx.addIssue({ code: 'custom', path: ['schedule', i, 'action'], message: missing });
    });
  });
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
