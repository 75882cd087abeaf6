// Brazilian Portuguese: log storage in the browser (OPFS), recovery and segment downloads.
import type { StorageMessages } from '../messages/storage.ts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

export const storage: StorageMessages = {
  unavailableTitle: 'Segmentos só na memória',
  unavailable:
    'Este navegador não oferece o armazenamento de arquivos da página (OPFS) — numa janela anônima, por exemplo. O laboratório continua funcionando normalmente com os segmentos na memória, mas um log muito grande pode deixar a página pesada.',
  failedTitle: 'Espaço de armazenamento esgotado',
  failed: (fileBytes, f) =>
    `O navegador recusou gravar mais segmentos (cota de armazenamento excedida). O laboratório continua funcionando com os registros novos na memória; os ${f.bytes(fileBytes)} já gravados em arquivo continuam lá e nada se perdeu.`,
  details: 'Detalhe técnico',
  dismiss: 'Fechar aviso',
  recoveryTitle: 'Log recuperado da sessão anterior',
  recoverySummary: (s, f) =>
    `Como o Kafka depois de um desligamento abrupto, os segmentos deixados pela aba anterior foram verificados batch a batch (tamanho e CRC): ${f.integer(s.partitions)} ${plural(s.partitions, 'réplica de partição', 'réplicas de partição')}, ${f.integer(s.segments)} ${plural(s.segments, 'segmento', 'segmentos')}, ${f.integer(s.batches)} ${plural(s.batches, 'batch válido', 'batches válidos')}; ` +
    (s.truncatedPartitions === 0
      ? 'nenhuma cauda corrompida'
      : `${f.integer(s.truncatedPartitions)} ${plural(s.truncatedPartitions, 'cauda truncada', 'caudas truncadas')} (${f.bytes(s.bytesTruncated)} cortados)`) +
    `; ${f.integer(s.indexEntriesRebuilt)} ${plural(s.indexEntriesRebuilt, 'entrada de índice reconstruída', 'entradas de índice reconstruídas')}.`,
  recoveryPartition: (p, f) =>
    `${p.broker}, ${p.dir}: ${f.bytes(p.bytesTruncated)} truncados a partir do offset ${p.truncatedAtOffset === null ? '—' : f.integer(p.truncatedAtOffset)}` +
    (p.segmentsDeleted > 0 ? ` (${plural(p.segmentsDeleted, 'o segmento seguinte foi apagado', `os ${f.integer(p.segmentsDeleted)} segmentos seguintes foram apagados`)}, como faz o Kafka)` : '') +
    `; restam ${f.integer(p.batches)} ${plural(p.batches, 'batch', 'batches')} em ${f.integer(p.segments)} ${plural(p.segments, 'segmento', 'segmentos')}.`,
  download: {
    column: 'Arquivos',
    button: (suffix) => suffix,
    label: (fileName, broker) => `Baixar o arquivo ${fileName} do broker ${broker}`,
    failed: 'Não foi possível ler os arquivos deste segmento.',
  },
};
