import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { FormMessage } from '~/components/form-fields';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '~/lib/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.workspace.name ?? 'Workspace'} · Parley` },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const current = await requireCurrentWorkspace(context, request);
  const workspace = await orHttpError(request, context.trpc.workspace.get({ workspaceId: current.id }));
  return { workspace };
}

const ROLE_TEXT = {
  owner: 'You own this workspace: you manage its members and can delete it.',
  admin: 'You are an admin here: you configure the workspace and invite people.',
  agent: 'You are an agent here: you answer conversations.',
} as const;

export default function WorkspaceOverview() {
  const { workspace } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      {params.get('welcome') && <FormMessage tone="success" message="Your e-mail is confirmed. Welcome to Parley!" />}
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{workspace.name}</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400" data-testid="workspace-role">
          {ROLE_TEXT[workspace.role]}
        </p>
      </div>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-400">Members</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900 dark:text-white">{workspace.memberCount}</dd>
          <dd className="mt-2 text-sm">
            <Link to="/app/members" className="text-brand-700 hover:underline dark:text-brand-300">
              {hasRole(workspace.role, 'admin') ? 'See and invite members' : 'See who is here'}
            </Link>
          </dd>
        </div>
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <dt className="text-sm text-slate-600 dark:text-slate-400">Your role</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900 capitalize dark:text-white">{workspace.role}</dd>
        </div>
      </dl>
    </div>
  );
}
