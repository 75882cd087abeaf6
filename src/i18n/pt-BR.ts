// Brazilian Portuguese, the app's first language. Kafka jargon stays in English where Brazilian
// developers keep it (broker, offset, leader, commit, high watermark, ISR, lag, fetch).
import type { CoordinatorMemberStateName, Formatters, GroupStateName, Messages } from './messages.ts';
import { listField, numberField, textField } from './fields.ts';
import { cluster } from './pt-BR/cluster.ts';
import { timeline } from './pt-BR/timeline.ts';
import { inspector } from './pt-BR/inspector.ts';
import { tools } from './pt-BR/tools.ts';
import { compare } from './pt-BR/compare.ts';
import { lessons } from './pt-BR/lessons.ts';
import { offline } from './pt-BR/offline.ts';
import { session } from './pt-BR/session.ts';
import { storage } from './pt-BR/storage.ts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

const offsets = (first: number, last: number, f: Formatters): string =>
  first === last ? `offset ${f.integer(first)}` : `offsets ${f.integer(first)} a ${f.integer(last)}`;

const isrReasons: Record<string, string> = {
  lagging: 'ficou para trás por mais de replica.lag.time.max.ms',
  'broker-fenced': 'o controlador isolou o broker (fencing)',
  'caught-up': 'alcançou o leader',
  'controlled-shutdown': 'o broker está num shutdown controlado',
  'unclean-election-check': 'eleição “unclean” periódica',
  'preferred-election': 'volta ao leader preferido',
  'broker-unfenced': 'o broker voltou',
  'unclean-shutdown': 'o broker voltou de um desligamento abrupto e sai das réplicas elegíveis (ELR)',
};

const quorumRoles: Record<string, string> = {
  unattached: 'sem líder',
  prospective: 'pré-candidato',
  candidate: 'candidato',
  leader: 'líder',
  follower: 'seguidor',
  resigned: 'renunciou',
};

const voteReasons: Record<string, string> = {
  granted: 'o log dele está em dia',
  'log-behind': 'o log dele está atrasado',
  'already-voted': 'já votou nesta epoch',
  'has-leader': 'já conhece um líder',
  'is-leader': 'é o próprio líder',
  'fenced-epoch': 'epoch antiga',
};

const truncationReasons: Record<string, string> = {
  'diverging-epoch': 'o histórico de epochs divergiu do novo leader',
  'leader-end-offset': 'o leader tem menos registros',
  'leader-log-start-offset': 'o leader já apagou esse trecho; recomeça no log start offset dele',
  'high-watermark': 'sem histórico de epochs, recomeça do high watermark',
};

const deletionReasons = {
  'retention-ms': 'retention.ms',
  'retention-bytes': 'retention.bytes',
  'log-start-offset': 'abaixo do log start offset',
} as const;

/** Kafka's group states in Portuguese; the event log and the group panel both name them this way. */
const groupStateNames: Record<GroupStateName, string> = {
  Empty: 'vazio',
  PreparingRebalance: 'preparando rebalanceamento',
  CompletingRebalance: 'completando rebalanceamento',
  Stable: 'estável',
  Dead: 'morto',
  Assigning: 'atribuindo',
  Reconciling: 'reconciliando',
  Unknown: 'desconhecido',
};
const groupState = (state: string): string =>
  Object.hasOwn(groupStateNames, state) ? `${groupStateNames[state as GroupStateName]} (${state})` : state;

const removalReasons: Record<string, string> = {
  'session-timeout': 'nenhum heartbeat dentro de session.timeout.ms',
  'rebalance-timeout': 'não entrou de novo dentro do tempo do rebalanceamento',
  'pending-member-timeout': 'não voltou com o id que recebeu',
  'sync-timeout': 'não enviou SyncGroup a tempo',
};

const memberStates: Record<CoordinatorMemberStateName, string> = {
  STABLE: 'estável',
  UNREVOKED_PARTITIONS: 'precisa devolver partições',
  UNRELEASED_PARTITIONS: 'esperando partições que outro membro ainda tem',
  UNKNOWN: 'desconhecido',
};
const memberState = (state: string): string => (Object.hasOwn(memberStates, state) ? memberStates[state as CoordinatorMemberStateName] : state);

const dropReasons: Record<string, string> = {
  'link-cut': 'link cortado',
  partitioned: 'rede dividida',
  'node-down': 'nó fora do ar',
  'connection-reset': 'conexão reiniciada',
  'random-loss': 'perda aleatória',
};

