import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Admin · Parley' }, { name: 'robots', content: 'noindex' }];

/** Platform admins only: others are sent to log in, or told plainly the panel is not theirs. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const me = await context.trpc.account.me();
  if (!me) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!me.isAdmin) throw data({ message: 'Only platform admins can open the admin panel.' }, { status: 403 });
  return null;
}

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/workspaces', label: 'Workspaces' },
  { to: '/admin/system', label: 'System' },
  { to: '/admin/jobs', label: 'Jobs' },
  { to: '/admin/notices', label: 'Notices' },
  { to: '/admin/audit', label: 'Audit log' },
];

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? 'bg-brand-50 text-brand-800 dark:bg-slate-800 dark:text-white'
      : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

export default function AdminLayout() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8">
      <div className="flex flex-col gap-3 border-b border-slate-200 pb-4 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800">
        <p className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
          Platform admin
        </p>
        <nav aria-label="Admin" className="flex flex-wrap gap-1">
          {SECTIONS.map((section) => (
            <NavLink key={section.to} to={section.to} className={tabClass}>
              {section.label}
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
