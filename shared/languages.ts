/** The languages the web app and its e-mails are written in (the account setting's options and its check). */
export const APP_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
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
