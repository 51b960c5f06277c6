/** The languages a person can pick for their account (the form's options and the action's check). */
export const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
] as const;

export type TLanguage = (typeof LANGUAGES)[number]['value'];

export const isLanguage = (value: string): value is TLanguage => LANGUAGES.some((language) => language.value === value);
