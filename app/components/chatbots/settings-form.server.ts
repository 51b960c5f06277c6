import type { TChatbotSettingsPatch } from '../../../server/services/chatbots/settings';
import { ANSWER_LANGUAGES } from '../../../shared/languages';

/** The answer languages' codes, for the settings form's select (it names them in the reader's language). */
export const languageOptions = (): readonly string[] => ANSWER_LANGUAGES;

/**
 * The settings form as `chatbot.update` input. Values are passed on as typed
 * (numbers as numbers, blanks as blanks): the procedure's zod schema is the
 * one place that decides what is acceptable, and its messages come back keyed
 * by the same names the form uses.
 */
export function readSettingsForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  const list = (name: string) => form.getAll(name).map(String);
  const number = (name: string) => (text(name).trim() === '' ? Number.NaN : Number(text(name)));
  const answerLength = text('settings.answerLength');
  const responseMode = text('settings.responseMode');
  // Checked by the procedure's schema at runtime; the cast only tells TypeScript so.
  const settings = {
    persona: text('settings.persona'),
    languagePolicy: text('settings.languagePolicy'),
    language: text('settings.language'),
    model: text('settings.model').trim() || null,
    temperature: number('settings.temperature'),
    answerLength: answerLength === 'custom' ? number('answerLengthCap') : answerLength,
    greeting: text('settings.greeting'),
    suggestedQuestions: list('settings.suggestedQuestions'),
    fallbackMessage: text('settings.fallbackMessage'),
    responseMode,
    // The address is only on the page in webhook mode; otherwise the stored one is kept for switching back.
    ...(form.has('settings.webhookUrl') && { webhookUrl: text('settings.webhookUrl').trim() || null }),
    handoffPolicy: text('settings.handoffPolicy'),
    confidenceThreshold: number('settings.confidenceThreshold'),
    showSources: form.get('settings.showSources') === 'on',
  } as TChatbotSettingsPatch;
  return { name: text('name'), settings, allowedOrigins: list('allowedOrigins') };
}
