// Entry points of the server-side assignors the coordinator runs for KIP-848 groups: uniform
// (UniformAssignor: the homogeneous builder when every member subscribes to the same topics, the
// heterogeneous one otherwise) and range.
import { AssignorError } from '../errors.ts';
import type { GroupSpec } from './input.ts';
import { readGroupSpec } from './input.ts';
import { buildServerRange } from './range.ts';
import { buildUniformHeterogeneous } from './uniform-heterogeneous.ts';
import type { TargetAssignment } from './uniform-homogeneous.ts';
import { buildUniformHomogeneous } from './uniform-homogeneous.ts';
import type { ServerAssignment, ServerAssignorInput, ServerAssignorName, ServerAssignorOptions } from './types.ts';
import { SERVER_ASSIGNOR_NAMES } from './types.ts';
import { compareTopicPartitions } from '../input.ts';

function toRecord(spec: GroupSpec, target: TargetAssignment): ServerAssignment {
  return Object.fromEntries(
    spec.memberIds.map((id) => {
      const byTopic = target.get(id) ?? new Map<string, number[]>();
      const list = [...byTopic].flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      return [id, list.sort(compareTopicPartitions)];
    }),
  );
}

/** UniformAssignor: balanced and sticky. */
export function uniformAssign(input: ServerAssignorInput, options: ServerAssignorOptions = {}): ServerAssignment {
  const spec = readGroupSpec(input, options);
  if (spec.members.length === 0) return {};
  return toRecord(spec, spec.homogeneous ? buildUniformHomogeneous(spec) : buildUniformHeterogeneous(spec));
}

/** The coordinator's RangeAssignor: co-partitioned ranges, not sticky. */
export function serverRangeAssign(input: ServerAssignorInput, options: ServerAssignorOptions = {}): ServerAssignment {
  const spec = readGroupSpec(input, options);
  if (spec.members.length === 0) return {};
  return toRecord(spec, buildServerRange(spec));
}

/** The assignor named by group.consumer.assignors / group.remote.assignor. */
export function runServerAssignor(
  name: ServerAssignorName,
  input: ServerAssignorInput,
  options: ServerAssignorOptions = {},
): ServerAssignment {
  switch (name) {
    case 'uniform':
      return uniformAssign(input, options);
    case 'range':
      return serverRangeAssign(input, options);
    default:
      throw new AssignorError(
        'UNKNOWN_STRATEGY',
        `unknown server assignor ${JSON.stringify(name)}; expected one of ${SERVER_ASSIGNOR_NAMES.join(', ')}`,
      );
  }
}
