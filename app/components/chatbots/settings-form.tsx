import type { AppLoadContext } from '@remix-run/node';
import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { useFormat } from '~/lib/format';
import { buttonPrimary } from '~/lib/styles';
import type { TSettingsActionData } from './settings-action.server';
import { RadioGroup, Select, SettingsSection, TextArea } from './settings-fields';
import { WebhookSecret } from './settings-webhook-secret';
import { SuggestedQuestionsField, WebsitesField } from './setting-lists';

const ANSWER_LENGTHS = [
  { value: 'short', label: 'chatbots:settingsForm.answers.lengths.short' },
  { value: 'medium', label: 'chatbots:settingsForm.answers.lengths.medium' },
  { value: 'long', label: 'chatbots:settingsForm.answers.lengths.long' },
  { value: 'custom', label: 'chatbots:settingsForm.answers.lengths.custom' },
];

const RESPONSE_MODES = [
  {
    value: 'ai',
    label: 'chatbots:settingsForm.responses.modes.ai.label',
    hint: 'chatbots:settingsForm.responses.modes.ai.hint',
  },
  {
    value: 'webhook',
    label: 'chatbots:settingsForm.responses.modes.webhook.label',
    hint: 'chatbots:settingsForm.responses.modes.webhook.hint',
  },
  {
    value: 'human',
    label: 'chatbots:settingsForm.responses.modes.human.label',
    hint: 'chatbots:settingsForm.responses.modes.human.hint',
  },
];

const HANDOFF_POLICIES = [
  { value: 'never', label: 'chatbots:settingsForm.responses.handoffPolicies.never' },
  { value: 'on_request', label: 'chatbots:settingsForm.responses.handoffPolicies.onRequest' },
  { value: 'on_low_confidence', label: 'chatbots:settingsForm.responses.handoffPolicies.onLowConfidence' },
  { value: 'always_offer', label: 'chatbots:settingsForm.responses.handoffPolicies.alwaysOffer' },
];

/** A slider's value with two decimals, as the page's language writes them ("0.35", "0,35"). */
const TWO_DECIMALS = { minimumFractionDigits: 2, maximumFractionDigits: 2 };

/** The chatbot as the settings page loads it. */
type TChatbot = Awaited<ReturnType<AppLoadContext['trpc']['chatbot']['get']>>;

