import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { WEBHOOK_EVENT_TYPES, type TWebhookEventType } from '../../../shared/webhook-events';

/** What each event means, for people; the event names themselves are identifiers. */
const EVENT_TEXT: Record<TWebhookEventType, string> = {
  'conversation.created': 'developers:webhooks.events.conversationCreated',
  'message.created': 'developers:webhooks.events.messageCreated',
  'handoff.requested': 'developers:webhooks.events.handoffRequested',
  'conversation.assigned': 'developers:webhooks.events.conversationAssigned',
  'conversation.resolved': 'developers:webhooks.events.conversationResolved',
  'feedback.created': 'developers:webhooks.events.feedbackCreated',
  'source.ready': 'developers:webhooks.events.sourceReady',
  'source.failed': 'developers:webhooks.events.sourceFailed',
};

export type TEndpointFormValues = {
  url: string;
  description: string;
  chatbotId: string | null;
  events: readonly string[];
};

export type TFormFailureView = {
  message: string;
  fieldErrors: Record<string, string[]>;
  values: Record<string, string>;
};

/** Create or edit an endpoint: address, what it is for, which chatbot, which events. */
export function EndpointForm(props: {
  intent: 'create' | 'update';
  endpointId?: string;
  initial: TEndpointFormValues;
  chatbots: { id: string; name: string }[];
  failure: TFormFailureView | null;
  submitLabel: string;
}) {
  const { failure, initial } = props;
  const { t } = useTranslation();
  return (
    <Form method="post" className="space-y-4" noValidate aria-label={props.submitLabel}>
      <input type="hidden" name="intent" value={props.intent} />
      {props.endpointId && <input type="hidden" name="endpointId" value={props.endpointId} />}
      <FormMessage message={failure?.message} />
      <TextField
        label={t('developers:webhooks.form.url')}
        name="url"
        type="url"
        required
        placeholder="https://example.com/webhooks/parley"
        defaultValue={failure?.values.url ?? initial.url}
        errors={failure?.fieldErrors.url}
        description={t('developers:webhooks.form.urlHelp')}
      />
      <TextField
        label={t('developers:webhooks.form.description')}
        name="description"
        maxLength={200}
        defaultValue={failure?.values.description ?? initial.description}
        errors={failure?.fieldErrors.description}
      />
      <div>
        <label
          htmlFor={`${props.intent}-chatbot`}
          className="block text-sm font-medium text-slate-800 dark:text-slate-200"
        >
          {t('developers:webhooks.form.chatbot')}
        </label>
        <select
          id={`${props.intent}-chatbot`}
          name="chatbotId"
          defaultValue={failure?.values.chatbotId ?? initial.chatbotId ?? ''}
          className="mt-1.5 w-full rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
        >
          <option value="">{t('developers:webhooks.form.allChatbots')}</option>
          {props.chatbots.map((chatbot) => (
            <option key={chatbot.id} value={chatbot.id}>
              {chatbot.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('developers:webhooks.form.events')}
        </legend>
        <div className="mt-2 space-y-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name="events"
                value={type}
                defaultChecked={initial.events.includes(type)}
                className="mt-0.5 rounded border-slate-300 text-brand-600 dark:border-slate-600"
              />
              <span>
                <code className="font-mono text-slate-900 dark:text-white">{type}</code>
                <span className="block text-slate-600 dark:text-slate-400">{t(EVENT_TEXT[type])}</span>
              </span>
            </label>
          ))}
        </div>
        {failure?.fieldErrors.events?.map((error) => (
          <p key={error} className="mt-1.5 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ))}
      </fieldset>
      <SubmitButton pendingLabel={t('common:actions.saving')}>{props.submitLabel}</SubmitButton>
    </Form>
  );
}
