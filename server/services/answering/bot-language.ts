import type { TVisitor } from '../../../db/schema';
import { languageOfLocale } from '../../../shared/i18n/detect';
import { translateMessage } from '../../../shared/i18n/server';
import { LANGUAGES } from '../../../shared/i18n/config';
import { isAppLanguage, type TAppLanguage } from '../../../shared/languages';
import { DEFAULT_SETTINGS, type TChatbotSettings } from '../chatbots/settings';

/**
 * The language of what the bot says in its own words (the offline notice,
 * the default fallback and greeting, the hand-off lines): the chatbot's
 * fixed answer language when it has one Parley speaks, else the visitor's
 * browser language (as the widget's own strings), else English. What the
 * model or the knowledge says follows the answer-language policy itself.
 */
export function botLanguage(
  settings: Pick<TChatbotSettings, 'languagePolicy' | 'language'>,
  visitor: Pick<TVisitor, 'locale'> | null,
): TAppLanguage {
  if (settings.languagePolicy === 'fixed' && isAppLanguage(settings.language)) return settings.language;
  return languageOfLocale(visitor?.locale);
}

/** One of the bot's own sentences, in a language. */
export const botSays = (language: TAppLanguage, key: string, values?: Record<string, unknown>) =>
  translateMessage(language, { key, values });

/**
 * A setting prefilled with Parley's own sentence speaks the visitor's
 * language; once the owner writes their own, theirs is said as written.
 */
const ownOrDefault = (value: string, fallbackSetting: string, key: string, language: TAppLanguage) =>
  value === fallbackSetting ? botSays(language, key) : value;

export const fallbackMessageIn = (settings: Pick<TChatbotSettings, 'fallbackMessage'>, language: TAppLanguage) =>
  ownOrDefault(settings.fallbackMessage, DEFAULT_SETTINGS.fallbackMessage, 'bot:defaults.fallback', language);

export const greetingIn = (settings: Pick<TChatbotSettings, 'greeting'>, language: TAppLanguage) =>
  ownOrDefault(settings.greeting, DEFAULT_SETTINGS.greeting, 'bot:defaults.greeting', language);

/** The offline notice in every language, to tell whether an earlier answer already said it. */
export const OFFLINE_PREFACES = LANGUAGES.map((language) => botSays(language, 'bot:offlinePreface'));
