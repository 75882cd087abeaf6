// The links the view draws as lines: the relationships the snapshot states (a producer writes to
// its topic's leaders, a consumer reads from the leaders of what it owns and talks to its group's
// coordinator, a follower fetches from its leader, brokers report to the active controller, the
// controllers form a Raft quorum). Messages on other pairs still travel, on the same curves.
import type { FrameSnapshot } from '../../../sim/snapshot.ts';
import { linkKey } from './paths.ts';

export type LinkKind = 'client' | 'coordinator' | 'replication' | 'controller' | 'quorum';

export interface Link {
  key: string;
  a: string;
  b: string;
  kind: LinkKind;
}

export function relationshipLinks(snapshot: FrameSnapshot): Link[] {
  const links = new Map<string, Link>();
  const add = (a: string, b: string, kind: LinkKind): void => {
    if (a === b) return;
    const key = linkKey(a, b);
    if (!links.has(key)) links.set(key, { key, a: a < b ? a : b, b: a < b ? b : a, kind });
  };
  const leaders = new Map<string, number>();
  for (const topic of snapshot.topics) {
    for (const p of topic.partitions) {
      leaders.set(`${p.topic}\u0000${p.partition}`, p.leader);
      if (topic.internal || p.leader < 0) continue;
      for (const r of p.replicas) if (r !== p.leader && p.isr.includes(r)) add(`broker-${r}`, `broker-${p.leader}`, 'replication');
    }
  }
  for (const producer of snapshot.producers) {
    if (producer.status === 'crashed') continue;
    const topic = snapshot.topics.find((t) => t.name === producer.topic);
    for (const p of topic?.partitions ?? []) if (p.leader >= 0) add(`producer-${producer.id}`, `broker-${p.leader}`, 'client');
  }
  for (const consumer of snapshot.consumers) {
    if (consumer.status === 'crashed') continue;
    for (const a of consumer.assignment) {
      const leader = leaders.get(`${consumer.topic}\u0000${a.partition}`);
      if (leader !== undefined && leader >= 0) add(`consumer-${consumer.id}`, `broker-${leader}`, 'client');
    }
    if (consumer.groupId !== null && consumer.coordinator >= 0) add(`consumer-${consumer.id}`, `broker-${consumer.coordinator}`, 'coordinator');
  }
  const controllers = snapshot.controllers ?? [];
  const active = controllers.find((c) => c.active && c.status === 'up');
  if (active) for (const b of snapshot.brokers) if (b.status === 'up') add(b.node, active.node, 'controller');
  for (let i = 0; i < controllers.length; i++) {
    for (let j = i + 1; j < controllers.length; j++) add(controllers[i]!.node, controllers[j]!.node, 'quorum');
  }
  return [...links.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
}
