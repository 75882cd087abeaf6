// The compact picker's options: everything that can be inspected, grouped by kind, named by the
// engine's ids. Used until (and besides) clicking in the cluster view.
import type { FrameSnapshot } from '../../../sim/snapshot.ts';
import type { Selection } from '../../ui/selection.ts';

export type PickerGroup = 'brokers' | 'controllers' | 'partitions' | 'producers' | 'consumers' | 'groups' | 'links';

export interface PickerOption {
  group: PickerGroup;
  selection: Selection;
  /** The option's value: the selection as JSON (sameSelection compares the same way). */
  value: string;
}

export function selectionValue(selection: Selection): string {
  return JSON.stringify(selection);
}

/** What the options depend on: they change only when it does (not with offsets, lags and states). */
export function pickerKey(snapshot: FrameSnapshot): string {
  return JSON.stringify([
    snapshot.brokers.map((b) => b.node),
    (snapshot.controllers ?? []).map((c) => [c.id, c.node, c.active]),
    snapshot.topics.map((t) => [t.name, t.internal, t.partitions.length]),
    snapshot.groups.map((g) => [g.groupId, g.offsetsPartition]),
    snapshot.producers.map((p) => p.id),
    snapshot.consumers.map((c) => c.id),
  ]);
}

export function pickerOptions(snapshot: FrameSnapshot): PickerOption[] {
  const options: PickerOption[] = [];
  const add = (group: PickerGroup, selection: Selection): void => {
    options.push({ group, selection, value: selectionValue(selection) });
  };
  for (const b of snapshot.brokers) add('brokers', { kind: 'broker', broker: b.id });
  for (const c of snapshot.controllers ?? []) add('controllers', { kind: 'controller', controller: c.id });
  for (const topic of snapshot.topics) {
    // __consumer_offsets has 50 partitions: only the ones holding a group are worth listing.
    const holding = new Set(snapshot.groups.map((g) => g.offsetsPartition));
    for (const p of topic.partitions) {
      if (topic.internal && !holding.has(p.partition)) continue;
      add('partitions', { kind: 'partition', topic: topic.name, partition: p.partition });
    }
  }
  for (const p of snapshot.producers) add('producers', { kind: 'producer', producer: p.id });
  for (const c of snapshot.consumers) add('consumers', { kind: 'consumer', consumer: c.id });
  for (const g of snapshot.groups) add('groups', { kind: 'group', group: g.groupId });
  const brokers = snapshot.brokers.map((b) => b.node);
  for (let i = 0; i < brokers.length; i++) {
    for (let j = i + 1; j < brokers.length; j++) add('links', { kind: 'link', a: brokers[i]!, b: brokers[j]! });
  }
  const active = (snapshot.controllers ?? []).find((c) => c.active);
  if (active) for (const b of brokers) add('links', { kind: 'link', a: active.node, b });
  for (const p of snapshot.producers) for (const b of brokers) add('links', { kind: 'link', a: `producer-${p.id}`, b });
  for (const c of snapshot.consumers) for (const b of brokers) add('links', { kind: 'link', a: `consumer-${c.id}`, b });
  return options;
}
