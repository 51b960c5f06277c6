import { Form, Link } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { useFormat, type TFormat } from '~/lib/format';
import { buttonSecondary } from '~/lib/styles';

type TAttempt = {
  id: string;
  at: string | Date;
  trigger: string;
  statusCode: number | null;
  isSuccess: boolean;
  durationMs: number;
  error: string | null;
  requestHeaders: Record<string, string>;
  requestExcerpt: string;
  responseExcerpt: string;
};

export type TDeliveryRow = {
  id: string;
  webhookId: string;
  type: string;
  status: string;
  attemptCount: number;
  createdAt: string | Date;
  lastAttempt: TAttempt | null;
};

export type TDeliveryDetail = Omit<TDeliveryRow, 'lastAttempt'> & { body: string; attempts: TAttempt[] };

// A fixed zone: the server's and the browser's default could differ and break hydration.
const when = (format: TFormat, value: string | Date) =>
  `${format.dateAndTime(value, { timeStyle: 'medium', timeZone: 'UTC' })} UTC`;

/** Statuses and triggers are the server's words; people read them in their language. */
const STATUS_TEXT: Record<string, string> = {
  delivered: 'developers:webhooks.status.delivered',
  failed: 'developers:webhooks.status.failed',
  retrying: 'developers:webhooks.status.retrying',
  pending: 'developers:webhooks.status.pending',
};
const TRIGGER_TEXT: Record<string, string> = {
  event: 'developers:webhooks.trigger.event',
  retry: 'developers:webhooks.trigger.retry',
  replay: 'developers:webhooks.trigger.replay',
  test: 'developers:webhooks.trigger.test',
};
/** A known value in the reader's language; anything newer as the server wrote it. */
const textOf = (t: TFunction, texts: Record<string, string>, value: string) => {
  const key = texts[value];
  return key ? t(key) : value;
};
const FILTERS = [
  { status: null, label: 'developers:webhooks.log.filter.all' },
  { status: 'failed', label: 'developers:webhooks.log.filter.failed' },
  { status: 'retrying', label: 'developers:webhooks.log.filter.retrying' },
  { status: 'delivered', label: 'developers:webhooks.log.filter.delivered' },
] as const;

const STATUS_STYLE: Record<string, string> = {
  delivered:
    'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900',
  failed: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900',
  retrying: 'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-900',
  pending: 'bg-slate-50 text-slate-700 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[status] ?? STATUS_STYLE.pending}`}
    >
      {textOf(t, STATUS_TEXT, status)}
    </span>
  );
}

const outcomeOf = (t: TFunction, attempt: TAttempt | null) =>
  !attempt
    ? t('developers:webhooks.log.notSent')
    : `${attempt.statusCode ?? t('developers:webhooks.log.noAnswer')} · ${t('developers:webhooks.log.duration', { ms: attempt.durationMs })}`;

function ReplayButton({ endpointId, messageId }: { endpointId: string; messageId: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="replay" />
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="messageId" value={messageId} />
      <button type="submit" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
        {t('developers:webhooks.log.replay')}
      </button>
    </Form>
  );
}

/** The endpoint's deliveries, newest first: each one's event, status and last answer, with replay. */
export function DeliveryLog(props: {
  endpointId: string;
  deliveries: TDeliveryRow[];
  filter: { status: string | null; isPaged: boolean; hasOlder: boolean };
}) {
  const { endpointId, deliveries, filter } = props;
  const base = `?endpoint=${endpointId}${filter.status ? `&status=${filter.status}` : ''}`;
  const oldest = deliveries.at(-1);
  const { t } = useTranslation();
  return (
    <div className="space-y-3">
      <nav aria-label={t('developers:webhooks.log.filter.label')} className="flex flex-wrap gap-2 text-sm">
        {FILTERS.map(({ status, label }) => (
          <Link
            key={status ?? 'all'}
            to={`?endpoint=${endpointId}${status ? `&status=${status}` : ''}`}
            aria-current={filter.status === status ? 'page' : undefined}
            className="rounded-full px-3 py-1 text-slate-700 ring-1 ring-slate-200 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white aria-[current=page]:ring-brand-600 dark:text-slate-300 dark:ring-slate-700"
          >
            {t(label)}
          </Link>
        ))}
      </nav>
      {deliveries.length ? (
        <LogTable endpointId={endpointId} deliveries={deliveries} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {filter.status || filter.isPaged
            ? t('developers:webhooks.log.emptyFiltered')
            : t('developers:webhooks.log.empty')}
        </p>
      )}
      <p className="flex gap-4 text-sm">
        {filter.isPaged && (
          <Link to={base} className="text-brand-700 hover:underline dark:text-brand-300">
            {t('developers:webhooks.log.newest')}
          </Link>
        )}
        {filter.hasOlder && oldest && (
          <Link
            to={`${base}&before=${encodeURIComponent(new Date(oldest.createdAt).toISOString())}`}
            className="text-brand-700 hover:underline dark:text-brand-300"
          >
            {t('developers:webhooks.log.older')}
          </Link>
        )}
      </p>
    </div>
  );
}

