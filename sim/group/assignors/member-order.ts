// AbstractPartitionAssignor.MemberInfo.compareTo: static members (with a group.instance.id) come
// first, ordered by instance id; dynamic members follow, ordered by member id; both with Java's
// String.compareTo, so "c10" < "c2". Used by RangeAssignor and RoundRobinAssignor (the sticky
// assignors sort plain member ids instead).
import { compareJavaStrings } from './java-order.ts';

export interface MemberIdentity {
  readonly id: string;
  readonly instanceId?: string | undefined;
}

export function compareMemberInfo(a: MemberIdentity, b: MemberIdentity): number {
  if (a.instanceId !== undefined && b.instanceId !== undefined) return compareJavaStrings(a.instanceId, b.instanceId);
  if (a.instanceId !== undefined) return -1;
  if (b.instanceId !== undefined) return 1;
  return compareJavaStrings(a.id, b.id);
}
