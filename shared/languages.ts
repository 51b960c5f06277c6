/**
 * The languages the web app and its e-mails are written in (the account setting's options and its check).
 * Each is named in its own language on purpose, so a person finds theirs whatever the page's language.
 */
export const APP_LANGUAGES = [
  { value: 'en', label: 'English' }, // i18n-ignore
  { value: 'de', label: 'Deutsch' }, // i18n-ignore
  { value: 'fr', label: 'Français' }, // i18n-ignore
  { value: 'es', label: 'Español' }, // i18n-ignore
] as const;

export type TAppLanguage = (typeof APP_LANGUAGES)[number]['value'];

export const isAppLanguage = (value: string): value is TAppLanguage =>
  APP_LANGUAGES.some((language) => language.value === value);

/**
 * The languages a chatbot may be told to answer in (ISO 639-1). The settings
 * schema checks against it and the settings form lists it, named by `Intl`.
 */
export const ANSWER_LANGUAGES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'pl',
  'sv',
  'da',
  'nb',
  'fi',
  'cs',
  'tr',
  'ru',
  'uk',
  'ar',
  'ja',
  'ko',
  'zh',
] as const;