function LogTable({ endpointId, deliveries }: { endpointId: string; deliveries: TDeliveryRow[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={t('developers:webhooks.log.heading')}>
        <thead className="text-slate-600 dark:text-slate-400">
          <tr>
            <th className="py-2 pr-4 font-medium">{t('developers:webhooks.log.columns.event')}</th>
            <th className="py-2 pr-4 font-medium">{t('developers:webhooks.log.columns.status')}</th>
            <th className="py-2 pr-4 font-medium">{t('developers:webhooks.log.columns.lastAnswer')}</th>
            <th className="py-2 pr-4 font-medium">{t('developers:webhooks.log.columns.attempts')}</th>
            <th className="py-2 pr-4 font-medium">{t('developers:webhooks.log.columns.created')}</th>
            <th className="py-2 font-medium">
              <span className="sr-only">{t('developers:webhooks.log.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td className="py-2 pr-4">
                <Link
                  to={`?endpoint=${endpointId}&delivery=${delivery.id}`}
                  className="font-mono text-brand-700 hover:underline dark:text-brand-300"
                >
                  {delivery.type}
                </Link>
              </td>
              <td className="py-2 pr-4">
                <StatusBadge status={delivery.status} />
              </td>
              <td className="py-2 pr-4 text-slate-700 dark:text-slate-300">{outcomeOf(t, delivery.lastAttempt)}</td>
              <td className="py-2 pr-4 text-slate-700 dark:text-slate-300">{format.number(delivery.attemptCount)}</td>
              <td className="py-2 pr-4 text-slate-700 dark:text-slate-300">{when(format, delivery.createdAt)}</td>
              <td className="py-2">
                <ReplayButton endpointId={endpointId} messageId={delivery.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const pre =
  'mt-1 max-h-64 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100';

/** The body indented for reading; what was sent byte for byte is compact JSON. */
const pretty = (body: string) => {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};

/** One delivery: what was sent and every attempt's answer. */
export function DeliveryDetail({ endpointId, delivery }: { endpointId: string; delivery: TDeliveryDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section
      aria-labelledby="delivery-heading"
      className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200 dark:ring-slate-800"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="delivery-heading" className="font-semibold text-slate-900 dark:text-white">
          <span className="font-mono">{delivery.type}</span> <StatusBadge status={delivery.status} />
        </h3>
        <div className="flex items-center gap-4">
          <ReplayButton endpointId={endpointId} messageId={delivery.id} />
          <Link to={`?endpoint=${endpointId}`} className={buttonSecondary}>
            {t('common:actions.close')}
          </Link>
        </div>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <Trans
          i18nKey="developers:webhooks.detail.webhookId"
          values={{ id: delivery.webhookId }}
          components={{ code: <code className="font-mono" /> }}
        />
      </p>
      <div>
        <h4 className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('developers:webhooks.detail.payload')}
        </h4>
        <pre className={pre}>{pretty(delivery.body)}</pre>
      </div>
      <ol className="space-y-4">
        {delivery.attempts.map((attempt) => (
          <li key={attempt.id} className="rounded-md p-3 ring-1 ring-slate-200 dark:ring-slate-800">
            <p className="text-sm text-slate-800 dark:text-slate-200">
              {when(format, attempt.at)} · {textOf(t, TRIGGER_TEXT, attempt.trigger)} · {outcomeOf(t, attempt)}
              {attempt.error && <span className="text-red-700 dark:text-red-400"> · {attempt.error}</span>}
            </p>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-slate-700 dark:text-slate-300">
                {t('developers:webhooks.detail.requestHeaders')}
              </summary>
              <pre className={pre}>
                {Object.entries(attempt.requestHeaders)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join('\n')}
              </pre>
            </details>
            <div className="mt-2 text-sm">
              <span className="text-slate-700 dark:text-slate-300">{t('developers:webhooks.detail.response')}</span>
              <pre className={pre}>{attempt.responseExcerpt || t('developers:webhooks.detail.emptyResponse')}</pre>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
