import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { lazy, Suspense } from 'react';
import { cardClass } from '~/components/analytics/chart-card';
import { useHydrated } from '~/hooks/use-hydrated';
import { useResolvedTheme, useThemePreference } from '~/hooks/use-theme';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { formatAmount } from '../../shared/amounts';

// chart.js is loaded only in the browser and only by the pages that draw charts (Analytics, Usage).
const UsageCharts = lazy(() => import('~/components/usage/usage-charts'));

export const meta: MetaFunction = () => [{ title: 'Usage · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const current = await requireCurrentWorkspace(context, request);
  return orHttpError(request, context.trpc.usage.report({ workspaceId: current.id }));
}

type TRow = Awaited<ReturnType<typeof loader>>['limits'][number];

const monthDay = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const number = new Intl.NumberFormat('en');

const barClass: Record<TRow['state'], string> = {
  ok: 'bg-brand-600 dark:bg-brand-400',
  near: 'bg-amber-500',
  reached: 'bg-red-600 dark:bg-red-500',
};

/** One limit: what was used, of how much, as a bar and in words. */
function LimitMeter({ row, resetsOn }: { row: TRow; resetsOn: string }) {
  const percent = Math.min(100, Math.round(row.share * 100));
  const labelId = `usage-${row.metric}`;
  return (
    <div className={cardClass} data-metric={row.metric}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 id={labelId} className="text-sm font-medium text-slate-700 dark:text-slate-300">
          {row.label}
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-400">{row.isMonthly ? 'this month' : 'now'}</span>
      </div>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">
        {formatAmount(row, row.used)}
        <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
          {' '}
          of {formatAmount(row, row.limit)}
        </span>
      </p>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={row.limit}
        aria-valuenow={Math.min(row.used, row.limit)}
        aria-valuetext={`${percent} %`}
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
          ? 'Limit reached'
          : row.state === 'near'
            ? `${percent} % used — close to the limit`
            : `${percent} % used`}
        {row.isMonthly && ` · starts again on ${monthDay.format(new Date(`${resetsOn}T00:00:00Z`))}`}
      </p>
    </div>
  );
}

export default function UsagePage() {
  const report = useLoaderData<typeof loader>();
  const isHydrated = useHydrated();
  const theme = useResolvedTheme(useThemePreference());
  const loading = <p className="text-sm text-slate-600 dark:text-slate-400">Drawing the charts…</p>;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-white">Usage</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          This month ({monthDay.format(new Date(`${report.monthStart}T00:00:00Z`))} to today, UTC) against your
          plan&apos;s limits. At 80 % the team sees a warning and the owners get an e-mail. Past a message or token
          limit your chatbots reply with their fallback message and offer a person; you still get every message. The
          people who run this Parley installation set the limits.
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {report.limits.map((row) => (
          <LimitMeter key={row.metric} row={row} resetsOn={report.resetsOn} />
        ))}
      </div>

      <section aria-labelledby="providers-heading" className={cardClass}>
        <h2 id="providers-heading" className="text-sm font-semibold text-slate-900 dark:text-white">
          AI tokens by provider
        </h2>
        {report.tokensByProvider.length ? (
          <table className="mt-3 w-full text-left text-sm tabular-nums">
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th scope="col" className="py-1 font-medium">
                  Provider
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Tokens in
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Tokens out
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 text-slate-900 dark:divide-slate-800 dark:text-slate-100">
              {report.tokensByProvider.map((row) => (
                <tr key={row.provider}>
                  <td className="py-1">{row.provider === 'gemini' ? 'Gemini' : 'Offline (built in)'}</td>
                  <td className="py-1 text-right">{number.format(row.tokensIn)}</td>
                  <td className="py-1 text-right">{number.format(row.tokensOut)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            No AI answers this month yet: tokens appear here by provider once the AI answers visitors.
          </p>
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
