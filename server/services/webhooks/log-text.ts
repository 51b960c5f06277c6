import { isMessageKey } from '../../../shared/i18n/config';
import { translateMessage, type TMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';

/**
 * What the delivery log and an endpoint's switch-off note say is stored in
 * text columns, written once and read in whatever language the reader uses
 * (a page, an API call's Accept-Language). So the column holds the message,
 * not a sentence: its key alone, or `{"key", "values"}` as JSON, where a
 * value may be a message itself (the reason an address was refused).
 * Rows written as English sentences before are shown as they are.
 */
export const storedMessage = (message: TMessage): string =>
  typeof message === 'string' ? message : JSON.stringify(message);

const isMessage = (value: unknown): value is TMessage =>
  (typeof value === 'string' && isMessageKey(value)) ||
  (typeof value === 'object' &&
    value !== null &&
    ((typeof (value as { key?: unknown }).key === 'string' && isMessageKey((value as { key: string }).key)) ||
      'issue' in value));

const parsed = (stored: string): TMessage | null => {
  if (isMessageKey(stored)) return stored;
  if (!stored.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return isMessage(value) ? value : null;
  } catch {
    return null;
  }
};

const render = (language: TAppLanguage, message: TMessage): string => {
  if (typeof message === 'string' || !('key' in message) || !message.values) return translateMessage(language, message);
  const values = Object.fromEntries(
    Object.entries(message.values).map(([name, value]) => [name, isMessage(value) ? render(language, value) : value]),
  );
  return translateMessage(language, { key: message.key, values });
};

/** A stored message in the reader's language. */
export function readMessage(language: TAppLanguage, stored: string): string;
export function readMessage(language: TAppLanguage, stored: string | null): string | null;
export function readMessage(language: TAppLanguage, stored: string | null): string | null {
  if (stored === null) return null;
  const message = parsed(stored);
  return message === null ? stored : render(language, message);
}

/** An attempt of the delivery log, its error in the reader's language. */
export const localizedAttempt = <T extends { error: string | null }>(language: TAppLanguage, attempt: T): T => ({
  ...attempt,
  error: readMessage(language, attempt.error),
});

/** An endpoint, why it was switched off in the reader's language. */
export const localizedEndpoint = <T extends { disabledReason: string | null }>(
  language: TAppLanguage,
  endpoint: T,
): T => ({
  ...endpoint,
  disabledReason: readMessage(language, endpoint.disabledReason),
});
