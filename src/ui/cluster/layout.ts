// Where everything sits in the cluster view: the controller quorum on top, a band where the
// network's links run, the brokers in a row (wrapping when too narrow), producers on the left and
// consumer groups on the right. A pure function of the scene's structure (ids and counts, never
// offsets), so that the caller can memoise it by `layoutKey` and nothing moves while data flows.
import { replicaDetail, type ReplicaDetail } from './lod.ts';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutInput {
  width: number;
  /** 1 normally; larger in presenter mode (type and strokes grow with it). */
  scale: number;
  controllers: number[];
  /** Broker ids with the number of ordinary-topic replicas each holds, and whether it shows internal topics. */
  brokers: { id: number; replicas: number; internalLines: number }[];
  producers: string[];
  /** Groups with their consumers' ids, and each consumer's partition count (for the chip rows). */
  groups: { id: string; consumers: { id: string; partitions: number }[] }[];
  /** Consumers outside any group (assign()). */
  loneConsumers: { id: string; partitions: number }[];
}

export interface BrokerBox extends Box {
  detail: ReplicaDetail;
  /** Where the replica area starts inside the card. */
  bodyY: number;
}

export interface ClusterLayout {
  width: number;
  height: number;
  scale: number;
  detail: ReplicaDetail;
  /** Row height of a replica, cell size of the grid. */
  rowH: number;
  cell: number;
  chip: number;
  memberRows: 'chips' | 'line';
  controllers: Map<number, Box>;
  brokers: Map<number, BrokerBox>;
  producers: Map<string, Box>;
  groups: Map<string, Box>;
  /** Consumers by id: a member row inside its group's box, or a box of its own. */
  consumers: Map<string, Box>;
  /** The band where links between the top row and the brokers run. */
  bus: { y: number; h: number };
  /** Below the last row of brokers: where broker-to-broker links curve. */
  under: { y: number; h: number };
}

/** Below this canvas width (× scale) the clients move up beside the controllers. */
const STACKED_BELOW_PX = 1000;

export const layoutKey = (input: LayoutInput): string =>
  JSON.stringify([
    Math.round(input.width),
    input.scale,
    input.controllers,
    input.brokers,
    input.producers,
    input.groups,
    input.loneConsumers,
  ]);