/** The one form of everything set on a chatbot, saved together with the "save" intent. */
export function SettingsForm({
  chatbot,
  languages,
  isAdmin,
  webhookSecret,
  failure,
}: {
  chatbot: TChatbot;
  /** The answer languages' codes, named here in the reader's language. */
  languages: readonly string[];
  isAdmin: boolean;
  webhookSecret: string | null;
  failure?: TSettingsActionData;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save';
  const languageOptions = languages
    .map((code) => ({ value: code, label: format.languageName(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, format.lng));
  const translated = <T extends { label: string; hint?: string }>(options: T[]) =>
    options.map((option) => ({ ...option, label: t(option.label), hint: option.hint && t(option.hint) }));
  const formRef = useRef<HTMLFormElement>(null);
  const settings = chatbot.settings;
  const errors = failure?.fieldErrors ?? {};
  const value = (name: string, stored: string | number) => failure?.values[name] ?? String(stored);
  const errorsFor = (name: string) => errors[name];

  const storedLength = settings.answerLength;
  const [responseMode, setResponseMode] = useState(value('settings.responseMode', settings.responseMode));
  const [languagePolicy, setLanguagePolicy] = useState(value('settings.languagePolicy', settings.languagePolicy));
  const [answerLength, setAnswerLength] = useState(
    value('settings.answerLength', typeof storedLength === 'number' ? 'custom' : storedLength),
  );
  const [temperature, setTemperature] = useState(value('settings.temperature', settings.temperature));
  const [threshold, setThreshold] = useState(value('settings.confidenceThreshold', settings.confidenceThreshold));

  // After a refusal, take the person to the first field that needs them.
  useEffect(() => {
    if (!failure) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [failure]);

  return (
    <>
      <Form ref={formRef} method="post" noValidate aria-label={t('chatbots:settingsForm.label')} className="space-y-8">
        <input type="hidden" name="intent" value="save" />
        <fieldset disabled={!isAdmin} className="space-y-8">
          <SettingsSection
            id="general"
            title={t('chatbots:settingsForm.general.title')}
            description={t('chatbots:settingsForm.general.description')}
          >
            <TextField
              label={t('chatbots:settingsForm.general.name')}
              name="name"
              maxLength={80}
              defaultValue={value('name', chatbot.name)}
              errors={errorsFor('name')}
            />
          </SettingsSection>

          <SettingsSection
            id="answers"
            title={t('chatbots:settingsForm.answers.title')}
            description={t('chatbots:settingsForm.answers.description')}
          >
            <TextArea
              label={t('chatbots:settingsForm.answers.persona')}
              name="settings.persona"
              rows={6}
              maxLength={4000}
              defaultValue={value('settings.persona', settings.persona)}
              errors={errorsFor('settings.persona')}
              description={t('chatbots:settingsForm.answers.personaHelp', { maximum: 4000 })}
            />
            <RadioGroup
              legend={t('chatbots:settingsForm.answers.languagePolicy')}
              name="settings.languagePolicy"
              value={languagePolicy}
              onChange={setLanguagePolicy}
              errors={errorsFor('settings.languagePolicy')}
              options={[
                {
                  value: 'match_visitor',
                  label: t('chatbots:settingsForm.answers.matchVisitor'),
                  hint: t('chatbots:settingsForm.answers.matchVisitorHint'),
                },
                { value: 'fixed', label: t('chatbots:settingsForm.answers.fixed') },
              ]}
            />
            <Select
              label={
                languagePolicy === 'fixed'
                  ? t('chatbots:settingsForm.answers.language')
                  : t('chatbots:settingsForm.answers.fallbackLanguage')
              }
              name="settings.language"
              options={languageOptions}
              defaultValue={value('settings.language', settings.language)}
              errors={errorsFor('settings.language')}
            />
            <TextField
              label={t('chatbots:settingsForm.answers.model')}
              name="settings.model"
              placeholder={
                chatbot.defaultModel
                  ? t('chatbots:settingsForm.answers.modelDefault', { model: chatbot.defaultModel })
                  : t('chatbots:settingsForm.answers.modelOffline')
              }
              defaultValue={value('settings.model', settings.model ?? '')}
              errors={errorsFor('settings.model')}
              description={t('chatbots:settingsForm.answers.modelHelp')}
            />
            <div>
              <label htmlFor="temperature" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('chatbots:settingsForm.answers.creativity')}{' '}
                <output htmlFor="temperature">{format.number(Number(temperature), TWO_DECIMALS)}</output>
              </label>
              <input
                id="temperature"
                type="range"
                name="settings.temperature"
                min={0}
                max={1}
                step={0.05}
                value={temperature}
                onChange={(event) => setTemperature(event.target.value)}
                aria-describedby="temperature-help"
                className="mt-2 w-full accent-brand-600"
              />
              <p id="temperature-help" className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
                <span>{t('chatbots:settingsForm.answers.creativityLow')}</span>
                <span>{t('chatbots:settingsForm.answers.creativityHigh')}</span>
              </p>
              {errorsFor('settings.temperature') && (
                <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">{errorsFor('settings.temperature')![0]}</p>
              )}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <Select
                label={t('chatbots:settingsForm.answers.answerLength')}
                name="settings.answerLength"
                options={translated(ANSWER_LENGTHS)}
                value={answerLength}
                onChange={(event) => setAnswerLength(event.target.value)}
                errors={answerLength === 'custom' ? undefined : errorsFor('settings.answerLength')}
              />
              {answerLength === 'custom' && (
                <TextField
                  label={t('chatbots:settingsForm.answers.tokenLimit')}
                  name="answerLengthCap"
                  type="number"
                  inputMode="numeric"
                  min={50}
                  max={2000}
                  step={1}
                  defaultValue={value('answerLengthCap', typeof storedLength === 'number' ? storedLength : 400)}
                  errors={errorsFor('settings.answerLength')}
                  description={t('chatbots:settingsForm.answers.tokenLimitHelp', { minimum: 50, maximum: 2000 })}
                />
              )}
            </div>
          </SettingsSection>

          <SettingsSection
            id="conversation"
            title={t('chatbots:settingsForm.conversation.title')}
            description={t('chatbots:settingsForm.conversation.description')}
          >
            <TextArea
              label={t('chatbots:settingsForm.conversation.greeting')}
              name="settings.greeting"
              rows={2}
              maxLength={500}
              defaultValue={value('settings.greeting', settings.greeting)}
              errors={errorsFor('settings.greeting')}
              description={t('chatbots:settingsForm.conversation.greetingHelp')}
            />
            <SuggestedQuestionsField
              initial={failure?.lists.suggestedQuestions ?? settings.suggestedQuestions}
              errorsFor={errorsFor}
              disabled={!isAdmin}
            />
            <TextArea
              label={t('chatbots:settingsForm.conversation.fallback')}
              name="settings.fallbackMessage"
              rows={3}
              maxLength={500}
              defaultValue={value('settings.fallbackMessage', settings.fallbackMessage)}
              errors={errorsFor('settings.fallbackMessage')}
              description={t('chatbots:settingsForm.conversation.fallbackHelp')}
            />
          </SettingsSection>

          <SettingsSection
            id="responses"
            title={t('chatbots:settingsForm.responses.title')}
            description={t('chatbots:settingsForm.responses.description')}
          >
            <RadioGroup
              legend={t('chatbots:settingsForm.responses.mode')}
              name="settings.responseMode"
              value={responseMode}
              onChange={setResponseMode}
              options={translated(RESPONSE_MODES)}
              errors={errorsFor('settings.responseMode')}
            />
            {responseMode === 'webhook' && (
              <TextField
                label={t('chatbots:settingsForm.responses.webhookUrl')}
                name="settings.webhookUrl"
                type="url"
                inputMode="url"
                placeholder="https://n8n.example.com/webhook/…"
                defaultValue={value('settings.webhookUrl', settings.webhookUrl ?? '')}
                errors={errorsFor('settings.webhookUrl')}
                description={t('chatbots:settingsForm.responses.webhookUrlHelp')}
              />
            )}
            {responseMode === 'webhook' && webhookSecret && <WebhookSecret secret={webhookSecret} />}
            <Select
              label={t('chatbots:settingsForm.responses.handoff')}
              name="settings.handoffPolicy"
              options={translated(HANDOFF_POLICIES)}
              defaultValue={value('settings.handoffPolicy', settings.handoffPolicy)}
              errors={errorsFor('settings.handoffPolicy')}
            />
            <div>
              <label htmlFor="threshold" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('chatbots:settingsForm.responses.threshold')}{' '}
                <output htmlFor="threshold">{format.number(Number(threshold), TWO_DECIMALS)}</output>
              </label>
              <input
                id="threshold"
                type="range"
                name="settings.confidenceThreshold"
                min={0}
                max={1}
                step={0.05}
                value={threshold}
                onChange={(event) => setThreshold(event.target.value)}
                aria-describedby="threshold-help"
                className="mt-2 w-full accent-brand-600"
              />
              <p id="threshold-help" className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {t('chatbots:settingsForm.responses.thresholdHelp')}
              </p>
              {errorsFor('settings.confidenceThreshold') && (
                <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">
                  {errorsFor('settings.confidenceThreshold')![0]}
                </p>
              )}
            </div>
            <label className="flex items-start gap-2.5 text-sm">
              <input
                type="checkbox"
                name="settings.showSources"
                defaultChecked={failure ? failure.values['settings.showSources'] === 'on' : settings.showSources}
                className="mt-0.5 size-4 accent-brand-600"
              />
              <span>
                <span className="font-medium text-slate-800 dark:text-slate-200">
                  {t('chatbots:settingsForm.responses.showSources')}
                </span>
                <span className="block text-slate-600 dark:text-slate-400">
                  {t('chatbots:settingsForm.responses.showSourcesHelp')}
                </span>
              </span>
            </label>
          </SettingsSection>

          <SettingsSection
            id="websites"
            title={t('chatbots:settingsForm.websites.title')}
            description={t('chatbots:settingsForm.websites.description')}
          >
            <WebsitesField
              initial={failure?.lists.allowedOrigins ?? chatbot.allowedOrigins}
              errorsFor={errorsFor}
              disabled={!isAdmin}
            />
          </SettingsSection>
        </fieldset>

        {isAdmin && (
          // Sticky: on a long form (and on a phone) the save button and its message stay in reach.
          <div className="sticky bottom-0 z-10 -mx-4 flex flex-col gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:flex-row sm:items-center sm:justify-end sm:px-6 lg:-mx-8 lg:px-8 dark:border-slate-800 dark:bg-slate-950/95">
            <div className="sm:mr-auto">
              <FormMessage message={failure?.message} />
            </div>
            <button type="submit" className={buttonPrimary} disabled={isSaving}>
              {isSaving ? t('common:actions.saving') : t('chatbots:settingsForm.save')}
            </button>
          </div>
        )}
      </Form>
      {/* Its button sits in the webhook settings above; forms cannot nest, so it points here by id. */}
      <Form id="rotate-webhook-secret" method="post" hidden>
        <input type="hidden" name="intent" value="rotateWebhookSecret" />
      </Form>
    </>
  );
}
