// Messages on the wire: which family each belongs to (for its colour and shape), where it is at a
// given virtual time, and, when there are too many to draw, the flows they add up to.
import type { InFlightSnapshot } from '../../../sim/snapshot.ts';
import { linkKey } from './paths.ts';

export type ApiFamily = 'produce' | 'fetch-consumer' | 'fetch-follower' | 'group' | 'controller' | 'other';

export const API_FAMILIES: readonly ApiFamily[] = ['produce', 'fetch-consumer', 'fetch-follower', 'group', 'controller', 'other'];

const GROUP_APIS = new Set([
  'FindCoordinator',
  'JoinGroup',
  'SyncGroup',
  'Heartbeat',
  'LeaveGroup',
  'OffsetCommit',
  'OffsetFetch',
  'ConsumerGroupHeartbeat',
  'ConsumerGroupDescribe',
]);

export function apiFamily(message: Pick<InFlightSnapshot, 'api' | 'from' | 'to'>): ApiFamily {
  if (message.from.startsWith('controller-') || message.to.startsWith('controller-')) return 'controller';
  if (message.api === 'Produce') return 'produce';
  if (message.api === 'Fetch') {
    return message.from.startsWith('consumer-') || message.to.startsWith('consumer-') ? 'fetch-consumer' : 'fetch-follower';
  }
  if (GROUP_APIS.has(message.api)) return 'group';
  return 'other';
}

/** How far along its link a message is at `nowMs`: 0 when sent, 1 on arrival, clamped. */
export function progress(message: Pick<InFlightSnapshot, 'sentAtMs' | 'arrivesAtMs'>, nowMs: number): number {
  const span = message.arrivesAtMs - message.sentAtMs;
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (nowMs - message.sentAtMs) / span));
}

/** Messages still on the wire at `nowMs` (sent, not yet arrived). */
export function onTheWire(messages: readonly InFlightSnapshot[], nowMs: number): InFlightSnapshot[] {
  return messages.filter((m) => m.sentAtMs <= nowMs && nowMs < m.arrivesAtMs);
}

export interface Flow {
  key: string;
  a: string;
  b: string;
  family: ApiFamily;
  /** Messages going a → b and b → a (a < b). */
  forward: number;
  backward: number;
}

/** One flow per link and family, counting every message: the aggregate of what dots would show. */
export function flows(messages: readonly InFlightSnapshot[]): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const m of messages) {
    const family = apiFamily(m);
    const link = linkKey(m.from, m.to);
    const key = `${link}#${family}`;
    const [a, b] = m.from < m.to ? [m.from, m.to] : [m.to, m.from];
    const flow = byKey.get(key) ?? { key, a, b, family, forward: 0, backward: 0 };
    if (m.from === a) flow.forward += 1;
    else flow.backward += 1;
    byKey.set(key, flow);
  }
  return [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/**
 * The virtual time to draw between two worker frames: the frame's time plus the wall time since,
 * times the speed, while playing; never more than `aheadMsMax` of virtual time past the frame, so a
 * late frame cannot make the picture run ahead of the engine. Paused: exactly the frame's time.
 */
export function interpolatedTime(frame: { timeMs: number; wallMs: number }, wallNowMs: number, playing: boolean, speed: number, aheadMsMax: number): number {
  if (!playing) return frame.timeMs;
  const ahead = Math.max(0, wallNowMs - frame.wallMs) * speed;
  return frame.timeMs + Math.min(ahead, aheadMsMax);
}
