// Partition assignors of consumer groups: the Java consumer's client-side assignors (classic
// protocol) and the coordinator's server-side assignors (KIP-848).
export { assign, runAssignor } from './run.ts';
export type {
  AssignInput,
  AssignMember,
  Assignment,
  AssignorInput,
  AssignorMember,
  AssignorResult,
  AssignorStrategy,
  RunAssignorOptions,
  TopicPartition,
  TransferringPartition,
} from './types.ts';
export { ASSIGNOR_STRATEGIES } from './types.ts';
export { AssignorError, ASSIGNOR_LIMITS, type AssignorErrorCode } from './errors.ts';
