// Brazilian Portuguese: offline use (service worker prompt, network indicator, app manifest).
import type { OfflineMessages } from '../messages/offline.ts';

export const offline: OfflineMessages = {
  manifest: {
    name: 'Laboratório Kafka',
    shortName: 'Lab Kafka',
    description: 'Um cluster Kafka simulado no navegador, para aprender e ensinar — funciona também sem rede.',
  },
  region: 'Avisos de uso offline',
  updateReady: 'Há uma versão nova do Laboratório Kafka.',
  updateReload: 'Recarregar',
  updateReloadHint: 'Recarrega a página com a versão nova',
  updateLater: 'Depois',
  offline: 'Sem rede — funcionando offline',
  offlineHint: 'Todas as lições e cenários continuam disponíveis; nada aqui precisa da internet',
  offlineReady: 'Pronto para funcionar sem rede',
};
