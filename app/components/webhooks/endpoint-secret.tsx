import { Form } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { buttonSecondary } from '~/lib/styles';

/** The signing secret: revealed on request, rotated with an overlap so receivers can switch without losing deliveries. */
export function EndpointSecret(props: { endpointId: string; isRotating: boolean; revealed: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="secret-heading" className="space-y-3">
      <h2 id="secret-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        {t('developers:webhooks.secret.heading')}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <Trans i18nKey="developers:webhooks.secret.help" components={{ code: <code /> }} />
        {props.isRotating && ` ${t('developers:webhooks.secret.rotating')}`}
      </p>
      {props.revealed ? (
        <code className="block rounded-md bg-slate-100 p-3 font-mono text-sm break-all text-slate-900 dark:bg-slate-900 dark:text-white">
          {props.revealed}
        </code>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="reveal" />
          <input type="hidden" name="endpointId" value={props.endpointId} />
          <button type="submit" className={buttonSecondary}>
            {t('developers:webhooks.secret.reveal')}
          </button>
        </Form>
      )}
      <Form method="post" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="rotate" />
        <input type="hidden" name="endpointId" value={props.endpointId} />
        <div>
          <label htmlFor="overlap" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            {t('developers:webhooks.secret.overlap')}
          </label>
          <select
            id="overlap"
            name="overlapHours"
            defaultValue="24"
            className="mt-1.5 rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
          >
            <option value="0">{t('developers:webhooks.secret.overlapNone')}</option>
            <option value="1">{t('developers:webhooks.secret.overlapHours', { count: 1 })}</option>
            <option value="24">{t('developers:webhooks.secret.overlapHours', { count: 24 })}</option>
            <option value="72">{t('developers:webhooks.secret.overlapDays', { count: 3 })}</option>
            <option value="168">{t('developers:webhooks.secret.overlapDays', { count: 7 })}</option>
          </select>
        </div>
        <button type="submit" className={buttonSecondary}>
          {t('developers:webhooks.secret.rotate')}
        </button>
      </Form>
    </section>
  );
}
