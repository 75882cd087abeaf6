// Turning untrusted JSON into a Scenario, or into errors that point at the bad field.
import en from 'zod/v4/locales/en.js';
import ptBR from 'zod/v4/locales/pt-BR.js';
import { scenarioSchema, type Scenario } from './schema.ts';

export interface ScenarioError {
  /** Dotted path of the bad field, e.g. "topics.0.partitions"; "" for the whole scenario. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export type MessageLanguage = 'en' | 'pt-BR';

const locales = { en: en(), 'pt-BR': ptBR() } as const;

export function parseScenario(input: unknown, language: MessageLanguage = 'en'): ParseResult {
  const result = scenarioSchema.safeParse(input, { error: locales[language].localeError });
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
}

/** Parses JSON text first, so that a syntax error is reported like any other. */
export function parseScenarioText(text: string, language: MessageLanguage = 'en'): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: language === 'pt-BR' ? `JSON inválido: ${detail}` : `invalid JSON: ${detail}` }] };
  }
  return parseScenario(json, language);
}
