import type { i18n, TOptions } from 'i18next';
import { isAppLanguage, type TAppLanguage } from '../../shared/languages';

type TMatch = { id: string; data?: unknown };

/**
 * Meta functions are not components, so they cannot use hooks: the entry
 * files register their i18next instance here (the server's holds every
 * language, the browser's the page's own), and meta reads the page's
 * language from root's loader data.
 */
let instance: i18n | null = null;
export const registerMetaI18n = (i18nInstance: i18n) => {
  instance = i18nInstance;
};

const languageOf = (matches: readonly TMatch[]): TAppLanguage => {
  const locale = (matches.find((match) => match.id === 'root')?.data as { locale?: string } | undefined)?.locale;
  return locale && isAppLanguage(locale) ? locale : 'en';
};

/** A text for a meta function, in the page's language. */
export function metaT(matches: readonly TMatch[], key: string, values?: TOptions): string {
  if (!instance) return key;
  return instance.getFixedT(languageOf(matches))(key, values) as string;
}

/** "<page> · Parley", in the page's language. */
export const pageTitle = (matches: readonly TMatch[], key: string, values?: TOptions) =>
  `${metaT(matches, key, values)} · Parley`;
