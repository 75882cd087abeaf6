// Brazilian Portuguese: the side-by-side comparison.
import type { CompareMessages } from '../messages/compare.ts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

export const compare: CompareMessages = {
  heading: 'Lado a lado',
  intro: 'O mesmo cenário e as mesmas falhas em dois workers, com uma única configuração diferente; um só relógio comanda os dois.',
  chooserLabel: 'Escolha o que comparar',
  comparisons: {
    acks: {
      title: 'acks=1 × acks=all',
      explanation: 'A: o produtor recebe a confirmação só do leader (acks=1). B: só depois que todo o ISR tem o registro (acks=all).',
      watch: 'O leader perde contato e cai; com acks=1 registros já confirmados somem quando ele volta e corta o próprio log.',
      a: 'acks=1',
      b: 'acks=all',
      inA: 'com acks=1',
      inB: 'com acks=all',
    },
    idempotence: {
      title: 'Sem idempotência × com idempotência',
      explanation: 'A: enable.idempotence=false. B: enable.idempotence=true (o broker reconhece um lote reenviado pelo número de sequência).',
      watch: 'A confirmação de um lote se perde na rede e o produtor reenvia; sem idempotência o registro fica duas vezes no log.',
      a: 'sem idempotência',
      b: 'com idempotência',
      inA: 'sem idempotência',
      inB: 'com idempotência',
    },
    assignor: {
      title: 'Eager × cooperative-sticky',
      explanation: 'A: partition.assignment.strategy=range (eager: todos revogam tudo a cada rebalance). B: cooperative-sticky (KIP-429: só as partições que mudam de dono).',
      watch: 'Consumidores entram um a cada 5 s; no eager o grupo inteiro para a cada rebalance, no cooperativo nunca.',
      a: 'eager (range)',
      b: 'cooperative-sticky',
      inA: 'com eager (range)',
      inB: 'com cooperative-sticky',
    },
    unclean: {
      title: 'Eleição unclean desligada × ligada',
      explanation: 'A: unclean.leader.election.enable=false. B: true (um seguidor fora do ISR pode virar leader).',
      watch: 'Os seguidores saem do ISR, o leader cai; com unclean ligada um seguidor atrasado assume e o que só o leader tinha se perde.',
      a: 'unclean desligada',
      b: 'unclean ligada',
      inA: 'com a eleição unclean desligada',
      inB: 'com ela ligada',
    },
  },
  scenario: (name) => `Começa do cenário “${name}”.`,
  watchLabel: 'O que observar',
  changes: {
    caption: 'Configurações que mudam entre os lados',
    target: 'Onde',
    config: 'Configuração',
    a: 'Lado A',
    b: 'Lado B',
    targetNames: (kind, ids, f) => {
      const many = ids.length > 1;
      const names = f.list(ids);
      switch (kind) {
        case 'producer':
          return `${many ? 'produtores' : 'produtor'} ${names}`;
        case 'consumer':
          return `${many ? 'consumidores' : 'consumidor'} ${names}`;
        case 'topic':
          return `${many ? 'tópicos' : 'tópico'} ${names}`;
        case 'cluster':
          return 'cluster (padrão dos brokers)';
      }
    },
  },
  loading: 'Iniciando os dois workers…',
  loadFailed: 'Não foi possível carregar a comparação lado a lado. Recarregue a página.',
  refused: 'Não foi possível montar esta comparação a partir do cenário. Nada foi executado; escolha outra comparação.',
  broken: 'Os dois lados deixaram de andar juntos (um dos workers falhou). Use “Recomeçar” para rodar de novo.',
  controls: {
    label: 'Relógio dos dois lados',
    play: 'Rodar',
    pause: 'Pausar',
    playHint: 'Roda os dois lados juntos, na velocidade escolhida',
    back: (seconds) => `−${seconds} s`,
    backHint: (seconds) => `Volta os dois lados ${seconds} ${plural(seconds, 'segundo', 'segundos')} de tempo virtual (cada um refaz as mesmas entradas)`,
    forward: (seconds) => `+${seconds} s`,
    forwardHint: (seconds) => `Avança os dois lados ${seconds} ${plural(seconds, 'segundo', 'segundos')} de tempo virtual`,
    toEnd: 'Até o fim',
    toEndHint: (endMs, f) => `Roda os dois lados o mais rápido possível até ${f.time(endMs)}`,
    reset: 'Recomeçar',
    resetHint: 'Recarrega o cenário nos dois lados, do tempo zero',
    speed: 'Velocidade',
    time: 'Tempo virtual',
    sideTime: (side, time) => `${side}: ${time}`,
    end: (time) => `fim em ${time}`,
    running: 'Rodando',
    paused: 'Pausado',
    finished: 'Chegou ao fim',
  },
  faults: {
    label: 'Falhas nos dois lados',
    hint: 'Cada falha vale para os dois lados, no mesmo instante virtual.',
    broker: 'Broker que recebe a falha',
    brokerOption: (broker) => `broker ${broker}`,
    crashBroker: (broker) => `Derrubar broker ${broker}`,
    restartBroker: (broker) => `Religar broker ${broker}`,
    healNetwork: 'Curar a rede',
    applied: (what, time) => `“${what}” aplicado aos dois lados em ${time}.`,
    refusedOn: (side, error) => `O lado ${side} recusou: ${error}.`,
  },
  side: {
    heading: (letter) => `Lado ${letter}`,
    brokers: 'Brokers',
    brokerUp: (id) => `broker ${id} no ar`,
    brokerDown: (id) => `broker ${id} fora do ar`,
    partitions: 'Partições',
    partition: 'Partição',
    leader: 'Leader',
    epoch: 'Epoch',
    isr: 'ISR',
    hw: 'HW',
    hwHint: 'high watermark: registros abaixo dele estão em todo o ISR',
    noLeader: 'nenhum',
    producers: 'Produtores',
    producerLine: (id, acked, failed, sent) => `${id}: ${acked} confirmados, ${failed} falharam, de ${sent} enviados`,
    groups: 'Consumer groups',
    groupLine: (id, state, generation, members) => `${id}: ${state}, generation ${generation}, ${members} ${plural(members, 'membro', 'membros')}`,
    noGroups: 'Nenhum consumer group.',
  },
  verdict: {
    heading: 'Veredito',
    caption: 'O que cada lado fez até agora (menor é melhor em todas as linhas)',
    metric: 'Medida',
    metrics: {
      lost: 'Registros confirmados perdidos',
      duplicated: 'Registros duplicados',
      reordered: 'Registros fora de ordem',
      failed: 'Envios que falharam',
      stopTheWorldMs: 'Tempo com o grupo todo parado',
      unownedPartitionMs: 'Tempo de partições sem dono',
      longestGapMs: 'Maior espera de uma partição',
    },
    better: 'melhor',
    empty: 'O veredito aparece quando os dois lados começam a rodar.',
    measuredAt: (time) => `Medido em ${time} de tempo virtual.`,
    differencesHeading: 'Diferenças',
    noDifference: 'Até agora os dois lados estão empatados em todas as medidas.',
    phrases: {
      lost: (n, f) => (n === 0 ? 'nenhum registro confirmado sumiu' : `${f.integer(n)} ${plural(n, 'registro confirmado sumiu', 'registros confirmados sumiram')}`),
      duplicated: (n, f) => (n === 0 ? 'nenhum registro ficou duplicado' : `${f.integer(n)} ${plural(n, 'registro ficou duplicado', 'registros ficaram duplicados')}`),
      reordered: (n, f) => (n === 0 ? 'nenhum registro saiu de ordem' : `${f.integer(n)} ${plural(n, 'registro saiu de ordem', 'registros saíram de ordem')}`),
      failed: (n, f) => (n === 0 ? 'nenhum envio falhou' : `${f.integer(n)} ${plural(n, 'envio falhou', 'envios falharam')}`),
      stopTheWorldMs: (ms, f) => (ms === 0 ? 'o grupo nunca parou por inteiro' : `o grupo ficou todo parado por ${f.integer(ms)} ms`),
      unownedPartitionMs: (ms, f) => (ms === 0 ? 'nenhuma partição ficou sem dono' : `as partições ficaram, somadas, ${f.integer(ms)} ms sem dono`),
      longestGapMs: (ms, f) => (ms === 0 ? 'nenhuma partição esperou por um dono' : `a maior espera de uma partição foi de ${f.integer(ms)} ms`),
    },
    callout: (inA, phraseA, inB, phraseB) => `${inA.charAt(0).toUpperCase()}${inA.slice(1)}, ${phraseA}; ${inB}, ${phraseB}.`,
  },
};
