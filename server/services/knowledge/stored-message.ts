import { translateMessage, type TMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';

/**
 * What a background job writes for people to read later (a source's `error`
 * and `syncError`, the note at the top of a sitemap's or crawl's content):
 * written once, read by whoever looks, in their language. So it is stored as
 * a key, or as JSON holding a key with its values (several sentences as a
 * JSON array of them), and translated when it is read. Anything else (older
 * rows, a third party's own words) reads as it was stored.
 */
type TKeyed = { key: string; values?: Record<string, unknown> };

const keyed = (message: TMessage, english: string): TKeyed | string =>
  typeof message === 'string' ? message : 'key' in message ? message : english;

/** The stored form of one message, or of sentences read one after the other. */
export function storeMessage(message: TMessage | TMessage[]): string {
  const messages = Array.isArray(message) ? message : [message];
  const parts = messages.map((part) => keyed(part, translateMessage('en', part)));
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  // One line (JSON.stringify writes none): a sitemap's note is the first line of its content.
  return JSON.stringify(parts.length === 1 ? parts[0] : parts);
}

const isKeyed = (value: unknown): value is TKeyed =>
  !!value && typeof value === 'object' && typeof (value as TKeyed).key === 'string';

/** A stored message in the given language; null stays null. */
export function readStoredMessage(language: TAppLanguage, stored: string): string;
export function readStoredMessage(language: TAppLanguage, stored: string | null | undefined): string | null;
export function readStoredMessage(language: TAppLanguage, stored: string | null | undefined): string | null {
  if (stored === null || stored === undefined) return null;
  const trimmed = stored.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stored);
    } catch {
      return stored;
    }
    const parts = Array.isArray(parsed) ? parsed : [parsed];
    if (!parts.every((part) => typeof part === 'string' || isKeyed(part))) return stored;
    return parts.map((part) => translateMessage(language, part as TKeyed | string)).join(' ');
  }
  return translateMessage(language, stored);
}

/** A source as the procedures answer it: its stored messages in the reader's language. */
export const localizedSource = <T extends { error?: string | null; syncError?: string | null; note?: string | null }>(
  language: TAppLanguage,
  source: T,
): T => ({
  ...source,
  ...('error' in source ? { error: readStoredMessage(language, source.error) } : {}),
  ...('syncError' in source ? { syncError: readStoredMessage(language, source.syncError) } : {}),
  ...('note' in source ? { note: readStoredMessage(language, source.note) } : {}),
});
