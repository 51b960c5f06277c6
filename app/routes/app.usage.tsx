import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { AMOUNT_KEYS, amountOf } from '../../shared/amounts';
import { useLoaderData } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { cardClass } from '~/components/analytics/chart-card';
import { useHydrated } from '~/hooks/use-hydrated';
import { useResolvedTheme, useThemePreference } from '~/hooks/use-theme';
import { useFormat } from '~/lib/format';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

// chart.js is loaded only in the browser and only by the pages that draw charts (Analytics, Usage).
const UsageCharts = lazy(() => import('~/components/usage/usage-charts'));

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'dashboard:usage.meta.title') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const current = await requireCurrentWorkspace(context, request);
  return orHttpError(request, context.trpc.usage.report({ workspaceId: current.id }));
}

type TRow = Awaited<ReturnType<typeof loader>>['limits'][number];

const barClass: Record<TRow['state'], string> = {
  ok: 'bg-brand-600 dark:bg-brand-400',
  near: 'bg-amber-500',
  reached: 'bg-red-600 dark:bg-red-500',
};

/** A usage figure as people read it, in the page's language: bytes scaled to KB…TB, counts as they are. */
function amountText(t: TFunction, row: Pick<TRow, 'unit'>, value: number) {
  const { amount, size } = amountOf(row.unit, value);
  return t(AMOUNT_KEYS[size], { amount });
}

/** One limit: what was used, of how much, as a bar and in words. */
function LimitMeter({ row, resetsOn }: { row: TRow; resetsOn: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = Math.min(100, Math.round(row.share * 100));
  const labelId = `usage-${row.metric}`;
  const resetDay = format.dateTime(`${resetsOn}T00:00:00Z`, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  return (
    <div className={cardClass} data-metric={row.metric}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id={labelId} className="text-sm font-medium text-slate-700 dark:text-slate-300">
          {t(row.label)}
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {row.isMonthly ? t('dashboard:usage.thisMonth') : t('dashboard:usage.now')}
        </span>
      </div>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">
        {amountText(t, row, row.used)}
        <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
          {' '}
          {t('dashboard:usage.ofLimit', { limit: amountText(t, row, row.limit) })}
        </span>
      </p>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={row.limit}
        aria-valuenow={Math.min(row.used, row.limit)}
        aria-valuetext={t('dashboard:usage.percent', { percent })}
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
      >
        <div className={`h-full ${barClass[row.state]}`} style={{ width: `${percent}%` }} />
      </div>
      <p
        className={`mt-2 text-xs ${
          row.state === 'reached'
            ? 'font-medium text-red-700 dark:text-red-300'
            : row.state === 'near'
              ? 'font-medium text-amber-800 dark:text-amber-300'
              : 'text-slate-600 dark:text-slate-400'
        }`}
      >
        {row.state === 'reached'
          ? t('dashboard:usage.reached')
          : row.state === 'near'
            ? t('dashboard:usage.nearUsed', { percent })
            : t('dashboard:usage.used', { percent })}
        {row.isMonthly && <> · {t('dashboard:usage.startsAgain', { date: resetDay })}</>}
      </p>
    </div>
  );
}

export default function UsagePage() {
  const report = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const isHydrated = useHydrated();
  const theme = useResolvedTheme(useThemePreference());
  const loading = <p className="text-sm text-slate-600 dark:text-slate-400">{t('analytics:page.drawing')}</p>;
  const monthStart = format.dateTime(`${report.monthStart}T00:00:00Z`, {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-white">{t('dashboard:usage.heading')}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {t('dashboard:usage.intro', { start: monthStart })}
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {report.limits.map((row) => (
          <LimitMeter key={row.metric} row={row} resetsOn={report.resetsOn} />
        ))}
      </div>

      <section aria-labelledby="providers-heading" className={cardClass}>
        <h2 id="providers-heading" className="text-sm font-semibold text-slate-900 dark:text-white">
          {t('dashboard:usage.providers.heading')}
        </h2>
        {report.tokensByProvider.length ? (
          <table className="mt-3 w-full text-left text-sm tabular-nums">
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th scope="col" className="py-1 font-medium">
                  {t('dashboard:usage.providers.provider')}
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  {t('dashboard:usage.tokensIn')}
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  {t('dashboard:usage.tokensOut')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 text-slate-900 dark:divide-slate-800 dark:text-slate-100">
              {report.tokensByProvider.map((row) => (
                <tr key={row.provider}>
                  <td className="py-1">
                    {row.provider === 'gemini' ? 'Gemini' : t('dashboard:usage.providers.offline')}
                  </td>
                  <td className="py-1 text-right">{format.number(row.tokensIn)}</td>
                  <td className="py-1 text-right">{format.number(row.tokensOut)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t('dashboard:usage.providers.empty')}</p>
        )}
      </section>

      {isHydrated ? (
        <Suspense fallback={loading}>
          <UsageCharts trend={report.trend} isDark={theme === 'dark'} />
        </Suspense>
      ) : (
        loading
      )}
    </div>
  );
}
