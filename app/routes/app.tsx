import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useLocation, useRouteLoaderData, useSubmit } from '@remix-run/react';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { InboxLiveProvider, useInboxCounts } from '~/components/inbox/inbox-live';
import { UsageBanner } from '~/components/usage/usage-banner';
import { VerifyEmailBanner } from '~/components/verify-email-banner';
import { orHttpError } from '~/lib/loader-errors.server';
import { useFormat } from '~/lib/format';
import { usePageWidth } from '~/lib/page-width';
import { buttonSecondary } from '~/lib/styles';
import type { loader as rootLoader } from '~/root';

export async function loader({ context, request }: LoaderFunctionArgs) {
  const [workspaces, current] = await Promise.all([
    orHttpError(request, context.trpc.workspace.list()),
    orHttpError(request, context.trpc.workspace.current()),
  ]);
  const usage = current ? await orHttpError(request, context.trpc.usage.alerts({ workspaceId: current.id })) : null;
  return { workspaces, current, usageAlerts: usage?.alerts ?? [] };
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
      : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

/** "Inbox", with how many conversations have unread messages and how many wait for a person. */
function InboxNavLink() {
  const { t } = useTranslation();
  const format = useFormat();
  const counts = useInboxCounts();
  const unread = counts?.unreadConversations ?? 0;
  const pending = counts?.pending ?? 0;
  // The badges carry their meaning as hidden text, so the link's name starts with what it shows.
  return (
    <NavLink to="/app/inbox" className={tabClass}>
      <span className="inline-flex items-center gap-1.5">
        {t('dashboard:nav.inbox')}
        {unread > 0 && (
          <span
            data-testid="inbox-unread"
            className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums dark:bg-brand-400 dark:text-slate-950"
          >
            {format.number(unread)}
            <span className="sr-only"> {t('dashboard:nav.withUnread')}</span>
          </span>
        )}
        {pending > 0 && (
          <span
            data-testid="inbox-pending"
            title={t('dashboard:nav.pendingTitle', { count: pending })}
            className="rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-slate-950 tabular-nums"
          >
            {format.number(pending)}
            <span className="sr-only"> {t('dashboard:nav.waiting')}</span>
          </span>
        )}
      </span>
    </NavLink>
  );
}

/** The live inbox feed for every workspace page (badge, toasts, dashboard), once signed in and in a workspace. */
function WorkspaceLive({ workspaceId, children }: { workspaceId: string | null; children: ReactNode }) {
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me;
  const [id, name] = [me?.id, me?.name];
  const who = useMemo(() => (id && name !== undefined ? { id, name } : null), [id, name]);
  if (!workspaceId || !who || !me) return <>{children}</>;
  return (
    <InboxLiveProvider
      key={workspaceId}
      workspaceId={workspaceId}
      me={who}
      wantsBrowserNotifications={me.preferences.notifications.browser}
    >
      {children}
    </InboxLiveProvider>
  );
}

/** The frame of every workspace page: the switcher and the workspace's sections. */
export default function WorkspaceLayout() {
  const { workspaces, current, usageAlerts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const submit = useSubmit();
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me;
  const location = useLocation();
  const pageWidth = usePageWidth();
  return (
    <WorkspaceLive workspaceId={current?.id ?? null}>
      <div className={`mx-auto ${pageWidth} px-4 py-8 sm:px-6 lg:px-8`}>
        {me && !me.emailVerified && (
          <div className="mb-6">
            <VerifyEmailBanner email={me.email} />
          </div>
        )}
        {current?.suspension && (
          <div
            role="alert"
            className="mb-6 rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200 dark:bg-red-950/50 dark:text-red-100 dark:ring-red-900"
          >
            <p className="font-semibold">{t('dashboard:suspended.title')}</p>
            <p className="mt-1">
              {current.suspension.reason && (
                <>{t('dashboard:suspended.reason', { reason: current.suspension.reason })} </>
              )}
              {t('dashboard:suspended.body')}
            </p>
          </div>
        )}
        {current && !current.suspension && <UsageBanner alerts={usageAlerts} />}
        {current && (
          <div className="flex flex-col gap-4 border-b border-slate-200 pb-4 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800">
            <Form method="post" action="/app/switch" className="flex items-center gap-2">
              <label
                htmlFor="workspace-switcher"
                className="shrink-0 text-sm font-medium whitespace-nowrap text-slate-700 dark:text-slate-300"
              >
                {t('dashboard:switcher.label')}
              </label>
              <select
                id="workspace-switcher"
                name="workspaceId"
                defaultValue={current.id}
                key={current.id}
                onChange={(event) => submit(event.currentTarget.form)}
                className="rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700"
              >
                {workspaces.map((workspace) => (
                  <option key={workspace.id} value={workspace.id}>
                    {workspace.name}
                  </option>
                ))}
              </select>
              <input type="hidden" name="redirectTo" value={location.pathname} />
              <noscript>
                <button type="submit" className={buttonSecondary}>
                  {t('dashboard:switcher.switch')}
                </button>
              </noscript>
            </Form>
            <nav aria-label={t('dashboard:nav.label')} className="flex flex-wrap gap-1">
              <NavLink to="/app" end className={tabClass}>
                {t('dashboard:nav.overview')}
              </NavLink>
              <InboxNavLink />
              <NavLink to="/app/analytics" className={tabClass}>
                {t('dashboard:nav.analytics')}
              </NavLink>
              <NavLink to="/app/usage" className={tabClass}>
                {t('dashboard:nav.usage')}
              </NavLink>
              <NavLink to="/app/chatbots" className={tabClass}>
                {t('dashboard:nav.chatbots')}
              </NavLink>
              <NavLink to="/app/members" className={tabClass}>
                {t('dashboard:nav.members')}
              </NavLink>
              <NavLink to="/app/settings" className={tabClass}>
                {t('dashboard:nav.settings')}
              </NavLink>
              <NavLink to="/app/api-keys" className={tabClass}>
                {t('dashboard:nav.apiKeys')}
              </NavLink>
              <NavLink to="/app/new" className={tabClass}>
                {t('dashboard:nav.newWorkspace')}
              </NavLink>
            </nav>
          </div>
        )}
        <div className="pt-8">
          <Outlet />
        </div>
      </div>
    </WorkspaceLive>
  );
}
