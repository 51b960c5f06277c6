import type { InitOptions } from 'i18next';
import { APP_LANGUAGES, type TAppLanguage } from '../languages';

/**
 * One namespace per area of the product, one JSON file each in
 * `locales/<language>/`. Keys are always written whole in code
 * (`t('inbox:list.empty')`), so a test can find every key in use without
 * knowing which namespace a component loaded.
 */
export const NAMESPACES = [
  'common',
  'landing',
  'auth',
  'dashboard',
  'chatbots',
  'knowledge',
  'playground',
  'inbox',
  'analytics',
  'settings',
  'developers',
  'admin',
  'mail',
  'bot',
] as const;

export type TNamespace = (typeof NAMESPACES)[number];
export type TResources = Record<TNamespace, Record<string, unknown>>;

export const LANGUAGES: readonly TAppLanguage[] = APP_LANGUAGES.map((language) => language.value);
export const DEFAULT_LANGUAGE: TAppLanguage = 'en';

/** A key written whole: `namespace:path.to.key`. Messages services throw are such keys. */
export const MESSAGE_KEY = new RegExp(`^(?:${NAMESPACES.join('|')}):[A-Za-z0-9_.-]+$`);
export const isMessageKey = (value: string) => MESSAGE_KEY.test(value);

/** The settings every i18next instance (server, browser, e-mail) shares. */
export const i18nOptions = (lng: TAppLanguage, resources: Partial<Record<TAppLanguage, TResources>>): InitOptions => ({
  lng,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES as TAppLanguage[],
  ns: NAMESPACES as unknown as string[],
  defaultNS: 'common',
  resources,
  // React escapes what it renders; e-mails escape their HTML themselves.
  interpolation: { escapeValue: false },
  // Resources are in memory: init synchronously so the first render already has them.
  initAsync: false,
  returnNull: false,
});