export const ptBR: Messages = {
  languageTag: 'pt-BR',
  languageName: 'Português (Brasil)',

  app: {
    title: 'Laboratório Kafka',
    tagline: 'Um cluster Kafka simulado no seu navegador',
    loading: 'Carregando a simulação…',
    sidePanel: 'Painel lateral: lição, inspetor e ferramentas',
    sidePanelToggle: 'Painel lateral',
    sidePanelToggleHint: 'Mostra ou esconde o painel da direita; escondido, o cluster ocupa a tela toda',
  },

  units: {
    bytes: 'B',
    kilobytes: 'KB',
    megabytes: 'MB',
    gigabytes: 'GB',
    milliseconds: 'ms',
  },

  controls: {
    toolbar: 'Controles da simulação',
    virtualTime: 'Tempo simulado',
    virtualTimeHint: 'Minutos, segundos e milissegundos desde o início da simulação',
    play: 'Reproduzir',
    pause: 'Pausar',
    step: 'Próximo evento',
    stepHint: 'Avança a simulação em um único evento (tecla seta para a direita)',
    runOneSecond: '+1 s',
    runOneSecondHint: 'Avança um segundo de tempo simulado',
    speed: 'Velocidade',
    speedValue: (speed) => `${speed}×`,
    presenter: 'Letras grandes',
    presenterHint: 'Aumenta o texto para projetar em sala de aula',
    playing: 'Rodando',
    paused: 'Pausado',
    shortcuts: 'Atalhos: espaço reproduz ou pausa, seta para a direita avança um evento.',
    seed: (seed) => `semente ${seed}`,
  },

  failure: {
    title: 'A simulação parou',
    worker: 'Não foi possível iniciar o motor da simulação neste navegador. Tente recarregar a página; se o erro continuar, use uma versão recente do Chrome, do Edge ou do Firefox.',
    engine: 'O motor da simulação encontrou um erro e foi interrompido. Você pode recomeçar do último registro das suas ações, ou recarregar a página para começar de novo.',
    scenario: 'O cenário tem erros e não pôde ser carregado.',
    details: 'Detalhes técnicos',
    reload: 'Recarregar a página',
    restart: 'Recomeçar do último registro (refaz as suas ações até pouco antes do erro)',
  },

  brokers: {
    heading: 'Brokers',
    name: (id) => `Broker ${id}`,
    up: 'No ar',
    down: 'Fora do ar',
    replicaCount: (count) => `${count} ${plural(count, 'réplica', 'réplicas')}`,
    leader: 'leader',
    follower: 'seguidora',
    noReplicas: 'Nenhuma réplica neste broker.',
    internalReplicas: (topic, replicas, leaders) =>
      `+ ${replicas} ${plural(replicas, 'réplica', 'réplicas')} de ${topic} (leader de ${leaders})`,
    coordinatorOf: (groups, f) => `Coordenador ${plural(groups.length, 'do grupo', 'dos grupos')} ${f.list(groups)}`,
  },

  topics: {
    heading: 'Tópicos e partições',
    empty: 'Nenhum tópico criado ainda.',
    caption: (topic, partitions, rf) =>
      `Tópico “${topic}”: ${partitions} ${plural(partitions, 'partição', 'partições')}, fator de replicação ${rf}`,
    partition: 'Partição',
    leader: 'Leader',
    epoch: 'Epoch',
    replicas: 'Réplicas',
    isr: 'ISR',
    logStartOffset: 'Log start offset',
    highWatermark: 'HW',
    logEndOffset: 'LEO',
    size: 'Tamanho',
    noLeader: 'sem leader',
    select: (topic, partition) => `Ver os segmentos de ${topic}-${partition}`,
    selected: 'selecionada',
    configs: 'Configurações do tópico',
    internal: (topic, partitions, rf) =>
      `Tópico interno ${topic}: ${partitions} ${plural(partitions, 'partição', 'partições')}, fator de replicação ${rf}`,
    holdsGroups: (groups, f) => f.list(groups),
  },


  producers: {
    heading: 'Produtores',
    empty: 'Nenhum produtor neste cenário.',
    acks: 'acks',
    acksValue: (acks) => (acks === -1 ? 'all' : String(acks)),
    linger: 'linger.ms',
    batchSize: 'batch.size',
    sent: 'Enviados',
    acked: 'Confirmados',
    failed: 'Com falha',
    retries: 'Novas tentativas',
    pending: 'Pendentes',
    inFlight: 'Requisições em voo',
    latency: 'Latência média / máxima',
    status: { running: 'Enviando', done: 'Terminou', crashed: 'Caiu' },
    topic: (topic) => `para o tópico ${topic}`,
  },

  consumers: {
    heading: 'Consumidores',
    empty: 'Nenhum consumidor neste cenário.',
    consumed: 'Consumidos',
    partition: 'Partição',
    position: 'Posição',
    highWatermark: 'HW',
    lag: 'Lag',
    unknownPosition: 'ainda não sabe',
    status: { running: 'Lendo', crashed: 'Caiu', paused: 'Pausado' },
    topic: (topic) => `do tópico ${topic}`,
    noAssignment: 'Nenhuma partição atribuída.',
    caption: (consumer) => `Posição e lag de ${consumer} por partição`,
    error: (error) => `Parou com o erro ${error}`,
    group: 'Grupo',
    memberState: 'Membro',
    memberStates: {
      UNJOINED: 'fora do grupo',
      PREPARING_REBALANCE: 'entrando no grupo',
      COMPLETING_REBALANCE: 'esperando a atribuição',
      STABLE: 'estável',
      JOINING: 'entrando no grupo',
      RECONCILING: 'reconciliando',
      ACKNOWLEDGING: 'confirmando a atribuição',
      FENCED: 'isolado (fenced)',
      FATAL: 'erro fatal',
    },
    generation: { classic: 'Geração', consumer: 'Epoch do membro' },
    noGeneration: '—',
    commit: 'Commit',
    commitModes: {
      auto: 'automático',
      'sync-after-processing': 'commitSync depois de processar',
      'async-after-processing': 'commitAsync depois de processar',
      'sync-before-processing': 'commitSync antes de processar',
      none: 'nenhum',
    },
  },

  groups: {
    heading: 'Consumer groups',
    empty: 'Nenhum consumer group neste cenário: só um consumidor com group.id entra em um.',
    group: (groupId) => `Grupo ${groupId}`,
    state: 'Estado',
    states: {
      Empty: 'Vazio',
      PreparingRebalance: 'Preparando rebalanceamento',
      CompletingRebalance: 'Completando rebalanceamento',
      Stable: 'Estável',
      Dead: 'Morto',
      Assigning: 'Atribuindo',
      Reconciling: 'Reconciliando',
      Unknown: 'Desconhecido',
    },
    protocol: 'Protocolo',
    protocols: { classic: 'clássico', consumer: 'consumer (KIP-848)' },
    generation: 'Geração',
    groupEpoch: 'Epoch do grupo',
    assignmentEpoch: 'Epoch da atribuição',
    assignor: 'Assignor',
    none: '—',
    coordinator: 'Coordenador',
    coordinatorValue: (broker) => `broker ${broker}`,
    noCoordinator: 'nenhum ainda',
    offsetsPartition: (partition) => `__consumer_offsets-${partition}`,
    leader: 'Líder',
    membersCaption: (groupId) => `Membros do grupo ${groupId}`,
    noMembers: 'Nenhum membro no grupo.',
    member: 'Membro',
    assigned: 'Atribuídas',
    pending: 'Pendentes',
    memberEpoch: (epoch) => `epoch ${epoch}`,
    coordinatorMemberStates: { STABLE: 'estável', UNREVOKED_PARTITIONS: 'devolvendo', UNRELEASED_PARTITIONS: 'esperando outro membro', UNKNOWN: 'desconhecido' },
    nothing: 'nenhuma',
    waiting: 'esperando',
    revoking: 'a devolver',
    legendWaiting: 'esperando: já atribuída ao membro, que ainda não começou a lê-la (espera o rebalanceamento terminar ou outro membro devolvê-la)',
    legendRevoking: 'a devolver: o membro ainda lê esta partição, mas ela já não é dele',
    offsetsCaption: (groupId) => `Offsets do grupo ${groupId}`,
    offsetsHint: 'como em',
    partition: 'Partição',
    committed: 'Offset commitado',
    endOffset: 'Fim (HW)',
    lag: 'Lag',
    owner: 'Dono',
    noCommit: 'sem commit',
    noOwner: 'ninguém',
  },

  events: {
    heading: 'Últimos eventos',
    empty: 'Nada aconteceu ainda. Aperte “Reproduzir” ou “Próximo evento”.',
    time: 'Tempo',
    node: 'Onde',
    what: 'O que aconteceu',
    skipped: (count) => `… e mais ${count} ${plural(count, 'evento', 'eventos')} neste intervalo (velocidade alta)`,
    unknown: (event) => `Evento “${event.type}”`,
    engine: {
      'topic-created': (e, f) =>
        `Tópico ${e.topic} criado: ${f.integer(e.partitions)} ${plural(e.partitions, 'partição', 'partições')}, fator de replicação ${e.replicationFactor}${e.autoCreated ? ' (criado automaticamente)' : ''}`,
      'topic-deleted': (e) => `Tópico ${e.topic} apagado`,
      'leader-changed': (e) =>
        e.leader < 0
          ? `${e.topic}-${e.partition} ficou sem leader`
          : `Broker ${e.leader} é ${e.previousLeader < 0 ? 'o' : 'o novo'} leader de ${e.topic}-${e.partition} (epoch ${e.leaderEpoch}${e.previousLeader < 0 ? '' : `; antes era o broker ${e.previousLeader}`})`,
      'broker-started': (e) => `Broker ${e.broker} iniciou`,
      'broker-stopped': (e) =>
        e.reason === 'shutdown'
          ? `Broker ${e.broker} desligou (shutdown controlado)`
          : e.reason === 'power-loss'
            ? `Broker ${e.broker} ficou sem energia`
            : e.reason === 'registration-timeout'
              ? `Broker ${e.broker} desligou: não conseguiu se registrar no controlador`
              : `Broker ${e.broker} caiu`,
      'page-cache-lost': (e, f) =>
        `Sem energia, o broker ${e.broker} perdeu o que ainda estava só no cache de páginas: ${e.topic}-${e.partition} voltou do offset ${f.integer(e.fromOffset)} para ${f.integer(e.toOffset)} (o Kafka não faz fsync a cada escrita)`,
      'broker-registration-timed-out': (e, f) =>
        `Broker ${e.broker} não conseguiu se registrar no controlador em ${f.durationMs(e.timeoutMs)} (initial.broker.registration.timeout.ms) e vai se desligar`,
      'broker-disk-slowed': (e, f) =>
        `O disco do broker ${e.broker} ficou lento: cada gravação no log leva ${f.durationMs(e.latencyMs)}, uma depois da outra; as confirmações com acks=all atrasam e, se ele for seguidor e não acompanhar, sai do ISR depois de replica.lag.time.max.ms`,
      'broker-disk-healed': (e) => `O disco do broker ${e.broker} voltou ao normal`,
      'broker-registration-refused': (e) =>
        `Broker ${e.broker} reiniciou, mas o controlador recusou o registro (DUPLICATE_BROKER_REGISTRATION): a sessão antiga ainda vale até expirar broker.session.timeout.ms`,
      'broker-registered': (e) => `O controlador registrou o broker ${e.broker} (broker epoch ${e.brokerEpoch}); ele começa “fenced” até alcançar os metadados`,
      'broker-fenced': (e) =>
        e.reason === 'shutdown'
          ? `O controlador deixou o broker ${e.broker} “fenced” ao fim do shutdown controlado`
          : `O controlador deixou o broker ${e.broker} “fenced”: nenhum heartbeat em broker.session.timeout.ms; ele sai do ISR e das lideranças`,
      'broker-unfenced': (e) => `O controlador tirou o fencing do broker ${e.broker}: ele manda heartbeats e alcançou os metadados`,
      'broker-controlled-shutdown': (e) => `Broker ${e.broker} pediu para desligar: o controlador move as lideranças dele para outros brokers antes`,
      'broker-heartbeat-failed': (e) => `Broker ${e.broker} não conseguiu falar com o controlador (${e.api}): ${e.error}`,
      'controller-started': (e, f) => `Controlador ${e.controller} iniciou: epoch ${e.epoch}, log de metadados com ${f.integer(e.logEndOffset)} ${plural(e.logEndOffset, 'registro', 'registros')}`,
      'controller-state-changed': (e) => `Controlador ${e.controller}: ${quorumRoles[e.from]} → ${quorumRoles[e.to]} (epoch ${e.epoch})`,
      'controller-prevote-started': (e) => `Controlador ${e.prospective} pergunta aos outros se votariam nele (pré-votação, epoch ${e.epoch})`,
      'controller-election-started': (e) => `Controlador ${e.candidate} se candidata a líder do quórum KRaft (epoch ${e.epoch})`,
      'controller-vote-cast': (e) =>
        `Controlador ${e.voter} ${e.granted ? 'votou' : 'não votou'} no controlador ${e.candidate}${e.preVote ? ' (pré-voto)' : ''}, epoch ${e.epoch} (${voteReasons[e.reason]})`,
      'controller-election-backoff': (e, f) => `Controlador ${e.candidate} espera ${f.durationMs(e.backoffMs)} antes de se candidatar de novo (epoch ${e.epoch})`,
      'controller-elected': (e, f) => `Controlador ${e.leader} é o novo controlador ativo: líder do quórum na epoch ${e.epoch}, com os votos de ${f.list(e.votes.map(String))}`,
      'controller-resigned': (e) =>
        `Controlador ${e.leader} renunciou à liderança da epoch ${e.epoch} (${e.reason === 'check-quorum' ? 'a maioria parou de buscar metadados dele' : 'reiniciou sendo o líder'})`,
      'controller-leadership-lost': (e) => `Controlador ${e.leader} deixou de ser o controlador ativo: o quórum já está na epoch ${e.newEpoch}`,
      'metadata-appended': (e, f) =>
        `O controlador ativo gravou ${f.integer(e.lastOffset - e.baseOffset + 1)} ${plural(e.lastOffset - e.baseOffset + 1, 'registro', 'registros')} no log de metadados (${offsets(e.baseOffset, e.lastOffset, f)}): ${f.list(e.records)}`,
      'metadata-committed': (e, f) => `A maioria do quórum tem o log de metadados até o offset ${f.integer(e.highWatermark)}: ${f.integer(e.records)} ${plural(e.records, 'registro confirmado', 'registros confirmados')}`,
      'metadata-truncated': (e, f) => `Réplica ${e.replica} cortou o log de metadados de ${f.integer(e.fromOffset)} para ${f.integer(e.toOffset)}: o novo líder não tinha esses registros`,
      'metadata-proposals-dropped': (e, f) => `${f.integer(e.records)} ${plural(e.records, 'registro pendente descartado', 'registros pendentes descartados')}: o controlador perdeu a liderança (epoch ${e.epoch}) antes de gravá-los`,
      'metadata-fetcher-leader-found': (e) => `Broker ${e.replica} achou o controlador ativo: controlador ${e.leader} (epoch ${e.epoch})`,
      'records-replicated': (e, f) =>
        `Broker ${e.broker} copiou ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} de ${e.topic}-${e.partition} do leader ${e.leader} (${offsets(e.firstOffset, e.lastOffset, f)}); HW da réplica: ${f.integer(e.highWatermark)}`,
      'isr-shrunk': (e, f) =>
        `ISR de ${e.topic}-${e.partition} encolheu para ${f.list(e.isr.map(String))}: ${plural(e.removed.length, 'saiu o broker', 'saíram os brokers')} ${f.list(e.removed.map(String))} (${isrReasons[e.reason] ?? e.reason})`,
      'isr-expanded': (e, f) =>
        `ISR de ${e.topic}-${e.partition} cresceu para ${f.list(e.isr.map(String))}: ${plural(e.added.length, 'voltou o broker', 'voltaram os brokers')} ${f.list(e.added.map(String))} (${isrReasons[e.reason] ?? e.reason})`,
      'replica-truncated': (e, f) =>
        `Broker ${e.broker} cortou o log de ${e.topic}-${e.partition} de ${f.integer(e.fromOffset)} para ${f.integer(e.toOffset)} (${truncationReasons[e.reason] ?? e.reason})`,
      'unclean-leader-elected': (e, f) =>
        `Eleição “unclean”: o broker ${e.leader} virou leader de ${e.topic}-${e.partition} sem estar no ISR (${f.list(e.previousIsr.map(String))}); registros que só o ISR tinha se perdem`,
      'alter-partition-failed': (e) =>
        `O controlador recusou o pedido do broker ${e.broker} para mudar o ISR de ${e.topic}-${e.partition}: ${e.error}`,
      'record-batch-appended': (e, f) =>
        `Broker ${e.broker} gravou ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} em ${e.topic}-${e.partition} (${offsets(e.firstOffset, e.lastOffset, f)}, ${f.bytes(e.sizeBytes)})`,
      'high-watermark-advanced': (e, f) => `HW de ${e.topic}-${e.partition} no broker ${e.broker} avançou para ${f.integer(e.highWatermark)}`,
      'segment-rolled': (e) => `Novo segmento ativo em ${e.topic}-${e.partition} no broker ${e.broker}: ${e.fileName}`,
      'segments-deleted': (e, f) =>
        `Broker ${e.broker} apagou ${f.integer(e.baseOffsets.length)} ${plural(e.baseOffsets.length, 'segmento', 'segmentos')} de ${e.topic}-${e.partition} (${deletionReasons[e.reason]}); o log start offset agora é ${f.integer(e.logStartOffset)}`,
      'produce-rejected': (e) => `Broker ${e.broker} recusou um envio de ${e.client} para ${e.topic}-${e.partition}: ${e.error}`,
      'produce-acked': (e, f) =>
        `${e.producer}: envio confirmado, ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} em ${e.topic}-${e.partition} a partir do offset ${f.integer(e.baseOffset)} (${f.durationMs(e.latencyMs)})`,
      'produce-failed': (e, f) =>
        `${e.producer}: envio de ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} para ${e.topic}-${e.partition} falhou: ${e.error}`,
      'produce-retry': (e, f) =>
        `${e.producer}: nova tentativa (${e.attempt}ª) de ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} para ${e.topic}-${e.partition} depois de ${e.error}`,
      'record-sent': (e) =>
        `${e.producer} enviou um registro ${e.key === null ? 'sem chave' : `com a chave “${e.key}”`} para ${e.topic}-${e.partition}${e.byHand ? ' (enviado à mão)' : ''}`,
      'metadata-updated': (e, f) =>
        e.topics.length === 0 ? `${e.client} atualizou os metadados do cluster` : `${e.client} atualizou os metadados de ${f.list(e.topics)}`,
      'fetch-served': (e, f) =>
        `Fetch de ${e.consumer} atendido: ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')} de ${e.topic}-${e.partition} a partir do offset ${f.integer(e.fromOffset)}`,
      'offset-reset': (e, f) =>
        `${e.consumer}: posição em ${e.topic}-${e.partition} reiniciada para o offset ${f.integer(e.offset)} (auto.offset.reset=${e.strategy})`,
      'records-consumed': (e, f) => `${e.consumer} processou ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')}`,
      'consumer-error': (e) => `${e.consumer}: erro em ${e.topic}-${e.partition}: ${e.error}`,
      'client-paused': (e) => `${e.client} foi pausado`,
      'client-resumed': (e) => `${e.client} voltou a rodar`,
      'record-acked': (e, f) => `${e.producer}: o registro${e.key === null ? ' sem chave' : ` de chave "${e.key}"`} foi gravado em ${e.topic}-${e.partition}, offset ${f.integer(e.offset)}`,
      'client-added': (e) => `${e.kind === 'producer' ? 'Producer' : 'Consumer'} ${e.client} entrou na cena`,
      'client-closing': (e) =>
        e.kind === 'producer'
          ? `${e.client}: close() — para de aceitar registros e espera entregar os que já aceitou`
          : `${e.client}: close() — faz o último commit e sai do consumer group (LeaveGroup)`,
      'client-closed': (e) =>
        `${e.client} foi fechado${e.reason === 'reconfigured' ? ' para voltar com a nova configuração' : ' e saiu da cena'}${e.timedOut ? ' (o close() esgotou o tempo de espera)' : ''}`,
      'client-reconfigured': (e, f) => `${e.client} recomeçou com a nova configuração: ${f.list(e.changes)}`,
      'broker-added': (e) => `Broker ${e.broker} foi adicionado ao cluster; ele se registra no controlador (sem réplicas até novos tópicos)`,
      'broker-unregistered': (e) => `O registro do broker ${e.broker} foi removido do controlador`,
      'request-timed-out': (e) => `${e.client}: a requisição ${e.api} ao broker ${e.broker} expirou (timeout)`,
      'producer-id-assigned': (e) =>
        `${e.producer} recebeu do broker ${e.broker} o producer id ${e.producerId} (epoch ${e.producerEpoch}): a partir de agora cada lote leva esse id e um número de sequência`,
      'producer-epoch-bumped': (e, f) =>
        `${e.producer} subiu o epoch do producer id ${e.producerId} para ${e.producerEpoch} e recomeça do zero a sequência de ${f.list(e.partitions)}`,
      'duplicate-batch-ignored': (e, f) =>
        `Broker ${e.broker} reconheceu um lote repetido de ${e.client} em ${e.topic}-${e.partition} (producer id ${e.producerId}, sequência ${e.firstSequence}–${e.lastSequence}): respondeu com o offset original ${f.integer(e.firstOffset)} e não gravou de novo`,
      'group-coordinator-loaded': (e, f) =>
        `Broker ${e.broker} virou o coordenador dos grupos de __consumer_offsets-${e.partition}: releu ${f.integer(e.records)} ${plural(e.records, 'registro', 'registros')}${e.groups.length > 0 ? ` e carregou ${f.list(e.groups)}` : ''}`,
      'group-coordinator-unloaded': (e, f) =>
        `Broker ${e.broker} deixou de coordenar __consumer_offsets-${e.partition}${e.groups.length > 0 ? `; ${f.list(e.groups)} ${e.groups.length === 1 ? 'vai' : 'vão'} para o novo leader` : ''}`,
      'group-state-changed': (e) => `Grupo ${e.group}: ${groupState(e.from)} → ${groupState(e.to)} (geração ${e.generation})`,
      'group-rebalance-started': (e) => `Grupo ${e.group}: começou um rebalanceamento — ${e.reason}`,
      'group-join-received': (e) =>
        e.member === ''
          ? `${e.client} pediu para entrar no grupo ${e.group} (JoinGroup)${e.instanceId ? ` como membro estático ${e.instanceId}` : ''}`
          : `${e.member} enviou JoinGroup ao grupo ${e.group}${e.reason ? ` (${e.reason})` : ''}`,
      'group-join-answered': (e) =>
        e.error === 'MEMBER_ID_REQUIRED'
          ? `O coordenador deu o id ${e.member} e pediu um novo JoinGroup com ele (MEMBER_ID_REQUIRED)`
          : e.error !== 'NONE'
            ? `JoinGroup de ${e.member || 'um membro'} no grupo ${e.group} recusado: ${e.error}`
            : e.members > 0
              ? `${e.member} é o líder do grupo ${e.group} na geração ${e.generation}: recebeu os ${e.members} membros para calcular a atribuição (${e.protocolName})`
              : `${e.member} entrou na geração ${e.generation} do grupo ${e.group}; o líder é ${e.leader}`,
      'group-sync-answered': (e, f) =>
        e.error !== 'NONE'
          ? `SyncGroup de ${e.member} no grupo ${e.group} respondido com ${e.error}`
          : `${e.member} recebeu sua atribuição na geração ${e.generation}: ${e.assignment.length === 0 ? 'nenhuma partição' : f.list(e.assignment.map((p) => `${p.topic}-${p.partition}`))}`,
      'group-heartbeat-answered': (e) =>
        e.error === 'NONE'
          ? `Heartbeat de ${e.member} no grupo ${e.group}: tudo certo`
          : e.error === 'REBALANCE_IN_PROGRESS'
            ? `Heartbeat de ${e.member}: o grupo ${e.group} está rebalanceando, o membro precisa entrar de novo (REBALANCE_IN_PROGRESS)`
            : `Heartbeat de ${e.member} no grupo ${e.group} recusado: ${e.error}`,
      'group-member-left': (e) => `${e.member} saiu do grupo ${e.group} (LeaveGroup${e.reason ? `: ${e.reason}` : ''})`,
      'group-member-removed': (e) => `O coordenador tirou ${e.member} do grupo ${e.group}: ${removalReasons[e.reason] ?? e.reason}`,
      'group-static-member-replaced': (e) =>
        `O membro estático ${e.instanceId} voltou no grupo ${e.group} com o novo id ${e.newMember} e ficou com o lugar de ${e.oldMember}`,
      'offsets-committed': (e, f) =>
        e.error === 'NONE'
          ? `Grupo ${e.group}: commit de ${e.offsets.length === 0 ? 'nada' : f.list(e.offsets.map((o) => `${o.topic}-${o.partition} → ${f.integer(o.offset)}`))}${e.member ? ` por ${e.member}` : ''}`
          : `Grupo ${e.group}: commit de offsets recusado (${e.error})`,
      'group-target-assignment': (e) =>
        `Grupo ${e.group}: epoch ${e.groupEpoch}, o coordenador calculou a nova atribuição com o assignor ${e.assignor}`,
      'group-consumer-heartbeat': (e, f) =>
        e.error !== 'NONE'
          ? `ConsumerGroupHeartbeat de ${e.member || 'um membro'} no grupo ${e.group} recusado: ${e.error}`
          : `${e.member} no grupo ${e.group}: epoch ${e.memberEpoch}, ${memberState(e.memberState)}, ${e.assigned.length === 0 ? 'sem partições' : f.list(e.assigned.map((p) => `${p.topic}-${p.partition}`))}`,
      'coordinator-found': (e) => `${e.consumer} encontrou o coordenador do grupo ${e.group}: broker ${e.broker}`,
      'coordinator-lost': (e) => `${e.consumer} perdeu o coordenador do grupo ${e.group} (broker ${e.broker}, ${e.error}) e vai procurar de novo`,
      'partitions-revoked': (e, f) => `${e.consumer} devolveu ${f.list(e.partitions.map((p) => `${p.topic}-${p.partition}`))} (grupo ${e.group})`,
      'partitions-assigned': (e, f) =>
        `${e.consumer} recebeu ${e.partitions.length === 0 ? 'nenhuma partição nova' : f.list(e.partitions.map((p) => `${p.topic}-${p.partition}`))} (grupo ${e.group}, geração ${e.generation})`,
      'partitions-lost': (e, f) => `${e.consumer} perdeu ${f.list(e.partitions.map((p) => `${p.topic}-${p.partition}`))} sem poder devolver (${e.reason})`,
      'commit-failed': (e) => `${e.consumer}: o commit no grupo ${e.group} falhou (${e.error})`,
      'poll-timeout-expired': (e, f) =>
        `${e.consumer} passou mais de max.poll.interval.ms (${f.durationMs(e.maxPollIntervalMs)}) sem chamar poll(): sai do grupo ${e.group}`,
    },
    kernel: {
      'node-added': (e) => `${textField(e, 'target')} entrou na simulação`,
      'node-down': (e) => `${textField(e, 'target')} saiu do ar`,
      'node-up': (e) => `${textField(e, 'target')} voltou ao ar`,
      'message-dropped': (e, f) => {
        const count = numberField(e, 'count') ?? 1;
        const reason = dropReasons[textField(e, 'reason')] ?? textField(e, 'reason');
        return `${f.integer(count)} ${plural(count, 'mensagem perdida', 'mensagens perdidas')} de ${textField(e, 'from')} para ${textField(e, 'to')} (${reason})`;
      },
      'link-profile-set': (e, f) =>
        `Latência entre ${textField(e, 'a')} e ${textField(e, 'b')}: ${f.durationMs(numberField(e, 'latencyMs') ?? 0)}, variação de até ${f.durationMs(numberField(e, 'jitterMs') ?? 0)}`,
      'link-cut': (e) => `Link entre ${textField(e, 'a')} e ${textField(e, 'b')} cortado`,
      'link-healed': (e) => `Link entre ${textField(e, 'a')} e ${textField(e, 'b')} restabelecido`,
      partition: (e, f) => `Rede dividida: ${f.list(listField(e, 'sideA'))} de um lado, ${f.list(listField(e, 'sideB'))} do outro`,
      'partition-healed': () => 'A divisão da rede acabou',
      'drop-rate-set': (e, f) =>
        `Perda de mensagens entre ${textField(e, 'a')} e ${textField(e, 'b')}: ${f.decimal((numberField(e, 'probability') ?? 0) * 100, 0)}%`,
      'connection-reset': (e) => `Conexão entre ${textField(e, 'a')} e ${textField(e, 'b')} reiniciada (reset)`,
      'connection-broken': (e) => {
        const reason = dropReasons[textField(e, 'reason')] ?? textField(e, 'reason');
        return `Conexão entre ${textField(e, 'from')} e ${textField(e, 'to')} caiu: uma mensagem se perdeu (${reason}); as duas pontas são avisadas, as requisições em andamento falham e a próxima mensagem abre uma conexão nova`;
      },
    },
  },
  cluster,
  timeline,
  inspector,
  tools,
  session,
  compare,
  lessons,
  offline,
  storage,
};

export default ptBR;
