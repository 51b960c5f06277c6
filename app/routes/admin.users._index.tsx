import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Badge, Cell, formatDateTime, PageTitle, SearchForm, Table } from '~/components/admin/ui';
import { Pager } from '~/components/admin/pager';
import { orHttpError } from '~/lib/loader-errors.server';

const PAGE = 25;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = url.searchParams.get('q') ?? '';
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const result = await orHttpError(request, context.trpc.admin.users.search({ search, limit: PAGE, offset }));
  return { ...result, search, offset };
}

export default function AdminUsers() {
  const { users, total, search, offset } = useLoaderData<typeof loader>();
  return (
    <>
      <PageTitle actions={<SearchForm label="Search by e-mail or name" defaultValue={search} />}>Users</PageTitle>
      <Table label="Users" head={['User', 'Workspaces', 'Last seen', 'Joined', 'Status']}>
        {users.map((user) => (
          <tr key={user.id}>
            <Cell>
              <Link
                to={`/admin/users/${user.id}`}
                className="font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {user.email}
              </Link>
              <div className="text-slate-600 dark:text-slate-400">{user.name}</div>
            </Cell>
            <Cell className="tabular-nums">{user.workspaceCount}</Cell>
            <Cell>{formatDateTime(user.lastSeenAt)}</Cell>
            <Cell>{formatDateTime(user.createdAt)}</Cell>
            <Cell>
              <span className="flex flex-wrap gap-1">
                {user.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}
                {user.isAdmin && <Badge tone="brand">Admin</Badge>}
              </span>
            </Cell>
          </tr>
        ))}
      </Table>
      {users.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No user matches “{search}”.</p>}
      <Pager total={total} offset={offset} pageSize={PAGE} search={search} />
    </>
  );
}
