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
export { runServerAssignor, serverRangeAssign, uniformAssign } from './server/run.ts';
export type {
  ServerAssignment,
  ServerAssignorInput,
  ServerAssignorMember,
  ServerAssignorName,
  ServerAssignorOptions,
} from './server/types.ts';
export { SERVER_ASSIGNOR_NAMES } from './server/types.ts';
