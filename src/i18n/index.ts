// The app's languages. A language is one file next to this one, named by its BCP 47 tag
// (pt-BR.ts, en-US.ts, ...), whose default export is a complete `Messages` object: adding the file
// is all it takes. Brazilian Portuguese is the default; `?lang=en-US` picks another one.
import { getContext, setContext } from 'svelte';
import type { Formatters, Messages } from './messages.ts';
import { createFormatters } from './format.ts';
import { ptBR } from './pt-BR.ts';

export type { Formatters, Messages } from './messages.ts';

const files = import.meta.glob<{ default: Messages }>('./[a-z][a-z]-[A-Z][A-Z].ts', { eager: true });

export const LANGUAGES: ReadonlyMap<string, Messages> = new Map(
  Object.values(files).map((file) => [file.default.languageTag, file.default] as const),
);

export const DEFAULT_LANGUAGE = ptBR.languageTag;

export function chooseMessages(requested: string | null): Messages {
  return (requested !== null ? LANGUAGES.get(requested) : undefined) ?? ptBR;
}

export interface I18n {
  t: Messages;
  f: Formatters;
}

export function createI18n(messages: Messages): I18n {
  return { t: messages, f: createFormatters(messages) };
}

const I18N_KEY = Symbol('i18n');

export function setI18nContext(i18n: I18n): void {
  setContext(I18N_KEY, i18n);
}

export function getI18n(): I18n {
  const i18n = getContext<I18n | undefined>(I18N_KEY);
  if (!i18n) throw new Error('getI18n() called outside of <App>: no messages in context');
  return i18n;
}
