// A session in a link (JSON, deflated with fflate, base64url in the `sessao` query parameter, which
// lives beside the hash router's "#/..." address) and in a file (plain JSON, for sessions too long
// for an address). Decoding never throws: every failure becomes a SessionError.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { validateSession, type DecodeResult, type SessionDoc } from './schema.ts';

export const LINK_PARAMETER = 'sessao';
/** Browsers and chat apps cut addresses somewhere past this; longer sessions go in a file. */
export const LINK_LENGTH_MAX = 60_000;
/** A session file larger than this is refused before it is read (a real one is far smaller). */
export const FILE_BYTES_MAX = 50 * 1024 * 1024;
/** Refuses a payload that inflates beyond this (a hostile link cannot fill the memory). */
const INFLATED_BYTES_MAX = 64 * 1024 * 1024;

export function encodeSessionPayload(doc: SessionDoc): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }));
}

export function decodeSessionPayload(payload: string): DecodeResult {
  const text = payload.trim();
  if (text.length === 0) return { ok: false, error: { code: 'empty' } };
  if (text.length > LINK_LENGTH_MAX * 4) return { ok: false, error: { code: 'tooLarge' } };
  const bytes = fromBase64Url(text);
  if (bytes === null) return { ok: false, error: { code: 'notBase64' } };
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(bytes);
  } catch (error) {
    return { ok: false, error: { code: 'notCompressed', detail: describe(error) } };
  }
  if (inflated.length > INFLATED_BYTES_MAX) return { ok: false, error: { code: 'tooLarge' } };
  return decodeSessionText(strFromU8(inflated));
}

/** The address that opens this session: the page's own address, the payload, and the session's route. */
export function sessionLink(doc: SessionDoc, base: string): string {
  const url = new URL(base);
  url.search = '';
  url.searchParams.set(LINK_PARAMETER, encodeSessionPayload(doc));
  url.hash = doc.ui.route;
  return url.toString();
}

/** The payload of a session link in this address, or null when it carries none. */
export function linkPayload(search: string): string | null {
  return new URLSearchParams(search).get(LINK_PARAMETER);
}

export function encodeSessionFile(doc: SessionDoc): string {
  return JSON.stringify(doc);
}

export function decodeSessionText(text: string): DecodeResult {
  if (text.trim().length === 0) return { ok: false, error: { code: 'empty' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { code: 'notJson', detail: describe(error) } };
  }
  return validateSession(value);
}

export async function decodeSessionFile(file: Blob): Promise<DecodeResult> {
  if (file.size === 0) return { ok: false, error: { code: 'empty' } };
  if (file.size > FILE_BYTES_MAX) return { ok: false, error: { code: 'tooLarge' } };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: { code: 'notJson', detail: 'not UTF-8 text' } };
  }
  return decodeSessionText(text);
}

/** A file name like "sessao-kafka-lab-2026-11-26-0412.json" (local time of the export). */
export function sessionFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `sessao-kafka-lab-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}.json`;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return null;
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  try {
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
