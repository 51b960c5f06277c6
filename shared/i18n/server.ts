import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import type { TAppLanguage } from '../languages';
import { i18nOptions, isMessageKey } from './config';
import { resources } from './resources';

/** One instance with every language in memory; callers take a translator fixed to theirs. */
const instance = i18next.createInstance();
void instance.init(i18nOptions('en', resources));

export const serverI18n = instance;

export const translatorFor = (language: TAppLanguage): TFunction => instance.getFixedT(language);

type TZodIssue = z.core.$ZodIssue;

/**
 * A message for a person: a key, a key with values for its placeholders, or
 * a failed check of a zod schema (its own key if the schema gave one, else
 * zod's sentence for it in the reader's language).
 */
export type TMessage = string | { key: string; values?: Record<string, unknown> } | { issue: TZodIssue };

const ZOD_LOCALES = { en: z.locales.en, de: z.locales.de, fr: z.locales.fr, es: z.locales.es } as const;

/** The limits a zod check carries, for a schema's own message to quote (`{{maximum}}`). */
const issueValues = (issue: TZodIssue): Record<string, unknown> => {
  const { code: _code, path: _path, message: _message, ...values } = issue as TZodIssue & Record<string, unknown>;
  return values;
};

/** A message in the given language: keys are translated, anything else (a user's own words) is passed on. */
export function translateMessage(language: TAppLanguage, message: TMessage): string {
  if (typeof message === 'object' && 'issue' in message) {
    const { issue } = message;
    if (isMessageKey(issue.message)) return instance.t(issue.message, { ...issueValues(issue), lng: language });
    if (language === 'en') return issue.message;
    const localized = ZOD_LOCALES[language]().localeError?.(issue as never);
    return (typeof localized === 'string' ? localized : localized?.message) ?? issue.message;
  }
  const { key, values } = typeof message === 'string' ? { key: message, values: undefined } : message;
  if (!isMessageKey(key)) return key;
  return instance.t(key, { ...values, lng: language });
}

/** Field errors in the given language, keyed as they came. */
export const translateFieldErrors = (language: TAppLanguage, fields: Record<string, TMessage[]>) =>
  Object.fromEntries(
    Object.entries(fields).map(([field, messages]) => [field, messages.map((m) => translateMessage(language, m))]),
  );
