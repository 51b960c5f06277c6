import { Form } from '@remix-run/react';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';

type TRetention = {
  days: number;
  keepIdentified: boolean;
  deleteTests: boolean;
  lastRunAt: Date | string | null;
  lastResult: { visitors: number; conversations: number; messages: number; tests?: number } | null;
};

const formatDate = (value: Date | string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));

/** The owner's data-retention policy, and what its last nightly run deleted. */
export function RetentionSection({
  retention,
  failure,
  isSaved,
}: {
  retention: TRetention;
  failure: { message: string; fieldErrors: Record<string, string[]>; values: Record<string, string> } | null;
  isSaved: boolean;
}) {
  return (
    <section aria-labelledby="retention-heading" className="space-y-4">
      <h2 id="retention-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        Data retention
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every night Parley deletes visitors who have not been active for this many days, with their conversations and
        messages. Usage figures stay.{' '}
        {retention.lastRunAt
          ? `Last run ${formatDate(retention.lastRunAt)}: ${retention.lastResult?.visitors ?? 0} visitors, ${
              retention.lastResult?.conversations ?? 0
            } conversations and ${retention.lastResult?.messages ?? 0} messages deleted${
              retention.lastResult?.tests ? `, and ${retention.lastResult.tests} test conversations` : ''
            }.`
          : 'It has not run for this workspace yet.'}
      </p>
      <Form method="post" className="space-y-4" noValidate aria-label="Data retention">
        <input type="hidden" name="intent" value="retention" />
        <FormMessage message={failure?.message} />
        <FormMessage tone="success" message={isSaved ? 'Retention policy saved.' : null} />
        <TextField
          label="Delete inactive visitors after (days)"
          name="days"
          inputMode="numeric"
          required
          defaultValue={failure?.values.days ?? String(retention.days)}
          errors={failure?.fieldErrors.days}
        />
        <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input type="checkbox" name="keepIdentified" defaultChecked={retention.keepIdentified} />
          Keep visitors the website identified (name or e-mail)
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input type="checkbox" name="deleteTests" defaultChecked={retention.deleteTests} />
          Delete the team's test conversations (playground, preview, demo page) after 7 days
        </label>
        <SubmitButton pendingLabel="Saving…">Save retention policy</SubmitButton>
      </Form>
    </section>
  );
}
