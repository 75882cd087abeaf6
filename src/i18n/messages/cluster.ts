// The cluster part of a message file (see ../messages.ts). Owned by src/components/cluster/.
import type { Formatters } from '../messages.ts';
import type { BrokerState, ReplicaRole } from '../../ui/cluster/model.ts';
import type { ApiFamily } from '../../ui/cluster/in-flight.ts';

export interface ClusterMessages {
  heading: string;
  /** The SVG's accessible name. */
  viewLabel: string;
  broker: (id: number) => string;
  brokerStates: Record<BrokerState, string>;
  brokerAria: (id: number, state: string, leaders: number, replicas: number, f: Formatters) => string;
  slowDisk: (latencyMs: number, f: Formatters) => string;
  leaderOf: (count: number) => string;
  replicaCount: (count: number) => string;
  internal: (topic: string, replicas: number, leaders: number) => string;
  coordinatorOf: (groups: string[], f: Formatters) => string;
  noReplicas: string;
  roles: Record<ReplicaRole, string>;
  replicaAria: (r: { topic: string; partition: number; broker: number; role: string; epoch: number; logStart: number; leo: number; hw: number }, f: Formatters) => string;
  /** The short name of a replica drawn as a grid cell (many replicas: no offsets). */
  replicaCellAria: (topic: string, partition: number, broker: number, role: string) => string;
  counts: {
    leaders: (n: number) => string;
    followers: (n: number) => string;
    underReplicated: (n: number) => string;
    outOfIsr: (n: number) => string;
    offline: (n: number) => string;
  };
  controller: (id: number) => string;
  controllerActive: string;
  controllerDown: string;
  controllerRoles: Record<string, string>;
  controllerAria: (id: number, up: boolean, active: boolean, epoch: number) => string;
  epoch: (epoch: number) => string;
  producer: (id: string) => string;
  producerStatus: Record<'running' | 'done' | 'crashed', string>;
  producerAria: (id: string, acks: string, status: string, topic: string) => string;
  consumer: (id: string) => string;
  consumerStatus: Record<'running' | 'crashed' | 'paused', string>;
  consumerAria: (id: string, status: string, owned: number[], pending: number[], f: Formatters) => string;
  partitionsShort: (count: number, ranges: string) => string;
  pendingLabel: string;
  group: (id: string) => string;
  groupAria: (id: string, state: string, members: number, generation: number) => string;
  generation: (n: number) => string;
  linkAria: (a: string, b: string) => string;
  nodeName: (node: string) => string;
  flowLabel: (count: number) => string;
  inFlightCount: (count: number) => string;
  moments: {
    epoch: (from: number, to: number) => string;
    leaderGone: string;
    truncated: (removed: number) => string;
    isrShrink: string;
    isrExpand: string;
    segmentRolled: string;
    segmentDeleted: string;
    controllerMoved: string;
  };
  legend: {
    heading: string;
    leader: string;
    follower: string;
    outOfIsr: string;
    offline: string;
    logBar: string;
    hw: string;
    segments: string;
    request: string;
    response: string;
    families: Record<ApiFamily, string>;
    activeController: string;
    owned: string;
    pending: string;
    flows: string;
    trail: string;
  };
}
