import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { useFormat } from '~/lib/format';

type TRetention = {
  days: number;
  keepIdentified: boolean;
  deleteTests: boolean;
  lastRunAt: Date | string | null;
  lastResult: { visitors: number; conversations: number; messages: number; tests?: number } | null;
};

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
  const { t } = useTranslation();
  const format = useFormat();
  const last = retention.lastResult;
  const counts = {
    visitors: t('settings:retention.visitors', { count: last?.visitors ?? 0 }),
    conversations: t('settings:retention.conversations', { count: last?.conversations ?? 0 }),
    messages: t('settings:retention.messages', { count: last?.messages ?? 0 }),
  };
  const lastRun = !retention.lastRunAt
    ? t('settings:retention.notRun')
    : last?.tests
      ? t('settings:retention.lastRunWithTests', {
          date: format.dateAndTime(retention.lastRunAt),
          ...counts,
          tests: t('settings:retention.tests', { count: last.tests }),
        })
      : t('settings:retention.lastRun', { date: format.dateAndTime(retention.lastRunAt), ...counts });
  return (
    <section aria-labelledby="retention-heading" className="space-y-4">
      <h2 id="retention-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        {t('settings:retention.heading')}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t('settings:retention.text')} {lastRun}
      </p>
      <Form method="post" className="space-y-4" noValidate aria-label={t('settings:retention.heading')}>
        <input type="hidden" name="intent" value="retention" />
        <FormMessage message={failure?.message} />
        <FormMessage tone="success" message={isSaved ? t('settings:retention.saved') : null} />
        <TextField
          label={t('settings:retention.days')}
          name="days"
          inputMode="numeric"
          required
          defaultValue={failure?.values.days ?? String(retention.days)}
          errors={failure?.fieldErrors.days}
        />
        <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input type="checkbox" name="keepIdentified" defaultChecked={retention.keepIdentified} />
          {t('settings:retention.keepIdentified')}
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input type="checkbox" name="deleteTests" defaultChecked={retention.deleteTests} />
          {t('settings:retention.deleteTests')}
        </label>
        <SubmitButton pendingLabel={t('common:actions.saving')}>{t('settings:retention.save')}</SubmitButton>
      </Form>
    </section>
  );
}
