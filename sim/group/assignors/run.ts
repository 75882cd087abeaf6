// The entry points of the client-side assignors: runAssignor for the engine's group leader (static
// members, generations, the partitions that cooperative-sticky withholds) and assign, the public
// thin wrapper over it.
import { AssignorError } from './errors.ts';
import { readGroupSubscription } from './input.ts';
import { assignRange } from './range.ts';
import { assignRoundRobin } from './round-robin.ts';
import { assignSticky } from './sticky.ts';
import type {
  AssignInput,
  AssignMember,
  Assignment,
  AssignorInput,
  AssignorResult,
  AssignorStrategy,
  RunAssignorOptions,
  TopicPartition,
} from './types.ts';
import { ASSIGNOR_STRATEGIES } from './types.ts';

function isStrategy(value: unknown): value is AssignorStrategy {
  return typeof value === 'string' && (ASSIGNOR_STRATEGIES as readonly string[]).includes(value);
}

function toRecord(memberIds: readonly string[], assignment: ReadonlyMap<string, TopicPartition[]>): Assignment {
  return Object.fromEntries(
    memberIds.map((id) => [id, (assignment.get(id) ?? []).map((tp) => ({ topic: tp.topic, partition: tp.partition }))]),
  );
}

/**
 * Runs the Java consumer's assignor `strategy` as the group leader would, on members given in
 * JoinGroup response order. Throws AssignorError on bad input, before computing anything.
 */
export function runAssignor(strategy: AssignorStrategy, input: AssignorInput, options: RunAssignorOptions = {}): AssignorResult {
  if (!isStrategy(strategy)) {
    throw new AssignorError(
      'UNKNOWN_STRATEGY',
      `unknown assignment strategy ${JSON.stringify(strategy)}; expected one of ${ASSIGNOR_STRATEGIES.join(', ')}`,
    );
  }
  if (options.missingTopics !== undefined && options.missingTopics !== 'throw' && options.missingTopics !== 'ignore') {
    throw new AssignorError('INVALID_INPUT', `options.missingTopics must be 'throw' or 'ignore'`);
  }
  const group = readGroupSubscription(input, options);
  switch (strategy) {
    case 'range':
      return { assignment: toRecord(group.memberIds, assignRange(group)), transferring: [] };
    case 'roundrobin':
      return { assignment: toRecord(group.memberIds, assignRoundRobin(group)), transferring: [] };
    case 'sticky':
    case 'cooperative-sticky': {
      const result = assignSticky(group, strategy === 'cooperative-sticky');
      return { assignment: toRecord(group.memberIds, result.assignment), transferring: result.transferring };
    }
  }
}

/**
 * Public API: the assignment `strategy` computes for `input`, every member present. For
 * cooperative-sticky, the assignment of this round: a partition still owned by another member is
 * withheld until that member has revoked it.
 */
export function assign(strategy: AssignorStrategy, input: AssignInput): Assignment {
  // Only the documented fields go through: no instance ids, every generation the default.
  const members: unknown = Array.isArray(input?.members)
    ? input.members.map((m: unknown) => {
        if (typeof m !== 'object' || m === null) return m;
        const { id, topics, owned } = m as AssignMember;
        return { id, topics, owned };
      })
    : input?.members;
  return runAssignor(strategy, { members, partitions: input?.partitions } as AssignorInput).assignment;
}
