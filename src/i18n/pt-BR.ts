// Brazilian Portuguese, the app's first language. Kafka jargon stays in English where Brazilian
// developers keep it (broker, offset, leader, commit, high watermark, ISR, lag, fetch).
import type { Messages } from './messages.ts';
import { numberField, textField, topicPartition } from './fields.ts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

export const ptBR: Messages = {
  languageTag: 'pt-BR',
  languageName: 'Português (Brasil)',

  app: {
    title: 'Laboratório Kafka',
    tagline: 'Um cluster Kafka simulado no seu navegador',
    loading: 'Carregando a simulação…',
  },

  units: {
    bytes: 'B',
    kilobytes: 'KB',
    megabytes: 'MB',
    gigabytes: 'GB',
    milliseconds: 'ms',
    listAnd: 'e',
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
    engine: 'O motor da simulação encontrou um erro e foi interrompido. Recarregue a página para começar de novo.',
    scenario: 'O cenário tem erros e não pôde ser carregado.',
    details: 'Detalhes técnicos',
    reload: 'Recarregar a página',
  },

  brokers: {
    heading: 'Brokers',
    name: (id) => `Broker ${id}`,
    up: 'No ar',
    down: 'Fora do ar',
    leaderCount: (count) => (count === 0 ? 'Não é leader de nenhuma partição' : `Leader de ${count} ${plural(count, 'partição', 'partições')}`),
    replicaCount: (count) => `${count} ${plural(count, 'réplica', 'réplicas')}`,
    replicasHeading: 'Réplicas guardadas',
    leader: 'leader',
    follower: 'seguidora',
    outOfSync: 'fora do ISR',
    noReplicas: 'Nenhuma réplica neste broker.',
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
  },

  segments: {
    heading: (topic, partition) => `Segmentos de ${topic}-${partition}`,
    replicaOf: 'Réplica no',
    replicaButton: (broker, leader) => `Broker ${broker}${leader ? ' (leader)' : ''}`,
    caption: (broker) => `Arquivos de log da réplica no broker ${broker}`,
    file: 'Arquivo',
    baseOffset: 'Offset base',
    nextOffset: 'Próximo offset',
    size: 'Tamanho',
    indexEntries: 'Entradas no índice',
    active: 'Ativo',
    activeYes: 'ativo',
    activeNo: '—',
    none: 'Esta réplica ainda não tem segmentos.',
    choose: 'Escolha uma partição na tabela acima para ver os seus segmentos.',
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
    latencyValue: (avg, max) => `${avg} / ${max}`,
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
  },

  events: {
    heading: 'Últimos eventos',
    empty: 'Nada aconteceu ainda. Aperte “Reproduzir” ou “Próximo evento”.',
    time: 'Tempo',
    node: 'Onde',
    what: 'O que aconteceu',
    skipped: (count) => `… e mais ${count} ${plural(count, 'evento', 'eventos')} neste intervalo (velocidade alta)`,
    unknown: (event) => `Evento “${event.type}”`,
    byType: {
      'topic-created': (e, f) => {
        const partitions = numberField(e, 'partitions');
        return partitions === null
          ? `Tópico ${textField(e, 'topic')} criado`
          : `Tópico ${textField(e, 'topic')} criado com ${f.integer(partitions)} ${plural(partitions, 'partição', 'partições')}`;
      },
      'record-batch-appended': (e, f) => {
        const records = numberField(e, 'records') ?? 0;
        const first = numberField(e, 'baseOffset');
        const last = numberField(e, 'lastOffset');
        const offsets = first === null ? '' : last === null || last === first ? ` no offset ${f.integer(first)}` : ` nos offsets ${f.integer(first)} a ${f.integer(last)}`;
        return `Lote de ${f.integer(records)} ${plural(records, 'registro', 'registros')} gravado em ${topicPartition(e)}${offsets}`;
      },
      'segment-rolled': (e, f) => {
        const base = numberField(e, 'baseOffset');
        return `Novo segmento ativo em ${topicPartition(e)}${base === null ? '' : `, começando no offset ${f.integer(base)}`}`;
      },
      'segments-deleted': (e, f) => {
        const count = numberField(e, 'count') ?? numberField(e, 'segments') ?? 0;
        const start = numberField(e, 'logStartOffset');
        return `${f.integer(count)} ${plural(count, 'segmento apagado', 'segmentos apagados')} de ${topicPartition(e)} pela retenção${start === null ? '' : `; o log start offset agora é ${f.integer(start)}`}`;
      },
      'produce-acked': (e, f) => {
        const records = numberField(e, 'records') ?? 0;
        const base = numberField(e, 'baseOffset');
        return `Envio confirmado: ${f.integer(records)} ${plural(records, 'registro', 'registros')} em ${topicPartition(e)}${base === null ? '' : ` a partir do offset ${f.integer(base)}`}`;
      },
      'produce-failed': (e) => `Envio para ${topicPartition(e)} falhou: ${textField(e, 'error')}`,
      'fetch-served': (e, f) => {
        const records = numberField(e, 'records') ?? 0;
        const offset = numberField(e, 'fetchOffset');
        return `Fetch atendido: ${f.integer(records)} ${plural(records, 'registro', 'registros')} de ${topicPartition(e)}${offset === null ? '' : ` a partir do offset ${f.integer(offset)}`}`;
      },
      'node-down': (e) => `${e.node} saiu do ar`,
      'node-up': (e) => `${e.node} voltou ao ar`,
    },
  },
};

export default ptBR;
