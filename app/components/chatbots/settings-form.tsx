import type { AppLoadContext } from '@remix-run/node';
import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { FormMessage, TextField } from '~/components/form-fields';
import { buttonPrimary } from '~/lib/styles';
import type { TSettingsActionData } from './settings-action.server';
import { RadioGroup, Select, SettingsSection, TextArea } from './settings-fields';
import { WebhookSecret } from './settings-webhook-secret';
import { SuggestedQuestionsField, WebsitesField } from './setting-lists';

const ANSWER_LENGTHS = [
  { value: 'short', label: 'Short — a sentence or two' },
  { value: 'medium', label: 'Medium — a short paragraph' },
  { value: 'long', label: 'Long — several paragraphs' },
  { value: 'custom', label: 'Custom token limit' },
];

const RESPONSE_MODES = [
  { value: 'ai', label: 'AI with knowledge', hint: 'Answers from the chatbot’s knowledge with the AI model.' },
  {
    value: 'webhook',
    label: 'External webhook',
    hint: 'Each visitor message is sent to your address (an n8n flow, say) and its reply is shown.',
  },
  { value: 'human', label: 'Human only', hint: 'No automatic answers: every conversation goes to your team.' },
];

const HANDOFF_POLICIES = [
  { value: 'never', label: 'Never offer a person' },
  { value: 'on_request', label: 'When the visitor asks for a person' },
  { value: 'on_low_confidence', label: 'When unsure, or when asked' },
  { value: 'always_offer', label: 'Always show “talk to a person”' },
];

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
  languages: { value: string; label: string }[];
  isAdmin: boolean;
  webhookSecret: string | null;
  failure?: TSettingsActionData;
}) {
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save';
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
      <Form ref={formRef} method="post" noValidate aria-label="Chatbot settings" className="space-y-8">
        <input type="hidden" name="intent" value="save" />
        <fieldset disabled={!isAdmin} className="space-y-8">
          <SettingsSection id="general" title="General" description="The name your team sees in Parley.">
            <TextField
              label="Name"
              name="name"
              maxLength={80}
              defaultValue={value('name', chatbot.name)}
              errors={errorsFor('name')}
            />
          </SettingsSection>

          <SettingsSection
            id="answers"
            title="How it answers"
            description="The persona is the chatbot’s standing instructions. Visitors never see it."
          >
            <TextArea
              label="Persona and instructions"
              name="settings.persona"
              rows={6}
              maxLength={4000}
              defaultValue={value('settings.persona', settings.persona)}
              errors={errorsFor('settings.persona')}
              description="Who the chatbot is, its tone, and what it must or must not do. Up to 4,000 characters."
            />
            <RadioGroup
              legend="Answer language"
              name="settings.languagePolicy"
              value={languagePolicy}
              onChange={setLanguagePolicy}
              errors={errorsFor('settings.languagePolicy')}
              options={[
                { value: 'match_visitor', label: 'The visitor’s language', hint: 'Falls back to the language below.' },
                { value: 'fixed', label: 'Always the language below' },
              ]}
            />
            <Select
              label={languagePolicy === 'fixed' ? 'Language' : 'Fallback language'}
              name="settings.language"
              options={languages}
              defaultValue={value('settings.language', settings.language)}
              errors={errorsFor('settings.language')}
            />
            <TextField
              label="AI model"
              name="settings.model"
              placeholder={
                chatbot.defaultModel ? `Server default (${chatbot.defaultModel})` : 'Offline answers (no Gemini key)'
              }
              defaultValue={value('settings.model', settings.model ?? '')}
              errors={errorsFor('settings.model')}
              description="The Gemini model that writes this chatbot’s answers. Leave empty for the server’s default; without a Gemini key Parley answers offline whatever this says."
            />
            <div>
              <label htmlFor="temperature" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Creativity <output htmlFor="temperature">{Number(temperature).toFixed(2)}</output>
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
                <span>0 — precise, sticks to the facts</span>
                <span>1 — varied wording</span>
              </p>
              {errorsFor('settings.temperature') && (
                <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">{errorsFor('settings.temperature')![0]}</p>
              )}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <Select
                label="Answer length"
                name="settings.answerLength"
                options={ANSWER_LENGTHS}
                value={answerLength}
                onChange={(event) => setAnswerLength(event.target.value)}
                errors={answerLength === 'custom' ? undefined : errorsFor('settings.answerLength')}
              />
              {answerLength === 'custom' && (
                <TextField
                  label="Token limit"
                  name="answerLengthCap"
                  type="number"
                  inputMode="numeric"
                  min={50}
                  max={2000}
                  step={1}
                  defaultValue={value('answerLengthCap', typeof storedLength === 'number' ? storedLength : 400)}
                  errors={errorsFor('settings.answerLength')}
                  description="50 to 2,000 tokens (about ¾ of a word each)."
                />
              )}
            </div>
          </SettingsSection>

          <SettingsSection
            id="conversation"
            title="Conversation"
            description="What visitors see when they open the chat, and when the bot has no answer."
          >
            <TextArea
              label="Greeting"
              name="settings.greeting"
              rows={2}
              maxLength={500}
              defaultValue={value('settings.greeting', settings.greeting)}
              errors={errorsFor('settings.greeting')}
              description="The first message in every new chat. Leave it empty for none."
            />
            <SuggestedQuestionsField
              initial={failure?.lists.suggestedQuestions ?? settings.suggestedQuestions}
              errorsFor={errorsFor}
              disabled={!isAdmin}
            />
            <TextArea
              label="Fallback message"
              name="settings.fallbackMessage"
              rows={3}
              maxLength={500}
              defaultValue={value('settings.fallbackMessage', settings.fallbackMessage)}
              errors={errorsFor('settings.fallbackMessage')}
              description="Sent when the bot cannot answer, or when the webhook fails."
            />
          </SettingsSection>

          <SettingsSection
            id="responses"
            title="Responses and handoff"
            description="Who answers, and when visitors are offered a person from your team."
          >
            <RadioGroup
              legend="Response mode"
              name="settings.responseMode"
              value={responseMode}
              onChange={setResponseMode}
              options={RESPONSE_MODES}
              errors={errorsFor('settings.responseMode')}
            />
            {responseMode === 'webhook' && (
              <TextField
                label="Webhook address"
                name="settings.webhookUrl"
                type="url"
                inputMode="url"
                placeholder="https://n8n.example.com/webhook/…"
                defaultValue={value('settings.webhookUrl', settings.webhookUrl ?? '')}
                errors={errorsFor('settings.webhookUrl')}
                description="An https:// address (http://localhost works while developing)."
              />
            )}
            {responseMode === 'webhook' && webhookSecret && <WebhookSecret secret={webhookSecret} />}
            <Select
              label="Offer a person"
              name="settings.handoffPolicy"
              options={HANDOFF_POLICIES}
              defaultValue={value('settings.handoffPolicy', settings.handoffPolicy)}
              errors={errorsFor('settings.handoffPolicy')}
            />
            <div>
              <label htmlFor="threshold" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                Confidence threshold <output htmlFor="threshold">{Number(threshold).toFixed(2)}</output>
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
                Answers whose best passage scores below this count as unsure: they can offer a person and are listed
                under Gaps.
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
                <span className="font-medium text-slate-800 dark:text-slate-200">Show sources</span>
                <span className="block text-slate-600 dark:text-slate-400">
                  Answers list the documents and FAQ entries they came from.
                </span>
              </span>
            </label>
          </SettingsSection>

          <SettingsSection
            id="websites"
            title="Allowed websites"
            description="The widget only loads on these sites. Type example.com (https is assumed), or *.example.com for all its subdomains."
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
              {isSaving ? 'Saving…' : 'Save settings'}
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
