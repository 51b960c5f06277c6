import { Form } from '@remix-run/react';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events';

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
  return (
    <Form method="post" className="space-y-4" noValidate aria-label={props.submitLabel}>
      <input type="hidden" name="intent" value={props.intent} />
      {props.endpointId && <input type="hidden" name="endpointId" value={props.endpointId} />}
      <FormMessage message={failure?.message} />
      <TextField
        label="Endpoint URL"
        name="url"
        type="url"
        required
        placeholder="https://example.com/webhooks/parley"
        defaultValue={failure?.values.url ?? initial.url}
        errors={failure?.fieldErrors.url}
        description="Parley POSTs each event here as JSON, signed. Public addresses only; redirects are not followed."
      />
      <TextField
        label="Description (optional)"
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
          Chatbot
        </label>
        <select
          id={`${props.intent}-chatbot`}
          name="chatbotId"
          defaultValue={failure?.values.chatbotId ?? initial.chatbotId ?? ''}
          className="mt-1.5 w-full rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
        >
          <option value="">All chatbots</option>
          {props.chatbots.map((chatbot) => (
            <option key={chatbot.id} value={chatbot.id}>
              {chatbot.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Events</legend>
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
                <span className="block text-slate-600 dark:text-slate-400">{WEBHOOK_EVENTS[type]}</span>
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
      <SubmitButton pendingLabel="Saving…">{props.submitLabel}</SubmitButton>
    </Form>
  );
}
