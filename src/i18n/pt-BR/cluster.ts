// Brazilian Portuguese: the cluster view.
import type { ClusterMessages } from '../messages/cluster.ts';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const NODE_KINDS: Record<string, string> = { broker: 'Broker', controller: 'Controller', producer: 'Produtor', consumer: 'Consumidor' };

export const cluster: ClusterMessages = {
  heading: 'Cluster',
  viewLabel: 'Visão animada do cluster: controllers, brokers com suas réplicas, produtores, consumer groups e as mensagens na rede',
  broker: (id) => `Broker ${id}`,
  brokerStates: {
    up: 'no ar',
    down: 'fora do ar',
    fenced: 'fenced',
    starting: 'iniciando',
    'controlled-shutdown': 'desligando',
  },
  brokerAria: (id, state, leaders, replicas) =>
    `Broker ${id}, ${state}, leader de ${plural(leaders, 'partição', 'partições')}, ${plural(replicas, 'réplica', 'réplicas')}`,
  slowDisk: (ms, f) => `disco lento (${f.durationMs(ms)})`,
  leaderOf: (n) => `leader de ${n}`,
  replicaCount: (n) => plural(n, 'réplica', 'réplicas'),
  internal: (topic, replicas, leaders) => `${topic} ×${replicas} (${leaders}★)`,
  coordinatorOf: (groups, f) => `coordena ${f.list(groups)}`,
  noReplicas: 'nenhuma réplica',
  roles: { leader: 'leader', follower: 'seguidor no ISR', 'out-of-isr': 'fora do ISR', offline: 'offline' },
  replicaAria: (r, f) =>
    `Partição ${r.topic}-${r.partition} no broker ${r.broker}: ${r.role}, época ${r.epoch}, log de ${f.integer(r.logStart)} a ${f.integer(r.leo)} (LEO), high watermark ${f.integer(r.hw)}`,
  replicaCellAria: (topic, partition, broker, role) => `Partição ${topic}-${partition} no broker ${broker}: ${role}`,
  counts: {
    leaders: (n) => `★ ${plural(n, 'leader', 'leaders')}`,
    followers: (n) => `○ ${plural(n, 'seguidor', 'seguidores')}`,
    underReplicated: (n) => `⚠ ${n} sub-replicada${n === 1 ? '' : 's'}`,
    outOfIsr: (n) => `◌ ${n} fora do ISR`,
    offline: (n) => `✕ ${n} offline`,
  },
  controller: (id) => `Controller ${id}`,
  controllerActive: 'ativo',
  controllerDown: 'fora do ar',
  controllerRoles: {
    unattached: 'sem leader',
    prospective: 'pré-votação',
    candidate: 'candidato',
    leader: 'leader',
    follower: 'seguidor',
    resigned: 'renunciou',
  },
  controllerAria: (id, up, active, epoch) =>
    `Controller ${id}, ${up ? 'no ar' : 'fora do ar'}${active ? ', controller ativo' : ''}, época ${epoch}`,
  epoch: (epoch) => `época ${epoch}`,
  producer: (id) => id,
  producerStatus: { running: 'enviando', done: 'terminou', crashed: 'caiu' },
  producerAria: (id, acks, status, topic) => `Produtor ${id}, acks=${acks}, ${status}, escreve em ${topic}`,
  consumer: (id) => id,
  consumerStatus: { running: 'lendo', crashed: 'caiu', paused: 'pausado' },
  consumerAria: (id, status, owned, pending, f) =>
    `Consumidor ${id}, ${status}, ${owned.length === 0 ? 'sem partições' : `lê ${owned.length === 1 ? 'a partição' : 'as partições'} ${f.list(owned.map(String))}`}` +
    (pending.length > 0 ? `, aguardando ${f.list(pending.map(String))}` : ''),
  partitionsShort: (count, ranges) => `${plural(count, 'partição', 'partições')}: ${ranges}`,
  pendingLabel: 'aguardando',
  group: (id) => id,
  groupAria: (id, state, members, generation) => `Consumer group ${id}, ${state}, ${plural(members, 'membro', 'membros')}, geração ${generation}`,
  generation: (n) => `geração ${n}`,
  linkAria: (a, b) => `Ligação entre ${a} e ${b}`,
  nodeName: (node) => {
    const match = /^(broker|controller|producer|consumer)-(.+)$/.exec(node);
    return match ? `${NODE_KINDS[match[1]!]} ${match[2]}` : node;
  },
  flowLabel: (count) => `${count}`,
  inFlightCount: (count) => `${plural(count, 'mensagem', 'mensagens')} na rede`,
  moments: {
    epoch: (from, to) => `época ${from}→${to}`,
    leaderGone: 'sem leader',
    truncated: (removed) => `truncado −${removed}`,
    isrShrink: 'saiu do ISR',
    isrExpand: 'voltou ao ISR',
    segmentRolled: 'novo segmento',
    segmentDeleted: 'segmento apagado',
    controllerMoved: 'novo controller ativo',
  },
  legend: {
    heading: 'Legenda',
    leader: 'leader',
    follower: 'seguidor no ISR',
    outOfIsr: 'fora do ISR (tracejado)',
    offline: 'offline',
    logBar: 'log: do início ao LEO',
    hw: 'high watermark (HW)',
    segments: 'blocos = segmentos',
    request: 'requisição',
    response: 'resposta',
    families: {
      produce: 'Produce',
      'fetch-consumer': 'Fetch de consumidor',
      'fetch-follower': 'Fetch de seguidor (replicação)',
      group: 'Grupo (join, heartbeat, commit)',
      controller: 'Controller (heartbeat, Raft)',
      other: 'Outras (metadados…)',
    },
    activeController: 'controller ativo',
    owned: 'partição lida',
    pending: 'partição aguardando',
    flows: 'muitas mensagens: uma linha por ligação, com a contagem',
    trail: 'rastro: mensagem que acabou de passar',
  },
};
