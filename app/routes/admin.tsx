import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requestT } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'admin:meta.title') },
  { name: 'robots', content: 'noindex' },
];

/** Platform admins only: others are sent to log in, or told plainly the panel is not theirs. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!me.isAdmin) throw data({ message: requestT(context)('admin:layout.forbidden') }, { status: 403 });
  return null;
}

const SECTIONS = [
  { to: '/admin/users', label: 'admin:layout.sections.users' },
  { to: '/admin/workspaces', label: 'admin:layout.sections.workspaces' },
  { to: '/admin/system', label: 'admin:layout.sections.system' },
  { to: '/admin/jobs', label: 'admin:layout.sections.jobs' },
  { to: '/admin/notices', label: 'admin:layout.sections.notices' },
  { to: '/admin/audit', label: 'admin:layout.sections.audit' },
] as const;

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
      : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8">
      <div className="flex flex-col gap-3 border-b border-slate-200 pb-4 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800">
        <p className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
          {t('admin:layout.heading')}
        </p>
        <nav aria-label={t('admin:layout.nav')} className="flex flex-wrap gap-1">
          {SECTIONS.map((section) => (
            <NavLink key={section.to} to={section.to} className={tabClass}>
              {t(section.label)}
            </NavLink>
          ))}
        </nav>
      </div>
      <div className="space-y-6 pt-8">
        <Outlet />
      </div>
    </div>
  );
}
