import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useNavigate } from '@remix-run/react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { cardClass } from '~/components/analytics/chart-card';
import { OutcomeHelp } from '~/components/analytics/outcome-help';
import { RelabelPanel } from '~/components/analytics/relabel-panel';
import { useHydrated } from '~/hooks/use-hydrated';
import { useResolvedTheme, useThemePreference } from '~/hooks/use-theme';
import { analyticsInput, analyticsSearch, PRESETS, readAnalyticsParams, type TAnalyticsParams } from '~/lib/analytics';
import { useFormat, type TFormat } from '~/lib/format';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { useTRPC } from '~/lib/trpc';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import type { TFunction } from 'i18next';
import type { TTotals } from '../../server/services/analytics/dashboard';

// chart.js is loaded only here, and only in the browser (canvas), so other pages do not carry it.
const AnalyticsCharts = lazy(() => import('~/components/analytics/charts'));

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'analytics:meta.title') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const current = await requireCurrentWorkspace(context, request);
  const params = readAnalyticsParams(new URL(request.url).searchParams);
  const input = analyticsInput(current.id, params);
  const [options, dashboard] = await Promise.all([
    orHttpError(request, context.trpc.analytics.options({ workspaceId: current.id })),
    orHttpError(request, context.trpc.analytics.dashboard(input)),
  ]);
  const canRelabel = current.role === 'admin' || current.role === 'owner';
  return { workspaceId: current.id, canRelabel, params, options, dashboard, loadedAt: Date.now() };
}

const selectClass =
  'block w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700';
const labelClass = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

function change(t: TFunction, format: TFormat, current: number, previous: number) {
  if (!previous) return current ? t('analytics:headline.newThisPeriod') : t('analytics:headline.noChange');
  const delta = Math.round(((current - previous) / previous) * 100);
  return t('analytics:headline.vsPrevious', { change: format.percent(delta / 100, { signDisplay: 'exceptZero' }) });
}

const share = (part: number, t: TTotals) => {
  const decided = t.outcomeAi + t.outcomeHanded + t.outcomeHuman + t.outcomeUnanswered;
  return decided ? part / decided : 0;
};