export function computeLayout(input: LayoutInput): ClusterLayout {
  const s = input.scale;
  const pad = 8 * s;
  const gap = 12 * s;
  const width = Math.max(input.width, 600);
  const hasLeft = input.producers.length > 0;
  const hasRight = input.groups.length > 0 || input.loneConsumers.length > 0;
  // On a narrow canvas (the side panel open at 1280 px) the producers and the groups move up beside
  // the controllers, and the brokers take the whole width below them; clients still meet brokers
  // from above, through the band.
  // Only small scenes stack: tall client columns above the brokers would push them out of sight.
  const memberCount = input.groups.reduce((sum, g) => sum + g.consumers.length, 0) + input.loneConsumers.length;
  const stacked = width < STACKED_BELOW_PX * s && (hasLeft || hasRight) && input.producers.length <= 4 && memberCount <= 8 && input.groups.length <= 2;
  const sideLeft = hasLeft ? Math.round(stacked ? Math.min(150 * s, width * 0.25) : Math.min(150 * s, width * 0.15)) : 0;
  const sideRight = hasRight ? Math.round(stacked ? Math.min(250 * s, width * 0.32) : Math.min(250 * s, width * 0.24)) : 0;
  const topX = pad + sideLeft + (sideLeft ? 2.5 * gap : 0);
  const topW = width - topX - pad - (sideRight ? sideRight + 2.5 * gap : 0);
  const midX = stacked ? pad : topX;
  const midW = stacked ? width - 2 * pad : topW;

  const maxReplicas = Math.max(0, ...input.brokers.map((b) => b.replicas));
  const detail = replicaDetail(maxReplicas);
  const rowH = Math.round(26 * s);
  const cell = Math.round(14 * s);
  const chip = Math.round(22 * s);
  const lineH = Math.round(20 * s);

  // Controllers: small boxes centred above the brokers.
  const controllers = new Map<number, Box>();
  const ctrlW = Math.round(165 * s);
  const ctrlH = Math.round(50 * s);
  const ctrlGap = 2 * gap;
  const ctrlTotal = input.controllers.length * ctrlW + Math.max(0, input.controllers.length - 1) * ctrlGap;
  // Controllers that do not fit between the client columns get the whole width, the clients below them.
  const ctrlFits = ctrlTotal <= topW;
  let cx = ctrlFits ? topX + (topW - ctrlTotal) / 2 : pad + (width - 2 * pad - ctrlTotal) / 2;
  const topY = pad + 14 * s; // room above for the Raft links between controllers
  for (const id of input.controllers) {
    controllers.set(id, { x: cx, y: topY, w: ctrlW, h: ctrlH });
    cx += ctrlW + ctrlGap;
  }

  // Producers on the left and groups on the right: beside the band, or (stacked) beside the controllers.
  const clientsTop = stacked && ctrlFits ? topY : topY + ctrlH + (ctrlFits ? 0 : gap);
  const producers = new Map<string, Box>();
  const prodH = Math.round(64 * s);
  let py = clientsTop;
  for (const id of input.producers) {
    producers.set(id, { x: pad, y: py, w: sideLeft, h: prodH });
    py += prodH + gap;
  }

  const groups = new Map<string, Box>();
  const consumers = new Map<string, Box>();
  const rightX = width - pad - sideRight;
  const totalMembers = input.groups.reduce((sum, g) => sum + g.consumers.length, 0);
  const memberRows = totalMembers <= 12 ? 'chips' : 'line';
  const chipsPerLine = Math.max(1, Math.floor((sideRight - 20 * s) / (chip + 4 * s)));
  const memberH = (partitions: number): number =>
    memberRows === 'line' ? lineH + 4 * s : lineH + 8 * s + Math.max(1, Math.min(2, Math.ceil(partitions / chipsPerLine))) * (chip + 4 * s);
  let gy = clientsTop;
  const groupHeader = Math.round(78 * s);
  for (const g of input.groups) {
    let my = gy + groupHeader;
    for (const c of g.consumers) {
      const h = memberH(c.partitions);
      consumers.set(c.id, { x: rightX + 8 * s, y: my, w: sideRight - 16 * s, h });
      my += h + 4 * s;
    }
    const h = my - gy + 6 * s;
    groups.set(g.id, { x: rightX, y: gy, w: sideRight, h });
    gy += h + gap;
  }
  for (const c of input.loneConsumers) {
    const h = memberH(c.partitions) + 8 * s;
    consumers.set(c.id, { x: rightX, y: gy, w: sideRight, h });
    gy += h + gap;
  }

  const busTop = stacked ? Math.max(topY + ctrlH, py - gap, gy - gap) : topY + ctrlH;
  const bus = { y: busTop, h: Math.round(90 * s) };
  const brokersTop = bus.y + bus.h;

  // Brokers: as many per row as fit at the detail's minimum width.
  const minCard = (detail === 'rows' ? 205 : 185) * s;
  const n = input.brokers.length;
  const perRow = Math.max(1, Math.min(n, Math.floor((midW + gap) / (minCard + gap))));
  const cardW = Math.min((midW - (perRow - 1) * gap) / perRow, 340 * s);
  const rowWidth = perRow * cardW + (perRow - 1) * gap;
  const header = Math.round(62 * s);
  const cols = Math.max(1, Math.floor((cardW - 16 * s) / (cell + 3 * s)));
  const body = (count: number): number =>
    detail === 'rows' ? Math.max(1, count) * rowH : detail === 'cells' ? Math.max(1, Math.ceil(count / cols)) * (cell + 3 * s) : 5 * lineH;
  const brokers = new Map<number, BrokerBox>();
  const rowGap = Math.round(70 * s);
  let y = brokersTop;
  for (let start = 0; start < n; start += perRow) {
    const row = input.brokers.slice(start, start + perRow);
    const h = Math.max(...row.map((b) => header + body(b.replicas) + b.internalLines * lineH + 10 * s));
    const x0 = midX + (midW - rowWidth) / 2;
    row.forEach((b, i) => brokers.set(b.id, { x: x0 + i * (cardW + gap), y, w: cardW, h, detail, bodyY: y + header }));
    y += h + rowGap;
  }
  const under = { y: y - rowGap, h: rowGap };
  const height = Math.max(under.y + under.h, py, gy) + pad;

  return {
    width,
    height: Math.ceil(height),
    scale: s,
    detail,
    rowH,
    cell,
    chip,
    memberRows,
    controllers,
    brokers,
    producers,
    groups,
    consumers,
    bus,
    under,
  };
}

/** Columns of the replica grid in a card of this layout. */
export function cellColumns(layout: ClusterLayout, card: Box): number {
  return Math.max(1, Math.floor((card.w - 16 * layout.scale) / (layout.cell + 3 * layout.scale)));
}

/** Chips per line in a member row. */
export function chipsPerLine(layout: ClusterLayout, member: Box): number {
  return Math.max(1, Math.floor((member.w - 4 * layout.scale) / (layout.chip + 4 * layout.scale)));
}
