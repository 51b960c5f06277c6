import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { OnboardingChecklist } from '~/components/onboarding-checklist';
import { StatusPill } from '~/components/inbox/conversation-list';
import { TimeAgo } from '~/components/inbox/time-ago';
import { useFormat } from '~/lib/format';
import { formatDuration, visitorLabel } from '~/lib/inbox';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { useTRPC } from '~/lib/trpc';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  // The workspace's own name, or a word for it while there is none.
  { title: data ? `${data.workspace.name} · Parley` : pageTitle(matches, 'dashboard:overview.metaFallback') },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const current = await requireCurrentWorkspace(context, request);
  const isAdmin = hasRole(current.role, 'admin');
  const [workspace, stats, onboarding] = await Promise.all([
    orHttpError(request, context.trpc.workspace.get({ workspaceId: current.id })),
    orHttpError(request, context.trpc.inbox.stats({ workspaceId: current.id })),
    // The checklist's steps are admins' work (agents answer conversations).
    isAdmin ? orHttpError(request, context.trpc.workspace.onboarding({ workspaceId: current.id })) : null,
  ]);
  return { workspace, stats, onboarding, loadedAt: Date.now() };
}

const ROLE_TEXT = {
  owner: 'dashboard:overview.roleText.owner',
  admin: 'dashboard:overview.roleText.admin',
  agent: 'dashboard:overview.roleText.agent',
} as const;

const ROLE_NAME = {
  owner: 'dashboard:overview.roleName.owner',
  admin: 'dashboard:overview.roleName.admin',
  agent: 'dashboard:overview.roleName.agent',
} as const;

const cardClass = 'rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className={cardClass}>
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</dd>}
    </div>
  );
}

/**
 * Today's conversations at a glance, live: the figures and the latest
 * conversations refetch whenever the inbox feed reports a change (the
 * workspace layout's live connection invalidates them).
 */
function TodayStats({ workspaceId, initial, loadedAt }: { workspaceId: string; initial: TStats; loadedAt: number }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const format = useFormat();
  const { data: stats } = useQuery(
    trpc.inbox.stats.queryOptions({ workspaceId }, { initialData: initial, initialDataUpdatedAt: loadedAt }),
  );
  const share = stats.aiAnsweredShare === null ? '—' : format.percent(stats.aiAnsweredShare);
  return (
    <section aria-labelledby="today-heading" className="space-y-4">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="today-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
          {t('dashboard:today.heading')}
        </h2>
        <Link to="/app/inbox" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
          {t('dashboard:today.openInbox')}
        </Link>
      </div>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-5" aria-live="polite">
        <Figure label={t('dashboard:today.conversations')} value={format.number(stats.today)} />
        <Figure label={t('dashboard:today.open')} value={format.number(stats.open)} />
        <Figure label={t('dashboard:today.waiting')} value={format.number(stats.pending)} />
        <Figure label={t('dashboard:today.aiAlone')} value={share} hint={t('dashboard:today.aiAloneHint')} />
        <Figure
          label={t('dashboard:today.firstResponse')}
          value={formatDuration(stats.avgFirstResponseMs, t)}
          hint={t('dashboard:today.firstResponseHint')}
        />
      </dl>
      <div className={cardClass}>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t('dashboard:today.latest')}</h3>
        {stats.latest.length ? (
          <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
            {stats.latest.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <Link
                  to={`/app/inbox/${item.id}?status=all`}
                  className="font-medium text-slate-900 hover:underline dark:text-white"
                >
                  {visitorLabel(item.visitor, t)}
                </Link>
                <span className="min-w-0 flex-1 truncate text-slate-600 dark:text-slate-400">
                  {item.lastMessage?.content ?? ''}
                </span>
                <StatusPill status={item.status} handler={item.handler} />
                <TimeAgo
                  value={item.lastMessageAt ?? item.createdAt}
                  className="text-xs text-slate-600 dark:text-slate-400"
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t('dashboard:today.empty')}</p>
        )}
      </div>
    </section>
  );
}

type TStats = ReturnType<typeof useLoaderData<typeof loader>>['stats'];

export default function WorkspaceOverview() {
  const { workspace, stats, onboarding, loadedAt } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="space-y-6">
      {params.get('welcome') && <FormMessage tone="success" message={t('dashboard:overview.welcome')} />}
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{workspace.name}</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400" data-testid="workspace-role">
          {t(ROLE_TEXT[workspace.role])}
        </p>
      </div>
      {onboarding && <OnboardingChecklist workspaceId={workspace.id} initial={onboarding} />}
      <TodayStats workspaceId={workspace.id} initial={stats} loadedAt={loadedAt} />
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-400">{t('dashboard:overview.members')}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900 dark:text-white">
            {format.number(workspace.memberCount)}
          </dd>
          <dd className="mt-2 text-sm">
            <Link to="/app/members" className="text-brand-700 hover:underline dark:text-brand-300">
              {hasRole(workspace.role, 'admin')
                ? t('dashboard:overview.inviteMembers')
                : t('dashboard:overview.seeMembers')}
            </Link>
          </dd>
        </div>
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-400">{t('dashboard:overview.yourRole')}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900 capitalize dark:text-white">
            {t(ROLE_NAME[workspace.role])}
          </dd>
        </div>
      </dl>
    </div>
  );
}
