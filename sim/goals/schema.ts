// The goal vocabulary of lessons: declarative predicates over the engine's snapshot and trace,
// never code to evaluate. Each goal is a small JSON object ("kind" plus its fields), written in a
// lesson's YAML and validated here, so a lesson author gets an error naming the field that is wrong.
// Two families: *event* goals are met once something happens during the step (and stay met);
// *state* goals hold while the cluster is in that state (the step is done when all hold together).
import { z } from 'zod';

const topic = z.string().min(1);
const partition = z.number().int().min(0);
const broker = z.number().int().min(0);
const clientId = z.string().min(1);
const count = z.number().int().min(1);

export const goalSchema = z.discriminatedUnion('kind', [
  // --- event goals ---
  /** Records were acknowledged to a producer (produce-acked), counted one by one. */
  z.strictObject({ kind: z.literal('record-acknowledged'), topic: topic.optional(), partition: partition.optional(), producer: clientId.optional(), count: count.optional() }),
  /** A consumer's application processed records (records-consumed). */
  z.strictObject({ kind: z.literal('records-consumed'), consumer: clientId.optional(), count: count.optional() }),
  /** The partition's leadership moved to another broker, or to none (leader-changed). */
  z.strictObject({ kind: z.literal('leader-changed'), topic, partition: partition.optional() }),
  /** A produce failed with this Kafka error, for good or before a retry (produce-failed, produce-retry). */
  z.strictObject({ kind: z.literal('produce-error'), error: z.string().regex(/^[A-Z_]+$/), producer: clientId.optional() }),
  /** The ISR of a partition lost a member (isr-shrunk) or got one back (isr-expanded). */
  z.strictObject({ kind: z.literal('isr-shrunk'), topic: topic.optional(), partition: partition.optional() }),
  z.strictObject({ kind: z.literal('isr-expanded'), topic: topic.optional(), partition: partition.optional() }),
  /** A replica cut the end of its log (replica-truncated). */
  z.strictObject({ kind: z.literal('replica-truncated'), topic: topic.optional(), broker: broker.optional() }),
  /** A replica outside the ISR became leader (unclean-leader-elected). */
  z.strictObject({ kind: z.literal('unclean-leader-elected'), topic: topic.optional() }),
  /** A segment rolled (segment-rolled) or retention deleted segments (segments-deleted). */
  z.strictObject({ kind: z.literal('segment-rolled'), topic: topic.optional(), partition: partition.optional() }),
  z.strictObject({ kind: z.literal('segments-deleted'), topic: topic.optional(), partition: partition.optional() }),
  /** The controller fenced a broker (broker-fenced). */
  z.strictObject({ kind: z.literal('broker-fenced'), broker: broker.optional() }),
  /** The quorum elected an active controller (controller-elected). */
  z.strictObject({ kind: z.literal('controller-elected') }),
  /** A consumer group started a rebalance, or went back to Stable after one. */
  z.strictObject({ kind: z.literal('rebalance-started'), group: z.string().min(1) }),
  z.strictObject({ kind: z.literal('rebalance-completed'), group: z.string().min(1) }),
  /** A group committed offsets without error (offsets-committed). */
  z.strictObject({ kind: z.literal('offsets-committed'), group: z.string().min(1) }),
  /** The person applied this action (its "type" as in scenarios), optionally naming the broker or client. */
  z.strictObject({ kind: z.literal('action-applied'), action: z.string().min(1), broker: broker.optional(), client: clientId.optional() }),
  /** Virtual time went on for at least this long since the step began. */
  z.strictObject({ kind: z.literal('time-elapsed'), ms: z.number().int().min(1) }),
  // --- state goals ---
  /** The leader's log of the topic (or of one partition) holds a record with this key (null: no key) or value; committed = below the HW. */
  z.strictObject({ kind: z.literal('record-in-log'), topic, partition: partition.optional(), key: z.string().nullable().optional(), value: z.string().optional(), committed: z.boolean().optional() }),
  /** The broker is up (serving), down, or fenced by the controller. */
  z.strictObject({ kind: z.literal('broker-state'), broker, state: z.enum(['up', 'down', 'fenced']) }),
  /** The partition has a leader (optionally this one) or none. */
  z.strictObject({ kind: z.literal('partition-leader'), topic, partition, leader: z.union([broker, z.literal('none')]) .optional(), epochAtLeast: z.number().int().min(0).optional() }),
  /** The ISR of the partition has this many members (exactly, or at most). */
  z.strictObject({ kind: z.literal('isr-size'), topic, partition, size: z.number().int().min(0).optional(), atMost: z.number().int().min(0).optional() }),
  /** The partition's high watermark reached this offset. */
  z.strictObject({ kind: z.literal('high-watermark'), topic, partition, atLeast: z.number().int().min(0) }),
  /** The partition's log start offset moved past this offset (retention deleted what was below). */
  z.strictObject({ kind: z.literal('log-start-offset'), topic, partition, atLeast: z.number().int().min(1) }),
  /** The partition holds at least this many segments (on its leader). */
  z.strictObject({ kind: z.literal('segment-count'), topic, partition, atLeast: count }),
  /** The topic exists, optionally with this many partitions and this replication factor. */
  z.strictObject({ kind: z.literal('topic-exists'), topic, partitions: count.optional(), replicationFactor: count.optional() }),
  /** The group is in this state (Kafka's names: Stable, PreparingRebalance, Empty, ...) with this many members. */
  z.strictObject({ kind: z.literal('group-state'), group: z.string().min(1), state: z.string().min(1).optional(), members: z.number().int().min(0).optional() }),
  /** Every partition the group reads has a lag of at most this many records (0 = caught up). */
  z.strictObject({ kind: z.literal('group-lag'), group: z.string().min(1), atMost: z.number().int().min(0) }),
  /** The consumer owns at least / exactly this many partitions; 0 = it is an idle member. */
  z.strictObject({ kind: z.literal('consumer-partitions'), consumer: clientId, count: z.number().int().min(0) }),
  /** The history checker found acknowledged records that the log no longer holds (with acks=1 or 0 when acks says so). */
  z.strictObject({ kind: z.literal('acknowledged-records-lost'), acks: z.enum(['1', 'all', 'any']).optional() }),
  /** The history checker found this many duplicates (or none with atMost 0). */
  z.strictObject({ kind: z.literal('duplicates'), atLeast: z.number().int().min(0).optional(), atMost: z.number().int().min(0).optional() }),
  /** An active controller exists, optionally not this one (it moved). */
  z.strictObject({ kind: z.literal('active-controller'), not: z.number().int().min(0).optional() }),
]);

export type Goal = z.infer<typeof goalSchema>;
export type GoalKind = Goal['kind'];

/** Goals met once something happens (latched); the others are states checked on every frame. */
export const EVENT_GOAL_KINDS = [
  'record-acknowledged',
  'records-consumed',
  'leader-changed',
  'produce-error',
  'isr-shrunk',
  'isr-expanded',
  'replica-truncated',
  'unclean-leader-elected',
  'segment-rolled',
  'segments-deleted',
  'broker-fenced',
  'controller-elected',
  'rebalance-started',
  'rebalance-completed',
  'offsets-committed',
  'action-applied',
  'time-elapsed',
] as const satisfies readonly GoalKind[];

export function isEventGoal(goal: Goal): boolean {
  return (EVENT_GOAL_KINDS as readonly string[]).includes(goal.kind);
}