function Headline({ current, previous }: { current: TTotals; previous: TTotals }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = (value: number) => format.percent(value);
  const csat = (totals: TTotals) =>
    format.number(totals.rated ? totals.ratingSum / totals.rated : 0, {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
  const inPrevious = (value: string) => t('analytics:headline.inPrevious', { value });
  const figures = [
    {
      label: t('analytics:headline.conversations'),
      value: format.number(current.conversations),
      hint: change(t, format, current.conversations, previous.conversations),
    },
    {
      label: t('analytics:headline.messages'),
      value: format.number(current.messages),
      hint: change(t, format, current.messages, previous.messages),
    },
    {
      label: t('analytics:outcomes.ai'),
      value: percent(share(current.outcomeAi, current)),
      hint: inPrevious(percent(share(previous.outcomeAi, previous))),
    },
    {
      label: t('analytics:outcomes.handed'),
      value: percent(share(current.outcomeHanded + current.outcomeHuman, current)),
      hint: inPrevious(percent(share(previous.outcomeHanded + previous.outcomeHuman, previous))),
    },
    {
      label: t('analytics:headline.csat'),
      value: current.rated ? t('analytics:headline.csatValue', { value: csat(current) }) : '—',
      hint: previous.rated ? inPrevious(csat(previous)) : t('analytics:headline.ratings', { count: current.rated }),
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 lg:grid-cols-5" aria-live="polite" data-testid="headline">
      {figures.map((figure) => (
        <div key={figure.label} className={cardClass}>
          <dt className="text-sm text-slate-600 dark:text-slate-400">{figure.label}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">{figure.value}</dd>
          <dd className="mt-1 text-xs text-slate-600 dark:text-slate-400">{figure.hint}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AnalyticsPage() {
  const { workspaceId, canRelabel, params, options, dashboard, loadedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const day = (iso: string) => format.date(`${iso}T00:00:00Z`, { timeZone: 'UTC' });
  const trpc = useTRPC();
  const navigate = useNavigate();
  const id = useId();
  const isHydrated = useHydrated();
  const theme = useResolvedTheme(useThemePreference());
  // Live: the workspace's inbox subscription invalidates this query whenever a conversation changes.
  const { data: headline } = useQuery(
    trpc.analytics.headline.queryOptions(analyticsInput(workspaceId, params), {
      initialData: dashboard.headline,
      initialDataUpdatedAt: loadedAt,
    }),
  );
  const exportHref = (kind: string) => `/resources/analytics/export?${analyticsSearch(params, { kind })}`;
  // Each change navigates to the page's URL for the new filters (so a link or reload shows the same).
  const go = (changes: Partial<TAnalyticsParams>) => {
    const next = { ...params, ...changes };
    if (changes.from || changes.to) next.range = 'custom';
    navigate(`?${analyticsSearch(next)}`, { replace: true, preventScrollReset: true });
  };
  const field = (name: string, label: string, children: React.ReactNode) => (
    <div className="flex-auto">
      <label htmlFor={`${id}-${name}`} className={labelClass}>
        {label}
      </label>
      {children}
    </div>
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900 dark:text-white">{t('analytics:page.heading')}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {t('analytics:page.range', {
              from: day(params.from),
              to: day(params.to),
              previousFrom: day(dashboard.headline.previousRange.from),
              previousTo: day(dashboard.headline.previousRange.to),
            })}
          </p>
        </div>
        <div className="flex gap-3 text-sm font-medium">
          <a href={exportHref('conversations')} download className="text-brand-700 hover:underline dark:text-brand-300">
            {t('analytics:page.exportConversations')}
          </a>
          <a href={exportHref('messages')} download className="text-brand-700 hover:underline dark:text-brand-300">
            {t('analytics:page.exportMessages')}
          </a>
        </div>
      </div>

      <Form
        method="get"
        key={analyticsSearch(params)}
        className="flex flex-wrap gap-3"
        aria-label={t('analytics:filters.label')}
      >
        {field(
          'range',
          t('analytics:filters.period'),
          <select
            id={`${id}-range`}
            name="range"
            defaultValue={params.range}
            onChange={(e) => go({ range: e.target.value })}
            className={selectClass}
          >
            {PRESETS.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {t(preset.label)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'from',
          t('analytics:filters.from'),
          <input
            id={`${id}-from`}
            type="date"
            name="from"
            defaultValue={params.from}
            onChange={(e) => e.target.value && go({ from: e.target.value })}
            className={selectClass}
          />,
        )}
        {field(
          'to',
          t('analytics:filters.to'),
          <input
            id={`${id}-to`}
            type="date"
            name="to"
            defaultValue={params.to}
            onChange={(e) => e.target.value && go({ to: e.target.value })}
            className={selectClass}
          />,
        )}
        {field(
          'chatbot',
          t('analytics:filters.chatbot'),
          <select
            id={`${id}-chatbot`}
            name="chatbot"
            defaultValue={params.chatbotId ?? ''}
            onChange={(e) => go({ chatbotId: e.target.value || null })}
            className={selectClass}
          >
            <option value="">{t('analytics:filters.allChatbots')}</option>
            {options.chatbots.map((chatbot) => (
              <option key={chatbot.id} value={chatbot.id}>
                {chatbot.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'origin',
          t('analytics:filters.website'),
          <select
            id={`${id}-origin`}
            name="origin"
            defaultValue={params.origin ?? ''}
            onChange={(e) => go({ origin: e.target.value || null })}
            className={selectClass}
          >
            <option value="">{t('analytics:filters.allWebsites')}</option>
            {options.origins.map((origin) => (
              <option key={origin} value={origin}>
                {origin.replace(/^https?:\/\//, '')}
              </option>
            ))}
          </select>,
        )}
        {field(
          'channel',
          t('analytics:filters.channel'),
          <select
            id={`${id}-channel`}
            name="channel"
            defaultValue={params.channel ?? ''}
            onChange={(e) => go({ channel: (e.target.value || null) as TAnalyticsParams['channel'] })}
            className={selectClass}
          >
            <option value="">{t('analytics:filters.allChannels')}</option>
            <option value="widget">{t('analytics:filters.widget')}</option>
            <option value="api">API</option>
          </select>,
        )}
        {field(
          'by',
          t('analytics:filters.groupBy'),
          <select
            id={`${id}-by`}
            name="by"
            defaultValue={params.granularity}
            onChange={(e) => go({ granularity: e.target.value === 'week' ? 'week' : 'day' })}
            className={selectClass}
          >
            <option value="day">{t('analytics:filters.day')}</option>
            <option value="week">{t('analytics:filters.week')}</option>
          </select>,
        )}
        <noscript>
          <button type="submit">{t('analytics:filters.apply')}</button>
        </noscript>
      </Form>

      <Headline current={headline.current} previous={headline.previous} />
      <OutcomeHelp />
      {canRelabel && <RelabelPanel workspaceId={workspaceId} from={params.from} to={params.to} />}

      {isHydrated ? (
        <Suspense
          fallback={<p className="text-sm text-slate-600 dark:text-slate-400">{t('analytics:page.drawing')}</p>}
        >
          <AnalyticsCharts
            data={dashboard}
            isDark={theme === 'dark'}
            csvHref={(chart) => exportHref(`chart-${chart}`)}
          />
        </Suspense>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('analytics:page.drawing')}</p>
      )}
    </div>
  );
}
